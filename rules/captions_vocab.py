"""Caption-family vocabulary: photo agencies, credit phrases, caption labels and media remnants, read from packs.

Packs live in ``packs/captions/<lang>.toml`` (``any.toml`` holds the language-independent agency list). Each
``[[entry]]`` has a ``kind`` and a ``text``:

* ``agency``: a photo or news agency as credits spell it (``AFP``, ``Getty Images``, ``ТАСС``). ``photo = true``
  marks agencies that only sell pictures (``Shutterstock``): alone on a line, their name is a credit; a news
  agency alone on a line may be a byline or a source line and needs more evidence. ``case = "exact"`` matches
  the spelling exactly (short acronyms: ``AP``, ``PA``).
* ``credit``: a phrase that introduces a credit (``Photo:``, ``Photo by``, ``Фото``, ``Crédit photo :``), followed
  by names, agencies or domains (``Photo by Jane Doe``, ``Фото Владимира Сухова``, ``Фото: gazprom.ru``); a
  phrase complete in itself (``Фото автора``, ``Crédit photo``) may also stand alone. ``only = "brackets"`` takes
  a phrase only inside brackets (``(Source: NASA)``: a bare ``Source:`` line is a text source, not a credit).
* ``credit-after``: a phrase that closes a credit after a name (``Submitted photo``).
* ``label``: a caption label (``Image caption``, ``Pictured:``, ``На фото:``): the line it opens is a caption.
* ``remnant``: a line of media-player or gallery furniture, matched as a whole line (``Click to enlarge``).
* ``counter``: a gallery counter with ``#`` for the numbers (``Image # of #``). Bare counters (``# / #``) count
  only beside other caption evidence.
* ``toggle``: a caption expand/collapse control (``less``, ``... more``): removed only inside caption evidence.
* ``cue``: a word that makes a short line read like a caption: ``strong = true`` ones alone (``left``,
  ``pictured``, ``displayed``), the others in pairs (a weekday and a month: ``Tuesday, Nov. 19, 2019``).

Every entry should say where the phrase was seen (``seen = "..."``). The whole vocabulary is scanned with one
compiled multi-pattern database per document (hyperscan when installed, one ``re`` alternation otherwise).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from scrapelint.cache import hyperscan_database
from scrapelint.packs import Pack, packs_for

FAMILY = "captions"
KINDS = ("agency", "credit", "credit-after", "label", "remnant", "counter", "toggle", "cue")
_KEYS = {"kind", "text", "photo", "case", "only", "strong", "seen", "comment"}
# Kinds found by the document scan; the others are only looked up on lines the scan already selected.
SCANNED = ("agency", "credit", "credit-after", "label", "remnant", "counter")

try:  # hyperscan has wheels for x86-64 and arm64 only; elsewhere the scan falls back to one `re` alternation
    import hyperscan
except ImportError:  # pragma: no cover - exercised only on platforms without wheels
    hyperscan = None


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    text: str
    language: str  # "*" for any
    photo: bool = False
    exact: bool = False
    brackets_only: bool = False  # a credit introducer taken only inside brackets ("(Source: NASA)")
    strong: bool = False  # a cue that alone makes a line read like a caption ("left", "pictured")
    key: str = field(init=False, repr=False, compare=False)  # fold(text), looked up on every candidate line

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", fold(self.text))


@dataclass
class Vocabulary:
    """Everything the caption rules look up, for one set of packs."""

    entries: list[Entry]
    agencies: dict[str, list[Entry]] = field(default_factory=dict)  # folded name -> entries
    remnants: dict[str, list[Entry]] = field(default_factory=dict)
    toggles: dict[str, list[Entry]] = field(default_factory=dict)
    credit_after: list[Entry] = field(default_factory=list)
    counters: list[tuple[Entry, re.Pattern[str]]] = field(default_factory=list)
    cues: dict[str, list[Entry]] = field(default_factory=dict)
    # The most words an agency, remnant or toggle has: longer text is rejected without folding it (a lookup is
    # tried on every candidate line, and most are prose that merely names an agency).
    agency_words: int = 0
    remnant_words: int = 0
    toggle_words: int = 0
    toggle_ends: set[str] = field(default_factory=set)  # the last words of toggles, case-folded ("less", "more")
    counter_words: int = 0  # a counter's tokens: words and numbers ("Image # of #"), spacing free between them
    credit_after_words: int = 0
    credit_after_keys: tuple[str, ...] = ()
    scanner: Scanner | None = None

    def agency(self, text: str, languages: frozenset[str] | None) -> Entry | None:
        if more_words(text, self.agency_words):
            return None
        for entry in self.agencies.get(fold(text), ()):
            if usable(entry, languages) and (not entry.exact or entry.text == " ".join(text.split())):
                return entry
        return None

    def remnant(self, text: str, languages: frozenset[str] | None) -> Entry | None:
        text = text.strip(" \t\u00a0.:…|·•»«>-")
        if more_words(text, self.remnant_words):
            return None
        return next((e for e in self.remnants.get(fold(text), ()) if usable(e, languages)), None)

    def toggle(self, text: str, languages: frozenset[str] | None) -> Entry | None:
        """Exactly a toggle: ``... more`` and ``less``, not the word "More." ending a teaser list."""
        if more_words(text, self.toggle_words):
            return None
        return next((e for e in self.toggles.get(fold(text), ()) if usable(e, languages)), None)

    def without_toggle(self, text: str, languages: frozenset[str] | None) -> str:
        """``text`` without a toggle glued to its end (``… in Los Angeles. less``, ``… vehicle at ... more``)."""
        words = text.rsplit(None, self.toggle_words)
        if len(words) < 2 or words[-1].casefold() not in self.toggle_ends:  # most lines: one split, one lookup
            return text
        for n in range(min(self.toggle_words, len(words) - 1), 0, -1):
            if self.toggle(" ".join(words[-n:]), languages) is not None:
                return text[: text.rstrip().rfind(words[-n])].rstrip()
        return text

    def counter(self, text: str, languages: frozenset[str] | None) -> Entry | None:
        if not _DECIMAL.search(text) or more_words(text, self.counter_words):  # every counter has \d digits
            return None
        line = " ".join(text.split())
        for entry, pattern in self.counters:
            if usable(entry, languages) and (m := pattern.fullmatch(line)) and int(m[1]) <= int(m[2]):
                return entry
        return None

    def credit_after_at_end(self, text: str) -> list[Entry]:
        """The credit-after phrases ``text`` ends with (``Jane Doe Submitted photo``), case and spacing folded.

        A phrase of n words can only span the last n words of the folded text: only those are folded."""
        if not self.credit_after:
            return []
        most = self.credit_after_words
        folded = fold(" ".join(text.rsplit(None, most)[-most:]))
        if not folded.endswith(self.credit_after_keys):  # one C call for the usual answer
            return []
        return [entry for entry in self.credit_after if folded.endswith(entry.key)]

    def has_cue(self, words: Iterable[str], languages: frozenset[str] | None) -> bool:
        """Does a line read like a caption: one strong cue ("left", "pictured", "is displayed") or two weak ones
        (a weekday and a month: "Tuesday, Nov. 19, 2019")? One date alone is in every other news sentence."""
        score = 0
        for word in words:
            entry = next((e for e in self.cues.get(word, ()) if usable(e, languages)), None)
            if entry is not None:
                score += 2 if entry.strong else 1
                if score >= 2:
                    return True
        return False


_DECIMAL = re.compile(r"\d")


def more_words(text: str, most: int) -> bool:
    """Has ``text`` more than ``most`` words (as ``fold`` and ``str.split`` count them)? That takes more than
    ``2 * most`` characters, and the split stops there."""
    return len(text) > 2 * most and len(text.split(None, most)) > most


def fold(text: str) -> str:
    """Case- and space-insensitive key: ``"Getty  images"`` and ``"GETTY IMAGES"`` meet."""
    return " ".join(text.casefold().replace("…", "...").split())


def usable(entry: Entry, languages: frozenset[str] | None) -> bool:
    return languages is None or entry.language == "*" or entry.language in languages


def _validate(pack: Pack) -> list[Entry]:
    out = []
    for index, raw in enumerate(pack.entries):
        unknown = set(raw) - _KEYS
        if unknown:
            raise pack.error(index, f"unknown key(s) {sorted(unknown)}; expected some of {sorted(_KEYS)}")
        kind, text = raw.get("kind"), raw.get("text")
        if kind not in KINDS:
            raise pack.error(index, f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
        if not isinstance(text, str) or not text.strip():
            raise pack.error(index, "'text' must be a non-empty string")
        if kind == "counter" and text.count("#") != 2:
            raise pack.error(index, "a counter needs exactly two '#' placeholders, as in 'Image # of #'")
        photo, case = raw.get("photo", False), raw.get("case", "fold")
        if not isinstance(photo, bool) or (photo and kind != "agency"):
            raise pack.error(index, "'photo' is a boolean and only agencies take it")
        if case not in ("fold", "exact"):
            raise pack.error(index, "'case' must be 'fold' or 'exact'")
        strong = raw.get("strong", False)
        if not isinstance(strong, bool) or (strong and kind != "cue"):
            raise pack.error(index, "'strong' is a boolean and only cues take it")
        only = raw.get("only", "anywhere")
        if only not in ("anywhere", "brackets") or (only == "brackets" and kind != "credit"):
            raise pack.error(index, "'only' is 'anywhere' or 'brackets', and only credit introducers take it")
        out.append(
            Entry(kind, " ".join(text.split()), pack.language, photo, case == "exact", only == "brackets", strong)
        )
    return out


def _counter_tokens(text: str) -> list[str]:
    return text.replace("#", " # ").split()


def _counter_pattern(text: str, gap: str = r"\s*") -> str:
    r"""``Image # of #`` -> ``Image\s*(\d{1,3})\s*of\s*(\d{1,3})``: numbers captured, spacing free."""
    tokens = [r"(\d{1,3})" if t == "#" else re.escape(t) for t in _counter_tokens(text)]
    return gap.join(tokens)


