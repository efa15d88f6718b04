"""The fixer: non-overlapping edits, inserts at the same point, a re-check loop that converges within a bounded
number of passes, unsafe fixes only on request, and the safety valve that refuses a fix removing too many words."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from scrapelint import Linter
from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.fixer import _common_length, apply_edits, fix_text, non_overlapping, removed_words, word_count
from scrapelint.rule import DocumentRule


class Replace(DocumentRule):
    """Replace every occurrence of ``old`` (a test rule built per test)."""

    family = "test"
    name = "replace"

    def __init__(self, code: str, old: str, new: str, *, safe: bool = True) -> None:
        super().__init__()
        self.code, self.old, self.new, self.safe = code, old, new, safe

    def check(self, doc: Document) -> Iterator[Finding]:
        at = doc.text.find(self.old)
        while at >= 0:
            edit = Edit(at, at + len(self.old), self.new)
            fix = Fix.safe(edit) if self.safe else Fix.unsafe(edit)
            yield self.finding(at, at + len(self.old), f"{self.old!r}", fix)
            at = doc.text.find(self.old, at + len(self.old))


class AppendIfMissing(DocumentRule):
    """Insert ``suffix`` at the end of the text unless the text already holds it."""

    family = "test"
    name = "append"

    def __init__(self, code: str, suffix: str) -> None:
        super().__init__()
        self.code, self.suffix = code, suffix

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.suffix not in doc.text:
            end = len(doc.text)
            yield self.finding(end, end, f"missing {self.suffix!r}", Fix.safe(Edit.insert(end, self.suffix)))


class DeleteLinesWith(DocumentRule):
    """Delete every line containing ``marker`` (as a boilerplate rule would)."""

    family = "test"
    name = "delete-lines"
    code = "T900"

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            if self.marker in line.text:
                span = doc.line_block_span(line.number, line.number)
                yield self.finding(line.start, line.end, "boilerplate line", Fix.safe(Edit.delete(*span)))


def checker(*rules: DocumentRule):
    """What the Linter hands the fixer: text -> sorted findings of these rules."""

    def check(text: str) -> list[Finding]:
        doc = Document(text)
        return sorted((f for rule in rules for f in rule.check(doc)), key=Finding.sort_key)

    return check


def finding(code: str, *edits: Edit, safe: bool = True) -> Finding:
    fix = Fix(tuple(edits)) if safe else Fix.unsafe(*edits)
    return Finding(code, "test", Severity.WARNING, edits[0].start, edits[0].end, "m", fix)


# -- applying edits -----------------------------------------------------------------------------------------------


def test_apply_edits_replaces_deletes_and_inserts_in_offset_order():
    text = "the gοvernment said"
    edits = [Edit(5, 6, "o"), Edit.insert(0, ">> "), Edit.delete(14, 19)]
    assert apply_edits(text, edits) == ">> the government"


@pytest.mark.parametrize("edits", [[Edit(0, 3, "x"), Edit(2, 4, "y")], [Edit(2, 9, "")], [Edit(3, 2, "")]])
def test_apply_edits_rejects_overlap_and_out_of_range(edits):
    with pytest.raises(ValueError, match="overlapping or out-of-range"):
        apply_edits("abcdef", edits)


def test_touching_edits_both_apply():
    assert apply_edits("abcd", [Edit(0, 2, "X"), Edit(2, 4, "Y")]) == "XY"


# -- choosing fixes that can be applied together -------------------------------------------------------------------


def test_overlapping_fixes_first_wins_touching_ones_both_apply():
    a = finding("T001", Edit(0, 5, "A"))
    b = finding("T002", Edit(3, 8, "B"))  # overlaps a
    c = finding("T003", Edit(8, 9, "C"))  # touches b's end, not a's
    d = finding("T004", Edit(5, 6, "D"))  # touches a
    assert non_overlapping([b, c, a, d]) == [a, d, c]


def test_two_inserts_at_the_same_point_conflict_an_insert_and_a_replacement_do_not():
    first = finding("T001", Edit.insert(4, "x"))
    second = finding("T002", Edit.insert(4, "y"))
    replacement = finding("T003", Edit(4, 6, "z"))
    chosen = non_overlapping([second, replacement, first])
    assert chosen == [first, replacement]
    assert apply_edits("abcdefg", [e for f in chosen for e in f.fix.edits]) == "abcdxzg"


def test_a_multi_edit_fix_blocks_what_lies_between_its_edits():
    wide = finding("T001", Edit(0, 1, "A"), Edit(9, 10, "B"))
    inside = finding("T002", Edit(4, 5, "C"))
    assert non_overlapping([wide, inside]) == [wide]


def test_findings_without_fix_are_never_chosen():
    plain = Finding("T001", "test", Severity.INFO, 0, 1, "m")
    assert non_overlapping([plain]) == []


# -- the fix loop ---------------------------------------------------------------------------------------------------


def test_a_fix_that_enables_another_fix_converges_in_two_passes():
    # Deleting the hidden character makes "the the" visible to the doubled-word rule.
    zero_width = Replace("T001", "\u200b", "")
    doubled = Replace("T002", "the the", "the")
    result = fix_text("Read the \u200bthe report.", checker(zero_width, doubled))
    assert result.text == "Read the report."
    assert [f.code for f in result.applied] == ["T001", "T002"]
    assert result.passes == 2
    assert result.remaining == []
    assert result.changed and result.refused is None


def test_a_fix_that_lost_an_overlap_gets_its_turn_next_pass():
    wide = Replace("T001", "abc", "ABC")
    narrow = Replace("T002", "c", "ç")  # overlaps the wide fix; after it, "c" is gone
    result = fix_text("abc c", checker(wide, narrow))
    assert result.text == "ABC ç"
    assert result.passes == 1  # both in one pass: the narrow fix on the lone "c" does not overlap
    result = fix_text("abc", checker(narrow, wide))
    assert result.text == "ABC"  # sorted by position, the wide fix starts first and wins; nothing is left after


def test_inserts_at_the_same_point_apply_one_per_pass_in_a_stable_order():
    result = fix_text("end", checker(AppendIfMissing("T002", "\n"), AppendIfMissing("T001", ".")))
    assert result.text == "end.\n"
    assert [f.code for f in result.applied] == ["T001", "T002"]
    assert result.passes == 2


def test_the_loop_is_bounded_and_reports_what_remains():
    class Forever(DocumentRule):
        code, name, family = "T009", "forever", "test"

        def check(self, doc: Document) -> Iterable[Finding]:
            end = len(doc.text)
            yield self.finding(end, end, "never satisfied", Fix.safe(Edit.insert(end, "!")))

    result = fix_text("Hi", checker(Forever()), max_passes=3)
    assert result.text == "Hi!!!"
    assert result.passes == 3
    assert [f.code for f in result.remaining] == ["T009"]


def test_nothing_to_fix_leaves_the_text_and_takes_no_pass():
    result = fix_text("Clean text.", checker(Replace("T001", "\u200b", "")))
    assert result.text == "Clean text." and result.passes == 0 and not result.changed


def test_unsafe_fixes_apply_only_when_asked():
    rule = Replace("T001", "colour", "color", safe=False)
    assert fix_text("The colour.", checker(rule)).text == "The colour."
    assert [f.code for f in fix_text("The colour.", checker(rule)).remaining] == ["T001"]
    assert fix_text("The colour.", checker(rule), unsafe=True).text == "The color."


# -- the safety valve -------------------------------------------------------------------------------------------


ARTICLE = "The council approved the budget on Monday.\nAd: buy now\nAd: cheap flights today\nAd: win a prize\n"


def test_safety_valve_refuses_a_fix_that_removes_too_many_words_and_says_why():
    # 7 of 18 words are kept: the fix would remove 61% of them.
    result = fix_text(ARTICLE, checker(DeleteLinesWith("Ad:")), max_removed_share=0.5)
    assert result.text == ARTICLE
    assert result.applied == [] and not result.changed
    assert [f.code for f in result.remaining] == ["T900"] * 3  # the findings of the original text, unfixed
    assert result.refused is not None
    assert "61%" in result.refused and "50%" in result.refused and "max-removed-share" in result.refused


def test_safety_valve_limit_is_configurable():
    result = fix_text(ARTICLE, checker(DeleteLinesWith("Ad:")), max_removed_share=0.7)
    assert result.refused is None
    assert result.text == "The council approved the budget on Monday.\n"


def test_safety_valve_allows_exactly_the_limit_and_ignores_texts_without_words():
    text = "one two\nAd: x\n"  # removing the ad line removes 2 of 4 words: exactly 50%
    assert fix_text(text, checker(DeleteLinesWith("Ad:"))).text == "one two\n"
    assert fix_text("\u200b\u200b", checker(Replace("T001", "\u200b", ""))).text == ""


def test_word_count_counts_words_in_any_script():
    assert word_count("Привет, мир! 你好 a-b") == 5


def test_linter_fix_uses_the_configured_limit():
    from scrapelint.config import Config

    text = "the gοvernment"  # one word changes letters, no word is removed
    result = Linter(Config(max_removed_share=0.0), select=["U"]).fix(text)
    assert result.text == "the government" and result.refused is None


# -- counting words for the safety valve: only where the texts differ, in chunks ------------------------------------

_PIECES = ["word", "mot", "\u00e9", "\u03bf", "\u0301", "7", "_", " ", "\n", ".", "\u200d", "-", "\U0001f600", "\r\n"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def naive_words(text: str) -> int:
    return len(regex.findall(r"\w+", text))


def common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


@given(_TEXTS, _TEXTS)
def test_removed_words_equals_the_difference_of_word_counts(before, after):
    assert removed_words(before, after) == naive_words(before) - naive_words(after)


@given(_TEXTS, st.data())
def test_removed_words_after_an_edit_in_the_middle(before, data):
    start = data.draw(st.integers(0, len(before)))
    end = data.draw(st.integers(start, len(before)))
    after = before[:start] + data.draw(_TEXTS) + before[end:]
    assert removed_words(before, after) == naive_words(before) - naive_words(after)


@given(_TEXTS, _TEXTS, st.integers(1, 5))
def test_common_prefix_and_suffix_with_any_step(a, b, step):
    assert _common_length(a, b, 1, step=step) == common_prefix(a, b)
    assert _common_length(a, b, -1, step=step) == common_prefix(a[::-1], b[::-1])


@given(_TEXTS, st.integers(1, 6))
def test_word_count_in_chunks_never_cuts_a_word(text, chunk):
    assert word_count(text, chunk=chunk) == naive_words(text)
    assert word_count(text, stop_above=1, chunk=chunk) >= min(2, naive_words(text))
