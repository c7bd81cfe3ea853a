"""The ``vanban`` command: a thin layer over the Python API.

Sub-commands live in ``extractor/commands/<name>.py``, each with ``add_parser(sub)``
and ``run(args) -> int``. Exit codes come from :class:`extractor.exitcodes.ExitCode`
(0 ok, 1 findings/failures, 2 usage, 3 unreadable input, 4 missing engine, 5 output not
writable, 70 internal error, 130 interrupted). Errors are one line on stderr naming the
file and the reason; ``--debug`` shows the traceback.

Habits shared by every sub-command: ``-`` is standard input or output, ``-q`` keeps
only errors, ``-v`` tells more (``-vv`` debug logging). Importing this module loads no
parser, model or vocabulary: ``--help`` and ``--version`` answer at once.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from typing import Optional, Sequence

from vanban.extractor import __version__
from vanban.extractor.errors import VanbanError
from vanban.extractor.exitcodes import ExitCode

COMMANDS = ["extract", "schema", "check", "registry", "batch", "export", "review", "serve",
            "watch"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(ExitCode.usage, f"vanban: error: {message}\n")


class _Version(argparse.Action):
    """``--version``: vanban, tesseract and the Vietnamese model (found or not)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show vanban's, tesseract's and the Vietnamese model's versions"):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from vanban.extractor.about import version_lines

        sys.stdout.write("\n".join(version_lines(__version__)) + "\n")
        parser.exit(ExitCode.ok)


def _verbosity_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``-q``/``-v`` on the main parser and on every sub-command (``vanban -q extract``
    and ``vanban extract -q`` alike); a sub-command's default must not undo the main's."""
    default = {} if top else {"default": argparse.SUPPRESS}
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print only errors",
                       **({"default": False} if top else default))
    group.add_argument("-v", "--verbose", action="count",
                       help="tell more: per-file summaries and warnings (-vv: debug log)",
                       **({"default": 0} if top else default))


def _all_parsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield child
                yield from _all_parsers(child)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="vanban", description="Structured data from Vietnamese official documents.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    _verbosity_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"vanban.extractor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"vanban.extractor.commands.{name}":
                continue
            raise
        module.add_parser(sub)
    for child in _all_parsers(parser):
        _verbosity_options(child, top=False)
    return parser


def verbosity(args) -> int:
    """-1 quiet, 0 normal, 1 verbose, 2 debug."""
    if getattr(args, "quiet", False):
        return -1
    return int(getattr(args, "verbose", 0) or 0)


def _configure_logging(level: int) -> None:
    if level < 2:
        return
    import logging

    logging.basicConfig(level=logging.DEBUG, format="vanban: %(name)s: %(message)s",
                        stream=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return ExitCode.usage
    args.verbosity = verbosity(args)
    _configure_logging(args.verbosity)
    try:
        return int(args.run(args) or 0)
    except VanbanError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"vanban: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return ExitCode.interrupted
    except BrokenPipeError:
        # the reader went away (``vanban extract … | head``): not an error of ours
        return ExitCode.ok
    except Exception as exc:  # a bug: one line, never a traceback unless asked for
        if args.debug:
            traceback.print_exc()
        print(f"vanban: internal error: {type(exc).__name__}: {exc} (rerun with --debug for "
              "the traceback and report it)", file=sys.stderr)
        return ExitCode.internal


if __name__ == "__main__":
    sys.exit(main())
