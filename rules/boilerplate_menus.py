"""Menu blocks: runs of short link-like lines above or below the article body (B013, ``menu-block``).

Full-page text dumps (html2text, inscriptis, html-text) carry a site's navigation as hundreds of one-line entries
("Bollywood News", "Prisco's Picks"), most of them words no phrase pack knows. Their shape gives them away:

* a *menu entry* is a short line: at most five words and 40 characters once list marks (``*``, ``+``, ``o``,
  ``-``, ``#``, ``|``, bullets) are set aside, not ending a sentence or a clause, without digits or colons (scores,
  prices, dates, vote counts and "Group B: third appearance" lines are data: they go with a block they sit in,
  but do not make one);
* a *menu block* is a run of entries, with the blank lines, empty list items and data lines between them and the
  lines the family deletes anyway (furniture: "Skip to content", "Privacy Policy"), that lies wholly above the
  article body's first prose line or below its last, and holds at least five entries (furniture shaped like an
  entry counts);
* it needs evidence besides its shape: a furniture line in it, or else list marks on most of its entries and at
  least ten of them (a shorter list may be the article's own: ingredients, key points); and at least half of its
  entries are one or two words, as links are (a stanza or a list of features is not).

The block's lines go, except its furniture (the phrase rules report those) and, in a list-marked block right
above the text, the unmarked lines that end it: they head what follows (a title, a caption). Nothing fires in a
text without a prose line (a poem, a list-only page): it has no edges. Menus are looked for where the family's
phrase scan found something (a page dump always has some furniture), and only in a text with five short lines:
most articles cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .boilerplate_layout import CLOSERS, SENTENCE_END, Layout

MIN_ENTRIES = 5
MIN_LIST_ENTRIES = 10  # a block with list marks but no furniture line
MAX_WORDS = 5
MAX_CHARS = 40
_MAX_LINE = MAX_CHARS + 12  # with list marks and their spaces
# List marks of html2text, inscriptis (``*``, ``+``, ``o`` by depth) and markdown (``-``, ``#`` headings), bullets,
# and the bars some dumps put before links. ``o`` is a mark only on an indented line (inscriptis nests lists),
# never a Portuguese or Italian article at the start of a line.
_MARKS = re.compile(r"(?:[-*+•·|#]+(?:[ \t]+|$)|o[ \t]+)*")
_MARK_START = frozenset("-*+•·|#o")
_CLAUSE_END = frozenset((*SENTENCE_END, ":", ";", ",", "、", "，"))  # single characters
_WORD = re.compile(r"[^\W_]")
_DATA = re.compile(r"[\d:]")  # digits and colons: scores, prices, dates, counts, "label: value" lines
# Scripts written without spaces: five "words" say nothing there, so such a line is an entry only when very short.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
_UNSPACED_MAX_CHARS = 10

# A line's kind in a block, as bits: a page dump has thousands of lines, so they are judged once, as small ints.
ENTRY = 1  # a menu entry
MARKED = 2  # ... with list marks
SHORT = 4  # ... of one or two words
FURNITURE = 8  # a line the family deletes anyway (an entry too when shaped like one: "Contact Us")
EMPTY_ITEM = 16  # "*", "* * *", "|", an icon
DATA = 32  # a short line with digits or a colon: inside a block it goes with it, but it is no entry
TEXT = -1  # any other line: it ends a block


class MenuBlock(NamedTuple):
    lines: list[int]  # the lines the menu rule deletes: entries, empty items and data lines (not the furniture)
    size: int  # non-blank lines of the block, furniture included


def menu_blocks(texts: list[str], layout: Layout, furniture: set[int]) -> list[MenuBlock]:
    """The menu blocks above the first prose line and below the last (none when the text has no prose line)."""
    if not _enough_short_lines(texts):
        return []  # most articles: no need to find their body
    first, last = layout.first_prose, layout.last_prose
    if first > last:
        return []
    return [
        *_blocks(texts, 0, first, furniture, body_after=True),
        *_blocks(texts, last + 1, len(texts), furniture, body_after=False),
    ]


def _enough_short_lines(texts: list[str]) -> bool:
    """Does the text have as many short non-blank lines as a menu has entries? (A page dump: within a few lines.)"""
    short = 0
    for length in map(len, map(str.strip, texts)):
        if 0 < length <= _MAX_LINE:
            short += 1
            if short == MIN_ENTRIES:
                return True
    return False


def _blocks(texts: list[str], start: int, stop: int, furniture: set[int], body_after: bool) -> Iterator[MenuBlock]:
    """The blocks among lines ``start``-``stop``: runs of lines other than TEXT (kinds in a list, no tuple per line)."""
    if stop - start < MIN_ENTRIES:
        return
    kinds = [line_kind(text) if text else 0 for text in texts[start:stop]]  # no call for an empty line
    for i in furniture:
        if start <= i < stop:
            kind = kinds[i - start]
            kinds[i - start] = FURNITURE | (kind & (ENTRY | SHORT) if kind > 0 else 0)
    ends = [k for k, kind in enumerate(kinds) if kind == TEXT]
    ends.append(len(kinds))
    begin = 0
    for end in ends:
        if end - begin >= MIN_ENTRIES:
            block = _judge(kinds, begin, end, start, body_after)
            if block:
                yield block
        begin = end + 1


def line_kind(text: str) -> int:
    """The line's kind in a menu block (bits), 0 for a blank line, TEXT for a line that ends a block."""
    stripped = text.strip()
    if len(stripped) > _MAX_LINE:
        return TEXT
    if not stripped:
        return 0
    marked = _MARKS.match(stripped).end() if stripped[0] in _MARK_START else 0
    if marked and stripped[0] == "o" and not text[0].isspace():
        marked = 0  # "o Brasil": a word, not inscriptis' third-level mark
    rest = stripped[marked:] if marked else stripped
    if not rest or not (rest[0].isalnum() or _WORD.search(rest)):
        return EMPTY_ITEM
    last = rest[-1] if rest[-1] not in CLOSERS else rest.rstrip(CLOSERS)[-1:]
    if len(rest) > MAX_CHARS or last in _CLAUSE_END:
        return TEXT
    spaces = rest.count(" ")
    words = spaces + 1 if spaces < 2 and rest.isprintable() else len(rest.split())  # tabs, no-break spaces
    if words > MAX_WORDS:
        return TEXT
    if not rest.isascii() and _UNSPACED.search(rest) and (len(rest) > _UNSPACED_MAX_CHARS or "、" in rest):
        return TEXT
    if _DATA.search(rest):
        return DATA
    return ENTRY | (MARKED if marked else 0) | (SHORT if words <= 2 else 0)


