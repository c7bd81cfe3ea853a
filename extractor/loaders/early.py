"""tesseract started on a one-page image file before the loader has decoded it.

A scanned PDF hides the work around tesseract behind it (the next page is prepared while
the current one is read); a single image has nothing to hide it behind: decoding a
300 dpi PNG and preparing it take ~0.15 s before tesseract may start, ~6% of the page.
For a one-page PNG or JPEG stored upright, tesseract is started at once on the file's
bytes while the loader decodes and prepares the page. When the preparation leaves the
page as it is (no turning, red seal read through, straightening, lighting, perspective
or enlargement; not blank) the early reading is the page's reading; when it changes the
page, the early run is killed and the prepared page read as usual. Its time is engine
time either way (the clock counts the killed run too).

A grayscale PNG is lossless: tesseract reads the very pixels the loader prepared. For a
colour page or a JPEG, tesseract's own decoding and colour-to-gray conversion stand in
for the loader's (the same page, grey levels a little apart); red seals, which the loader
reads through by region, cancel the early run.
"""
from __future__ import annotations

import subprocess
import threading
import time
from concurrent.futures import Future
from contextlib import nullcontext
from typing import Optional

from vanban.extractor.errors import EngineMissingError


class EarlyRead:
    """One tesseract run on an image file's own bytes, in a thread; ``future`` gives
    ``(tsv, engine seconds)`` like a queued page's run."""

    def __init__(self, data: bytes, settings, clock=None) -> None:
        from vanban.extractor.loaders.ocr import _env, engine_version

        engine_version()  # a missing engine is an error of the file, not of a page
        self.data = data
        self.settings = settings
        self.future: Future = Future()
        self.adopted = False
        self._cancelled = False
        cmd = ["tesseract", "stdin", "stdout", "-l", settings.lang, "--psm",
               str(settings.psm), "--dpi", str(settings.dpi), *settings.extra, "tsv"]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=_env())
        self._thread = threading.Thread(target=self._run, args=(clock,), daemon=True,
                                        name="tesseract-early")
        self._thread.start()

    def _run(self, clock) -> None:
        t0 = time.perf_counter()
        with clock.running() if clock is not None else nullcontext():
            try:
                out, err = self._proc.communicate(self.data, timeout=self.settings.timeout)
            except subprocess.TimeoutExpired as exc:
                self._proc.kill()
                self._proc.communicate()
                self.future.set_exception(exc)
                return
            except OSError as exc:  # the pipe broke: the run was killed
                self.future.set_exception(exc)
                return
        if self._cancelled:
            self.future.cancel()  # killed on purpose: nobody waits for this reading
        elif self._proc.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            self.future.set_exception(EngineMissingError(
                "tesseract failed: " + (message[-1] if message else
                                        f"exit {self._proc.returncode}")))
        else:
            self.future.set_result((out.decode("utf-8", "replace"), time.perf_counter() - t0))

    def adopt(self) -> Future:
        """The run is the page's reading: its future."""
        self.adopted = True
        return self.future

    def cancel(self) -> None:
        """Kill the run (the page was changed by its preparation, or the file failed)."""
        if self.adopted:
            return
        self._cancelled = True
        if self._proc.poll() is None:
            self._proc.kill()
        self._thread.join()


def early_read(image, path, settings, clock=None) -> Optional[EarlyRead]:
    """An early run on the file ``path`` when ``image`` (it, opened) is one frame of 8-bit
    gray or colour PNG or JPEG stored upright, else None. The loader cancels it when the
    page turns out to need turning or seal handling."""
    if image.format not in ("PNG", "JPEG") or image.mode not in ("L", "RGB") \
            or getattr(image, "n_frames", 1) != 1:
        return None
    if image.format == "PNG" and "exif" in image.info:
        return None  # an orientation may follow the pixels: known only once decoded
    if image.format == "JPEG" and image.getexif().get(_ORIENTATION, 1) not in (0, 1):
        return None  # stored sideways (a phone photo): turned before it is read
    return EarlyRead(path.read_bytes(), settings, clock)


_ORIENTATION = 0x0112
