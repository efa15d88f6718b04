"""The boilerplate family's fast paths agree with the plain algorithms they replace.

Each test states the slow, obvious version of one step (the way the family first computed it) and checks the fast
version against it on generated page dumps: short lines with decoration, irregular spacing, repeated menus, prose.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scrapelint.document import Document
from scrapelint.finding import Edit, Fix
from scrapelint.rules import boilerplate_menus as menus_module
from scrapelint.rules.boilerplate import RepeatedLine, shorten
from scrapelint.rules.boilerplate_analysis import (
    GLUE,
    Layout,
    deletion_pieces,
    ends_sentence,
    family_analysis,
    is_prose,
)
from scrapelint.rules.boilerplate_corpus import normalize_ascii_lines, normalize_line
from scrapelint.rules.boilerplate_phrases import _HEAD, LEAD, Hit, _collect, _lines_of, line_key, phrase_table

hyperscan = pytest.importorskip("hyperscan")
TABLE = phrase_table((), GLUE)
FAST = settings(max_examples=200, deadline=None)

WORDS = ["Home", "News", "Share", "Read more", "Read also", "Skip to content", "All rights reserved", "Comments",
         "Share this with Facebook", "12 comments", "Newsletter", "Contact", "Advertisement", "Loading…",
         "© 2020 Example Media", "Follow us on Twitter", "Читайте также", "Новости", "Lesen Sie auch", "the council",
         "voted on Tuesday", "blockade\"Friday", "processed.Learn", "писал.Вот", "SoftBank",
         "Privacy Policy"]  # fmt: skip
SPACING = [" ", " ", " ", "  ", "\t", "\u00a0", " \t ", "\u2009", "   "]
EDGES = ["", "", "", " ", "  ", "\t", "* ", "  * ", "| ", "\u00a0", " .", ":", "…", " ", "\t "]
PROSE = "The council voted on Tuesday to build four kilometres of protected cycle lanes through the city."


def spaced(phrase: str, gaps: list[str]) -> str:
    return "".join(word + gap for word, gap in zip(phrase.split(" "), [*gaps[: phrase.count(" ")], ""], strict=True))


phrases = st.builds(spaced, st.sampled_from(WORDS), st.lists(st.sampled_from(SPACING), min_size=4, max_size=4))
lines = st.builds(
    lambda lead, parts, gap, trail: lead + gap.join(parts) + trail,
    st.sampled_from(EDGES),
    st.lists(phrases, min_size=1, max_size=2),
    st.sampled_from(SPACING),
    st.sampled_from(EDGES),
)
pages = st.lists(st.one_of(lines, st.just(""), st.just(PROSE), st.just("   ")), min_size=1, max_size=30)
EXAMPLE = ["  * 12 comments", "Loading…", "Read\u00a0 also  The arrest", "|  Share  this with Facebook ", "", PROSE]


def page(parts: list[str]) -> Document:
    return Document("\n".join(parts) + "\n")


# ---- the line dictionary --------------------------------------------------------------------------------------------
def plain_line_hits(doc: Document) -> list[Hit]:
    hits = []
    for number, line in enumerate(doc.lines):
        text = line.text
        if not text or len(text) > TABLE.longest_line:
            continue
        head = text.lstrip(LEAD)[:_HEAD].lower()
        if head not in TABLE.heads and not head[:1].isdigit():
            continue
        for phrase in TABLE.by_line.get(line_key(text), ()):
            if len(text) <= phrase.max_length:
                hits.append(Hit(phrase, number, line.start, line.end))
    return hits


@FAST
@given(pages)
@example(EXAMPLE)
def test_line_dictionary_finds_what_the_full_key_finds(parts):
    doc = page(parts)
    assert TABLE._line_hits(doc) == plain_line_hits(doc)


# ---- irregular spacing ----------------------------------------------------------------------------------------------
def normalised_page_scan(doc: Document) -> tuple[set, set]:
    """Scan the page; if it has any irregular spacing, scan all of it again with the spacing collapsed."""
    database, _ = TABLE._hyperscan()
    scratch = hyperscan.Scratch(database)
    data, found = doc.utf8, []
    database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
    glue_ids, spacing_ids = len(TABLE.scanned), len(TABLE.scanned) + len(TABLE.glue)
    if any(index >= spacing_ids for index, _ in found):
        data = data.replace("\u00a0".encode(), b" ").replace(b"\t", b" ")
        while b"  " in data:
            data = data.replace(b"  ", b" ")
        found = []
        database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
    located = _lines_of(found, data)
    phrases = {(i, line) for i, line in located if i < glue_ids}
    glue = {(i - glue_ids, line) for i, line in located if glue_ids <= i < spacing_ids}
    return phrases, glue


@FAST
@given(pages)
@example(EXAMPLE)
def test_only_lines_spaced_between_words_are_rescanned(parts):
    doc = page(parts)
    phrases, glue = TABLE._scan(doc)
    assert (set(phrases), set(glue)) == normalised_page_scan(doc)


def test_a_phrase_spaced_irregularly_is_found_on_its_line():
    text = "First line\n  Read\u00a0 also\tThe arrest of the leader\n\tindented  \n"
    phrases, _ = TABLE._scan(Document(text))
    assert {TABLE.scanned[i].text for i, line in phrases if line == 1} >= {"Read also"}


# ---- the article body -----------------------------------------------------------------------------------------------
@FAST
@given(pages, st.sets(st.integers(0, 30), max_size=8))
def test_prose_bounds_match_a_scan_from_both_ends(parts, excluded):
    doc = page(parts)
    texts = doc.line_texts
    prose = [i for i in range(len(texts)) if i not in excluded and is_prose(texts[i])]
    layout = Layout(doc, excluded)
    assert layout.first_prose == (prose[0] if prose else len(texts))
    assert layout.last_prose == (prose[-1] if prose else -1)


# ---- B011 -----------------------------------------------------------------------------------------------------------
def plain_repeated_lines(doc: Document) -> list[tuple[int, int, str, Fix]]:
    """B011 as first written: key every line, group the copies, keep the groups that lie wholly at the edges."""
    lines = doc.text.split("\n") if "\r" in doc.text else doc.line_texts
    if len(set(lines)) + max(lines.count("") - 1, 0) >= len(lines):
        return []
    deleted = family_analysis(doc, TABLE).deleted_lines
    first_seen: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for i, line in enumerate(doc.lines):
        if len(line.text) < 12 or i in deleted or len(line.text.split()) > 10:
            continue
        key = " ".join(line.text.split())
        if len(key) < 12 or ends_sentence(key):
            continue
        if key in first_seen:
            repeats[i] = first_seen[key]
        else:
            first_seen[key] = i
    layout = Layout(doc, deleted)
    groups: dict[int, list[int]] = {}
    for later, first in repeats.items():
        groups.setdefault(first, [first]).append(later)
    later = {i for copies in groups.values() if all(layout.at_edge(c) for c in copies) for i in copies[1:]}
    mine = {i for i in later if any(j in later or j in deleted for j in layout.neighbours(i))}
    pieces = deletion_pieces(doc, deleted | mine)
    out = []
    for i in sorted(mine):
        line = doc.lines[i]
        message = f"line repeats line {repeats[i] + 1}: {shorten(line.text)!r}"
        out.append(
            (line.start, line.end, message, Fix.safe(Edit.delete(*pieces[i]), message="delete the repeated line"))
        )
    return out


menus = st.lists(
    st.sampled_from(["Terms of Use | Privacy", "Weather  |  Traffic", "Weather | Traffic", ""]), max_size=4
)


@FAST
@given(menus, pages, menus, st.sampled_from(["", "Weather | Traffic", " Weather\t|\tTraffic "]))
def test_repeated_lines_match_keying_every_line(top, middle, bottom, inside):
    doc = page([*top, PROSE, *middle, inside, PROSE, *bottom, *top])
    found = [(f.start, f.end, f.message, f.fix) for f in RepeatedLine().check(doc)]
    assert found == plain_repeated_lines(doc)


def test_a_copy_inside_the_body_keeps_the_edge_copies():
    menu, spaced = "Weather | Traffic | Local events", "Weather  |  Traffic |\tLocal events "
    body = f"{PROSE}\n\n{spaced}\n\n{PROSE}\n"
    assert list(RepeatedLine().check(page([menu, "Sport | Culture hub", body, menu, "Sport | Culture hub"]))) == []
    found = list(RepeatedLine().check(page([menu, "Sport | Culture hub", PROSE, menu, "Sport | Culture hub"])))
    assert [f.message.split(":")[0] for f in found] == ["line repeats line 1", "line repeats line 2"]


def _ccnet_one_line(text: str) -> str:
    """CCNet's normalize_for_dedup, spelled out: lower case, digits to 0, punctuation and controls to a space."""
    text = regex.sub(r"\d", "0", text.lower())
    return " ".join(regex.sub(r"[\p{P}\p{C}]+", " ", text).split())


