"""Line bookkeeping for the article-extraction-benchmark evaluation (shared by ``bench/eval_aeb.py`` and a test).

Lines are compared whitespace-normalised, with invisible format characters (zero-width spaces, soft hyphens, word
joiners: Unicode category Cf) counted as whitespace, since removing those is the unicode rules' job, not a loss.

A line of an extractor's output "is gold" when it occurs in the gold article at word boundaries; a line of one or
two words must be a whole line of the gold article (otherwise every menu entry "News" or "About" of a full-page
dump would count as gold because the article uses the word). The plain-substring reading is tallied too
(``strict``). After cleaning, a line is "kept" when it is still there, unchanged or changed only in whitespace
(a space or line break inserted at glued text); "removed" otherwise (an edit inside a line that deletes text
counts as removed, the strict reading for gold lines).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = regex.compile(r"\p{Cf}+")


def normalize(text: str) -> str:
    return " ".join(_INVISIBLE.sub(" ", text).split())


@dataclass(frozen=True)
class Gold:
    text: str  # normalised gold article
    lines: frozenset[str]

    @classmethod
    def of(cls, article: str) -> Gold:
        return cls(normalize(article), frozenset(lines_of(article)))

    def strict(self, line: str) -> bool:
        return line in self.text

    def __contains__(self, line: str) -> bool:
        if line not in self.text:
            return False
        if len(line.split()) < 3:
            return line in self.lines
        return regex.search(rf"(?<!\w){regex.escape(line)}(?!\w)", self.text) is not None


def lines_of(text: str) -> list[str]:
    """Non-blank lines, whitespace-normalised (lines end at \\n, \\r\\n or \\r only, as scrapelint's do)."""
    return [n for n in (normalize(line) for line in _BREAK.split(text)) if n]


def kept_flags(original: list[str], cleaned: list[str]) -> list[bool]:
    """For each original line: does it survive in ``cleaned`` (whitespace changes allowed)?

    The fix deletes lines and edits inside lines but never moves text, so the two line lists are aligned as a
    patience diff: lines found once in each are anchors, the longest chain of anchors in the same order in both
    is matched, and :class:`difflib.SequenceMatcher` aligns the stretches between anchors. SequenceMatcher alone
    matches the longest common block first; when a page's menu is printed twice and the fix deletes the top copy,
    that block is what is left of the bottom copy matched against the top one, and the article between them
    would count as deleted although it is still there."""
    kept = [False] * len(original)
    i0 = j0 = 0
    for i, j in [*_anchors(original, cleaned), (len(original), len(cleaned))]:
        _align(original, cleaned, kept, (i0, i), (j0, j))
        if i < len(original):
            kept[i] = True
        i0, j0 = i + 1, j + 1
    return kept


def _anchors(original: list[str], cleaned: list[str]) -> list[tuple[int, int]]:
    """(original index, cleaned index) of lines found once in each text: the longest chain in the same order."""
    in_original, in_cleaned = Counter(original), Counter(cleaned)
    where = {line: i for i, line in enumerate(original) if in_original[line] == 1}
    pairs = [(where[line], j) for j, line in enumerate(cleaned) if in_cleaned[line] == 1 and line in where]
    # the longest increasing run of original indexes, the pairs being in cleaned order (patience sorting)
    tails: list[int] = []  # smallest original index ending a chain of each length
    ends: list[int] = []  # the pair that ends it
    previous: list[int | None] = []
    for n, (i, _) in enumerate(pairs):
        length = bisect_left(tails, i)
        if length == len(tails):
            tails.append(i)
            ends.append(n)
        else:
            tails[length] = i
            ends[length] = n
        previous.append(ends[length - 1] if length else None)
    chain = []
    n = ends[-1] if ends else None
    while n is not None:
        chain.append(pairs[n])
        n = previous[n]
    return chain[::-1]


def _align(
    original: list[str], cleaned: list[str], kept: list[bool], rows: tuple[int, int], into: tuple[int, int]
) -> None:
    """Mark the kept lines of ``original[rows]``, which became ``cleaned[into]``."""
    (i1, i2), (j1, j2) = rows, into
    matcher = SequenceMatcher(None, original[i1:i2], cleaned[j1:j2], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            kept[i1 + a1 : i1 + a2] = [True] * (a2 - a1)
        elif tag == "replace":
            squeezed = "".join("".join(cleaned[j1 + b1 : j1 + b2]).split())
            for i in range(i1 + a1, i1 + a2):
                kept[i] = "".join(original[i].split()) in squeezed


@dataclass
class Tally:
    gold: int = 0
    gold_kept: int = 0
    strict_gold: int = 0  # lines that merely occur in the gold text as a substring
    strict_gold_kept: int = 0
    other: int = 0
    other_removed: int = 0
    refused: int = 0  # documents whose fix the safety valve refused
    removed_by: dict[str, list[int]] = field(default_factory=dict)  # code -> [non-gold removed, gold removed]

    def add(self, gold_text: str, original: str, cleaned: str, owners: Iterable[str | None] | None = None) -> None:
        lines, gold = lines_of(original), Gold.of(gold_text)
        kept = kept_flags(lines, lines_of(cleaned))
        owner_list = list(owners) if owners is not None else [None] * len(lines)
        for line, survived, owner in zip(lines, kept, owner_list, strict=True):
            if gold.strict(line):
                self.strict_gold += 1
                self.strict_gold_kept += survived
            is_gold = line in gold
            if is_gold:
                self.gold += 1
                self.gold_kept += survived
            else:
                self.other += 1
                self.other_removed += not survived
            if not survived and owner is not None:
                counts = self.removed_by.setdefault(owner, [0, 0])
                counts[is_gold] += 1

    def merge(self, other: Tally) -> None:
        self.gold += other.gold
        self.gold_kept += other.gold_kept
        self.strict_gold += other.strict_gold
        self.strict_gold_kept += other.strict_gold_kept
        self.other += other.other
        self.other_removed += other.other_removed
        self.refused += other.refused
        for code, (a, b) in other.removed_by.items():
            counts = self.removed_by.setdefault(code, [0, 0])
            counts[0] += a
            counts[1] += b

    @property
    def gold_kept_share(self) -> float:
        return self.gold_kept / self.gold if self.gold else 1.0

    @property
    def strict_gold_kept_share(self) -> float:
        return self.strict_gold_kept / self.strict_gold if self.strict_gold else 1.0

    @property
    def other_removed_share(self) -> float:
        return self.other_removed / self.other if self.other else 0.0
