"""Tables of text-layer PDFs built from pdfium's geometry against pdfplumber's own.

    .venv/bin/python bench/pdf_tables_compare.py [PDF ...]

For every page of every PDF given (default: the text-layer samples in ../shared/samples and
any PDF under tests/), builds the tables twice: :func:`extractor.loaders.tables.tables_from_pdf_page`
on the pdfplumber page (pdfminer's edges and characters, the reference), and
:func:`extractor.loaders.tables.tables_from_pdf_geometry` on pdfium's edges and characters (what the
loader does). Every page is compared, whatever the loader's gate would decide. Reports each
difference: table count, row/column shape, cell text, cell boxes further apart than 1 pt.
Exit status 1 when anything differs.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"
BOX_TOLERANCE = 1.0


def pdfium_tables(page, textpage, number: int):
    from vanban.extractor.loaders.pdf import text_layer_lines
    from vanban.extractor.loaders.pdfgeom import page_chars, page_edges
    from vanban.extractor.normalize import nfc
    from vanban.extractor.loaders.tables import tables_from_pdf_geometry
    from vanban.extractor.text import Word

    width, height = page.get_size()
    lines = text_layer_lines(textpage, height)
    words = [Word(nfc(w.text), -1, -1, w.bbox) for line in lines for w in line]
    return tables_from_pdf_geometry(page_edges(page, height), page_chars(textpage, height),
                                    words, number, (0.0, 0.0, width, height))


def differences(ref, new) -> list[str]:
    out = []
    if len(ref) != len(new):
        return [f"{len(ref)} table(s) with pdfplumber, {len(new)} with pdfium"]
    for k, (a, b) in enumerate(zip(ref, new)):
        shape_a, shape_b = [len(r) for r in a.rows], [len(r) for r in b.rows]
        if shape_a != shape_b:
            out.append(f"table {k}: shape {shape_a} != {shape_b}")
            continue
        for i, (ra, rb) in enumerate(zip(a.rows, b.rows)):
            for j, (ca, cb) in enumerate(zip(ra, rb)):
                if ca.text != cb.text:
                    out.append(f"table {k} cell ({i},{j}): {ca.text!r} != {cb.text!r}")
                if (ca.bbox is None) != (cb.bbox is None) or (ca.bbox and max(
                        abs(x - y) for x, y in zip(ca.bbox, cb.bbox)) > BOX_TOLERANCE):
                    out.append(f"table {k} cell ({i},{j}): box {ca.bbox} != {cb.bbox}")
    return out


def main(argv: list[str]) -> int:
    import pdfplumber
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.tables import tables_from_pdf_page

    paths = [Path(a) for a in argv] or sorted(
        [p for p in SAMPLES.glob("*.pdf") if ".scan" not in p.name]
        + list((ROOT / "tests").rglob("*.pdf")))
    bad = 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        with pdfplumber.open(path) as plumber:
            for index, plumber_page in enumerate(plumber.pages):
                ref = tables_from_pdf_page(plumber_page, index + 1)
                page = doc[index]
                textpage = page.get_textpage()
                new = pdfium_tables(page, textpage, index + 1)
                textpage.close()
                page.close()
                diff = differences(ref, new)
                cells = sum(len(r) for t in ref for r in t.rows)
                status = "DIFF" if diff else "same"
                print(f"{path.name} p{index + 1}: {status} "
                      f"({len(ref)} table(s), {cells} cells)")
                for line in diff:
                    print("   ", line)
                bad += bool(diff)
        doc.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
