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


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


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
    if text != original:
        before = word_count(original)
        removed = (before - word_count(text)) / before if before else 0.0
        if removed > max_removed_share:
            reason = (
                f"fix refused: it would remove {removed:.0%} of the document's words "
                f"(limit {max_removed_share:.0%}, setting max-removed-share)"
            )
            return FixResult(original, [], list(check(original)), passes, reason)
    return FixResult(text, applied, findings, passes)
