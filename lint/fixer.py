"""Applying fixes: non-overlapping edits, a re-check loop that converges, and a safety valve.

The loop mirrors ruff's: apply every fix that does not overlap one already chosen, re-check the new text, repeat
until no fixable finding is left or ``max_passes`` is reached. Fixes that lost an overlap in one pass get their
turn in the next, against the updated text, so no edit is ever applied to offsets that moved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .finding import Edit, Finding

_WORD = regex.compile(r"\w+")
_NON_WORD = regex.compile(r"\W")
_LAST_NON_WORD = regex.compile(r"\W", regex.REVERSE)


@dataclass
class FixResult:
    text: str  # the fixed text (the original when nothing applied or the fix was refused)
    applied: list[Finding] = field(default_factory=list)  # findings whose fixes were applied, in pass order
    remaining: list[Finding] = field(default_factory=list)  # findings in the final text
    passes: int = 0
    refused: str | None = None  # why the safety valve refused this document's fix

    @property
    def changed(self) -> bool:
        return bool(self.applied) and self.refused is None


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets refer to ``text``); raises ValueError on overlap."""
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"overlapping or out-of-range edit {edit} (text length {len(text)})")
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def non_overlapping(findings: Iterable[Finding]) -> list[Finding]:
    """Findings whose fixes can be applied together: greedy by position, first come first served.

    Two fixes conflict when their spans overlap, or when both insert at the same point (their order would be
    arbitrary). Touching spans do not conflict.
    """
    chosen: list[Finding] = []
    last_end = -1
    last_was_insert_at = -1
    for finding in sorted((f for f in findings if f.fix), key=lambda f: (f.fix.start, f.fix.end, f.code)):  # type: ignore[union-attr]
        fix = finding.fix
        assert fix is not None
        is_insert = fix.start == fix.end
        if fix.start < last_end or (is_insert and fix.start == last_was_insert_at):
            continue
        chosen.append(finding)
        last_end = max(last_end, fix.end)
        last_was_insert_at = fix.start if is_insert else -1
    return chosen


def word_count(text: str, stop_above: float | None = None, chunk: int = 1 << 20) -> int:
    """Words in ``text`` (or a count past ``stop_above``, as soon as it gets there).

    Counted a chunk at a time, as a list of every word of a 200 MB text would take gigabytes; chunks end just before
    a non-word character, so no word is cut in two.
    """
    count, start, size = 0, 0, len(text)
    while start < size and (stop_above is None or count <= stop_above):
        boundary = _NON_WORD.search(text, start + chunk) if start + chunk < size else None
        end = boundary.start() if boundary else size
        count += len(_WORD.findall(text, start, end))
        start = end
    return count


def removed_words(before: str, after: str) -> int:
    """How many more words ``before`` has than ``after``, counted only where the two differ.

    A fix usually touches a few spans of a long text; counting every word of both (about 5 s per 100 MB) for the
    safety valve would cost more than the fix. The common head and tail are cut at a non-word character, so every
    word is either wholly inside the compared middle or the same on both sides.
    """
    head = _common_length(before, after, 1)
    tail = _common_length(before, after, -1, limit=min(len(before), len(after)) - head)
    cut = _LAST_NON_WORD.search(before, 0, head)
    start = cut.start() if cut else 0
    cut = _NON_WORD.search(before, len(before) - tail)
    tail = len(before) - cut.start() if cut else 0
    return word_count(before[start : len(before) - tail]) - word_count(after[start : len(after) - tail])


def _common_length(a: str, b: str, direction: int, limit: int | None = None, step: int = 1 << 16) -> int:
    """Length of the common prefix (``direction`` 1) or suffix (-1) of two strings, at most ``limit``."""
    limit = min(len(a), len(b)) if limit is None else limit

    def same(i: int, j: int) -> bool:  # a and b agree on the i..j-th characters from the start (or from the end)
        if direction == 1:
            return a[i:j] == b[i:j]
        return a[len(a) - j : len(a) - i] == b[len(b) - j : len(b) - i]

    done = 0
    while done + step <= limit and same(done, done + step):
        done += step
    low, high = done, min(done + step, limit)
    while low < high:  # the longest agreeing stretch past ``done``, by bisection
        middle = (low + high + 1) // 2
        low, high = (middle, high) if same(done, middle) else (low, middle - 1)
    return low


def fix_text(
    text: str,
    check: Callable[[str], Sequence[Finding]],
    *,
    unsafe: bool = False,
    max_passes: int = 10,
    max_removed_share: float = 0.5,
) -> FixResult:
    """Fix ``text`` with the findings ``check`` reports, until nothing fixable is left."""
    original = text
    findings = list(check(text))
    applied: list[Finding] = []
    passes = 0
    while passes < max_passes:
        chosen = non_overlapping(f for f in findings if f.is_fixable(unsafe))
        if not chosen:
            break
        text = apply_edits(text, (e for f in chosen for e in f.fix.edits))  # type: ignore[union-attr]
        applied.extend(chosen)
        passes += 1
        findings = list(check(text))
    if text != original and (lost := removed_words(original, text)) > 0:
        # Refused when lost / words > share; counting the words can stop once that is impossible.
        before = word_count(original, stop_above=lost / max_removed_share if max_removed_share else None)
        removed = lost / before
        if removed > max_removed_share:
            reason = (
                f"fix refused: it would remove {removed:.0%} of the document's words "
                f"(limit {max_removed_share:.0%}, setting max-removed-share)"
            )
            return FixResult(original, [], list(check(original)), passes, reason)
    return FixResult(text, applied, findings, passes)
