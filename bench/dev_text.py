"""The header's dev loop: parse every text of ``../shared/dev/text/docs`` in this process and
score the header fields with ``../shared/dev/field_score.py``.

    PYTHONPATH=$PWD .venv/bin/python bench/dev_text.py                  # header only (fast)
    PYTHONPATH=$PWD .venv/bin/python bench/dev_text.py --full           # the whole extract()
    PYTHONPATH=$PWD .venv/bin/python bench/dev_text.py --misses issuer  # list one field's misses
    PYTHONPATH=$PWD .venv/bin/python bench/dev_text.py --show TV002     # one document's header

The command line pays ~0.5 s of start-up per file; here the texts are loaded with the plain
text loader and only :func:`parse_header` runs (``--full`` runs :func:`extractor.extract`).
Predictions go to a temporary folder (``--out`` keeps them). The dev set is for finding
failure classes only: nothing here is, or may be, keyed to its files.
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


def dev_texts(only=None, skip_large: int = 0) -> list[Path] | None:
    """The dev set's texts (None when ../shared is not beside the repository), only the
    ids ``only`` when given, without the files larger than ``skip_large`` bytes."""
    docs = DEV / "text" / "docs"
    if not docs.is_dir():
        print(f"{docs}: not found (the dev set lives in ../shared)", file=sys.stderr)
        return None
    paths = sorted(docs.glob("*.txt"))
    if only:
        paths = [p for p in paths if p.stem in only]
    if skip_large:
        paths = [p for p in paths if p.stat().st_size <= skip_large]
    return paths


def predict(path: Path, full: bool = False) -> dict:
    """The header (or with ``full`` the whole result) of one text, as JSON."""
    from vanban.extractor import extract
    from vanban.extractor.loaders.plain import load_plain
    from vanban.extractor.parsers.header import parse_header
    from vanban.models import ExtractOptions

    if full:
        return extract(path).model_dump(mode="json")
    loaded = load_plain(path, ExtractOptions())
    info = parse_header(loaded.text)
    return {"document": info.document.model_dump(mode="json"), "warnings": list(getattr(info, "warnings", []))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="run extract() instead of the header only")
    ap.add_argument("--misses", help="list the misses of this field")
    ap.add_argument("--out", type=Path, help="keep the predictions in this folder")
    ap.add_argument("--show", nargs="*", help="print these documents' header fields")
    ap.add_argument("--skip-large", type=int, default=0,
                    help="skip texts larger than this many bytes (0: none)")
    args = ap.parse_args()
    paths = dev_texts(args.show, args.skip_large)
    if paths is None:
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="dev-text-"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for p in paths:
        pred = predict(p, args.full)
        (out / f"{p.stem}.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        if args.show:
            d = pred["document"]
            keys = ("doc_type", "number", "symbol", "issuer", "issuer_parent", "place",
                    "issue_date", "title", "signer")
            print(p.stem, json.dumps({k: d.get(k) for k in keys}, ensure_ascii=False, indent=1))
            print("  warnings:", pred.get("warnings"))
    took = time.perf_counter() - t0
    if args.show:
        return 0
    print(f"{len(paths)} texts in {took:.1f} s -> {out}")
    cmd = [sys.executable, str(DEV / "field_score.py"), str(DEV / "text" / "gold"), str(out)]
    if args.misses:
        cmd += ["--misses", args.misses]
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