def _counter_regex(text: str) -> re.Pattern[str]:
    return re.compile(_counter_pattern(text), re.IGNORECASE)


# -- the document scan --------------------------------------------------------------------------------------------
# The scan sees tabs and no-break or thin spaces as plain spaces (one code point each, so offsets stay put) and
# looks for plain literals: no UTF-8 mode, no word boundaries, no character classes. Hyperscan then compiles the
# whole vocabulary in a tenth of a second instead of seconds; boundaries are checked on the few hits.
_SPACE_LIKE = ("\t", "\u00a0", "\u2009", "\u202f", "\u2007")
# Scan ids beyond the entries: the copyright sign, and the start of a line shaped like a photographer's credit with
# no agency for the scan to find ("Jason Cipriani/ZDNet": two or three capitalised words, a slash, a capital).
COPYRIGHT, PHOTOGRAPHER = -1, -2
PHOTOGRAPHER_LINE = r"^ *[A-Z][A-Za-z'.-]* [A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*)? ?/ ?[A-Z]"
# What a hit carries instead of an entry: None for the copyright sign (``captions_credit.Hit``), a marker entry
# (of a kind no rule reads) for the line shape, whose line the grammar reads like any other candidate.
SHAPE_MARKS: dict[int, Entry | None] = {COPYRIGHT: None, PHOTOGRAPHER: Entry("shape", "Name Surname/Outlet", "*")}
_ASCII_SPACE_LIKE = _SPACE_LIKE[:1]


