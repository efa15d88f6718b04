"""The progress bar: on stderr, and only when stderr is a terminal (never in pipes, logs or CI output).

It counts input bytes (MB/s, and an ETA when the total is known: files on disk, not stdin) and shows files and
records done. Compressed inputs count their on-disk size when each file is done, since their decompressed size
is unknown beforehand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO, Any

from .inputs import Problem
from .stream import compression_of

_UPDATE_EVERY = 1 << 20  # bytes between bar refreshes: the bar must cost nothing next to the linting


class Progress:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.bar: Any = None
        self.files = 0
        self.records = 0
        self._pending = 0  # bytes advanced but not yet shown
        self._file_bytes = 0  # bytes of the current file shown so far
        self._streams_bytes = True  # the current file's records count towards the byte total

    @classmethod
    def for_terminal(cls, stream: IO[str] | None = None) -> Progress | None:
        """A progress bar if ``stream`` (default stderr) is a terminal, else None."""
        stream = stream or sys.stderr
        try:
            return cls(stream) if stream.isatty() else None
        except (AttributeError, ValueError):
            return None

    def start(self, files: Iterable[str | Problem]) -> None:
        from tqdm import tqdm

        paths = [f for f in files if isinstance(f, str)]
        total: int | None = None
        if "-" not in paths:
            total = sum(_size(p) for p in paths)
        tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked after this
        self.bar = tqdm(
            total=total, unit="B", unit_scale=True, unit_divisor=1024, file=self.stream, desc="scrapelint", leave=False
        )

    def begin(self, path: str) -> None:
        self._file_bytes = 0
        self._streams_bytes = compression_of(path) is None

    def advance(self, nbytes: int, records: int = 0) -> None:
        self.records += records
        if self._streams_bytes:
            self._pending += nbytes
            self._file_bytes += nbytes
        if self._pending >= _UPDATE_EVERY:
            self._flush()

    def file_done(self, path: str) -> None:
        self.files += 1
        if path != "-":
            self._pending += _size(path) - self._file_bytes
        self._file_bytes = 0
        self._flush()

    def _flush(self) -> None:
        if self.bar is None:
            return
        self.bar.set_postfix_str(f"{self.files} files, {self.records} records", refresh=False)
        self.bar.update(self._pending)
        self._pending = 0

    def close(self) -> None:
        if self.bar is not None:
            self._flush()
            self.bar.refresh()  # the final counts, whatever the refresh interval
            self.bar.close()
            self.bar = None


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


__all__ = ["Progress"]