@FAST
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=127, blacklist_characters="\n\r")), max_size=12))
@example(["  Updated: 5 April 2013, 08:09 GMT!! ", "", "\t\x0b\x1f", "A--B"])
def test_ascii_lines_normalised_together_as_one_by_one(lines: list[str]):
    assert normalize_ascii_lines(lines) == [_ccnet_one_line(line) for line in lines]


@FAST
@given(st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",))))
@example("ΣΑΣ ΟΔΟΣ")
@example("İstanbul ٣ x\x85y\u2028z")
def test_corpus_normalisation_is_ccnets(line: str):
    assert normalize_line(line) == _ccnet_one_line(line)


# ---- B013 -----------------------------------------------------------------------------------------------------------
def plain_line_kind(text: str) -> int:
    """A menu line's kind as first written: marks matched on every line, words counted by splitting, the clause
    end found by stripping closers."""
    stripped = text.strip()
    if not stripped:
        return 0
    if len(stripped) > menus_module.MAX_CHARS + 12:
        return menus_module.TEXT
    marks = regex.match(r"(?:[-*+•·|#]+(?:[ \t]+|$)|o[ \t]+)*", stripped).end()
    if stripped.startswith("o") and not text[0].isspace():
        marks = 0
    rest = stripped[marks:]
    if not any(ch.isalnum() for ch in rest):
        return menus_module.EMPTY_ITEM
    clause_end = (".", "!", "?", "…", "。", "！", "？", ":", ";", ",", "、", "，")
    words = len(rest.split())
    if len(rest) > menus_module.MAX_CHARS or rest.rstrip("\"'”’»)]").endswith(clause_end) or words > 5:
        return menus_module.TEXT
    if regex.search(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]", rest) and (
        len(rest) > 10 or "、" in rest
    ):
        return menus_module.TEXT
    if regex.search(r"[\d:]", rest):
        return menus_module.DATA
    kind = menus_module.ENTRY | (menus_module.MARKED if marks else 0)
    return kind | (menus_module.SHORT if words <= 2 else 0)


