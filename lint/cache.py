"""An on-disk cache for what every run would otherwise rebuild at start-up: parsed pack files and compiled
Hyperscan databases (together about half of a small file's check, which must stay well under 400 ms).

An entry's name is a hash of everything it is built from (the input itself, the scrapelint, Python and Hyperscan
versions, the machine type), so a stale entry is never read, only left behind. Entries are written under a
temporary name and renamed, and read back only when their checksum matches: a torn or corrupt file is a miss.
Every OS error is a miss as well: a read-only home or a full disk costs speed, never a run.

Where: ``$SCRAPELINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/scrapelint``, else ``~/.cache/scrapelint``.
``SCRAPELINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from . import __version__

T = TypeVar("T")
_DIGEST = 32  # bytes of SHA-256 in front of every entry's payload


def cache_dir() -> Path | None:
    if os.environ.get("SCRAPELINT_NO_CACHE"):
        return None
    configured = os.environ.get("SCRAPELINT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scrapelint"


def cached(kind: str, key: bytes, build: Callable[[], T], dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> T:
    """``build()``, or what ``load`` makes of the payload ``dump`` stored for the same ``kind`` and ``key``."""
    folder = cache_dir()
    if folder is None:
        return build()
    name = hashlib.sha256(b"\0".join((kind.encode(), _environment(), key))).hexdigest()
    path = folder / f"{kind}-{name}"
    payload = _read(path)
    if payload is not None:
        try:
            return load(payload)
        except Exception:
            pass
    value = build()
    with contextlib.suppress(OSError, ValueError):  # ValueError: a value dump cannot store is simply not cached
        _write(path, dump(value))
    return value


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = data[_DIGEST:]
    return payload if data[:_DIGEST] == hashlib.sha256(payload).digest() else None


def _write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temp, path)  # readers see the whole entry or none
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@cache
def _environment() -> bytes:
    try:
        import hyperscan

        engine = getattr(hyperscan, "__version__", "?")
    except ImportError:
        engine = "-"
    return f"{__version__}|{sys.version}|{platform.machine()}|hyperscan {engine}".encode()


def hyperscan_database(expressions: list[bytes], ids: list[int], flags: list[int]) -> object:
    """A compiled block-mode Hyperscan database (tens of milliseconds to compile, one to load)."""
    import hyperscan

    def build() -> object:
        database = hyperscan.Database()
        database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
        return database

    key = marshal.dumps((expressions, ids, flags))
    return cached("hyperscan", key, build, hyperscan.dumpb, lambda data: hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK))


def toml(text: str) -> dict:
    """``tomllib.loads(text)``; a pack's TOML is parsed once per machine, not once per run."""
    import tomllib

    key = text.encode("utf-8", "surrogatepass")
    return cached("toml", key, lambda: tomllib.loads(text), marshal.dumps, marshal.loads)
