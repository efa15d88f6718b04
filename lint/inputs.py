"""Inputs: which files to check, and how to read each kind into documents.

Kinds: plain text (any file not recognised otherwise), JSONL (``.jsonl``, ``.ndjson``, optionally ``.gz`` or
``.zst``; every record is a document, located as ``file:line``), HTML (``.html``, ``.htm``: the main text is
extracted with trafilatura) and stdin. Folders are walked recursively, honouring ``.gitignore`` files and the
``exclude`` globs; files named explicitly are always checked.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
import pathspec

from .atomic import TEMP_SUFFIX
from .config import Config, config_for
from .document import Document, Source
from .errors import InputError

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst")
HTML_SUFFIXES = (".html", ".htm")
# Folders never worth walking into (as ruff's default excludes).
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".ruff_cache"})
LANGUAGE_FIELDS = ("language", "lang")
LEFTOVER_NOTICE = "temporary file left by a killed --fix run (the original is intact); delete it when no run is active"
UTF8_BOM = b"\xef\xbb\xbf"


def kind_of(name: str) -> str:
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


@dataclass(frozen=True)
class Problem:
    """An input that could not be handled, reported as one line: fatal ones (unreadable file or record) make the
    exit code 2, the others (``--fix`` on HTML) are notices."""

    message: str
    fatal: bool = True


def discover(paths: Sequence[str], config: Config | None = None) -> Iterator[str | Problem]:
    """Files to check, in a stable order. Explicit files always; folders walked with .gitignore and excludes.

    A file reached twice (``a.txt ./a.txt``, a file and its folder, two links to one file) is checked once: twice
    would double its findings and make corpus rules count it as two documents sharing every line.
    """
    seen: set[str] = set()
    for item in _discover(paths, config):
        if isinstance(item, str) and item != "-":
            real = os.path.realpath(item)
            if real in seen:
                continue
            seen.add(real)
        yield item


def _discover(paths: Sequence[str], config: Config | None) -> Iterator[str | Problem]:
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, config)
        elif path.is_file():
            yield raw
        elif path.is_symlink():
            yield Problem(f"{raw}: {_link_problem(path)}")
        elif path.exists():
            yield Problem(f"{raw}: not a regular file")
        else:
            yield Problem(f"{raw}: no such file or folder")


def _walk(root: Path, config: Config | None) -> Iterator[str | Problem]:
    # .gitignore patterns are matched on resolved absolute paths: the root may be given relative ("docs", "..") or
    # absolute, and the .gitignore files above it are found through resolve(). Yielded paths stay as given.
    top = root.resolve()
    specs: list[tuple[Path, pathspec.PathSpec]] = _parent_gitignores(top)

    def ignored(path: Path, real: Path, is_dir: bool) -> bool:
        # As in git, the deepest .gitignore with a matching pattern decides: a sub-folder's "!keep.txt" re-includes
        # what a parent's "*.txt" ignores. ``specs`` runs from the top down, so look from its end.
        for base, spec in reversed(specs):
            try:
                rel = real.relative_to(base).as_posix()
            except ValueError:
                continue
            verdict = spec.check_file(rel + ("/" if is_dir else "")).include
            if verdict is not None:
                if verdict:
                    return True
                break
        cfg = config or config_for(str(path if not is_dir else path / "_"))
        return cfg.is_excluded(str(path), is_dir)

    def on_error(exc: OSError) -> None:
        problems.append(Problem(f"{exc.filename}: cannot read folder: {exc.strerror}"))

    problems: list[Problem] = []
    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        here = Path(folder)
        real = top / here.relative_to(root)
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            specs.append((real, _read_gitignore(gitignore)))
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not ignored(here / d, real / d, True))
        for name in sorted(filenames):
            file = here / name
            if name.endswith(TEMP_SUFFIX):
                yield Problem(f"{file}: {LEFTOVER_NOTICE}", fatal=False)
                continue
            suffix_ok = name.lower().endswith(TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES)
            if not suffix_ok or ignored(file, real / name, False):
                continue
            if file.is_symlink() and not file.exists():
                yield Problem(f"{file}: {_link_problem(file)}")
            elif not file.is_file():  # a FIFO would block the run forever, a device is not text
                yield Problem(f"{file}: not a regular file, skipped", fatal=False)
            else:
                yield str(file)
        yield from problems
        problems.clear()


def _link_problem(link: Path) -> str:
    """Why a symbolic link cannot be read: it loops, or its target is missing."""
    try:
        link.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _parent_gitignores(top: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """.gitignore files above ``top`` (resolved) up to the repository top (a folder holding .git) apply too."""
    out = []
    for folder in top.parents:
        if (folder / ".gitignore").is_file():
            out.append((folder, _read_gitignore(folder / ".gitignore")))
        if (folder / ".git").exists():
            break
    return out[::-1]  # from the top down, as the walk appends deeper ones


def _read_gitignore(path: Path) -> pathspec.PathSpec:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return pathspec.GitIgnoreSpec.from_lines([])
    return pathspec.GitIgnoreSpec.from_lines(lines)


# -- decoding ---------------------------------------------------------------------------------------------------


def decode(data: bytes, where: str) -> str:
    """UTF-8 text exactly as stored (line endings untouched), or a clear InputError.

    A UTF-8 byte-order mark is not part of the text (writers put it back: see ``Runner._read_text``).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{where}: UTF-16 text (byte-order mark); convert it to UTF-8 first")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary file (NUL bytes), skipped")
    skip = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return str(memoryview(data)[skip:], "utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        raise InputError(
            f"{where}: not valid UTF-8 (byte 0x{data[at]:02X} at offset {at}); convert it to UTF-8 first"
        ) from None


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def open_binary(path: str, mode: str = "rb") -> IO[bytes]:
    """Open a possibly compressed file by its suffix (``.gz``, ``.zst``)."""
    lower = path.lower()
    if lower.endswith(".gz"):
        if "r" in mode:
            return gzip_reader(open(path, mode))
        return gzip.open(path, mode)  # type: ignore[return-value]
    if lower.endswith(".zst"):
        import zstandard

        raw = open(path, mode)  # noqa: SIM115 - handed to the zstd stream, closed with it
        if "r" in mode:
            return io.BufferedReader(ZstdReader(raw), 1 << 20)
        return zstandard.ZstdCompressor().stream_writer(raw, closefd=True)  # type: ignore[return-value]
    return open(path, mode)