MENU_WORDS = ["Home", "News", "Bollywood", "Prisco's", "Picks", "NFL", "2020", "Real", "Estate", "op-ed", "中文网",
              "Главная", "&", "»", "Search:", "Sport.", "Go!", "(Chinese)", "”", "o", "×", "_"]  # fmt: skip
MENU_LEADS = ["", "", "* ", "  * ", "+ ", "     o ", "o ", "- ", "### ", "| ", "• ", "*", "* * * ", "\t* "]
menu_line_texts = st.builds(
    lambda lead, words, gaps, trail: lead + "".join(w + g for w, g in zip(words, gaps, strict=False)).strip() + trail,
    st.sampled_from(MENU_LEADS),
    st.lists(st.sampled_from(MENU_WORDS), max_size=7),
    st.lists(st.sampled_from([" ", " ", "  ", "\t", "\u00a0", ""]), min_size=7, max_size=7),
    st.sampled_from(["", "", " ", "”", "»", ".", ":", " *"]),
)


@FAST
@given(menu_line_texts)
@example("  * home delivery")
@example("o Brasil")
@example("* * * * * * * * * * * * * * * * * * * * * * * * * * * * *")
def test_menu_line_kind_is_the_plain_definition(text):
    assert menus_module.line_kind(text) == plain_line_kind(text)


@FAST
@given(st.lists(st.one_of(menu_line_texts, st.just(""), st.just(PROSE)), max_size=40), st.integers(0, 40))
def test_menu_blocks_skip_no_text_that_could_hold_one(parts, furniture):
    """The test for five short lines only spares texts without a block."""
    doc = page(parts)
    layout = Layout(doc, set())
    if not menus_module._enough_short_lines(doc.line_texts):
        texts, first, last = doc.line_texts, layout.first_prose, layout.last_prose
        found = [*menus_module._blocks(texts, 0, first, {furniture}, True)] if first <= last else []
        found += [*menus_module._blocks(texts, last + 1, len(texts), {furniture}, False)] if first <= last else []
        assert found == []
