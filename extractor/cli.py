"""The ``vanban`` command: a thin layer over the Python API.

Sub-commands live in ``extractor/commands/<name>.py``, each with ``add_parser(sub)``
and ``run(args) -> int``. Exit codes: 0 ok, 1 findings/failures (check, batch),
2 usage, 3 unreadable or unsupported input, 4 missing engine. Errors are one line on
stderr naming the file and the reason; ``--debug`` shows the traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from typing import Optional, Sequence

from extractor import __version__
from extractor.errors import VanbanError

COMMANDS = ["extract", "schema", "check", "registry", "batch", "export", "serve", "watch"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"vanban: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="vanban", description="Structured data from Vietnamese official documents.")
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"extractor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"extractor.commands.{name}":
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args) or 0)
    except VanbanError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"vanban: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
