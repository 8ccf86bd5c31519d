"""Progress of a long run on standard error: files done, rate, time left.

Shown only on a terminal (or when asked with --progress), so piped and scripted runs stay
quiet. The line is redrawn at most a few times a second; the estimate of time left comes
from the bytes still to read at the rate so far, since file sizes vary a hundredfold.
"""

from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(self, enabled: bool | None, stream=None, interval: float = 0.25):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.total = 0
        self.total_bytes = 0
        self.done = 0
        self.bytes = 0
        self.failed = 0
        self.records = 0  # lines of `extract` output
        self.rows = 0  # catalogue rows
        self.started = time.monotonic()
        self.last = 0.0
        self.width = 0

    def plan(self, count: int, total_bytes: int):
        self.total, self.total_bytes = count, total_bytes
        self.started = time.monotonic()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        parts = [f"{self.done}/{self.total} files" if self.total else f"{self.done} files"]
        parts += [f"{n} {what}" for n, what in ((self.records, "records"), (self.rows, "rows")) if n]
        if len(parts) > 1 and not (self.done or self.total):
            parts.pop(0)  # records or rows only: no "0 files"
        if self.failed:
            parts.append(f"{self.failed} failed")
        count, unit = next(((n, u) for n, u in ((self.done, "files"), (self.records, "records"), (self.rows, "rows"))
                            if n), (0, "files"))
        parts.append(f"{count / elapsed:.1f} {unit}/s, {self.bytes / elapsed / 1048576:.1f} MB/s")
        if self.total_bytes and self.bytes:
            left = (self.total_bytes - self.bytes) / (self.bytes / elapsed)
            parts.append(f"{_clock(max(left, 0))} left")
        parts.append(f"{_clock(elapsed)} elapsed")
        return "legalgraph: " + ", ".join(parts)

    def step(self, size: int = 0, failed: bool = False, unit: str = "file"):
        """One outcome: a file, a record, a row, or ("") an input that was not planned."""
        if unit == "file":
            self.done += 1
        elif unit == "record":
            self.records += 1
        elif unit == "row":
            self.rows += 1
        self.bytes += size
        self.failed += bool(failed)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._draw(self.line())

    def _draw(self, text: str):
        pad = max(self.width - len(text), 0)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self.width = len(text)

    def message(self, text: str):
        """A line of its own (an error, a note) without garbling the progress line."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0
        self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self._draw(self.line())
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
