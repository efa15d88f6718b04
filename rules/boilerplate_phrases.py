"""Boilerplate phrase packs and the engine that finds every phrase of every pack in one pass.

A phrase is data (``rules/packs/boilerplate/<lang>.toml``, plus the user's packs)::

    [[entry]]
    text = "Read also"        # case-insensitive; spaces match any run of spaces, ' any apostrophe,
    category = "teaser"       # "#" a number, "..." an ellipsis
    anchor = "prefix"         # line | prefix | contains | suffix | inline
    max-length = 200          # longest text the entry may remove (the line, or the span for suffix/inline)
    where = "anywhere"        # anywhere | edges (outside the article body or beside furniture) | run (beside furniture)
    seen = "lemonde.fr (English edition), seed 001"

Two optional keys narrow an entry: ``case = "exact"`` matches the spelling exactly ("VIDEO", the placeholder some
extractors leave for an embed, and not the intertitle "Video" of a camera review), and ``needs = "address"`` takes
the line only when it carries an e-mail address, an @handle or a link ("Write to Jane Doe at jane@example.com", not
"Write to your MP"); such a line is furniture even when it reads as a sentence.

Engine, two paths, one pass each:

* ``anchor = "line"`` entries (two thirds of the packs: "Advertisement", "Share this:", "Please enter your name
  here") are the whole line give or take bullets and closing punctuation, so they are found by a dictionary
  lookup of each short line, normalised (decoration stripped, lower case, spacing collapsed). Articles have few
  short lines, so clean text costs a few microseconds; a page dump has thousands, so a line is first tested on
  its first three characters, then looked up undecorated (most lines are plain words, their own key), and only
  the rest get the full key.
* the other anchors (and long whole-line entries) are found by ONE Hyperscan database of literals, scanned
  over the text together with the family's case-sensitive glue patterns; the few hits are re-matched on their
  line with the phrase's own Python regex for exact spans, anchoring and word boundaries. Literals, not anchored
  regexes: Hyperscan compiles a literal set in a fraction of a second but needs seconds for hundreds of anchored
  patterns, and scans it at hundreds of MB/s (a ``regex`` alternation of the same phrases runs at a few MB/s).
  pyahocorasick would do for literals, but it matches case-sensitively (a lower-cased copy of every document) and
  cannot run the family's case-sensitive glue patterns in the same pass. Literals are spelled with single spaces:
  when the page has irregular spacing, a second, one-pattern database finds the lines with such spacing between
  two words, and only those lines are scanned again with it collapsed.

Without Hyperscan (platforms without wheels) the same entries run one by one with ``re``: correct, slow.

Thread safety: the databases are read-only and shared; Hyperscan's scratch space is per thread. Nothing here is
pickled: rules rebuild their tables from configuration, and tables are cached per process.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from scrapelint.cache import hyperscan_database
from scrapelint.document import Document
from scrapelint.packs import Pack, packs_for

try:  # Hyperscan ships wheels for x86-64 and ARM64 Linux and macOS
    import hyperscan
except ImportError:  # pragma: no cover - exercised only where no wheel exists
    hyperscan = None

FAMILY = "boilerplate"
ANCHORS = ("line", "prefix", "contains", "suffix", "inline")
LINE_ANCHORS = frozenset(("line", "prefix", "contains"))  # the finding is the whole line
WHERE = ("anywhere", "edges", "run")
CASES = ("ignore", "exact")
NEEDS = ("address",)
CATEGORIES = (
    "comments",
    "anti-spam",
    "copyright",
    "paywall",
    "teaser",
    "newsletter",
    "consent",
    "social",
    "navigation",
)
Glue = tuple[str, str, tuple[bytes, ...]]  # kind, Unicode regex, Hyperscan byte-level prefilters
DEFAULT_MAX_LENGTH = {"line": 200, "prefix": 200, "contains": 200, "suffix": 120, "inline": 200}

# List bullets, Markdown marks, table bars and brackets around a line (html2text and inscriptis leave them), and the
# breadcrumb marks that open a section label ("» Publicidade").
LEAD = " \t\u00a0*•·+|>#_[(«»›\"“'-"
TRAIL = " \t\u00a0*.:!?…»›>|)]_\"”'\r-"
_SPACE = "[ \t\u00a0]+"
_APOSTROPHE = "['’‘`´]"
_NUMBER = "[0-9][0-9,.]*[kKmM]?"
_ELLIPSIS = "(?:…|\\.\\.\\.)"
_NUMBER_IN_KEY = re.compile(r"[0-9][0-9,.]*[km]?")
_SHORT_LINE = 40  # whole-line entries up to this length are looked up by line; longer ones are scanned
_HEAD = 3  # characters of a line compared before its full key is built
_DECORATION = 12  # bullets, brackets, Markdown marks and punctuation a short line may carry around its text


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    category: str
    anchor: str
    max_length: int
    where: str
    language: str
    origin: str  # "<pack path>: entry N", for messages and debugging
    exact: bool = False  # case = "exact": the spelling must match, not only the letters
    needs: str | None = None  # "address": the line must carry an e-mail address, an @handle or a link

    @property
    def pattern(self) -> str:
        """The flexible regex (Python ``re``, case-insensitive, one line at a time)."""
        body = _body(self.text)
        if self.anchor == "line":
            return f"^[{re.escape(LEAD)}]*{body}[{re.escape(TRAIL)}]*$"
        if self.anchor == "prefix":
            return f"^[{re.escape(LEAD)}]*{body}"
        if self.anchor == "suffix":
            return f"{body}[{re.escape(TRAIL)}]*$"
        return body

    @property
    def literals(self) -> list[str]:
        """Literal spellings for the Hyperscan scan, lower case unless the case is exact ("#" stays a placeholder for
        a number)."""
        text = (self.text if self.exact else self.text.lower()).replace("…", "...")
        spellings = {text, text.replace("'", "’"), text.replace("’", "'"), text.replace("...", "…")}
        return sorted(spellings)


class Hit(NamedTuple):  # a named tuple: a page dump has thousands of hits, and tuples are cheap to make
    """A verified phrase occurrence: ``start``/``end`` are code-point offsets of the match in the document."""

    phrase: Phrase
    line: int  # 0-based index into ``doc.lines``
    start: int
    end: int


def _behaviour(phrase: Phrase) -> tuple[str, str, str, int, str, bool, str | None]:
    """Everything about a phrase that decides a verdict (all but its pack's language and origin)."""
    return (phrase.text, phrase.category, phrase.anchor, phrase.max_length, phrase.where, phrase.exact, phrase.needs)


def _body(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith("...", i):
            out.append(_ELLIPSIS)
            i += 3
            continue
        if ch == "…":
            out.append(_ELLIPSIS)
        elif ch == " ":
            out.append(_SPACE)
        elif ch in "'’":
            out.append(_APOSTROPHE)
        elif ch == "#":
            out.append(_NUMBER)
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def line_key(text: str) -> str:
    """A short line as the line dictionary knows it: decoration stripped, lower case, spacing collapsed,
    apostrophes and ellipses unified, numbers as "#"."""
    return _finished_key(_undecorated(text))


def _undecorated(text: str) -> str:
    return text.strip(LEAD).rstrip(TRAIL).lower()


def _finished_key(undecorated: str) -> str:
    """The rest of :func:`line_key`. A key is left as it is, and so is :func:`_plain` text."""
    key = " ".join(undecorated.split()).replace("’", "'").replace("…", "...")
    key = key.rstrip(TRAIL)  # "Loading..." and "Loading…" both end up as "loading"
    return _NUMBER_IN_KEY.sub("#", key)


def _plain(text: str) -> bool:
    """Words of letters one space apart (most short lines, once undecorated): no spacing, apostrophe, ellipsis,
    trailing mark or number for :func:`_finished_key` to change."""
    return "  " not in text and text.replace(" ", "").isalpha()


def phrases_from_pack(pack: Pack) -> list[Phrase]:
    """Validate a pack's entries; errors name the file and the entry."""
    out = []
    for index, entry in enumerate(pack.entries):
        unknown = set(entry) - {"text", "category", "anchor", "max-length", "where", "case", "needs", "seen", "comment"}
        if unknown:
            raise pack.error(index, f"unknown key(s) {', '.join(sorted(unknown))}")
        text, category = entry.get("text"), entry.get("category")
        anchor, where = entry.get("anchor", "line"), entry.get("where", "anywhere")
        if not isinstance(text, str) or not text.strip():
            raise pack.error(index, "'text' must be a non-empty string")
        if category not in CATEGORIES:
            raise pack.error(index, f"'category' must be one of {', '.join(CATEGORIES)}")
        if anchor not in ANCHORS:
            raise pack.error(index, f"'anchor' must be one of {', '.join(ANCHORS)}")
        if where not in WHERE:
            raise pack.error(index, f"'where' must be one of {', '.join(WHERE)}")
        case, needs = entry.get("case", "ignore"), entry.get("needs")
        if case not in CASES:
            raise pack.error(index, f"'case' must be one of {', '.join(CASES)}")
        if needs is not None and needs not in NEEDS:
            raise pack.error(index, f"'needs' must be one of {', '.join(NEEDS)}")
        if needs is not None and anchor not in LINE_ANCHORS:
            raise pack.error(index, "'needs' applies to whole-line anchors only (line, prefix, contains)")
        if anchor == "line" and not line_key(text.replace("#", "0")):
            raise pack.error(index, "a line entry needs letters, not only punctuation")
        max_length = entry.get("max-length", DEFAULT_MAX_LENGTH[anchor])
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < len(text):
            raise pack.error(index, "'max-length' must be an integer at least as long as the text")
        origin = f"{pack.path}: entry {index + 1}"
        text = " ".join(text.split())
        out.append(Phrase(text, category, anchor, max_length, where, pack.language, origin, case == "exact", needs))
    return out


class PhraseTable:
    """Every phrase of the given packs; the family's ``glue`` patterns (case-sensitive) ride the same scan."""

    def __init__(self, phrases: Sequence[Phrase], glue: Sequence[Glue] = ()) -> None:
        # An entry that repeats one of a pack applying to every page (same text, category, anchor, limits: "Contact"
        # in fr, nl and en) changes no verdict, but its hits would make the family guess the page's language.
        everywhere = {_behaviour(p) for p in phrases if p.language in EVERY_PAGE}
        self.phrases = tuple(p for p in phrases if p.language in EVERY_PAGE or _behaviour(p) not in everywhere)
        self.glue = tuple(glue)  # (kind, Unicode regex, Hyperscan byte prefilters) per kind of glued text
        # Short whole-line entries: a dictionary of line keys. Long ones ride the scan (their lines are long, and
        # articles have many long lines but few short ones).
        looked_up = [p for p in self.phrases if p.anchor == "line" and len(p.text) <= _SHORT_LINE]
        self.by_line: dict[str, list[Phrase]] = {}
        for phrase in looked_up:  # "#" (a number) must survive the decoration stripping: write it as a digit
            self.by_line.setdefault(line_key(phrase.text.replace("#", "0")), []).append(phrase)
        self.longest_line = _SHORT_LINE + _DECORATION
        self.heads = frozenset(key[:_HEAD] for key in self.by_line)  # a cheap first test before the full key
        looked_up_ids = {id(p) for p in looked_up}
        self.scanned = tuple(p for p in self.phrases if id(p) not in looked_up_ids)
        self.memo_key = f"boilerplate.analysis.{id(self)}"  # the family's per-document analysis of this table
        self._compiled: dict[int, re.Pattern[str]] = {}  # by id(phrase): hashing the dataclass costs more
        self._glue_regex = tuple(re.compile(pattern) for _, pattern, _ in self.glue)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._database: tuple[object, object] | None = None

    def regex(self, phrase: Phrase) -> re.Pattern[str]:
        """The phrase's Python regex (compiled on first use, for verifying hits on one line)."""
        pattern = self._compiled.get(id(phrase))
        if pattern is None:
            flags = 0 if phrase.exact else re.IGNORECASE
            pattern = self._compiled[id(phrase)] = re.compile(phrase.pattern, flags)
        return pattern

    # -- scanning ------------------------------------------------------------------------------------------------
    def scan(self, doc: Document) -> tuple[list[Hit], list[tuple[int, int]]]:
        """Verified phrase hits, and (glue pattern index, line index) of the glue patterns' matches."""
        hits = self._line_hits(doc)
        scanned, glue = self._scan(doc)
        if not scanned and not glue:
            return hits, []
        texts, starts = doc.line_texts, doc.line_starts
        for index, number in sorted(set(scanned)):
            phrase, text, start = self.scanned[index], texts[number], starts[number]
            for m in self.regex(phrase).finditer(text):
                if _bounded(text, m.start(), m.end(), phrase.anchor):
                    hits.append(Hit(phrase, number, start + m.start(), start + m.end()))
        return hits, sorted(set(glue), key=lambda pair: pair[1])

    def _line_hits(self, doc: Document) -> list[Hit]:
        """Whole-line entries, by dictionary lookup of the short lines."""
        longest, by_line, heads = self.longest_line, self.by_line, self.heads
        texts = doc.line_texts
        hits: list[Hit] = []
        for number, line_text in enumerate(texts):
            if not line_text or len(line_text) > longest:
                continue
            head = line_text.lstrip(LEAD)[:_HEAD].lower()
            if head not in heads and not head[:1].isdigit():  # most short lines of a dump: rejected here
                continue
            undecorated = _undecorated(line_text)
            phrases = by_line.get(undecorated)  # found: a key already, so it is the line's key
            if phrases is None and not _plain(undecorated):  # plain text is its own key: not found is not found
                phrases = by_line.get(_finished_key(undecorated))
            if phrases:
                start = doc.line_starts[number]  # the line's offsets, without building every line of the page
                end = start + len(line_text)
                for phrase in phrases:  # usually one
                    if len(line_text) <= phrase.max_length and (not phrase.exact or _spelled(line_text, phrase)):
                        hits.append(Hit(phrase, number, start, end))
        return hits

    def _scan(self, doc: Document) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(scanned phrase index, line) and (glue index, line) of every match."""
        if hyperscan is None:
            return self._scan_with_re(doc)
        database, probe = self._hyperscan()
        scratches = getattr(self._local, "scratches", None)
        if scratches is None:
            scratches = self._local.scratches = (hyperscan.Scratch(database), hyperscan.Scratch(probe))
        found: list[tuple[int, int]] = []
        data = doc.utf8  # lone surrogates become "?"
        database.scan(data, match_event_handler=_collect, context=found, scratch=scratches[0])
        if not found:
            return [], []
        glue_ids, spacing_ids = len(self.scanned), len(self.scanned) + len(self.glue)
        if any(index >= spacing_ids for index, _ in found):  # two spaces, a tab, a no-break space somewhere: where?
            probe.scan(data, match_event_handler=_collect, context=found, scratch=scratches[1])
        located = _lines_of(found, data)  # one count of the line breaks for both scans
        spaced_id = spacing_ids + len(_IRREGULAR_SPACING)
        spaced = sorted({line for i, line in located if i == spaced_id})
        if spaced:
            located += self._rescan_spaced(doc, spaced, database, scratches[0])
        phrases = [(i, line) for i, line in located if i < glue_ids]
        glue = [(i - glue_ids, line) for i, line in located if glue_ids <= i < spacing_ids]
        return phrases, glue

    def _rescan_spaced(
        self, doc: Document, numbers: list[int], database: object, scratch: object
    ) -> list[tuple[int, int]]:
        """Matches in the lines with irregular spacing between two words, found again with the spacing collapsed
        to one space: phrase literals are spelled with single spaces.

        Only these lines, not the whole page (dumps indent and pad their lines everywhere): spacing at a line's
        edges, a single space, or a line without irregular spacing gains no match when collapsed, because no
        pattern contains spacing other than a single space between two non-space characters or crosses a line
        break; and collapsing never loses a match, so the first scan's matches stand."""
        texts = doc.line_texts
        spaced = _normalized_spacing("\n".join([texts[n] for n in numbers])).encode("utf-8", "replace")
        found: list[tuple[int, int]] = []
        database.scan(spaced, match_event_handler=_collect, context=found, scratch=scratch)
        return [(index, numbers[line]) for index, line in _lines_of(found, spaced)]

    def _scan_with_re(self, doc: Document) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        starts = doc.line_starts
        phrases = [
            (i, bisect_right(starts, m.end()) - 1)
            for i, phrase in enumerate(self.scanned)
            for m in self.regex(phrase).finditer(doc.text)
        ]
        glue = [
            (i, bisect_right(starts, m.end()) - 1) for i, g in enumerate(self._glue_regex) for m in g.finditer(doc.text)
        ]
        return phrases, glue

    def _hyperscan(self) -> tuple[object, object]:
        """The phrase and glue database, and the probe for irregular spacing between words."""
        if self._database is None:
            with self._lock:
                if self._database is None:
                    spaced_id = len(self.scanned) + len(self.glue) + len(_IRREGULAR_SPACING)
                    self._database = (_compile(self.scanned, self.glue), _compile_spacing_probe(spaced_id))
        return self._database


def _spelled(line_text: str, phrase: Phrase) -> bool:
    """A case-exact whole-line entry: the line's text, undecorated, is spelled as the entry is."""
    return _undecorated_spelling(line_text) == _undecorated_spelling(phrase.text)


def _undecorated_spelling(text: str) -> str:
    return " ".join(text.strip(LEAD).rstrip(TRAIL).split())


def _bounded(text: str, start: int, end: int, anchor: str) -> bool:
    """Word boundaries at both ends of a match (checked here: the scan is literal)."""
    if anchor in ("contains", "inline", "suffix") and start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return text[start].isupper() and text[start - 1].islower()  # "subscribersRead also": a lost boundary
    return not (
        anchor in ("contains", "inline", "prefix")
        and end < len(text)
        and text[end - 1].isalnum()
        and text[end].isalnum()
    )


def _collect(index: int, start: int, end: int, flags: int, found: list[tuple[int, int]]) -> None:
    found.append((index, end))


_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")
_SPACE_RUN = re.compile("  +")
_IRREGULAR_SPACING = ("  ", "\t", "\u00a0")  # single-match probes of the family's scan: is there any?
# Where: the start of a run of spaces, tabs and no-break spaces other than a single space, after a character that
# is not spacing or a line break (runs that indent a line do not matter). One match per run: a few per page.
_SPACING_BETWEEN_WORDS = rb"[^ \t\r\n](?:\t|\xc2\xa0| [ \t]| \xc2\xa0)"


def _lines_of(found: list[tuple[int, int]], data: bytes) -> list[tuple[int, int]]:
    """(pattern index, byte end offset) -> (pattern index, 0-based line number)."""
    if not found:
        return []
    if b"\r" in data:
        starts = [0, *(m.end() for m in _BYTE_BREAK.finditer(data))]
        return [(index, bisect_right(starts, end - 1) - 1) for index, end in found]
    # "\n" breaks only: count them (in C) between consecutive match ends, not a table of every line of a page dump
    line_of: dict[int, int] = {}
    line = previous = 0
    for end in sorted({end for _, end in found}):
        line += data.count(b"\n", previous, end - 1)
        line_of[end] = line
        previous = end - 1
    return [(index, line_of[end]) for index, end in found]


def _normalized_spacing(text: str) -> str:
    """Tabs and no-break spaces to spaces, runs of spaces to one (line breaks untouched)."""
    return _SPACE_RUN.sub(" ", text.replace("\t", " ").replace("\u00a0", " "))


def _compile(phrases: Sequence[Phrase], glue: Sequence[Glue]) -> object:
    """One database: the phrases' literal spellings (ids point back to the phrase), the glue patterns, and three
    single-match probes for irregular spacing. ASCII literals match case-insensitively; Hyperscan folds case only
    for ASCII, so other literals are listed as written, lower case, capitalised and upper case; the literals of a
    case-exact entry only as written ("Follow" then stops on few lines of an article: "follow", "followed" and
    "following" pass it by)."""
    expressions: list[bytes] = []
    ids: list[int] = []
    flags: list[int] = []
    for index, phrase in enumerate(phrases):
        for spelling in phrase.literals:
            as_written = spelling.isascii() or phrase.exact  # Hyperscan folds ASCII case; exact entries keep theirs
            variants = [spelling] if as_written else sorted({spelling, spelling.capitalize(), spelling.upper()})
            for variant in variants:
                parts = [re.escape(part) for part in variant.split("#")]
                expressions.append(_NUMBER.join(parts).encode())
                ids.append(index)
                # non-ASCII literals compile as plain UTF-8 byte strings: UTF-8 mode would cost seconds to compile
                flags.append(hyperscan.HS_FLAG_CASELESS if variant.isascii() and not phrase.exact else 0)
    for kind, (_, _, prefilters) in enumerate(glue):
        for prefilter in prefilters:  # byte-level patterns: no UTF-8 mode (see boilerplate_analysis.GLUE)
            expressions.append(prefilter)
            ids.append(len(phrases) + kind)
            flags.append(0)
    for offset, probe in enumerate(_IRREGULAR_SPACING):
        expressions.append(probe.encode())
        ids.append(len(phrases) + len(glue) + offset)
        flags.append(hyperscan.HS_FLAG_SINGLEMATCH)
    return hyperscan_database(expressions, ids, flags)


def _compile_spacing_probe(spaced_id: int) -> object:
    """A database of its own: in the family's database this pattern slows every scan by a third, while only pages
    with irregular spacing need it. Its id follows the family database's ids, so both scans' matches mix."""
    return hyperscan_database([_SPACING_BETWEEN_WORDS], [spaced_id], [0])


@lru_cache(maxsize=16)
def phrase_table(extra_packs: tuple[Path, ...], glue: tuple[Glue, ...]) -> PhraseTable:
    """The family's table for a configuration (cached per process: every Linter with that config shares it)."""
    phrases: list[Phrase] = []
    for pack in packs_for(FAMILY, extra_packs):
        phrases.extend(phrases_from_pack(pack))
    return PhraseTable(phrases, glue)


EVERY_PAGE = frozenset(("en", "*"))  # pack languages that apply to every document (see languages_for)


def languages_for(language: str | None) -> frozenset[str] | None:
    """Pack languages that apply to a document: its own, English (web UI text is English everywhere) and "*".
    ``None`` means every pack (language unknown)."""
    if not language:
        return None
    primary = language.strip().lower().replace("_", "-").split("-")[0]  # "fr-FR", "pt_BR" -> "fr", "pt"
    return EVERY_PAGE | {primary}
