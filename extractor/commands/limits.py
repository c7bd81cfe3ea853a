"""The resource-limit flags shared by ``extract`` and ``batch`` (``--max-pages`` …).

Each flag overrides its environment variable, which overrides the default
(:data:`models.options.LIMITS`). A bad value is a one-line usage error naming the flag or
the variable.
"""
from __future__ import annotations

from typing import Iterable

from vanban.extractor.errors import UsageError


def add_limit_arguments(parser, *, skip: Iterable[str] = ()) -> None:
    from vanban.models.limits import LIMITS

    group = parser.add_argument_group(
        "limits", "refuse a document past one of these (exit 3); each also reads its "
        "environment variable")
    for limit in LIMITS:
        if limit.field in skip:
            continue
        group.add_argument(limit.flag, dest=f"limit_{limit.field}", type=str, default=None,
                           metavar="N", help=f"{limit.help} (default {limit.default:g}; "
                           f"env {limit.env})")


def limit_options(args) -> dict:
    """``ExtractOptions`` keyword arguments for the limits: flags given, then the
    environment (validated here so that a bad variable is a usage error)."""
    from vanban.models.limits import LIMITS, env_limit

    kwargs = {}
    for limit in LIMITS:
        raw = getattr(args, f"limit_{limit.field}", None)
        if raw is None:
            try:
                kwargs[limit.field] = env_limit(limit.field)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            continue
        try:
            value = limit.kind(float(raw)) if limit.kind is int else float(raw)
        except ValueError:
            raise UsageError(f"{limit.flag} takes a number, not {raw!r}") from None
        if value <= 0:
            raise UsageError(f"{limit.flag} must be more than 0")
        kwargs[limit.field] = value
    return kwargs
