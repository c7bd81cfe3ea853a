"""Time the parser stage (``extractor.pipeline.extract_text``) per document, per parser.

    .venv/bin/python bench/parsers.py                  # best of 15, per document + per parser
    .venv/bin/python bench/parsers.py -n 30 --profile  # + cProfile of all documents, top 30
    .venv/bin/python bench/parsers.py --dump /tmp/parse-before   # JSON of every input
    .venv/bin/python bench/parsers.py --cache /tmp/parse-inputs --scans   # + OCR'd scans
    .venv/bin/python bench/parsers.py --cpu --totals    # process CPU time, documents only

Every input is loaded ONCE (seeds ``shared/seeds/*.txt``, ``shared/samples/*.pdf`` that
are not scans, ``*.docx``, ``tests/data/heldout/*.txt``; with ``--scans`` also the
``*.scan300.pdf`` / ``*.scan200-hard.pdf`` / ``*.page1.png`` samples, OCR'd once and kept
in ``--cache`` because tesseract takes minutes); only the parsers are then timed, so the
numbers say nothing about loading.

By default each timed run is *cold*: every ``lru_cache`` of the extractor is emptied
and another document is parsed (untimed) first, so vocabularies are loaded but nothing of
this document's own strings is cached — as for a new document in a batch. ``--warm``
times the same document over and over instead (string caches then hit: optimistic).

Stages are the ones of ``extract_text``: header, references (+ the offline registry
resolver, as ``extract`` runs it), targets, timetable, findings. ``dates`` and
``numbers`` are helpers the other parsers call: their rows are the time spent inside
them (outermost call only), already counted in the stage rows. The machine is shared:
every number is a best-of-N, and only numbers from the same run should be compared
(``--cpu`` counts this process's CPU time only, steadier when other jobs run). To compare
with an older commit, run this same script from a copy of that commit (it puts its own
folder first on ``sys.path``).

``--dump DIR`` writes the full result (``extract`` with its defaults: the resolver on) of
each input as JSON; the acceptance check for a speed change is
``diff -r /tmp/parse-before /tmp/parse-after`` (no field of the result holds a time).
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pickle
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

SCAN_SUFFIXES = (".scan300.pdf", ".scan200-hard.pdf", ".page1.png")


def input_paths(scans: bool = False) -> list[Path]:
    paths = sorted((SHARED / "seeds").glob("*.txt"))
    samples = SHARED / "samples"
    paths += sorted(p for p in samples.glob("*.pdf") if ".scan" not in p.name)
    paths += sorted(samples.glob("*.docx"))
    paths += sorted((ROOT / "tests" / "data" / "heldout").glob("*.txt"))
    if scans:
        paths += sorted(p for p in samples.iterdir() if p.name.endswith(SCAN_SUFFIXES))
    return paths


def label(path: Path) -> str:
    """``000.txt``, ``003.pdf``, ``h01.txt``, ``002.scan300.pdf``."""
    stem, _, rest = path.name.partition(".")
    return f"{stem.split('_')[0]}.{rest}"


def load_inputs(paths: list[Path], cache: Path | None):
    """(label, Text, Source) per input; OCR'd inputs are pickled in ``cache``."""
    from vanban.extractor.loaders import load
    from vanban.extractor.pipeline import sha256_file
    from vanban.models import ExtractOptions, Source

    out = []
    for path in paths:
        loaded = None
        slot = cache / (path.name + ".pickle") if cache else None
        if slot and slot.exists():
            loaded = pickle.loads(slot.read_bytes())
        if loaded is None:
            loaded = load(path, ExtractOptions())
            if slot and path.name.endswith(SCAN_SUFFIXES):
                slot.parent.mkdir(parents=True, exist_ok=True)
                slot.write_bytes(pickle.dumps(loaded))
        source = Source(file=path.name, sha256=sha256_file(path), media_type=loaded.media_type,
                        pages=loaded.pages, text_source=loaded.text_source, ocr=loaded.ocr)
        out.append((label(path), loaded, source))
    return out


