"""Properties every rule and the fix engine keep for any text (hypothesis, biased to scraped-text oddities).

Every registered rule runs (default-off ones too), corpus rules with counts over the one document. Example counts
are set per property (``EXAMPLES``); together they are the number the reliability note quotes.
"""

from __future__ import annotations

import os
from bisect import bisect_right

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oddities import assert_well_formed, every_rule_linter, has_surrogates, scraped_texts
from scrapelint.document import Document, Source
from scrapelint.finding import Finding
from scrapelint.fixer import apply_edits, non_overlapping
from scrapelint.linter import Linter

EXAMPLES = int(os.environ.get("SCRAPELINT_EXAMPLES", "500"))  # per property
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_WORD = regex.compile(r"\w+")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


def linter_for(text: str) -> Linter:
    return every_rule_linter([text])


@_SETTINGS
@given(scraped_texts())
def test_checking_never_raises_and_spans_lie_inside_the_text(text: str) -> None:
    linter = linter_for(text)
    findings = linter.check(text)
    assert_well_formed(text, findings)
    doc = Document(text)
    for f in findings:  # every span can be shown: positions exist and map back
        for offset in (f.start, f.end):
            assert doc.offset(*doc.position(offset)) == offset


@_SETTINGS
@given(scraped_texts())
def test_line_and_column_round_trip_with_offsets(text: str) -> None:
    doc = Document(text)
    breaks = list(_LINE_BREAK.finditer(text))
    assert len(doc.lines) == len(breaks) + 1
    assert "".join(line.text for line in doc.lines) == _LINE_BREAK.sub("", text)
    ends = [m.end() for m in breaks]
    for offset in range(len(text) + 1):
        line, column = doc.position(offset)
        assert line == bisect_right(ends, offset) + 1  # one more than the line breaks that end at or before it
        assert column == offset - doc.lines[line - 1].start + 1
        assert doc.offset(line, column) == offset


@_SETTINGS
@given(scraped_texts(), st.booleans())
def test_fix_is_idempotent(text: str, unsafe: bool) -> None:
    linter = linter_for(text)
    once = linter.fix(text, unsafe=unsafe)
    twice = linter.fix(once.text, unsafe=unsafe)
    assert twice.text == once.text, f"fixing the fixed text changed it again (rules {[f.code for f in twice.applied]})"
    if not has_surrogates(text):
        assert not has_surrogates(once.text), "a fix made text that cannot be written as UTF-8"


def fix_passes(linter: Linter, text: str, unsafe: bool) -> list[tuple[str, list[Finding]]]:
    """Each pass of the fix loop as (text before the pass, findings whose fixes the pass applies)."""
    passes = []
    for _ in range(linter.config.max_passes):
        chosen = non_overlapping(f for f in linter.check(text) if f.is_fixable(unsafe))
        if not chosen:
            break
        passes.append((text, chosen))
        text = apply_edits(text, (e for f in chosen for e in f.fix.edits))  # type: ignore[union-attr]
    return passes


@_SETTINGS
@given(scraped_texts())
def test_a_fix_changes_only_the_span_its_finding_names(text: str) -> None:
    """An edit stays inside its finding's span; beyond it, it may only take whitespace (the line breaks and blank
    lines of a deleted line block)."""
    linter = linter_for(text)
    for before, chosen in fix_passes(linter, text, unsafe=True):
        for f in chosen:
            for e in f.fix.edits:  # type: ignore[union-attr]
                outside = before[e.start : max(e.start, min(e.end, f.start))] + before[max(e.start, f.end) : e.end]
                assert not outside.strip(), (
                    f"{f.code} [{f.name}] finding {f.start}..{f.end} edits {e.start}..{e.end}, "
                    f"changing {outside!r} outside its span"
                )


@_SETTINGS
@given(scraped_texts())
def test_safe_fixes_never_remove_a_word_no_finding_names(text: str) -> None:
    linter = linter_for(text)
    for before, chosen in fix_passes(linter, text, unsafe=False):
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(before)]
        for f in chosen:
            for e in f.fix.edits:  # type: ignore[union-attr]
                for start, end, word in words:
                    touched = start < e.end and e.start < end if e.start < e.end else start < e.start < end
                    named = start < f.end and f.start < end if f.start < f.end else start <= f.start <= end
                    assert not touched or named, (
                        f"{f.code} [{f.name}] safe fix {e.start}..{e.end} changes the word {word!r} at {start}, "
                        f"outside its finding {f.start}..{f.end}"
                    )


@_SETTINGS
@given(scraped_texts())
def test_fixing_reports_what_it_did(text: str) -> None:
    """The FixResult agrees with itself: the remaining findings are those of the returned text, and a refused fix
    returns the text unchanged."""
    linter = linter_for(text)
    result = linter.fix(text)
    if result.refused is not None or not result.applied:
        assert result.text == text
    remaining = linter.check_document(Document(result.text, Source("<text>")))
    assert [(f.code, f.start, f.end) for f in result.remaining] == [(f.code, f.start, f.end) for f in remaining]