def _spellings(entry: Entry) -> list[str]:
    """What the scan looks for: ``...`` also as ``…``, a space before a colon optional (French ``Photo :``), and
    non-ASCII phrases as written, in lower, capitalised and upper case (hyperscan folds case for ASCII only)."""
    base = re.sub(" +:", ":", entry.text)
    texts = {base, base.replace("...", "…"), base.replace("…", "...")}
    out: set[str] = set()
    for text in texts:
        out.add(text)
        if not text.isascii() and not entry.exact:
            out.update({text.lower(), text.capitalize(), text.upper()})
    return sorted(out)


def _literal(spelling: str) -> str:
    return "".join(" ?:" if ch == ":" else re.escape(ch) for ch in spelling)


def scan_patterns(entry: Entry) -> list[tuple[str, bool]]:
    """(pattern, caseless) for each spelling of a scanned entry."""
    caseless = not entry.exact
    if entry.kind == "counter":
        return [(_counter_pattern(s, " ?"), caseless and s.isascii()) for s in _spellings(entry)]
    return [(_literal(s), caseless and s.isascii()) for s in _spellings(entry)]


class Scanner:
    """One pass over a document for every scanned phrase: yields (entry index, start, end) in code points.

    hyperscan reports every match, overlapping ones included; the fallback (one ``re`` alternation, longest
    phrases first) reports the longest phrase at each position, which is what the rules use. Agencies must be
    whole words ("AP" is not in "Chapter"); credits and labels may be glued to the text around them
    ("treatmentCredit: EPA", "Media captionJulian Assange ...")."""

    def __init__(self, entries: list[Entry], use_hyperscan: bool | None = None) -> None:
        self.entries = entries
        patterns: list[tuple[str, bool]] = []
        self.ids: list[int] = []  # pattern -> entry index, or COPYRIGHT, PHOTOGRAPHER
        for index, entry in enumerate(entries):
            # Bare counters ("# / #") are only looked up beside other evidence: scanning every digit would cost
            # more than the rest of the vocabulary together.
            if entry.kind in SCANNED and not entry.text.startswith("#"):
                for pattern in scan_patterns(entry):
                    patterns.append(pattern)
                    self.ids.append(index)
        patterns.append(("©", False))
        self.ids.append(COPYRIGHT)
        patterns.append((PHOTOGRAPHER_LINE, False))
        self.ids.append(PHOTOGRAPHER)
        # UTF-8 bytes beyond one per character in what each pattern matches: all its non-ASCII characters are
        # literal (the variable parts, optional spaces and digits, are ASCII), so a hit's length in characters
        # follows from its length in bytes without decoding it.
        self.extra_bytes = [len(p.encode("utf-8")) - len(p) for p, _ in patterns]
        # agencies must be whole words; credits and labels may be glued to the text around them
        self.whole_word = [index >= 0 and entries[index].kind == "agency" for index in self.ids]
        self.db = self.line_db = self.regex = None
        self.local = threading.local()  # hyperscan scratch space is per thread (Linter is thread-safe)
        if hyperscan is not None and use_hyperscan is not False:
            phrases = patterns[:-1]
            self.db = hyperscan_database(
                [p.encode("utf-8") for p, _ in phrases],
                list(range(len(phrases))),
                [hyperscan.HS_FLAG_SOM_LEFTMOST | (hyperscan.HS_FLAG_CASELESS if c else 0) for _, c in phrases],
            )
            # The line shape has its own database, scanned only when the text has a slash: with the phrases, its
            # classes would cost every document a fifth more scan time, and most texts have no slash at all. It
            # marks a line only, so it is scanned without the start of match (a fifth of its cost).
            self.line_db = hyperscan_database(
                [PHOTOGRAPHER_LINE.encode("ascii")], [len(patterns) - 1], [hyperscan.HS_FLAG_MULTILINE]
            )
        else:
            order = sorted(range(len(patterns)), key=lambda i: -len(patterns[i][0]))
            # the line shape last and zero-width: it only marks a line, and takes no phrase's place in it
            order.append(order.pop(order.index(self.ids.index(PHOTOGRAPHER))))
            alternatives = [f"(?P<p{i}>{'(?i:' if patterns[i][1] else '(?:'}{patterns[i][0]}))" for i in order]
            alternatives[-1] = f"(?P<p{order[-1]}>(?m:(?={PHOTOGRAPHER_LINE})))"
            self.regex = re.compile("|".join(alternatives))

    def scan(self, text: str, utf8: bytes | None = None) -> list[tuple[int, int, int]]:
        """Hits as (entry index or -1 for ``©``, start, end), sorted by start. ``utf8``: the text already encoded
        (``Document.utf8``), used when no space-like character needs normalising."""
        return list(self.hits(text, self.match(text, utf8)))

    def match(self, text: str, utf8: bytes | None = None) -> Matches:
        """The raw matches (most documents have none: checked before anything else is done)."""
        plain = text
        for space in _ASCII_SPACE_LIKE if text.isascii() else _SPACE_LIKE:  # isascii() is O(1) in CPython
            if space in plain:
                plain = plain.replace(space, " ")
        if self.db is None:
            assert self.regex is not None
            return Matches(plain, [(m.start(), m.end(), int(m.lastgroup[1:])) for m in self.regex.finditer(plain)])  # type: ignore[index]
        # a lone surrogate becomes "?": one code point for one
        data = utf8 if utf8 is not None and plain is text else plain.encode("utf-8", "replace")
        raw: list[tuple[int, int, int]] = []
        scratch = getattr(self.local, "scratch", None)
        if scratch is None:
            scratch = self.local.scratch = hyperscan.Scratch(self.db)
            self.local.line_scratch = hyperscan.Scratch(self.line_db)
        self.db.scan(data, match_event_handler=_collect, context=raw, scratch=scratch)
        if "/" in plain:
            self.line_db.scan(data, match_event_handler=_collect_end, context=raw, scratch=self.local.line_scratch)
        if not raw:
            return _NO_MATCHES
        raw.sort()
        return Matches(data, raw)

    def hits(self, text: str, matches: Matches) -> Iterator[tuple[int, int, int]]:
        """:meth:`scan`'s hits one by one: converted to code points and checked as they are read."""
        data, raw = matches
        ids, whole_word, extra = self.ids, self.whole_word, self.extra_bytes
        code_points = len(data) == len(text)  # the fallback's text, or ASCII bytes
        prev_byte = prev_char = 0
        for s, e, pid in raw:
            if code_points:
                start, end = s, e
            else:  # decode only the stretch since the previous hit
                if s != prev_byte:
                    prev_char += len(data[prev_byte:s].decode("utf-8", errors="replace"))  # type: ignore[union-attr]
                    prev_byte = s
                start, end = prev_char, prev_char + e - s - extra[pid]
            if not whole_word[pid] or _whole_word(text, start, end):
                yield ids[pid], start, end