# ---------------------------------------------------------------- per-parser timing
class _Meter:
    """Wraps helper functions wherever they were imported; counts outermost calls only."""

    def __init__(self) -> None:
        self.total = 0.0
        self._depth = 0

    def wrap(self, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            t0 = CLOCK()
            try:
                return fn(*args, **kwargs)
            finally:
                self.total += CLOCK() - t0
                self._depth -= 1
        timed.__wrapped_by_meter__ = True
        return timed


def _install_meters() -> dict[str, _Meter]:
    """Replace the public functions of ``dates`` and ``numbers`` (in every parser module
    that imported them) by metered wrappers."""
    import vanban.extractor.parsers.dates as dates
    import vanban.extractor.parsers.numbers as numbers

    meters = {}
    modules = [m for name, m in sys.modules.items()
               if name.startswith("vanban.extractor.") and m is not None]
    for helper in (dates, numbers):
        meter = meters[helper.__name__.rsplit(".", 1)[-1]] = _Meter()
        names = [n for n in getattr(helper, "__all__", dir(helper))
                 if not n.startswith("_") and callable(getattr(helper, n, None))
                 and getattr(getattr(helper, n), "__module__", None) == helper.__name__
                 and not isinstance(getattr(helper, n), type)]
        for n in names:
            original = getattr(helper, n)
            wrapped = meter.wrap(original)
            for mod in modules:
                if getattr(mod, n, None) is original:
                    setattr(mod, n, wrapped)
    return meters


def stages(text, source, resolver):
    """Run extract_text's stages one by one, returning {stage: seconds}."""
    from vanban.extractor.parsers.findings import find_all
    from vanban.extractor.parsers.header import parse_header
    from vanban.extractor.parsers.references import parse_references
    from vanban.extractor.parsers.targets import parse_targets
    from vanban.extractor.parsers.timetable import parse_timetable
    from vanban.extractor.pipeline import context_from

    t = {}
    t0 = CLOCK()
    header = parse_header(text)
    ctx = context_from(header)
    t1 = CLOCK()
    refs = parse_references(text, ctx)
    t2 = CLOCK()
    if resolver is not None:
        refs = resolver(refs)
    t3 = CLOCK()
    targets = parse_targets(text, ctx)
    t4 = CLOCK()
    rows = parse_timetable(text, ctx)
    t5 = CLOCK()
    find_all(header, refs, targets, rows, text, ctx)
    t6 = CLOCK()
    t.update(header=t1 - t0, references=t2 - t1, resolve=t3 - t2, targets=t4 - t3,
             timetable=t5 - t4, findings=t6 - t5)
    return t


def clear_caches() -> None:
    """Empty every ``lru_cache`` of the extractor's modules (fold's line cache, the
    vocabularies, …), so that the next document starts as a new document would."""
    for name, mod in list(sys.modules.items()):
        if not name.startswith("vanban.extractor") or mod is None:
            continue
        for obj in list(vars(mod).values()):
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                obj.cache_clear()


CLOCK = time.perf_counter  # --cpu: time.process_time (this process only: steadier when
                            # other jobs share the cores)


def best_of(fn, n: int, before=None) -> float:
    """Best of ``n`` timed calls of ``fn``; ``before()`` runs untimed before each."""
    best = float("inf")
    for _ in range(n):
        if before is not None:
            before()
        t0 = CLOCK()
        fn()
        best = min(best, CLOCK() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=15, help="repetitions (best of N)")
    ap.add_argument("--profile", action="store_true", help="cProfile every document once more")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--dump", type=Path, help="write each result's JSON here and exit")
    ap.add_argument("--totals", action="store_true", help="per document only (no stage table)")
    ap.add_argument("--cpu", action="store_true",
                    help="measure process CPU time instead of wall time")
    ap.add_argument("--warm", action="store_true",
                    help="keep caches between repetitions (optimistic; default: cold)")
    ap.add_argument("--scans", action="store_true", help="also the OCR'd samples (slow once)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/parse-inputs"),
                    help="where OCR'd inputs are kept between runs")
    args = ap.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time

    from vanban.extractor.pipeline import default_resolver, extract_text
    from vanban.extractor.writers import to_json

    inputs = load_inputs(input_paths(args.scans), args.cache)
    resolver = default_resolver()

    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for name, loaded, source in inputs:
            result = extract_text(loaded.text, source=source, resolver=resolver)
            if loaded.warnings:
                result.warnings.extend(loaded.warnings)
                result.status = "partial_success"
            (args.dump / f"{name}.json").write_text(to_json(result) + "\n", encoding="utf-8")
        print(f"wrote {len(inputs)} results to {args.dump}")
        return 0

    # warm up: lazy vocabularies, registry, caches of the first call
    for _, loaded, source in inputs:
        extract_text(loaded.text, source=source, resolver=resolver)

    def primer(i: int):
        """Untimed set-up before timing document ``i`` (see the module docstring)."""
        if args.warm:
            return None
        _, other, other_source = inputs[(i + 1) % len(inputs)]

        def prime():
            clear_caches()
            extract_text(other.text, source=other_source, resolver=resolver)
        return prime

    totals = []
    mode = ("warm" if args.warm else "cold") + (", cpu time" if args.cpu else ", wall time")
    print(f"extract_text, best of {args.n}, {mode} (ms)")
    print(f"{'document':<22}{'pages':>6}{'chars':>8}{'total':>9}{'/page':>8}")
    for i, (name, loaded, source) in enumerate(inputs):
        text = loaded.text
        secs = best_of(lambda: extract_text(text, source=source, resolver=resolver), args.n,
                       primer(i))
        totals.append(secs)
        print(f"{name:<22}{len(text.pages):>6}{len(text.text):>8}{secs * 1e3:>9.1f}"
              f"{secs * 1e3 / max(1, len(text.pages)):>8.1f}")
    print(f"{'sum':<36}{sum(totals) * 1e3:>9.1f}")

    if not args.totals:
        meters = _install_meters()
        cols = ["header", "references", "resolve", "targets", "timetable", "findings",
                "dates", "numbers"]
        print(f"\nper parser, best of {args.n} per stage, {mode} (ms); "
              "dates/numbers are inside the others")
        print(f"{'document':<22}" + "".join(f"{c:>11}" for c in cols))
        sums = dict.fromkeys(cols, 0.0)
        for i, (name, loaded, source) in enumerate(inputs):
            best = dict.fromkeys(cols, float("inf"))
            prime = primer(i)
            for _ in range(args.n):
                if prime is not None:
                    prime()
                for m in meters.values():
                    m.total = 0.0
                t = stages(loaded.text, source, resolver)
                t.update({k: m.total for k, m in meters.items()})
                for k in cols:
                    best[k] = min(best[k], t[k])
            for k in cols:
                sums[k] += best[k]
            print(f"{name:<22}" + "".join(f"{best[c] * 1e3:>11.2f}" for c in cols))
        print(f"{'sum':<22}" + "".join(f"{sums[c] * 1e3:>11.1f}" for c in cols))

    if args.profile:
        prof = cProfile.Profile()
        for i, (_, loaded, source) in enumerate(inputs):
            prime = primer(i)
            if prime is not None:
                prime()
            prof.enable()
            extract_text(loaded.text, source=source, resolver=resolver)
            prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
