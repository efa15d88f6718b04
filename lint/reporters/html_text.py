"""Document text as HTML for the report: escaped, invisible characters made visible, findings highlighted, diffs.

Every string that came from a document passes through :func:`show` (element content) or :func:`attr` (attribute
values). Both escape ``& < > " '``; :func:`show` also replaces control, format, separator, private-use, unassigned
and surrogate code points by a badge with their code point (a zero-width space or a bidi override is what a
reader of this report needs to see, and a lone surrogate from a badly decoded file cannot even be written as
UTF-8), and wraps unusual spaces so they can be styled.
"""

from __future__ import annotations

import difflib
import html
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import zip_longest

import regex

from ..document import Document
from ..finding import Severity
from .text import visible

# Characters shown as a badge (all but tab and line breaks of Cc, and the invisible categories), and non-ASCII
# spaces (kept, but marked).
_SPECIAL = regex.compile(r"[[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]--[\t\n\r]]|[\p{Zs}--[\x20]]", regex.V1)
_TOKEN = regex.compile(r"\w+|\s+|.", regex.S)  # diff tokens: words, runs of space, single other characters
CHAR_DIFF_LIMIT = 200  # changed pieces up to this size are compared character by character
TOKEN_DIFF_LIMIT = 250_000  # two rows whose token counts multiply past this are shown as replaced whole
PIECE_CHARS = 400  # lines longer than this are shown (and compared) in pieces
_SENTENCE_END = regex.compile(r"(?<=[.!?\u2026][\"'\u201d\u2019)\]]*)\s+")
_WORD_END = regex.compile(r"(\w+)\W*\s+")
FAMILY_COLOURS = {"unicode": "#d62728", "boilerplate": "#e08a00", "captions": "#1f77b4"}
OTHER_COLOURS = ("#9467bd", "#2ca02c", "#17becf", "#8c564b", "#e377c2", "#7f7f7f")


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding as the page shows it. ``start``/``end`` are offsets into the (capped) text."""

    ident: str
    code: str
    name: str
    family: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    message: str
    fix: str


def esc(text: str) -> str:
    """Escape text the page itself composes (codes, names, numbers): no invisible characters expected."""
    return html.escape(text, quote=True)


def attr(text: str) -> str:
    """Document text for an attribute value (a tooltip): escaped, invisible characters as ``¤``."""
    return html.escape(visible(text), quote=True)


@lru_cache(maxsize=4096)
def _badge(ch: str) -> str:
    cp = ord(ch)
    name = unicodedata.name(ch, "") or f"category {unicodedata.category(ch)}"
    title = f"U+{cp:04X} {name}"
    if unicodedata.category(ch) == "Zs":
        return f'<span class="sp" title="{title}">{ch}</span>'
    return f'<span class="cp" title="{title}">{cp:04X}</span>'


def show(text: str) -> str:
    """Document text for element content: escaped, invisible characters as visible badges."""
    if _SPECIAL.search(text) is None:
        return html.escape(text, quote=True)
    out: list[str] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=True))
        out.append(_badge(m.group()))
        pos = m.end()
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


def family_colours(families: list[str]) -> str:
    """CSS giving each family (by its index in ``families``) its colour."""
    others = iter(OTHER_COLOURS * (len(families) // len(OTHER_COLOURS) + 1))
    return "".join(
        f".fam-{i}{{--fam:{FAMILY_COLOURS.get(family) or next(others)}}}\n" for i, family in enumerate(families)
    )


# -- findings in place ----------------------------------------------------------------------------------------


def _tooltip(marks: list[Mark]) -> str:
    return attr("\n".join(f"{m.code} [{m.name}] {m.message}" + (f" \u2014 {m.fix}" if m.fix else "") for m in marks))


def _mark_open(marks: list[Mark], families: list[str], point: bool = False) -> str:
    lead = min(marks, key=lambda m: (-m.severity.rank, m.start))
    classes = f"m fam-{families.index(lead.family)} sev-{lead.severity.value}"
    classes += " point" if point else ""
    classes += " multi" if len(marks) > 1 else ""
    idents = " ".join(m.ident for m in marks)
    codes = " ".join(sorted({esc(m.code) for m in marks}))
    return f'<mark class="{classes}" tabindex="0" data-f="{idents}" data-codes="{codes}" title="{_tooltip(marks)}">'


def highlight(text: str, marks: list[Mark], families: list[str]) -> str:
    """``text`` as HTML with a ``<mark>`` around every piece that findings cover, and line numbers.

    The text is cut at every finding boundary and line start; each piece is wrapped in one ``<mark>`` naming all
    the findings that cover it, so overlapping findings need no nested marks. Empty findings (a point, such as a
    missing space) become an empty mark drawn as a caret.
    """
    size = len(text)
    line_starts = Document(text).line_starts
    starting: dict[int, list[Mark]] = {}
    ending: dict[int, list[Mark]] = {}
    points: dict[int, list[Mark]] = {}
    for m in marks:
        if m.start > size:
            continue
        end = min(m.end, size)
        if end == m.start:
            points.setdefault(m.start, []).append(m)
        else:
            starting.setdefault(m.start, []).append(m)
            ending.setdefault(end, []).append(m)
    cuts = sorted({0, size, *line_starts, *starting, *ending, *points})
    line_number = {start: i + 1 for i, start in enumerate(line_starts)}
    active: dict[str, Mark] = {}
    opened: dict[tuple[str, ...], str] = {}
    out: list[str] = []
    for i, pos in enumerate(cuts):
        for m in ending.get(pos, ()):
            active.pop(m.ident, None)
        for m in starting.get(pos, ()):
            active[m.ident] = m
        if pos in line_number:
            out.append(f'<span class="ln" data-n="{line_number[pos]}"></span>')
        if pos in points:
            out.append(_mark_open(points[pos], families, point=True) + "</mark>")
        if i + 1 == len(cuts):
            break
        piece = show(text[pos : cuts[i + 1]])
        if active:
            key = tuple(active)
            if key not in opened:
                opened[key] = _mark_open(list(active.values()), families)
            out.append(f"{opened[key]}{piece}</mark>")
        else:
            out.append(piece)
    return "".join(out)


# -- side-by-side diff ------------------------------------------------------------------------------------------


def _inline(old: str, new: str) -> tuple[str, str]:
    """Two changed lines with their differences marked: words first, then characters inside short changes."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) * len(b) > TOKEN_DIFF_LIMIT:
        return f"<del>{show(old)}</del>", f"<ins>{show(new)}</ins>"
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        x, y = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            left.append(show(x))
            right.append(show(y))
        elif tag == "replace" and len(x) + len(y) <= CHAR_DIFF_LIMIT:
            for ctag, c1, c2, d1, d2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
                if ctag == "equal":
                    left.append(show(x[c1:c2]))
                    right.append(show(y[d1:d2]))
                    continue
                if c2 > c1:
                    left.append(f"<del>{show(x[c1:c2])}</del>")
                if d2 > d1:
                    right.append(f"<ins>{show(y[d1:d2])}</ins>")
        else:
            if x:
                left.append(f"<del>{show(x)}</del>")
            if y:
                right.append(f"<ins>{show(y)}</ins>")
    return "".join(left), "".join(right)