class Matches(NamedTuple):
    data: bytes | str  # what was scanned: UTF-8, or the text itself (the fallback scan)
    raw: list[tuple[int, int, int]]  # (start, end, pattern id) in data's offsets, sorted


_NO_MATCHES = Matches(b"", [])  # shared by the documents without any (most), never modified


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not inside a word: ``AP`` is not in ``Chapter``."""
    return not (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) and not (
        end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    )


def _collect(pid: int, start: int, end: int, _flags: int, raw: list[tuple[int, int, int]]) -> None:
    raw.append((start, end, pid))


def _collect_end(pid: int, _start: int, end: int, _flags: int, raw: list[tuple[int, int, int]]) -> None:
    """A match scanned without its start: its last character (ASCII: the capital after the slash) marks its line."""
    raw.append((end - 1, end, pid))


# -- building ----------------------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def vocabulary(extra_packs: tuple[Path, ...] = ()) -> Vocabulary:
    entries = [entry for pack in packs_for(FAMILY, extra_packs) for entry in _validate(pack)]
    vocab = Vocabulary(entries)
    for entry in entries:
        words = len(entry.key.split())
        if entry.kind == "agency":
            vocab.agencies.setdefault(entry.key, []).append(entry)
            vocab.agency_words = max(vocab.agency_words, words)
        elif entry.kind == "remnant":
            vocab.remnants.setdefault(entry.key, []).append(entry)
            vocab.remnant_words = max(vocab.remnant_words, words)
        elif entry.kind == "toggle":
            vocab.toggles.setdefault(entry.key, []).append(entry)
            vocab.toggle_words = max(vocab.toggle_words, words)
            vocab.toggle_ends.add(entry.key.split()[-1])
        elif entry.kind == "cue":
            vocab.cues.setdefault(entry.key.rstrip("."), []).append(entry)  # "Nov." meets the word "nov"
        elif entry.kind == "counter":
            vocab.counters.append((entry, _counter_regex(entry.text)))
            vocab.counter_words = max(vocab.counter_words, len(_counter_tokens(entry.text)))
        elif entry.kind == "credit-after":
            vocab.credit_after.append(entry)
            vocab.credit_after_keys += (entry.key,)
            vocab.credit_after_words = max(vocab.credit_after_words, words)
    vocab.scanner = Scanner(entries)
    return vocab
