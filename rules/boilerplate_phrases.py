"""Boilerplate phrase packs and the one-pass engine that finds every phrase of every pack.

A phrase is data (``rules/packs/boilerplate/<lang>.toml``, plus the user's packs)::

    [[entry]]
    text = "Read also"        # case-insensitive; spaces match any run of spaces, ' any apostrophe,
    category = "teaser"       # "#" a number, "..." an ellipsis
    anchor = "prefix"         # line | prefix | contains | suffix | inline
    max-length = 200          # longest text the entry may remove (the line, or the span for suffix/inline)
    where = "anywhere"        # anywhere | edges (outside the article body or beside furniture) | run (beside furniture)
    seen = "lemonde.fr (English edition), seed 001"

Engine: all phrases of all packs compile into ONE Hyperscan database (case-insensitive, UTF-8, multi-line), so a
document costs one scan however many phrases there are, and clean text, which matches nothing, costs little more
than the scan (Hyperscan runs hundreds of MB/s with a thousand patterns; a ``regex`` alternation of the same
phrases runs at a few MB/s). Hyperscan reports only where a match ends; the few hits are then re-matched on their
line with the phrase's own Python regex to get exact spans and word boundaries, so Hyperscan is compiled without
start-of-match tracking (faster to compile and to scan). pyahocorasick would need a lower-cased copy of every
document, cannot anchor to line starts and ends, and reports every substring hit of short phrases ("print" in
"sprint") to Python; it is not used. Without Hyperscan (platforms without wheels) the same patterns run one by one
with ``re``: correct, slow.

Thread safety: the database is read-only and shared; Hyperscan's scratch space is per thread. Nothing here is
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
DEFAULT_MAX_LENGTH = {"line": 200, "prefix": 200, "contains": 200, "suffix": 120, "inline": 200}

# Pieces of the patterns (the same source compiles in Hyperscan and in Python's re).
_SPACE = "[ \t\u00a0]+"
_APOSTROPHE = "['’‘`´]"
_NUMBER = "[0-9][0-9,.]*[kKmM]?"
_ELLIPSIS = "(?:…|\\.\\.\\.)"
# List bullets, Markdown marks, table bars and brackets around a line (html2text and inscriptis leave them).
_LEAD = "[ \t\u00a0*•·+|>#_\\[(«\"“'-]*"
_TRAIL = "[ \t\u00a0*.:!?…»›>|)\\]_\"”'\r-]*"


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    category: str
    anchor: str
    max_length: int
    where: str
    language: str
    origin: str  # "<pack path>: entry N", for messages and debugging

    @property
    def pattern(self) -> str:
        body = _body(self.text)
        if self.anchor == "line":
            return f"^{_LEAD}{body}{_TRAIL}$"
        if self.anchor == "prefix":
            return f"^{_LEAD}{body}"
        if self.anchor == "suffix":
            return f"{body}{_TRAIL}$"
        return body


@dataclass(frozen=True, slots=True)
class Hit:
    """A verified phrase occurrence: ``start``/``end`` are code-point offsets of the match in the document."""

    phrase: Phrase
    line: int  # 0-based index into ``doc.lines``
    start: int
    end: int


def _body(text: str) -> str:
    out: list[str] = []
    i = 0
    text = " ".join(text.split())
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


def phrases_from_pack(pack: Pack) -> list[Phrase]:
    """Validate a pack's entries; errors name the file and the entry."""
    out = []
    for index, entry in enumerate(pack.entries):
        unknown = set(entry) - {"text", "category", "anchor", "max-length", "where", "seen", "comment"}
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
        max_length = entry.get("max-length", DEFAULT_MAX_LENGTH[anchor])
        if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < len(text):
            raise pack.error(index, "'max-length' must be an integer at least as long as the text")
        origin = f"{pack.path}: entry {index + 1}"
        out.append(Phrase(" ".join(text.split()), category, anchor, max_length, where, pack.language, origin))
    return out


