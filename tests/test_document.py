"""Documents: line and column accounting (lines end at \\n, \\r\\n and \\r only; columns are code points) and
``line_block_span``, the span that deletes whole lines and keeps the paragraph layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapelint import Linter
from scrapelint.document import Document, Source

# Characters str.splitlines() would split on but a line count must not: NEL, LINE SEPARATOR, FORM FEED,
# PARAGRAPH SEPARATOR, vertical tab, file/group/record separators.
NOT_LINE_BREAKS = "\x85\u2028\f\u2029\v\x1c\x1d\x1e"


def test_lines_end_at_lf_crlf_and_lone_cr_only():
    doc = Document("one\r\ntwo\rthree\u2028still three\x85and\fmore\nfour")
    assert [(line.number, line.text) for line in doc.lines] == [
        (1, "one"),
        (2, "two"),
        (3, "three\u2028still three\x85and\fmore"),
        (4, "four"),
    ]
    # `end` is before the break, `start` after it: a CRLF counts as one break.
    assert [(line.start, line.end) for line in doc.lines] == [(0, 3), (5, 8), (9, 35), (36, 40)]


@pytest.mark.parametrize("char", list(NOT_LINE_BREAKS))
def test_splitlines_characters_do_not_start_a_line(char):
    doc = Document(f"before{char}after")
    assert len(doc.lines) == 1
    assert doc.position(len(doc.text)) == (1, 13)


def test_text_ending_with_a_break_has_an_empty_last_line():
    assert [line.text for line in Document("a\n").lines] == ["a", ""]
    assert [line.text for line in Document("a\r\n").lines] == ["a", ""]
    assert [line.text for line in Document("").lines] == [""]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("intro\r\nthe g\u03bfvernment", 2, 5),  # CRLF before the finding
        ("intro\rthe g\u03bfvernment", 2, 5),  # a lone CR is a line break (old Mac files)
        ("a\u2028b the g\u03bfvernment", 1, 9),  # LINE SEPARATOR: same line, one column
        ("a\x85b the g\u03bfvernment", 1, 9),  # NEL: same line, one column
        ("a\fb the g\u03bfvernment", 1, 9),  # FORM FEED: same line, one column
        ("\U0001f600 the g\u03bfvernment", 1, 7),  # an emoji outside the BMP is one code point, one column
        ("\U0001f468\u200d\U0001f469 g\u03bfvernment", 1, 5),  # a ZWJ sequence counts its code points
        ("x\r\n\r\n\u2028\U0001f600\rthe g\u03bfvernment", 4, 5),
    ],
)
def test_finding_position_after_tricky_characters(text, line, column):
    """The Unicode family's homoglyph rule flags the word with a Greek omicron (``column`` is where its "g" is);
    whether the rule's span starts at the word or at the letter, its position must count code points."""
    word = text.index("g\u03bf")
    findings = Linter(select=["U"]).check(text)
    (homoglyph,) = [f for f in findings if f.start <= word + 1 < f.end]
    doc = Document(text)
    assert doc.position(homoglyph.start) == (line, column + homoglyph.start - word)
    assert doc.position(homoglyph.end)[0] == line


def test_position_of_every_offset_including_the_end():
    doc = Document("ab\r\ncd\re")
    positions = [doc.position(i) for i in range(len(doc.text) + 1)]
    assert positions == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2)]


@pytest.mark.parametrize("offset", [-1, 4])
def test_position_outside_the_text_is_an_error(offset):
    with pytest.raises(ValueError, match="outside text of length 3"):
        Document("abc").position(offset)


def test_line_at_gives_the_line_holding_an_offset():
    doc = Document("first\r\nsecond\rthird")
    assert doc.line_at(0).text == "first"
    assert doc.line_at(5).text == "first"  # the \r of a CRLF belongs to the line it ends
    assert doc.line_at(7).text == "second"
    assert doc.line_at(len(doc.text)).text == "third"


_TRICKY = st.sampled_from(["a", "\u03bf", "\U0001f600", "\r", "\n", "\r\n", *NOT_LINE_BREAKS])


@given(st.lists(_TRICKY.filter(bool), max_size=12).map("".join))
def test_offset_position_round_trip(text):
    doc = Document(text)
    for offset in range(len(text) + 1):
        line, column = doc.position(offset)
        assert doc.offset(line, column) == offset
        assert 1 <= line <= len(doc.lines)
        # The column never passes the line's end (plus its break), and the line count matches GitHub's.
        assert doc.lines[line - 1].start + column - 1 == offset
    assert len(doc.lines) == text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def test_document_defaults_and_memo():
    doc = Document("Plain text.", Source("a.txt"), "en")
    assert doc.is_ascii and not Document("caf\u00e9").is_ascii
    assert str(doc.source) == "a.txt" and str(Source("d.jsonl", 3, "jsonl")) == "d.jsonl:3"
    assert str(Document("x").source) == "<text>"
    assert "a.txt" in repr(doc)
    calls = []
    assert doc.memo("words", lambda d: calls.append(1) or d.text.split()) == ["Plain", "text."]
    assert doc.memo("words", lambda d: calls.append(1) or []) == ["Plain", "text."]
    assert calls == [1]


def _delete_lines(text: str, first: int, last: int) -> str:
    doc = Document(text)
    start, end = doc.line_block_span(first, last)
    return text[:start] + text[end:]


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        # Middle, between paragraphs: the blank line after the block goes too, one paragraph break remains.
        ("Para one.\n\nSubscribe now\n\nPara two.\n", 3, 3, "Para one.\n\nPara two.\n"),
        # Middle, inside a paragraph: just the line and its break.
        ("A line.\nSubscribe now\nB line.\n", 2, 2, "A line.\nB line.\n"),
        # Blank before, none after; none before, blank after: the paragraph break is kept once.
        ("A.\n\nSubscribe\nB.\n", 3, 3, "A.\n\nB.\n"),
        ("A.\nSubscribe\n\nB.\n", 2, 2, "A.\n\nB.\n"),
        # Several lines at once.
        ("A.\n\nShare\nTweet\n\nB.\n", 3, 4, "A.\n\nB.\n"),
        # At the end: the text ends where the last kept line ends, with the original final break or none.
        ("Story.\n\nFooter\n", 3, 3, "Story.\n"),
        ("Story.\n\nFooter", 3, 3, "Story."),
        ("Story.\r\n\r\nFooter\r\n", 3, 3, "Story.\r\n"),
        ("Story.\rFooter\r", 2, 2, "Story.\r"),
        ("Story.\n\nFooter\n\n\n", 3, 3, "Story.\n"),
        # At the start: the blank lines after it go too.
        ("Menu\n\nStory.\n", 1, 1, "Story.\n"),
        ("Menu\r\n  \r\nStory.", 1, 1, "Story."),
        # Nothing but the block (and blank lines): everything goes.
        ("Only line\n", 1, 1, ""),
        ("\n\nOnly line\n\n", 3, 3, ""),
        # CRLF in the middle.
        ("A.\r\n\r\nAd\r\n\r\nB.\r\n", 3, 3, "A.\r\n\r\nB.\r\n"),
        # Whitespace-only lines count as blank.
        ("A.\n \t\nAd\n  \nB.\n", 3, 3, "A.\n \t\nB.\n"),
    ],
)
def test_line_block_span(text, first, last, expected):
    assert _delete_lines(text, first, last) == expected
