"""The spaCy annotation layer puts each item at its character offsets."""
from vanban.extractor.nlp import annotate
from vanban.extractor.text import Text
from vanban.models import Document, ExtractionResult, Mention, Reference, Source, Target

TEXT = "Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị.\nTrên 70% hộ gia đình đạt danh hiệu."


def _result():
    t = Text.from_string(TEXT)
    cite = TEXT.index("Chỉ thị")
    goal = TEXT.index("Trên 70%")
    return ExtractionResult(
        source=Source(file="x.txt"),
        document=Document(provenance={"doc_type": t.provenance(0, 6)}),
        references=[Reference(code="11-CT/TW", mentions=[Mention(
            as_written="Chỉ thị số 11-CT/TW", role="basis",
            provenance=t.provenance(cite, cite + len("Chỉ thị số 11-CT/TW")))])],
        targets=[Target(text="Trên 70% hộ gia đình", comparator=">", value=70, unit="%",
                        provenance=t.provenance(goal, goal + len("Trên 70% hộ gia đình")))],
        text=TEXT,
    )


def test_spans_carry_the_extracted_text_and_labels():
    doc = annotate(_result())
    [ref] = doc.spans["references"]
    assert ref.text == "Chỉ thị số 11-CT/TW" and ref.label_ == "11-CT/TW"
    [goal] = doc.spans["targets"]
    assert goal.text.startswith("Trên 70%") and goal.label_ == ">%"
    assert [s.label_ for s in doc.spans["header"]] == ["doc_type"]


def test_annotate_needs_the_text():
    result = _result()
    result.text = None
    try:
        annotate(result)
    except ValueError as exc:
        assert "include_text" in str(exc)
    else:
        raise AssertionError("annotate without text must fail")
