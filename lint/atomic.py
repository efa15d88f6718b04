"""Atomic file replacement: a temporary file in the same folder, fsync, then rename over the original.

A reader (or a crash, a kill or Ctrl-C) sees either the old file or the new one, never half of each. The mode of
the original file is kept; a symbolic link is written through, not replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

# Temporary files are named ``.<name>.<random>.scrapelint-tmp`` beside their target. A kill (SIGKILL, power loss)
# between creating and renaming one leaves it behind; runs never delete them (another run may be writing one),
# the folder walk reports them as a notice.
TEMP_SUFFIX = ".scrapelint-tmp"


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
    tmp = ""
    try:
        # Ctrl-C is held back while the temporary file is created and named, so that it always lands where the
        # cleanup below knows the name (an interrupt between creating and naming it left a stray file).
        with _interrupts_deferred(), write_errors(path):
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as out:
            pending = PendingFile(out)
            yield pending
            with write_errors(path):
                out.flush()
                os.fsync(out.fileno())
        if pending.cancelled:
            os.unlink(tmp)
            return
        with contextlib.suppress(OSError):
            os.chmod(tmp, _mode_for(target))
        with write_errors(path):
            os.replace(tmp, target)
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Block SIGINT in this thread for the duration; a Ctrl-C that came meanwhile is raised right after."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _mode_for(target: Path) -> int:
    """The original's mode; for a new file (a report), the mode open() would give it: mkstemp makes 0600 files."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | Path, data: bytes) -> None:
    with atomic_writer(path) as pending, write_errors(path):
        pending.file.write(data)


@contextlib.contextmanager
def write_errors(path: str | Path) -> Iterator[None]:
    """Turn an OSError (no permission, read-only or full disk) into a one-line InputError naming the file."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