def _judge(kinds: list[int], begin: int, end: int, offset: int, body_after: bool) -> MenuBlock | None:
    """The block of ``kinds[begin:end]`` (line numbers from ``offset``), if it is a menu."""
    run = kinds[begin:end]
    if sum(map(ENTRY.__and__, run)) < MIN_ENTRIES:
        return None
    while run[0] in (0, DATA):  # a block starts and ends with an entry, an item or furniture
        run.pop(0)
        begin += 1
    while run[-1] in (0, DATA):
        run.pop()
    entries = sum(map(ENTRY.__and__, run))
    if run.count(DATA) * 3 > entries:
        return None  # a list of data (quantities, scores, dates), not of links
    marked = run.count(ENTRY | MARKED) + run.count(ENTRY | MARKED | SHORT)
    if not any(map(FURNITURE.__and__, run)) and (marked * 2 < entries or entries < MIN_LIST_ENTRIES):
        return None  # no evidence beside the shape: a short list (ingredients, key points) may be the article's
    if sum(map(SHORT.__and__, run)) // SHORT * 2 < entries:
        return None  # mostly lines of three words and more: a stanza, a list of features
    size = len(run) - run.count(0)
    if body_after and marked:  # unmarked lines that end a list right above the text head what follows: kept
        while not run[-1] & (MARKED | FURNITURE | EMPTY_ITEM):
            run.pop()
    first = offset + begin
    return MenuBlock([first + k for k, kind in enumerate(run) if kind and not kind & FURNITURE], size)
