"""Atomic file replacement: a temporary file in the same folder, fsync, then rename over the original.

A reader (or a crash, a kill or Ctrl-C) sees either the old file or the new one, never half of each. The mode of
the original file is kept; a symbolic link is written through, not replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class PendingFile:
    """The temporary file behind :func:`atomic_writer`; ``cancel()`` drops it and leaves the original alone."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[PendingFile]:
    """Write ``path`` through a temporary sibling that replaces it only if the block finishes uncancelled."""
    # A symbolic link is followed: its target gets the new content and the link stays a link.
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".scrapelint-tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            pending = PendingFile(out)
            yield pending
            out.flush()
            os.fsync(out.fileno())
        if pending.cancelled:
            os.unlink(tmp)
            return
        with contextlib.suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    with atomic_writer(path) as pending:
        pending.file.write(data)
