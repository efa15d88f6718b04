"""The family's first look at a document, and the scan that finds every character the hidden-character, control
and markup rules care about.

Clean text must cost almost nothing. The census deletes plain ASCII from the document's UTF-8 bytes (one C-level
pass; other families encode the text too): what is left is nothing in most English, else the markup starts, control
characters and non-ASCII characters, a few hundred in a page dump. Every rule's first test searches those. The scan
then finds the few distinct trigger characters the document has with ``str.find``, classifies each hit and groups
them into runs of one class; the rules of the family share the result through ``Document.memo``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.entities import html5

from scrapelint.document import Document, Line
from scrapelint.finding import Edit

# -- character classes -----------------------------------------------------------------------------------------
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Invisible or blank format characters (not bidi, variation selectors or tags, which have rules of their own).
ZERO_WIDTH = (
    "\u00ad\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb"
)
BLANKS = "\u115f\u1160\u180e\u2800\u3164\uffa0"  # drawn as empty space of some width: replaced by a space if needed
_ASCII_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # not tab and line breaks
# Every BMP character beyond ASCII a rule of the scan is about: C1 controls, line/paragraph separators, bidi,
# invisible and blank characters, variation selectors, private use, U+FFFD.
_NON_ASCII_BMP = f"\x80-\x9f\u2028\u2029{BIDI_CONTROLS}{ZERO_WIDTH}{BLANKS}\ufe00-\ufe0f\ue000-\uf8ff\ufffd"
# ... and beyond the BMP: musical formatting, tags, variation selectors 17-256, private use planes
_ASTRAL = "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef\U000f0000-\U0010ffff"

NOTABLE_CHARACTERS = _NON_ASCII_BMP  # for the family's first look (unicode.kinds)
_NON_ASCII_BMP_TRIGGER = re.compile(f"[{_NON_ASCII_BMP}]")
_ASTRAL_TRIGGER = re.compile(f"[{_ASTRAL}]")
_ANY_TRIGGER = re.compile(f"[&<{_ASCII_CONTROLS}{_NON_ASCII_BMP}{_ASTRAL}]")
_MAX_FIND = 8  # distinct trigger characters looked for one by one; more (binary junk): one class search
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATTRIBUTE = r"""[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<(/?)([A-Za-z][A-Za-z0-9]{{0,15}})((?:\s+{_ATTRIBUTE})*)\s*/?>|<!--[\s\S]{{0,2000}}?-->")
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]")


# Elements whose tags stand between blocks of text: removing one between two words must leave a space.
def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK_TAGS = _names(
    "address article aside blockquote body br caption dd details div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 head header hr html iframe img li main nav ol p pre section summary table tbody td tfoot th thead "
    "title tr ul video audio picture source noscript script style svg"
)
INLINE_TAGS = _names(
    "a abbr b bdi bdo big cite code del dfn em font i ins kbd label mark q s samp small span strike strong sub sup "
    "time tt u var wbr"
)


# Printable ASCII other than "&" and "<", with tab and the line breaks: deleting these bytes from the UTF-8 text
# (one C-level pass) leaves exactly what the family may report in ASCII (markup starts, C0 controls, DEL) and the
# bytes of every non-ASCII character. In clean English nothing is left; in a page dump, a few hundred bytes of
# curly quotes, dashes and bullets, which every later test looks at instead of the text.
_PLAIN_ASCII = bytes(c for c in range(0x20, 0x7F) if c not in b"&<") + b"\t\n\r"
_ASCII = bytes(range(0x80))
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))
# Deleting these leaves the UTF-8 lead bytes of characters beyond the BMP (a translate is several times faster
# than a search of the bytes for a class).
_NOT_ASTRAL_LEAD = bytes(range(0xF0)) + bytes(range(0xF5, 0x100))
_ASTRAL_CHAR = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Census:
    """What the first pass over a document finds: its ASCII marks and non-ASCII characters, not where they are.

    Each rule's first test is a regex search of ``non_ascii`` for the characters it is about, never a set of all
    of them: a page in Russian or Korean has thousands of non-ASCII characters, and a Python object for each
    costs ten times what the search does.
    """

    marks: bytes  # "&", "<", C0 controls and DEL, in text order
    # The non-ASCII characters in text order (lone surrogates left out: no rule is about them). Characters next to
    # each other in the text are next to each other here, so a pattern of adjacent non-ASCII characters that does
    # not match this string does not match the text.
    non_ascii: str
    astral: frozenset[str]  # the distinct characters beyond the BMP (emoji, mostly), which classes test slowly


_NONE: frozenset[str] = frozenset()
PLAIN = Census(b"", "", _NONE)


def census(doc: Document) -> Census:
    return doc.memo("unicode.census", _census)


def _census(doc: Document) -> Census:
    rest = doc.utf8.translate(None, _PLAIN_ASCII)
    if not rest:
        return PLAIN  # the usual case
    if doc.is_ascii:
        return Census(rest, "", _NONE)
    encoded = rest.translate(None, _ASCII)  # whole UTF-8 sequences: ASCII bytes are never inside one
    text = encoded.decode("utf-8")
    astral = frozenset(_ASTRAL_CHAR.findall(text)) if encoded.translate(None, _NOT_ASTRAL_LEAD) else _NONE
    marks = rest.translate(None, _NON_ASCII_BYTES) if len(encoded) < len(rest) else b""
    return Census(marks, text, astral)


def non_ascii(doc: Document) -> frozenset[str]:
    """The distinct non-ASCII characters of a document (a set of thousands in a text in another script: only for
    questions a search of ``Census.non_ascii`` cannot answer)."""
    return doc.memo("unicode.non_ascii", lambda d: frozenset(census(d).non_ascii))


