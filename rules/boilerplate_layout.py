"""Where the article body of a document is: the lines between its first and last prose line.

A *prose line* is long and ends a sentence; the lines above the first one and below the last are the *edges*,
where page furniture lives. Shared by the boilerplate family's analysis, its menu blocks and its line rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from itertools import compress, repeat, takewhile

from scrapelint.document import Document

CLOSERS = "\"'”’»)]"
SENTENCE_END = (".", "!", "?", "…", "。", "！", "？")


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def is_prose(text: str) -> bool:
    """A line that reads as article prose: long enough and ending a sentence."""
    text = text.strip()
    if not ends_sentence(text):
        return False
    spaces = text.count(" ")
    return spaces >= 7 or (spaces == 0 and len(text) >= 40)  # no spaces: CJK and Thai sentences


class Layout:
    """Where the article body is, and which lines are neighbours, for the lines that need it."""

    def __init__(self, doc: Document, phrase_lines: set[int]) -> None:
        self.doc = doc
        self.texts = doc.line_texts
        self.phrase_lines = phrase_lines

    @cached_property
    def first_prose(self) -> int:
        prose = self.doc.memo("boilerplate.prose", ProseLines)
        return next((i for i in prose.from_start() if i not in self.phrase_lines), len(self.texts))

    @cached_property
    def last_prose(self) -> int:
        first = self.first_prose
        if first == len(self.texts):
            return -1  # no prose line: nothing to look for from the end either
        prose = self.doc.memo("boilerplate.prose", ProseLines)
        return next((i for i in takewhile(first.__le__, prose.from_end()) if i not in self.phrase_lines), -1)

    def at_edge(self, index: int) -> bool:
        """Above or below the article body (everywhere when the text has no prose line)."""
        return index < self.first_prose or index > self.last_prose

    def above(self, index: int) -> int | None:
        """The nearest non-blank line above."""
        texts = self.texts
        j = index - 1
        while j >= 0 and not texts[j].strip():
            j -= 1
        return j if j >= 0 else None

    def below(self, index: int) -> int | None:
        """The nearest non-blank line below."""
        texts = self.texts
        j = index + 1
        while j < len(texts) and not texts[j].strip():
            j += 1
        return j if j < len(texts) else None

    def neighbours(self, index: int) -> list[int]:
        """The nearest non-blank line above and below."""
        return [j for j in (self.above(index), self.below(index)) if j is not None]


class ProseLines:
    """A document's prose lines, found from either end only as far as a layout asks, and shared by the family's
    layouts (which differ in the lines they set aside). A page dump has thousands of short lines around its body:
    the prose test's cheap necessary part, ending a sentence (as :func:`ends_sentence` asks), runs as string
    methods mapped in C, and only the lines that pass it are judged in Python."""

    def __init__(self, doc: Document) -> None:
        self.texts = doc.line_texts
        count = len(self.texts)
        self._found = {1: [], -1: []}  # prose lines found so far, from the start (1) and from the end (-1)
        self._search = {1: self._scan(range(count)), -1: self._scan(range(count - 1, -1, -1))}

    def from_start(self) -> Iterator[int]:
        return self._walk(1)

    def from_end(self) -> Iterator[int]:
        return self._walk(-1)

    def _walk(self, direction: int) -> Iterator[int]:
        yield from self._found[direction]  # what an earlier layout found
        for i in self._search[direction]:
            self._found[direction].append(i)
            yield i

    def _scan(self, indexes: range) -> Iterator[int]:
        texts = self.texts
        stripped = map(str.rstrip, map(str.rstrip, map(texts.__getitem__, indexes)), repeat(CLOSERS))
        ending = compress(indexes, map(str.endswith, stripped, repeat(SENTENCE_END)))
        return (i for i in ending if is_prose(texts[i]))
