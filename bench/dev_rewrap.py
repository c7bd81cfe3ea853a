"""Does the header survive other line breaks? Every dev text of ``../shared/dev/text`` is
wrapped again at random word boundaries (and, with ``--hyphens``, after hyphens) in its
header and around its signature block, the way another copy of the same page could be
wrapped, and every header field is scored against the site's metadata as in
``dev_text.py``. A field that is right on the text as given and wrong on a re-wrapped copy
is a failure class: the parser leans on where the line breaks happened to fall.

    PYTHONPATH=$PWD .venv/bin/python bench/dev_rewrap.py                 # 5 copies of each
    PYTHONPATH=$PWD .venv/bin/python bench/dev_rewrap.py --copies 20 --seed 7
    PYTHONPATH=$PWD .venv/bin/python bench/dev_rewrap.py --joins --misses signer.name
    PYTHONPATH=$PWD .venv/bin/python bench/dev_rewrap.py --seeds --copies 8   # the seed plans

``--joins`` also joins a header line to the next one now and then (a flattened two-column
header). The texts are only split where a space or a hyphen already is, so every copy
says the same thing.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_formats import score  # noqa: E402  (sibling scripts)
from dev_text import DEV, dev_texts, predict  # noqa: E402

FIELDS = ("doc_type", "number", "symbol", "issuer", "issue_date", "title", "signer.name")
# Fields without gold here: a copy is checked against the text as given instead.
STABLE = ("place", "signer.position", "signer.authority", "recipients")
HEAD_LINES = 30       # the header of these texts sits in their first ~20-30 lines
SIGN_WINDOW = 25      # lines either side of "Nơi nhận" holding the signature block


def _split(line: str, rng: random.Random, hyphens: bool) -> list[str]:
    cuts = [m.end() for m in re.finditer(r" ", line)]
    if hyphens:
        cuts += [m.end() for m in re.finditer(r"-(?=\w)", line)]
    if not cuts:
        return [line]
    at = rng.choice(cuts)
    return [line[:at].rstrip(), line[at:].lstrip()]


def rewrap(text: str, rng: random.Random, p: float, hyphens: bool, joins: bool) -> str:
    lines = text.split("\n")
    zone = set(range(min(HEAD_LINES, len(lines))))
    for i, line in enumerate(lines):
        if "Nơi nhận" in line:
            zone.update(range(max(0, i - SIGN_WINDOW), min(len(lines), i + SIGN_WINDOW)))
    out: list[str] = []
    for i, line in enumerate(lines):
        if i not in zone or not line.strip() or line.strip() in ("|", "-------"):
            out.append(line)
            continue
        if joins and i < HEAD_LINES and out and out[-1].strip() not in ("", "|") \
                and not set(out[-1].strip()) <= {"-"} and rng.random() < p / 2:
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
            continue
        out.extend(_split(line, rng, hyphens) if rng.random() < p else [line])
    return "\n".join(out)


def _get(doc: dict, path: str):
    for part in path.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def _changed(base: Path, out: Path) -> dict[str, list[str]]:
    """Per field of STABLE, the documents whose value on the copy differs from the text
    as given."""
    changed: dict[str, list[str]] = {f: [] for f in STABLE}
    for pred in sorted(out.glob("*.json")):
        a = json.loads((base / pred.name).read_text(encoding="utf-8"))["document"]
        b = json.loads(pred.read_text(encoding="utf-8"))["document"]
        for f in STABLE:
            if _get(a, f) != _get(b, f):
                changed[f].append(pred.stem)
    return changed


def seed_copies(copies: int, seed: int, p: float, hyphens: bool, joins: bool) -> int:
    """The seed plans (``../shared/seeds``, hand-made gold of every document field) wrapped
    again and extracted whole: ``eval/score.py``'s per-section figures for each copy."""
    from vanban.extractor import extract

    seeds = sorted((DEV.parent / "seeds").glob("*.txt"))
    gold = DEV.parent / "gold" / "seeds"
    if not seeds or not gold.is_dir():
        print("../shared/seeds: not found", file=sys.stderr)
        return 2
    rng = random.Random(seed)
    base = Path(tempfile.mkdtemp(prefix="rewrap-seeds-"))
    for k in range(copies):
        out = base / f"copy-{k + 1}"
        out.mkdir()
        for src in seeds:
            path = out / src.name
            path.write_text(rewrap(src.read_text(encoding="utf-8"), rng, p, hyphens, joins),
                            encoding="utf-8")
            (out / f"{src.stem}.json").write_text(
                json.dumps(extract(path).model_dump(mode="json"), ensure_ascii=False),
                encoding="utf-8")
        report = subprocess.run([sys.executable, str(DEV.parent / "eval" / "score.py"),
                                 str(gold), str(out), "-v"], capture_output=True, text=True,
                                check=True).stdout.splitlines()
        print(f"copy {k + 1}: " + next((x for x in report if x.startswith("ALL")), "?"))
        for line in report:
            if line.strip().startswith("- document."):
                print("   ", line.strip())
    print(f"copies kept in {base}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--p", type=float, default=0.3, help="chance that a line is split")
    ap.add_argument("--hyphens", action="store_true", help="also split after hyphens")
    ap.add_argument("--joins", action="store_true", help="also join header lines")
    ap.add_argument("--misses", help="list this field's new misses with the copy's header")
    ap.add_argument("--changed", choices=STABLE, help="list the copies where this field "
                    "differs from the text as given")
    ap.add_argument("--skip-large", type=int, default=400_000)
    ap.add_argument("--seeds", action="store_true", help="wrap the seed plans instead and "
                    "score every document field against their gold (eval/score.py)")
    args = ap.parse_args()
    if args.seeds:
        return seed_copies(args.copies, args.seed, args.p, args.hyphens, args.joins)
    paths = dev_texts(skip_large=args.skip_large)
    if paths is None:
        return 2
    base = Path(tempfile.mkdtemp(prefix="rewrap-"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    rng = random.Random(args.seed)
    runs = [("as given", None)] + [(f"copy {k + 1}", k) for k in range(args.copies)]
    seen_miss: set = set()
    for name, k in runs:
        out = base / name.replace(" ", "-")
        out.mkdir()
        for src in paths:
            path = src
            if k is not None:
                path = out / f"{src.stem}.txt"
                path.write_text(rewrap(texts[src.stem], rng, args.p, args.hyphens, args.joins),
                                encoding="utf-8")
            (out / f"{src.stem}.json").write_text(json.dumps(predict(path), ensure_ascii=False),
                                                  encoding="utf-8")
        result = score(DEV / "text" / "gold", out, args.misses)
        fields = result["fields"]
        cells = " ".join(f"{f}={fields[f]['right']}" for f in FIELDS if f in fields)
        if k is not None:
            moved = _changed(base / "as-given", out)
            cells += "  | changed: " + " ".join(f"{f}={len(v)}" for f, v in moved.items())
            if args.changed:
                for stem in moved.get(args.changed, []):
                    print(f"    {args.changed} changed: {out / (stem + '.txt')}")
        print(f"{name:>9}: {cells}", flush=True)
        if args.misses:
            for m in result["misses_text"].splitlines():
                stem = m.split("'")[1]
                if k is None:
                    seen_miss.add(stem)
                elif stem not in seen_miss:
                    print(f"    {m[:300]}\n      (text: {out / (stem + '.txt')})")
    print(f"copies kept in {base}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
