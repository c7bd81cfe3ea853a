"""Format parity of the header on real documents: the dev texts of ``../shared/dev/text``
as text, as DOCX and as a born-digital (text-layer) PDF, each scored per field.

    PYTHONPATH=$PWD .venv/bin/python bench/dev_formats.py                 # all three formats
    PYTHONPATH=$PWD .venv/bin/python bench/dev_formats.py --formats pdf --misses signer.name
    PYTHONPATH=$PWD .venv/bin/python bench/dev_formats.py --only TV002 TV004 --keep out/fmt
    PYTHONPATH=$PWD .venv/bin/python bench/dev_formats.py --formats docx-tabs pdf-tight
    PYTHONPATH=$PWD .venv/bin/python bench/dev_formats.py --formats pdf --header-ms

Each text's layout is read back from the site's flattened HTML (``|`` cell lines, markdown
emphasis; see :mod:`flat_doc`) and set the way such a document is made: the two-column
header as a borderless two-column table, the type heading and title, the body, the
``Nơi nhận`` | signature table. :func:`vanban.extractor.extract` then reads the .txt, the
.docx and the .pdf, and ``../shared/dev/field_score.py`` scores each format against the
site's metadata. The same fields should come out of all three: a field that is right in
the text and wrong in a DOCX or PDF points at a loader or at a layout the header parser
does not read. The dev set finds failure classes; nothing is keyed to its files.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev"
FIELDS = ("doc_type", "number", "symbol", "issuer", "issue_date", "title", "signer.name")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_text import dev_texts  # noqa: E402  (a sibling script)


# Each format: (file suffix, writer options). "docx-tabs" types the header and the
# signature block as tab-separated lines instead of tables; "pdf-tight" sets the header
# at 14 pt in a narrower left column, so both columns wrap; "pdf-signed" prints a digital
# signature's stamp text above the header; "pdf-layout" and "pdf-tight-layout" are those
# PDFs as plain text, laid out with spaces by poppler's `pdftotext -layout` (needs
# poppler-utils; vanban does not use it).
FORMATS = {"txt": None, "docx": ("docx", {}), "pdf": ("pdf", {}),
           "docx-tabs": ("docx", {"tabs": True}), "pdf-tight": ("pdf", {"tight": True}),
           "pdf-signed": ("pdf", {"signed": True}), "pdf-layout": ("pdf", {}),
           "pdf-tight-layout": ("pdf", {"tight": True})}


def build(src: Path, out: Path, fmt: str) -> Path:
    """The document ``src`` as ``fmt`` in ``out`` (kept when already built)."""
    from flat_doc import read_layout, write_docx, write_pdf

    if FORMATS[fmt] is None:
        return src
    suffix, opts = FORMATS[fmt]
    target = out / f"{src.stem}.{fmt}.{suffix}"
    if not target.exists() or target.stat().st_mtime < src.stat().st_mtime:
        layout = read_layout(src.read_text(encoding="utf-8"))
        (write_docx if suffix == "docx" else write_pdf)(layout, target, **opts)
    if fmt.endswith("-layout"):
        text = target.with_suffix(".txt")
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(target), str(text)],
                       check=True)
        return text
    return target


def predict(path: Path) -> dict:
    from vanban.extractor import extract

    try:
        return extract(path).model_dump(mode="json")
    except Exception as exc:  # a failure is a miss of every field, not the end of the run
        return {"document": {}, "error": f"{type(exc).__name__}: {exc}"}


def score(gold: Path, pred: Path, misses: str | None) -> dict:
    cmd = [sys.executable, str(DEV / "field_score.py"), str(gold), str(pred), "--json"]
    result = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    if misses:
        listing = subprocess.run(cmd[:-1] + ["--misses", misses], capture_output=True,
                                 text=True, check=True).stdout
        result["misses_text"] = "\n".join(x for x in listing.splitlines()
                                          if x.startswith("("))
    return result


def header_ms_per_page(paths: list[Path]) -> list[float]:
    """CPU ms of :func:`parse_header` per page of each file, best of 3 (loaded once)."""
    from vanban.extractor.loaders import load
    from vanban.extractor.parsers.header import parse_header
    from vanban.models import ExtractOptions

    out = []
    for path in paths:
        loaded = load(path, ExtractOptions())
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            parse_header(loaded.text)
            best = min(best, time.process_time() - t0)
        out.append(1000 * best / max(1, loaded.pages))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", nargs="+", default=["txt", "docx", "pdf"],
                    choices=list(FORMATS))
    ap.add_argument("--only", nargs="+", help="only these document ids")
    ap.add_argument("--skip-large", type=int, default=400_000,
                    help="skip texts larger than this many bytes (0: none; the default "
                         "leaves out the one 1.8 MB price list)")
    ap.add_argument("--keep", type=Path, help="build and predict into this folder (reused)")
    ap.add_argument("--misses", help="list this field's misses per format")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--header-ms", action="store_true",
                    help="also time the header parser per page of each built PDF")
    args = ap.parse_args()
    paths = dev_texts(args.only, args.skip_large)
    if paths is None:
        return 2
    out = args.keep or Path(tempfile.mkdtemp(prefix="dev-formats-"))
    gold = out / "gold"  # the gold of the documents in this run only
    gold.mkdir(parents=True, exist_ok=True)
    for old in gold.glob("*.json"):
        old.unlink()
    for p in paths:
        (gold / f"{p.stem}.json").symlink_to(DEV / "text" / "gold" / f"{p.stem}.json")
    figures = {}
    for fmt in args.formats:
        built, pred = out / "built", out / f"pred-{fmt}"
        built.mkdir(exist_ok=True)
        pred.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        errors = 0
        for p in paths:
            result = predict(build(p, built, fmt))
            errors += "error" in result
            (pred / f"{p.stem}.json").write_text(json.dumps(result, ensure_ascii=False),
                                                 encoding="utf-8")
        figures[fmt] = score(gold, pred, args.misses)
        if args.header_ms and FORMATS[fmt] and FORMATS[fmt][0] == "pdf":
            ms = sorted(header_ms_per_page([build(p, built, fmt) for p in paths]))
            figures[fmt]["header_ms_per_page"] = {"median": round(ms[len(ms) // 2], 2),
                                                  "p90": round(ms[int(len(ms) * 0.9)], 2),
                                                  "max": round(ms[-1], 2)}
        figures[fmt]["seconds"] = round(time.perf_counter() - t0, 1)
        figures[fmt]["errors"] = errors
        print(f"{fmt}: {len(paths)} documents in {figures[fmt]['seconds']} s "
              f"({errors} errors)", file=sys.stderr)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(paths)} documents -> {out}")
    print(f"{'field':<12} " + " ".join(f"{f:>9}" for f in args.formats))
    for field in FIELDS:
        row = [figures[f]["fields"].get(field, {}).get("accuracy") for f in args.formats]
        print(f"{field:<12} " + " ".join("        -" if v is None else f"{v:9.3f}" for v in row))
    print(f"{'micro':<12} " + " ".join(f"{figures[f]['micro']:9.3f}" for f in args.formats))
    print(f"{'all right':<12} " + " ".join(
        f"{figures[f]['documents_all_listed_fields_right'] / max(1, figures[f]['documents']):9.3f}"
        for f in args.formats))
    for f in args.formats:
        if "header_ms_per_page" in figures[f]:
            print(f"{f}: header parser, CPU ms per page (best of 3): "
                  + ", ".join(f"{k} {v}" for k, v in figures[f]["header_ms_per_page"].items()))
    if args.misses:
        for f in args.formats:
            print(f"\n-- {f}: misses of {args.misses}")
            print(figures[f]["misses_text"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