def _triggers(found: Census) -> set[str]:
    """The distinct trigger characters of a document (usually none, else one or two: a soft hyphen, "&")."""
    chars = set(found.marks.decode("ascii"))
    if found.non_ascii:
        chars.update(_NON_ASCII_BMP_TRIGGER.findall(found.non_ascii))
    chars.update(c for c in found.astral if _ASTRAL_TRIGGER.match(c))
    return chars


def _offsets(text: str, chars: set[str]) -> list[int]:
    """Where the characters are in the text, in order: one str.find pass per character, which skips through a
    page several times faster than a regex character class, which tests every character on the way."""
    if len(chars) > _MAX_FIND:
        return [m.start() for m in _ANY_TRIGGER.finditer(text)]
    out = []
    for char in chars:
        pos = text.find(char)
        while pos >= 0:
            out.append(pos)
            pos = text.find(char, pos + 1)
    if len(chars) > 1:
        out.sort()
    return out


def char_class(char: str) -> str:
    """The rule-facing class of a trigger character."""
    cp = ord(char)
    if char in "&<":
        return "markup"
    if cp < 0x20 or 0x7F <= cp <= 0x9F or char in "\u2028\u2029":
        return "control"
    if char in BIDI_CONTROLS:
        return "bidi"
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return "variation-selector"
    if 0xE0000 <= cp <= 0xE007F:
        return "tag"
    if cp == 0xFFFD:
        return "replacement"
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
        return "private-use"
    return "invisible"


@dataclass
class Scan:
    """Runs of one class of character ``(start, end)``, and entity/tag matches, in text order."""

    runs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    entities: list[re.Match[str]] = field(default_factory=list)
    tags: list[re.Match[str]] = field(default_factory=list)

    def of(self, kind: str) -> list[tuple[int, int]]:
        return self.runs.get(kind, [])


_EMPTY = Scan()


def scan(doc: Document) -> Scan:
    return doc.memo("unicode.scan", _scan)


def _scan(doc: Document) -> Scan:
    text = doc.text
    triggers = _triggers(census(doc))
    if not triggers:
        return _EMPTY  # the usual case, found with no search of the text
    out = Scan()
    skip_until = -1
    for pos in _offsets(text, triggers):
        if pos < skip_until:
            continue
        char = text[pos]
        kind = char_class(char)
        end = pos + 1
        if kind == "markup":
            if char == "&":
                entity = _ENTITY.match(text, pos)
                if entity and _is_entity(entity.group()):
                    out.entities.append(entity)
                    skip_until = entity.end()
            else:
                tag = _TAG.match(text, pos)
                if tag and _is_tag(tag):
                    out.tags.append(tag)
                    skip_until = tag.end()
            continue
        if char == "\x1b":
            ansi = _ANSI_ESCAPE.match(text, pos)
            end = ansi.end() if ansi else end
            skip_until = end
        runs = out.runs.setdefault(kind, [])
        if runs and runs[-1][1] == pos:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((pos, end))
    return out


def _is_entity(entity: str) -> bool:
    return entity[1] == "#" or entity[1:] in html5


def _is_tag(match: re.Match[str]) -> bool:
    if match.group(2) is None:  # a comment
        return True
    name = match.group(2).lower()
    if name not in BLOCK_TAGS and name not in INLINE_TAGS:
        return False
    attributes = match.group(3)
    # "if a <b and c> d" is not a tag: real attributes carry values
    return not attributes or "=" in attributes


# -- shared helpers ---------------------------------------------------------------------------------------------
def nth_line(doc: Document, index: int) -> Line:
    """Line ``index`` (0-based) of a document, made from its line starts and texts, which the other families build
    too: ``doc.lines`` would make a tuple for each of a page's hundreds of lines to look at a few."""
    start, text = doc.line_starts[index], doc.line_texts[index]
    return Line(index + 1, start, start + len(text), text)


def line_at(doc: Document, offset: int) -> Line:
    """The line holding a code-point offset (``doc.line_at`` without the table of all lines)."""
    return nth_line(doc, doc.position(offset)[0] - 1)


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: how messages name a character."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(
        char, "<control>" if unicodedata.category(char) == "Cc" else ""
    )
    cp = f"U+{ord(char):04X}"
    return f"{cp} {name}" if name else cp


_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def describe_run(chars: str, limit: int = 4) -> str:
    """``U+200B ZERO WIDTH SPACE ×2, U+00AD SOFT HYPHEN``: the distinct characters of a run, in order."""
    counts: dict[str, int] = {}
    for c in chars:
        counts[c] = counts.get(c, 0) + 1
    parts = [describe(c) + (f" ×{n}" if n > 1 else "") for c, n in list(counts.items())[:limit]]
    if len(counts) > limit:
        parts.append(f"and {len(counts) - limit} more")
    return ", ".join(parts)


def removal(text: str, start: int, end: int, separator: bool = False) -> Edit:
    """The edit that removes ``text[start:end]`` without gluing words or leaving double spaces.

    ``separator``: the removed text stood between words (a ``<br>``, a braille blank, a form feed), so a space
    replaces it when it sat directly between two non-space characters. A removal between two spaces, or between
    a space and the end of the line, also takes one of those spaces.
    """
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if not before.isspace() and not after.isspace():
        return Edit(start, end, " " if separator else "")
    if before in " \t" and after in " \t":
        return Edit(start, end + 1, "")
    if before in " \t" and after in "\r\n":
        return Edit(start - 1, end, "")
    if before in "\r\n" and after in " \t":
        return Edit(start, end + 1, "")
    return Edit(start, end, "")
