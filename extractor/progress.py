"""Page progress of one extraction, reported to whoever listens (the CLI's progress line).

Loaders call :func:`page_done` after each page; nothing listens unless a caller wraps the
work in :func:`listening` — library users and batch workers pay one context-variable read
per page. A context variable (not a global) keeps threads and concurrent extractions apart.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional

PageListener = Callable[[int, int], None]  # (pages done, pages in the document)

_listener: ContextVar[Optional[PageListener]] = ContextVar("vanban_page_listener", default=None)


def page_done(done: int, total: int) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(done, total)


@contextmanager
def listening(listener: Optional[PageListener]) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