def _row(kind: str, left: tuple[str, str] | None, right: tuple[str, str] | None) -> str:
    cells = []
    for side in (left, right):
        if side is None:
            cells.append('<td class="n"></td><td class="t empty"></td>')
        else:
            cells.append(f'<td class="n">{side[0]}</td><td class="t">{side[1]}</td>')
    return f'<tr class="{kind}">{"".join(cells)}</tr>\n'


@dataclass(frozen=True, slots=True)
class Piece:
    """A row of the diff: a line, or a piece of a long line (scraped paragraphs are often thousands of characters)."""

    line: int
    first: bool  # the line's first piece carries its number
    text: str

    @property
    def label(self) -> str:
        return str(self.line) if self.first else ""


def pieces(text: str) -> list[str]:
    """A line cut into rows: long lines at sentence ends, then after words their hash picks.

    The cuts depend only on the text around them, never on where the previous cut fell, so an edit moves no cut but
    its own and the rows before and after it still match.
    """
    if len(text) <= PIECE_CHARS:
        return [text]
    cuts = {m.end() for m in _SENTENCE_END.finditer(text)}
    cuts |= {m.end() for m in _WORD_END.finditer(text) if zlib.crc32(m.group(1).encode("utf-8", "replace")) % 32 == 0}
    out: list[str] = []
    start = 0
    for cut in sorted(cuts):
        while cut - start > 2 * PIECE_CHARS:  # no natural cut for a long stretch: cut at a fixed width
            out.append(text[start : start + PIECE_CHARS])
            start += PIECE_CHARS
        if start < cut < len(text):
            out.append(text[start:cut])
            start = cut
    while len(text) - start > 2 * PIECE_CHARS:
        out.append(text[start : start + PIECE_CHARS])
        start += PIECE_CHARS
    out.append(text[start:])
    return out


def _rows(text: str) -> list[Piece]:
    return [Piece(line.number, i == 0, p) for line in Document(text).lines for i, p in enumerate(pieces(line.text))]


def side_by_side(before: str, after: str, context: int = 3) -> str:
    """A two-column diff table of the changed rows with ``context`` rows around them."""
    a, b = _rows(before), _rows(after)
    matcher = difflib.SequenceMatcher(None, [x.text for x in a], [y.text for y in b], autojunk=False)
    rows: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        span_a = f"{a[first[1]].line}\u2013{a[last[2] - 1].line}" if last[2] > first[1] else "\u2014"
        span_b = f"{b[first[3]].line}\u2013{b[last[4] - 1].line}" if last[4] > first[3] else "\u2014"
        rows.append(f'<tr class="hunk"><td colspan="4">lines {span_a} \u2192 {span_b}</td></tr>\n')
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    _row("same", (x.label, show(x.text)), (y.label, show(y.text)))
                    for x, y in zip(a[i1:i2], b[j1:j2], strict=True)
                ]
                continue
            for x, y in zip_longest(a[i1:i2], b[j1:j2]):
                if x is not None and y is not None:
                    old, new = _inline(x.text, y.text)
                    rows.append(_row("chg", (x.label, old), (y.label, new)))
                elif x is not None:
                    rows.append(_row("del", (x.label, f"<del>{show(x.text)}</del>"), None))
                else:
                    rows.append(_row("ins", None, (y.label, f"<ins>{show(y.text)}</ins>")))
    if not rows:
        return '<p class="note">Only line endings or the end of the text change.</p>\n'
    return (
        '<table class="sbs"><colgroup><col class="n"><col><col class="n"><col></colgroup>'
        '<thead><tr><th colspan="2">Before</th><th colspan="2">After</th></tr></thead><tbody>\n'
        + "".join(rows)
        + "</tbody></table>\n"
    )
