"""What the boilerplate family decides about one document, computed once and shared by its rules.

One phrase scan (see :mod:`boilerplate_phrases`) gives candidate lines and spans; this module gates them with
the structure the text still has, so that a phrase alone never removes article text:

* the article body runs from the first to the last *prose line* (a long line that ends a sentence and matches no
  phrase); lines above and below it are the *edges*, where page furniture lives (:mod:`boilerplate_layout`);
* entries marked ``where = "edges"`` fire only there or beside another candidate line, entries marked
  ``where = "run"`` (menu words: "Home", "News") only inside a run of three candidate lines or beside a stronger one;
* teasers must be followed by a title (capitalised, one sentence), copyright lines must carry a year, a domain, a
  rights phrase or a company suffix, spans inside a paragraph must start after a sentence end.

Then menu blocks (:mod:`boilerplate_menus`): runs of short link-like lines at the edges, with the accepted
furniture lines as their evidence.

Whole-line deletions of neighbouring lines are planned together (:func:`deletion_pieces`), so the paragraph
layout comes out as if the block had been deleted at once, whichever rules own its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from scrapelint.document import Document
from scrapelint.language import function_words, guess_language

from .boilerplate_layout import CLOSERS, Layout, ends_sentence, is_prose
from .boilerplate_menus import menu_blocks
from .boilerplate_phrases import EVERY_PAGE, LINE_ANCHORS, WHERE, Hit, PhraseTable, languages_for

# Text glued where an element boundary was lost. Each kind has a Unicode regex (run by Python on candidate lines,
# and by the fallback engine) and byte-level prefilters that ride the family's Hyperscan scan: ASCII, Latin-1 and
# Cyrillic letters spelled as UTF-8 bytes, because Hyperscan's UTF-8 mode makes such classes several times slower.
# Camel case ("subscribersRead also", "AcceptRead More") is only glue before a furniture phrase, which the phrase
# hits already show: names are camel case too (SoftBank, PlayStation), and a scan for every camel boundary, or for
# capitalised function words after a lower-case letter, would cost more than the whole phrase scan.
_LOWER = "a-zß-öø-ÿа-яё"
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_LATIN_LOWER = rb"(?:[a-z]|\xc3[\x9f-\xbf])"
_LATIN_UPPER = rb"(?:[A-Z]|\xc3[\x80-\x9e])"
_CYRILLIC_LOWER = rb"(?:\xd0[\xb0-\xbf]|\xd1[\x80-\x8f])"
_CYRILLIC_UPPER = rb"\xd0[\x90-\xaf]"
GLUE = (  # (kind, Unicode regex, Hyperscan prefilters)
    (
        "quote",  # blockade"Friday
        f'[{_LOWER}.,!?;]["”][{_UPPER}]',
        (rb'[a-z.,!?;]"' + _LATIN_UPPER, rb"[a-z.,!?;]\xe2\x80\x9d" + _LATIN_UPPER),
    ),
    (
        "sentence",  # processed.Learn
        f"[{_LOWER}]{{2}}[.!?][{_UPPER}][{_LOWER}]",
        (
            _LATIN_LOWER * 2 + rb"[.!?]" + _LATIN_UPPER + _LATIN_LOWER,
            # one pattern per mark: a literal byte to start from makes the Cyrillic scan five times faster
            *(_CYRILLIC_LOWER * 2 + mark + _CYRILLIC_UPPER + _CYRILLIC_LOWER for mark in (rb"\.", rb"!", rb"\?")),
        ),
    ),
)
GLUE_KINDS = tuple(kind for kind, _, _ in GLUE)

_INNER_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[^\W\d_]")
_TITLE_LEAD = " \t:|-–—»›>·•\"“”'([«"
_SEPARATORS = " \t\u00a0|-–—•·»›>:(["
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:[a-z]{2,3}|info|media|news|online)\b", re.IGNORECASE)
_RIGHTS_OR_COMPANY = re.compile(
    r"rights reserved|droits réservés|rechte vorbehalten|derechos reservados|diritti riservati|direitos reservados"
    r"|права защищены|rechten voorbehouden|prawa zastrzeżone|may not be (?:re)?published"
    r"|\b(?:inc|llc|ltd|gmbh|corp|plc|s\.a|s\.p\.a|ag|bv|oy|ооо|зао|sp\. z o\.o)\b",
    re.IGNORECASE,
)
_COPYRIGHT_START = re.compile(r"[^\w©]{0,3}(?:©|\(c\)|ⓒ|copyright)", re.IGNORECASE)
# An e-mail address or @handle (an "@" before a word character: Cloudflare's "[email protected]" too) or a link.
_ADDRESS = re.compile(r"@\w|https?://|\bwww\.", re.IGNORECASE)
MENU = "menu"  # the category of menu-block verdicts (B013): found by shape, not by a pack phrase
_WHERE_RANK = {where: rank for rank, where in enumerate(WHERE)}  # anywhere < edges < run: lower is stronger


class Verdict(NamedTuple):  # named tuples: a page dump has hundreds of verdicts, and tuples are cheap to make
    """One piece of furniture: a whole line (deleted with its neighbours' layout in mind) or a span in a line."""

    category: str
    line: int  # 0-based index into doc.lines
    start: int  # reported span (code points)
    end: int
    evidence: str  # the phrase or pattern that decided it
    whole_line: bool
    delete: tuple[int, int] | None = None  # span to delete for in-line verdicts; None: report only


class Glue(NamedTuple):
    """Two elements run together: ``insert`` goes at ``at`` (a space, or a line break before furniture)."""

    kind: str
    at: int
    insert: str | None  # None: ambiguous, report only
    start: int
    end: int
    # False where the lost boundary follows a sentence end: it may have been a paragraph break as well as a space,
    # so which one to insert is not certain (the fix is then unsafe). Before known furniture it is a line break.
    sure: bool = True


@dataclass
class Analysis:
    verdicts: list[Verdict] = field(default_factory=list)
    glue: list[Glue] = field(default_factory=list)
    pieces: dict[int, tuple[int, int]] = field(default_factory=dict)  # line -> deletion span, whole-line verdicts
    by_category: dict[str, list[Verdict]] = field(default_factory=dict)  # the verdicts, grouped for the rules

    @property
    def deleted_lines(self) -> set[int]:
        return {v.line for v in self.verdicts if v.whole_line}


EMPTY = Analysis()


def analyse(doc: Document, table: PhraseTable) -> Analysis:
    hits, glue_hits = table.scan(doc)
    if not hits and not glue_hits:
        return EMPTY
    if any(h.phrase.language not in EVERY_PAGE for h in hits):  # guess the language only when it matters
        allowed = languages_for(doc.language or doc.memo("language", _guess))
        hits = [h for h in hits if allowed is None or h.phrase.language in allowed]
    line_candidates: dict[int, list[Hit]] = {}
    spans: list[Verdict] = []
    for hit in hits:
        if hit.phrase.anchor in LINE_ANCHORS:
            if _line_passes(doc, hit):
                line_candidates.setdefault(hit.line, []).append(hit)
        else:
            verdict = _span_verdict(doc, hit)
            if verdict:
                spans.append(verdict)
    # Candidate lines are not article prose, whatever their length; a sentence that merely mentions a phrase
    # ("… the copyright of the song …") did not become a candidate and still is.
    layout = Layout(doc, set(line_candidates))
    verdicts = _gate_lines(doc, layout, line_candidates)
    deleted = {v.line for v in verdicts}
    _add_menus(doc, layout, verdicts, deleted)
    verdicts.extend(v for v in _first_per_span(spans) if v.line not in deleted)
    verdicts.sort(key=lambda v: v.start)
    glue = _glue(doc, glue_hits, hits, verdicts) if glue_hits or hits else []
    by_category: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_category.setdefault(verdict.category, []).append(verdict)
    return Analysis(verdicts, glue, deletion_pieces(doc, deleted), by_category)


def _add_menus(doc: Document, layout: Layout, verdicts: list[Verdict], deleted: set[int]) -> None:
    """Menu blocks at the edges (:mod:`boilerplate_menus`), one whole-line verdict per line they delete."""
    texts, starts = doc.line_texts, doc.line_starts
    for block in menu_blocks(texts, layout, deleted):
        evidence = f"menu block of {block.size} lines"
        verdicts.extend(Verdict(MENU, i, starts[i], starts[i] + len(texts[i]), evidence, True) for i in block.lines)
        deleted.update(block.lines)


def family_analysis(doc: Document, table: PhraseTable) -> Analysis:
    """The analysis of ``doc``, computed by the first rule of the family that asks and shared with the others."""
    analysis = doc.__dict__.get(table.memo_key)  # the hot path: the family's gate and rules ask, one computes
    return analysis if analysis is not None else doc.memo(table.memo_key, lambda d: analyse(d, table))


def _guess(doc: Document) -> str | None:
    return guess_language(doc.text)


def _line_passes(doc: Document, hit: Hit) -> bool:
    line_text = doc.line_texts[hit.line]
    text = line_text.strip()
    phrase = hit.phrase
    if len(text) > phrase.max_length:
        return False
    if phrase.category == "teaser" and phrase.anchor == "prefix":
        return title_like(line_text[hit.end - doc.line_starts[hit.line] :])
    if phrase.category == "copyright":  # a notice: it starts with the marker, or it is not a sentence of prose
        return _looks_like_copyright(text) and (_COPYRIGHT_START.match(text) is not None or not is_prose(text))
    if phrase.needs == "address":  # a contact line: the address makes it one, sentence or not
        return _ADDRESS.search(text) is not None
    if phrase.anchor == "contains" and phrase.where != "anywhere":
        return not is_prose(text)  # a sentence that mentions a generic phrase is prose, not a banner
    return True


def _looks_like_copyright(text: str) -> bool:
    return bool(_YEAR.search(text) or _DOMAIN.search(text) or _RIGHTS_OR_COMPANY.search(text))


def title_like(tail: str) -> bool:
    """What follows a teaser phrase is a headline: nothing, or one capitalised sentence."""
    tail = tail.strip().lstrip(_TITLE_LEAD).strip()
    if not tail:
        return True
    if tail[0].islower():
        return False
    return not _INNER_SENTENCE_BREAK.search(tail.rstrip(CLOSERS).rstrip(".!?…"))


def _gate_lines(doc: Document, layout: Layout, candidates: dict[int, list[Hit]]) -> list[Verdict]:
    """Accept candidate lines whose ``where`` condition holds; one verdict per line, strongest entry first."""
    best = {i: hits[0] if len(hits) == 1 else min(hits, key=_rank) for i, hits in candidates.items()}
    accepted: set[int] = set()
    for i, hit in best.items():
        where = hit.phrase.where
        if where == "anywhere" or (where == "edges" and _edges_ok(layout, i, best)):
            accepted.add(i)
    for i, hit in best.items():  # menu words: inside a run of furniture
        if hit.phrase.where == "run" and _run_ok(layout, i, best, accepted):
            accepted.add(i)
    out = []
    texts, starts = doc.line_texts, doc.line_starts
    for i in sorted(accepted):
        phrase = best[i].phrase
        out.append(Verdict(phrase.category, i, starts[i], starts[i] + len(texts[i]), phrase.text, True))
    return out


def _rank(hit: Hit) -> int:
    return _WHERE_RANK[hit.phrase.where]


def _edges_ok(layout: Layout, index: int, candidates: dict[int, Hit]) -> bool:
    return layout.at_edge(index) or any(j in candidates for j in layout.neighbours(index))


def _run_ok(layout: Layout, index: int, candidates: dict[int, Hit], accepted: set[int]) -> bool:
    if any(j in accepted for j in layout.neighbours(index)):
        return True
    run = 1
    for nearest in (layout.above, layout.below):  # count candidate lines on each side, through blank lines
        j = nearest(index)
        while run < 3 and j is not None and j in candidates:  # three make a run: a long menu is not walked
            run += 1
            j = nearest(j)
    return run >= 3


def _span_verdict(doc: Document, hit: Hit) -> Verdict | None:
    """A suffix or inline phrase: the span from the phrase to the end of the line, after a sentence end."""
    line_start = doc.line_starts[hit.line]
    line_end = line_start + len(doc.line_texts[hit.line])
    phrase = hit.phrase
    before = doc.text[line_start : hit.start]
    kept = before.rstrip(_SEPARATORS)
    if not any(ch.isalnum() for ch in kept):
        return None  # the phrase starts the line: that is for the line entries
    glued = before[-1:].isalnum()
    if not (glued or ends_sentence(kept) or before.rstrip().endswith(("...", "…", "|", "-", "–", "—"))):
        return None
    if line_end - hit.start > phrase.max_length:
        return None
    cut = line_start + len(kept) if not glued else hit.start
    if phrase.anchor == "inline" and not title_like(doc.text[hit.end : line_end]):
        return Verdict(phrase.category, hit.line, hit.start, hit.end, phrase.text, False, None)
    return Verdict(phrase.category, hit.line, hit.start, line_end, phrase.text, False, (cut, line_end))


def _first_per_span(verdicts: list[Verdict]) -> list[Verdict]:
    """One verdict per line for in-line spans: the one that starts first (it covers the others)."""
    by_line: dict[int, Verdict] = {}
    for v in verdicts:
        if v.line not in by_line or v.start < by_line[v.line].start:
            by_line[v.line] = v
    return list(by_line.values())


# ---- deletion planning ---------------------------------------------------------------------------------------------
def deletion_pieces(doc: Document, deleted: set[int], wanted: set[int] | None = None) -> dict[int, tuple[int, int]]:
    """The span each deleted line removes, so that all pieces together equal deleting each block of neighbouring
    lines at once with :meth:`Document.line_block_span` (right blank-line layout), and any subset of them still
    leaves whole lines (pieces never glue two kept lines together). With ``wanted``, only the blocks holding one
    of those lines are planned (a block's pieces do not depend on the others)."""
    if not deleted:
        return {}
    texts, starts = doc.line_texts, doc.line_starts
    last_filled = next((i for i in range(len(texts) - 1, -1, -1) if texts[i].strip()), -1)
    pieces: dict[int, tuple[int, int]] = {}
    for run in _runs(texts, sorted(deleted)):
        if wanted is not None and wanted.isdisjoint(run):
            continue
        start, end = doc.line_block_span(run[0] + 1, run[-1] + 1)
        if len(run) == 1:
            pieces[run[0]] = (start, end)
        elif run[-1] >= last_filled and start < starts[run[0]] and start > 0:
            # the block ends the text: each piece is a line with the line breaks before it
            previous = start
            for i in run:
                pieces[i] = (previous, starts[i] + len(texts[i]))
                previous = pieces[i][1]
            pieces[run[-1]] = (pieces[run[-1]][0], end)
        else:
            bounds = [start, *(starts[i] for i in run[1:]), end]
            for k, i in enumerate(run):
                pieces[i] = (bounds[k], bounds[k + 1])
    return pieces


def _runs(texts: list[str], indexes: list[int]) -> list[list[int]]:
    """Group line indexes into blocks separated by nothing but blank lines."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and _all_blank(texts[runs[-1][-1] + 1 : i]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _all_blank(texts: list[str]) -> bool:
    return not any(map(str.strip, texts))  # a blank line strips to nothing (Line.is_blank)


# ---- glued text ------------------------------------------------------------------------------------------------------
_GLUE_REGEX = tuple(re.compile(pattern) for _, pattern, _ in GLUE)
_CAMEL_REGEX = re.compile(f"[{_LOWER}]{{3}}[{_UPPER}][{_LOWER}]")  # any camel boundary: judged one by one
# Marks of markup, code, JSON and CSV, found with str's substring search (a regex alternation of them tries every
# position of a one-line page)
_STRUCTURE_MARKS = ("{", "}", "<", ">", "=", '","', '":')
# Words that start English sentences (the language guesser's function words cover the other languages).
_SENTENCE_STARTERS = frozenset(
    (
        "The", "This", "That", "These", "Those", "It", "It's", "If", "In", "On", "At", "As", "An", "A", "He", "She",
        "They", "We", "I", "You", "But", "And", "So", "Then", "When", "While", "After", "Before", "However",
        "Meanwhile", "Also", "There", "Here", "What", "Why", "How", "Its", "His", "Her", "Their", "Our", "Some",
    )
)  # fmt: skip
_TLD_WORDS = frozenset(
    ("com", "net", "org", "info", "io", "ru", "de", "fr", "uk", "co", "es", "it", "nl", "pl", "pt", "ua", "eu", "us")
)


def _glue(doc: Document, glue_hits: list[tuple[int, int]], hits: list[Hit], verdicts: list[Verdict]) -> list[Glue]:
    covered = {v.line for v in verdicts if v.whole_line}
    span_starts = {v.delete[0] for v in verdicts if v.delete} | {v.start for v in verdicts if not v.whole_line}
    phrase_starts = {h.start for h in hits}
    words = _LazyWords(doc)
    out: dict[int, Glue] = {}
    candidates = [(GLUE_KINDS[k], n) for k, n in glue_hits]
    candidates += [("camel", h.line) for h in hits if _glued_before(doc.text, h.start)]
    texts, starts = doc.line_texts, doc.line_starts
    for kind, number in dict.fromkeys(candidates):  # once per line and kind: a one-line page has many hits
        if number in covered:
            continue
        text = texts[number]
        if any(mark in text for mark in _STRUCTURE_MARKS):
            continue  # markup, code, JSON, CSV: quotes and capitals mean something else there
        regex = _GLUE_REGEX[GLUE_KINDS.index(kind)] if kind != "camel" else _CAMEL_REGEX
        for m in regex.finditer(text):
            glue = _judge(kind, text, starts[number], m, phrase_starts, words)
            if glue and glue.at not in span_starts:
                out.setdefault(glue.at, glue)
    return sorted(out.values(), key=lambda g: g.at)


def _glued_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].islower() and text[start].isupper()


class _LazyWords:
    """The document language's function words, guessed only if a glue candidate needs them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if word not in _ANY_FUNCTION_WORD:
            return False  # in no language's list: the language does not matter
        if self.words is None:
            self.words = function_words(self.doc.language or self.doc.memo("language", _guess))
        return word in self.words


_ANY_FUNCTION_WORD = function_words(None)  # every language's function words


def _starts_sentence(word: str, words: _LazyWords) -> bool:
    """A word that starts sentences (asked last: the function words may need the document's language)."""
    return len(word) > 1 and (word in _SENTENCE_STARTERS or word.lower() in words)


def _judge(
    kind: str, text: str, base: int, m: re.Match[str], phrase_starts: set[int], words: _LazyWords
) -> Glue | None:
    if kind == "quote":
        q = m.start() + 1
        closing = text[q] == "”" or text.count('"', 0, q) % 2 == 1
        if closing:
            return Glue(kind, base + q + 1, " ", base + q, base + q + 2, sure=text[q - 1] not in ".!?")
        if not text[q - 1].isalpha():
            return None  # `."Next` with an even count: an opening quote after a sentence end is already spaced
        return Glue(kind, base + q, " ", base + q - 1, base + q + 1)
    token_start = max(text.rfind(" ", 0, m.start()), text.rfind("\t", 0, m.start())) + 1
    token_end = len(text) if text.find(" ", m.end()) < 0 else text.find(" ", m.end())
    token = text[token_start:token_end]
    if any(mark in token for mark in ("/", "@", "_", "www", "(", "\\")):
        return None  # URLs, handles, code
    at = m.end() - 2  # the capital letter
    right = re.match(r"[^\W\d_][^\W\d_A-ZÀ-ÞА-ЯЁ]*", text[at:])
    right_word = right.group(0) if right else ""
    after = text[at + len(right_word) : at + len(right_word) + 1]
    if after.isalpha():
        return None  # CamelCaseChain: a name (PlayStationPortable), not glue
    furniture = base + at in phrase_starts
    left_word = text[token_start:at].rstrip(".!?")
    if kind == "sentence":
        if token.count(".") > 1 or right_word.lower() in _TLD_WORDS:
            return None  # java.util.List, Example.Com
        if not (furniture or left_word.islower() or _starts_sentence(right_word, words)):
            return None  # Mixi.Media, Austria.Leonhard: a name with a dot, or two names; cannot tell
        return Glue(kind, base + at, "\n" if furniture else " ", base + at - 1, base + at + 1, sure=furniture)
    # camel: brand names (SoftBank, PlayStation, JavaScript) look the same; only a furniture phrase decides, and
    # never inside a chain of capitals (businessInsiderDe, McDonaldsCorp)
    if furniture and not any(ch.isupper() for ch in left_word[1:]):
        return Glue(kind, base + at, "\n", base + at - 1, base + at + 1)
    return None
