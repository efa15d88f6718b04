"""What a pipeline does with one record: annotate it with its findings, keep it or reject it.

Shared by every record front end, so they agree to the byte: the CLI's JSONL filter (one process or ``--jobs``),
Dask, datatrove and Hugging Face ``datasets``.

* ``--annotate FIELD`` adds the findings left in the record's text as a list of attributes (as Dolma and
  RedPajama annotate documents)::

      "scrapelint": [{"code": "U001", "name": "mixed-script-word", "span": [4, 5], "message": "..."}]

  ``span`` is ``[start, end)`` in code points of the output text (after ``--fix``, the fixed text).
* ``--drop-if CODES`` rejects a record when a finding left in its output text has one of those codes: the record
  goes to the rejects file, whole, never silently away.
* Compressed streams: gzip and zstd, by file suffix or, on stdin, by their magic bytes.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import orjson

from . import registry
from .errors import InputError
from .finding import Finding
from .inputs import ZstdReader, _value_span, gzip_reader

DEFAULT_ANNOTATION_FIELD = "scrapelint"  # where rejected records carry their findings when --annotate is not given

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
class RecordPolicy:
    """What to do with each record beyond checking and fixing it (picklable: it travels to workers)."""

    annotate: str | None = None  # field that receives the findings
    drop_if: frozenset[str] = frozenset()  # rule codes that send a record to the rejects

    @property
    def writes_records(self) -> bool:
        return self.annotate is not None or bool(self.drop_if)


def drop_codes(selectors: Sequence[str]) -> frozenset[str]:
    """Rule codes named by ``--drop-if`` selectors (codes, prefixes, names, families, as ``--select``)."""
    return frozenset().union(*(registry.matching(s, "--drop-if: ") for s in selectors)) if selectors else frozenset()


def finding_attributes(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The findings as plain JSON-ready attributes (the ``--annotate`` value)."""
    return [{"code": f.code, "name": f.name, "span": [f.start, f.end], "message": f.message} for f in findings]


def drop_reasons(findings: Iterable[Finding], codes: frozenset[str]) -> list[str]:
    """Sorted codes among ``findings`` that reject the record (empty: keep it)."""
    return sorted({f.code for f in findings if f.code in codes}) if codes else []


def apply_policy(raw: bytes, findings: Sequence[Finding], policy: RecordPolicy) -> tuple[bytes | None, bytes | None]:
    """(bytes to keep, bytes to reject) of one JSON line whose text has these findings: one of them is None.

    Rejected records carry their findings (under ``--annotate``'s field, or ``scrapelint``) and end with a line
    break, so rejects from many inputs concatenate into valid JSONL.
    """
    reasons = drop_reasons(findings, policy.drop_if)
    if policy.annotate is not None or reasons:
        raw = set_field(raw, policy.annotate or DEFAULT_ANNOTATION_FIELD, finding_attributes(findings))
    if reasons:
        return None, raw if raw.endswith(b"\n") else raw + b"\n"
    return raw, None


def set_field(raw: bytes, name: str, value: Any) -> bytes:
    """The JSON line with top-level ``name`` set to ``value``; every other byte stays as it was.

    An existing field's value is replaced in place; a new field is appended before the closing brace.
    """
    encoded, key = orjson.dumps(value), orjson.dumps(name)
    if key in raw:  # maybe present (or the name occurs in some value): find the real key
        line = raw.decode("utf-8")
        try:
            start, end = _value_span(line, name)
            return (line[:start] + encoded.decode() + line[end:]).encode("utf-8")
        except InputError:
            pass
    close = raw.rindex(b"}")
    body = raw[:close].rstrip()
    separator = b"" if body.endswith(b"{") else b","
    return body + separator + key + b":" + encoded + raw[close:]


# -- compression ----------------------------------------------------------------------------------------------


def compression_of(name: str) -> str | None:
    lower = name.lower()
    return "gzip" if lower.endswith(".gz") else "zstd" if lower.endswith(".zst") else None


def sniff_compression(stream: io.BufferedReader) -> str | None:
    """gzip or zstd by magic bytes, without consuming them (for stdin, which has no name)."""
    head = stream.peek(4)[:4]
    return "gzip" if head.startswith(GZIP_MAGIC) else "zstd" if head.startswith(ZSTD_MAGIC) else None


def decompressing_reader(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    """A line-iterable reader of the decompressed bytes."""
    if compression == "gzip":
        return gzip_reader(raw)
    if compression == "zstd":
        return io.BufferedReader(ZstdReader(raw), 1 << 20)
    return raw


class _KeepOpen:
    """A write-only view that flushes but never closes what it wraps (compressors close their sink on close)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        self.raw.flush()


def compressing_writer(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    """A writer whose ``close()`` finishes the compressed stream and leaves ``raw`` open."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if compression == "zstd":
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return _KeepOpen(raw)  # type: ignore[return-value]


__all__ = [
    "DEFAULT_ANNOTATION_FIELD",
    "RecordPolicy",
    "apply_policy",
    "compressing_writer",
    "compression_of",
    "decompressing_reader",
    "drop_codes",
    "drop_reasons",
    "finding_attributes",
    "set_field",
    "sniff_compression",
]
