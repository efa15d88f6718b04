"""The unicode family's fast paths against the plain definitions they stand for.

The family decides what to look at from a census of the document (its UTF-8 bytes without plain ASCII), finds
trigger characters with ``str.find``, looks for mojibake in the non-ASCII characters before the text, and skips
lines of foreign-script documents without ASCII letters. Each shortcut must find exactly what the slow way finds,
on texts built from the pieces that exercise them: typography next to accented letters, real mojibake, look-alike
letters, hidden characters, markup, controls, lone surrogates and every kind of line break.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scrapelint import Linter
from scrapelint.document import Document
from scrapelint.rules import unicode as family
from scrapelint.rules.unicode_homoglyphs import _Analysis, _letter_counts, _seed
from scrapelint.rules.unicode_mojibake import _ALL, _LOST_A0, _hint, _line_repairs, _words_in_common, repairs
from scrapelint.rules.unicode_scan import (
    _ASTRAL_TRIGGER,
    _MAX_FIND,
    _NON_ASCII_BMP_TRIGGER,
    _offsets,
    _triggers,
    census,
    line_at,
    nth_line,
    scan,
)

PIECES = [
    *("the", "government", "said", "Tokyo", "cookies", "policy", " ", " ", "  ", "\t", ".", ",", "'", '"', "?", "1999"),
    *("\n", "\n", "\r\n", "\r", "\n\n"),  # line breaks as Document splits them
    *("’", "“", "”", "–", "—", "•", "©", "«", "»", "…", "£", "\u00a0", "½", "™"),  # page-dump typography
    *("é", "ä", "ü", "ß", "Ü", "À", "Ã", "Â", "ñ", "café", "Zürich"),  # Latin-1 letters (mojibake leads among them)
    *("donâ€™t", "cafÃ©", "Ã ", "Ã©", "Ã\u00a0", "РџСЂРёРІРµС‚", "СЂ", "√©", "├®"),  # mojibake in several encodings
    *("правительство", "Москва", "Р", "С", "ё", "Ελλάδα", "東京"),  # other scripts
    *("gοvernment", "ТОКУО", "раураl", "ĸey", "bıg", "𝐛𝐨𝐥𝐝", "Ｌａｔｉｎ"),  # look-alike and uncommon letters
    *("\u00ad", "\u200b", "\u200d", "\ufe0f", "\u202e", "\u202c", "\u2066", "\ufeff", "\u2800", "\ue000", "\ufffd"),
    *("\x85", "\x93", "\u2028", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x00"),  # controls
    *("&", "&amp;", "&#8217;", "<", "<br>", "</p>", "<!-- x -->", "a <b and c> d"),  # markup
    *("😊", "👩\u200d💻", "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"),  # emoji
    *("\U000e0041\U000e0042", "😊\U000e0100\U000e0101", "\U000f0000", "\ud800", "\udc80"),  # smuggling, surrogates
]
texts = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
# Mostly one script or the other, so that both the Latin and the foreign-script paths are taken
foreign_texts = st.lists(st.sampled_from(["правительство", "Москва", " ", "\n", "«", "»", "—", *PIECES]), max_size=80)
SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASCII_TRIGGER = re.compile(r"[&<\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINTER = Linter(select=["U"])


def is_trigger(char: str) -> bool:
    return bool(_ASCII_TRIGGER.match(char) or _NON_ASCII_BMP_TRIGGER.match(char) or _ASTRAL_TRIGGER.match(char))


@SETTINGS
@given(texts)
def test_the_census_keeps_every_non_ascii_character_and_mark(text: str) -> None:
    found = census(Document(text))
    assert found.non_ascii == "".join(c for c in text if c > "\x7f" and not _SURROGATE.match(c))
    assert found.marks.decode("ascii") == "".join(c for c in text if _ASCII_TRIGGER.match(c))
    assert found.astral == {c for c in text if c > "\uffff"}


@SETTINGS
@given(texts)
def test_the_scan_finds_every_trigger_character(text: str) -> None:
    found = _offsets(text, _triggers(census(Document(text))))
    assert found == [i for i, c in enumerate(text) if is_trigger(c)]


def test_many_distinct_trigger_characters_are_found_with_one_class_search() -> None:
    text = "".join(f"word{chr(0xE000 + i)} " for i in range(_MAX_FIND + 3)) + "\u200b\u00ad&"
    chars = _triggers(census(Document(text)))
    assert len(chars) > _MAX_FIND
    assert _offsets(text, chars) == [i for i, c in enumerate(text) if is_trigger(c)]
    assert len(scan(Document(text)).of("private-use")) == _MAX_FIND + 3


@SETTINGS
@given(st.one_of(texts, foreign_texts.map("".join)))
def test_rules_the_first_look_skips_have_nothing_to_report(text: str) -> None:
    doc = Document(text)
    kinds = family.kinds(doc)
    for rule in LINTER.rules:
        if rule.kind not in kinds:
            assert list(rule.findings(doc)) == [], rule.code


@SETTINGS
@given(texts)
def test_mojibake_is_looked_for_on_every_line_that_has_a_sequence(text: str) -> None:
    doc = Document(text)
    hinted = {line_at(doc, m.start()).number for p in (_hint(_ALL), _LOST_A0) for m in p.finditer(text)}
    expected = [r for number in sorted(hinted) for r in _line_repairs(doc.lines[number - 1])]
    assert repairs(doc) == sorted(expected, key=lambda r: r.start)


@SETTINGS
@given(st.one_of(texts, foreign_texts.map("".join)))
@example("\rправительство\ncaféР")  # a lone \r, then \n: two breaks, not one
def test_homoglyph_lines_left_out_yield_no_verdict(text: str) -> None:
    doc = Document(text)
    analysis = _Analysis(doc, frozenset(), frozenset())
    found = analysis.run()
    everything = _Analysis(doc, frozenset(), frozenset())
    if family.kinds(doc) and "homoglyph" in family.kinds(doc):
        expected = [v for line in doc.lines if _seed().search(line.text) for v in everything._line(line)]
        assert found == expected


@SETTINGS
@given(st.one_of(texts, foreign_texts.map("".join)))
def test_the_documents_letters_counted_from_bytes_are_those_of_its_text(text: str) -> None:
    doc = Document(text)
    assert _Analysis(doc, frozenset(), frozenset()).document_letter_counts() == _letter_counts(text)


@SETTINGS
@given(texts)
def test_lines_made_from_starts_and_texts_are_the_documents_lines(text: str) -> None:
    doc = Document(text)
    assert [nth_line(doc, i) for i in range(len(doc.lines))] == doc.lines
    assert all(line_at(doc, offset) == doc.line_at(offset) for offset in range(len(text) + 1))


@given(st.lists(st.sampled_from(["a ", "b ", "c ", "d "]), max_size=60), st.integers(0, 30), st.integers(0, 30))
def test_words_in_common_counts_the_agreeing_words(words: list[str], i: int, j: int) -> None:
    other = words[:]
    if len(other) > 5:
        other[5] = "changed "
    expected = 0
    while i + expected < len(words) and j + expected < len(other) and words[i + expected] == other[j + expected]:
        expected += 1
    assert _words_in_common(words, other, i, j) == expected