class PhraseTable:
    """Every phrase of the given packs, scanned in one pass; ``extra`` patterns (case-sensitive) ride along."""

    def __init__(self, phrases: Sequence[Phrase], extra: Sequence[str] = ()) -> None:
        self.phrases = tuple(phrases)
        self.extra = tuple(extra)  # ids len(phrases).. : structural patterns of the family (glued text)
        self.sources = [p.pattern for p in self.phrases] + list(self.extra)
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._database: object | None = None

    def regex(self, index: int) -> re.Pattern[str]:
        """The Python regex of pattern ``index`` (compiled on first use, for verifying hits on one line)."""
        pattern = self._compiled.get(index)
        if pattern is None:
            flags = re.IGNORECASE | re.MULTILINE if index < len(self.phrases) else re.MULTILINE
            pattern = self._compiled[index] = re.compile(self.sources[index], flags)
        return pattern

    def _hyperscan(self) -> object:
        if self._database is None:
            with self._lock:
                if self._database is None:
                    self._database = _compile(tuple(self.sources), len(self.phrases))
        return self._database

    def raw_scan(self, text: str, is_ascii: bool) -> list[tuple[int, int]]:
        """(pattern index, end offset in code points) of every match, in text order."""
        if hyperscan is None:
            found = [(i, m.end()) for i in range(len(self.sources)) for m in self.regex(i).finditer(text)]
            return sorted(found, key=lambda pair: pair[1])
        database = self._hyperscan()
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        found = []
        data = text.encode("utf-8", "replace")  # lone surrogates become "?", one code point each: offsets hold
        database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        if not found or is_ascii:
            return found
        return _to_code_points(found, data)

    def scan(self, doc: Document) -> tuple[list[Hit], list[tuple[int, int]]]:
        """Verified phrase hits, and (extra pattern index, line index) of the extra patterns' matches."""
        raw = self.raw_scan(doc.text, doc.is_ascii)
        if not raw:
            return [], []
        starts, lines, count = doc.line_starts, doc.lines, len(self.phrases)
        hits: list[Hit] = []
        extra: list[tuple[int, int]] = []
        done: set[tuple[int, int]] = set()
        for index, end in raw:
            number = bisect_right(starts, end) - 1
            if (index, number) in done:
                continue
            done.add((index, number))
            if index >= count:
                extra.append((index - count, number))
                continue
            phrase, line = self.phrases[index], lines[number]
            for m in self.regex(index).finditer(line.text):
                if _bounded(line.text, m.start(), m.end(), phrase.anchor):
                    hits.append(Hit(phrase, number, line.start + m.start(), line.start + m.end()))
        return hits, extra


def _bounded(text: str, start: int, end: int, anchor: str) -> bool:
    """Word boundaries the Hyperscan patterns cannot express (no \\b in UTF-8 mode with Unicode classes)."""
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


def _to_code_points(found: list[tuple[int, int]], data: bytes) -> list[tuple[int, int]]:
    """Byte offsets to code-point offsets, decoding each stretch between successive hits once."""
    out = []
    last_byte = last_char = 0
    for index, end in sorted(found, key=lambda pair: pair[1]):
        last_char += len(data[last_byte:end].decode("utf-8", "replace"))
        last_byte = end
        out.append((index, last_char))
    return out


def _compile(sources: tuple[str, ...], phrases: int) -> object:
    database = hyperscan.Database()
    caseless = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE
    exact = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE
    flags = [caseless if i < phrases else exact for i in range(len(sources))]
    database.compile(
        expressions=[s.encode("utf-8") for s in sources],
        ids=list(range(len(sources))),
        elements=len(sources),
        flags=flags,
    )
    return database


@lru_cache(maxsize=16)
def phrase_table(extra_packs: tuple[Path, ...], extra_patterns: tuple[str, ...]) -> PhraseTable:
    """The family's table for a configuration (cached per process: every Linter with that config shares it)."""
    phrases: list[Phrase] = []
    for pack in packs_for(FAMILY, extra_packs):
        phrases.extend(phrases_from_pack(pack))
    return PhraseTable(phrases, extra_patterns)


def languages_for(language: str | None) -> frozenset[str] | None:
    """Pack languages that apply to a document: its own, English (web UI text is English everywhere) and "*".
    ``None`` means every pack (language unknown)."""
    if language is None:
        return None
    return frozenset((language, "en", "*"))
