"""Documents: text plus where it came from, with line/column accounting.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only. ``str.splitlines()`` also splits on ``\\x85``, ``\\u2028``,
``\\f`` and others, which are common in scraped text and would make our line numbers disagree with GitHub's and
every editor's. Columns are 1-based Unicode code points.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, count
from typing import Any, Generic, NamedTuple, TypeVar

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
T = TypeVar("T")


class CachedAttribute(Generic[T]):
    """``functools.cached_property`` without its lock: Python 3.11 takes one on every first access, a noticeable
    part of checking a short clean document. Documents are not shared between threads while their tables are built,
    and a race would only compute the same value twice."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, doc: Any, owner: type | None = None) -> T:
        if doc is None:
            return self  # type: ignore[return-value]
        value = doc.__dict__[self.name] = self.compute(doc)  # found in __dict__ from now on, never here again
        return value


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from: ``path`` ("-" for stdin) and, for JSONL, the 1-based ``record`` number."""

    path: str
    record: int | None = None
    kind: str = "text"  # text | jsonl | html | stdin

    def __str__(self) -> str:
        return self.path if self.record is None else f"{self.path}:{self.record}"


class Line(NamedTuple):  # a named tuple: a page dump has thousands of lines, and tuples are cheap to make
    number: int  # 1-based
    start: int  # offset of the first character
    end: int  # offset just past the last character, before the line break
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


_NO_SOURCE = Source("<text>")
_MISSING = object()


class Document:
    """The unit every rule checks. Cheap to build; line tables are computed on first use."""

    __slots__ = ("__dict__", "language", "source", "text")

    def __init__(self, text: str, source: Source | None = None, language: str | None = None) -> None:
        self.text = text
        self.source = source or _NO_SOURCE
        self.language = language  # ISO 639-1 if known (JSONL field or detection), else None

    def __repr__(self) -> str:
        return f"Document({self.source!s}, {len(self.text)} chars)"

    def __reduce__(self) -> tuple[object, ...]:
        # Pickle the text and its origin only: line tables and the rules' memo are rebuilt on demand, and the memo
        # may hold large or unpicklable analysis (regex matches).
        return (Document, (self.text, self.source, self.language))

    @CachedAttribute
    def is_ascii(self) -> bool:
        return self.text.isascii()

    @CachedAttribute
    def utf8(self) -> bytes:
        """The text in UTF-8 (a lone surrogate as "?", one byte for one code point), shared by byte-level scans."""
        return self.text.encode("utf-8", "replace")

    @CachedAttribute
    def line_texts(self) -> list[str]:
        """The text of each line: ``[line.text for line in doc.lines]``, without building the lines."""
        if "\r" in self.text:
            return [line.text for line in self.lines]
        return self.text.split("\n")  # "\n" breaks only (nearly all text)

    @CachedAttribute
    def line_starts(self) -> list[int]:
        text = self.text
        if "\r" in text:
            return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        # "\n" breaks only: the offsets follow from the line lengths, no regex needed
        return list(accumulate((len(line) + 1 for line in self.line_texts), initial=0))[:-1]

    @CachedAttribute
    def lines(self) -> list[Line]:
        text, starts = self.text, self.line_starts
        if "\r" in text:
            ends = [nxt - (2 if text.startswith("\r\n", nxt - 2) else 1) for nxt in starts[1:]]
            ends.append(len(text))
            texts = [text[start:end] for start, end in zip(starts, ends, strict=True)]
        else:
            texts = self.line_texts
            ends = [start + len(line) for start, line in zip(starts, texts, strict=True)]
        return list(map(Line._make, zip(count(1), starts, ends, texts)))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a code-point offset. ``len(text)`` is a valid offset."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside text of length {len(self.text)}")
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`."""
        return self.line_starts[line - 1] + column - 1

    def line_at(self, offset: int) -> Line:
        return self.lines[self.position(offset)[0] - 1]

    def memo(self, key: str, compute: Callable[[Document], T]) -> T:
        """Compute something once per document and share it between the rules of a family."""
        value = self.__dict__.get(key, _MISSING)  # not try/except: most keys are asked once or twice per document
        if value is _MISSING:
            value = self.__dict__[key] = compute(self)
        return value

    def line_block_span(self, first: int, last: int) -> tuple[int, int]:
        """The span to delete so that lines ``first..last`` (1-based, inclusive) disappear cleanly.

        Deleting a block keeps the document's paragraph layout: in the middle of the text the block goes with its
        line breaks and, when a blank line precedes it, the blank lines that follow it (so two paragraph breaks do
        not pile up); at the end of the text it goes with the blank lines before it (so the text ends where the
        last kept line ends, with the original final line break or its absence); at the start, with the blank
        lines after it.
        """
        # From the line starts and texts, not ``self.lines``: a page dump's fixes would otherwise build a tuple
        # for each of its thousands of lines.
        starts, texts, text = self.line_starts, self.line_texts, self.text

        def blank(index: int) -> bool:
            return not texts[index].strip()

        def end(index: int) -> int:
            return starts[index] + len(texts[index])

        start = starts[first - 1]
        after = last  # index of the first line after the block
        while after < len(texts) and blank(after):
            after += 1
        before = first - 2  # index of the last line before the block
        while before >= 0 and blank(before):
            before -= 1
        if after == len(texts) and before >= 0:  # block ends the text: cut from the end of the last kept line
            return end(before), len(text) - len(_final_break(text))
        if after == len(texts):  # nothing but the block: delete everything
            return 0, len(text)
        if before < 0:  # block starts the text
            return 0, starts[after]
        if first >= 2 and blank(first - 2):
            return start, starts[after]
        return start, starts[last]


def _final_break(text: str) -> str:
    """The line break that ends the text, if any (kept when a trailing block is deleted)."""
    if text.endswith("\r\n"):
        return "\r\n"
    return text[-1] if text.endswith(("\n", "\r")) else ""
