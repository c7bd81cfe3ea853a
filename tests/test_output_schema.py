"""Every output validates against the committed JSON Schema (issue 2 acceptance):
the seed plans in every text-bearing format, a batch error record's document shape,
and a document with nothing found."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vanban.extractor import extract, extract_text
from vanban.extractor.schema import SCHEMA_PATH
from vanban.extractor.text import Text
from vanban.models import Source

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir()
                 if p.suffix in {".txt", ".pdf", ".docx"} and "scan" not in p.name)


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_outputs_validate(validator, path):
    data = json.loads(json.dumps(extract(path).model_dump(mode="json")))
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, errors[0].message


def test_empty_document_validates(validator):
    result = extract_text(Text.from_string("Nội dung không có tiêu đề."),
                          source=Source(file="x.txt"))
    validator.validate(result.model_dump(mode="json"))


def test_schema_rejects_a_wrong_shape(validator):
    bad = {"schema_version": "1", "source": {"file": "x"}, "targets": [{"text": "t"}]}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)  # a target without its value