def gzip_reader(raw: IO[bytes]) -> IO[bytes]:
    """A line-iterable reader of a gzip stream whose corrupt data raises OSError, as truncation does (gzip raises
    zlib.error, which every ``except OSError`` around a read would miss: a traceback instead of a message)."""
    return io.BufferedReader(_GzipErrorsAsOSError(gzip.GzipFile(fileobj=raw, mode="rb")), 1 << 20)


class _GzipErrorsAsOSError(io.RawIOBase):
    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            return self._stream.readinto(buffer)
        except zlib.error as exc:
            raise OSError(f"corrupt gzip data ({exc})") from None

    def close(self) -> None:
        self._stream.close()
        if self._stream.fileobj is not None:
            self._stream.fileobj.close()
        super().close()


class ZstdReader(io.RawIOBase):
    """The decompressed bytes of every zstd frame in ``raw`` (wrap in ``io.BufferedReader`` to iterate lines).

    zstandard's own ``stream_reader`` cannot read lines and returns a silent short read when the data ends inside
    a frame; a truncated dump read that way and rewritten by ``--fix`` would lose its tail. This one raises
    EOFError there, and OSError on corrupt data.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw = raw
        self._dctx = zstandard.ZstdDecompressor()
        self._frame: Any = None  # the decompressor of the current frame
        self._out = b""
        self._pos = 0  # how much of ``_out`` was handed out

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        import zstandard

        while self._pos == len(self._out):
            self._out, self._pos = b"", 0
            chunk = self._raw.read(1 << 20)
            if not chunk:
                if self._frame is not None and not self._frame.eof:
                    raise EOFError("compressed file ended before the end of a zstd frame")
                return 0
            try:
                while chunk:
                    if self._frame is None or self._frame.eof:
                        self._frame = self._dctx.decompressobj()
                    self._out += self._frame.decompress(chunk)
                    chunk = self._frame.unused_data if self._frame.eof else b""
            except zstandard.ZstdError as exc:
                raise OSError(f"corrupt zstd data ({exc})") from None
        size = min(len(buffer), len(self._out) - self._pos)
        buffer[:size] = memoryview(self._out)[self._pos : self._pos + size]
        self._pos += size
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


# -- JSONL ------------------------------------------------------------------------------------------------------


@dataclass
class Record:
    """One line of a JSONL file: its raw bytes, and the document when it parsed and has a text field."""

    line: int
    raw: bytes
    document: Document | None = None
    problem: str | None = None
    data: dict[str, Any] | None = None


def parse_record(raw: bytes, line: int, path: str, text_field: str) -> Record:
    stripped = raw.strip()
    if line == 1 and stripped.startswith(UTF8_BOM):  # a BOM opening the file is not part of the first record
        stripped = stripped[len(UTF8_BOM) :].lstrip()
    if not stripped:
        return Record(line, raw)
    where = f"{path}:{line}"
    try:
        data = orjson.loads(stripped)
    except orjson.JSONDecodeError as exc:
        return Record(line, raw, problem=f"{where}: not valid JSON ({exc})")
    if not isinstance(data, dict):
        return Record(line, raw, problem=f"{where}: record is not a JSON object")
    if text_field not in data:
        return Record(line, raw, problem=f"{where}: no {text_field!r} field")
    text = data[text_field]
    if not isinstance(text, str):
        return Record(line, raw, problem=f"{where}: field {text_field!r} is {type(text).__name__}, not a string")
    language = next((data[k] for k in LANGUAGE_FIELDS if isinstance(data.get(k), str)), None)
    return Record(line, raw, Document(text, Source(path, line, "jsonl"), language), data=data)


def read_records(stream: IO[bytes], path: str, text_field: str) -> Iterator[Record]:
    """Records of a JSONL stream, one at a time (constant memory); a truncated or corrupt compressed stream ends
    them with an InputError."""
    try:
        for number, raw in enumerate(stream, start=1):
            yield parse_record(raw, number, path, text_field)
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def open_records(path: str, text_field: str) -> Iterator[Record]:
    try:
        stream = open_binary(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with stream:
        yield from read_records(stream, path, text_field)


def replace_text_field(raw: bytes, field: str, new_text: str) -> bytes:
    """The same JSON line with only the text field's value replaced, byte for byte elsewhere.

    Other fields, key order, spacing and escapes stay as they were; the new value is escaped the way the old one
    was (``\\uXXXX`` for non-ASCII if the old value used such escapes, UTF-8 otherwise).
    """
    line = raw.decode("utf-8")
    start, end = _value_span(line, field)
    ascii_escapes = "\\u" in line[start:end] and line[start:end].isascii()
    value = orjson.dumps(new_text).decode() if not ascii_escapes else _json_ascii(new_text)
    return (line[:start] + value + line[end:]).encode("utf-8")


def _json_ascii(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=True)


def _value_span(line: str, field: str) -> tuple[int, int]:
    """Offsets of the raw JSON value of a top-level key in a one-object JSON line.

    With a duplicated key the last occurrence counts, as it does for every JSON parser we read with.
    """
    import json

    decoder = json.JSONDecoder()
    i = line.index("{") + 1
    n = len(line)
    found: tuple[int, int] | None = None
    while i < n:
        while line[i] in " \t\r\n,":
            i += 1
        if line[i] == "}":
            break
        key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
        while line[i] in " \t\r\n:":
            i += 1
        _, end = decoder.raw_decode(line, i)
        if key == field:
            found = (i, end)
        i = end
    if found is None:
        raise InputError(f"field {field!r} not found")
    return found


# -- HTML -------------------------------------------------------------------------------------------------------


def extract_html(data: bytes, path: str) -> str:
    """The main text of an HTML page, as trafilatura extracts it (imported lazily: it is slow to import)."""
    import trafilatura

    text = trafilatura.extract(data, include_comments=False, include_tables=True, favor_precision=False)
    if text is None:
        raise InputError(f"{path}: no main text found in the HTML page")
    return text


__all__ = [
    "Problem",
    "Record",
    "decode",
    "discover",
    "extract_html",
    "kind_of",
    "open_binary",
    "open_records",
    "parse_record",
    "read_bytes",
    "read_records",
    "replace_text_field",
]
