"""Homoglyphs, word by word: which words are written with letters that only look Latin, and how sure we are.

Work is per word, never per document: a single genuine ``π`` must not make every word of an article suspect,
and a genuine Greek letter elsewhere must not hide the omicrons of ``gοvernment``. Only non-ASCII documents are
looked at, and in them only lines holding a letter from the look-alike tables; in a document written in another
script, only lines that also have Latin letters or read as Latin text.

Each suspect word gets one verdict:

* tier 1 (safe fix): a Latin word with look-alike letters of another script in it (``gοvernment``, ``οn``,
  ``Docοmο``): the Latin letters are at least as many as the look-alikes, or the word then reads as an English
  word or as an ASCII word of the same document; or a whole word of look-alikes inside Latin text that reads as
  an ASCII word of the same document (``ТОКУО`` beside ``Tokyo``).
* tier 2 (unsafe fix): other words of look-alikes inside Latin text (``ТОКУО`` alone, ``раураl``-like words
  with no such evidence): probably spoofed, but we cannot rule out a quoted foreign word.
* tier 3 (information): letters that are Latin but not written in English (``ĸ``, ``ᴋ``, dotless ``ı``) in a
  word that then reads as English, or Latin words mixed with letters of another script that look like Latin
  letters without being ASCII ones (Cyrillic ``т`` ~ ``ᴛ``).

Real writing in other scripts is left alone: a whole word needs Latin text around it (its line mostly ASCII
letters, its neighbours not foreign words), Greek lowercase letters other than omicron need a known word of four
letters or more (``10μs``, ``Hα``, ``3σ`` are symbols), and a dotless ``ı`` in a document that also has other
Turkish letters (ğ, ş, İ) is Turkish.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import regex
from scrapelint.document import Document, Line

from .confusables import LookAlike, english_words, script_of, tables
from .unicode_scan import census, line_at, non_ascii, nth_line

_WORD = regex.compile(r"[\w\p{Cf}]+")
_WORD_BACKWARDS = regex.compile(r"(?r)[\w\p{Cf}]+")  # matches and searches from the end towards the start
_LATIN_LETTER = regex.compile(r"(?V1)[\p{Latin}&&\p{Cased_Letter}]")  # not º/ª, which are letters too
_ASCII_WORD = re.compile(r"\b[A-Za-z]+\b")
_ASCII_LETTERS_RUN = regex.compile("[A-Za-z]+")  # regex skips Cyrillic or CJK text to it twice as fast as re
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NOT_ASCII_LETTER_OR_BREAK = bytes(b for b in range(256) if b not in _ASCII_LETTERS and b not in b"\r\n")
_BREAK_BYTE = re.compile(rb"[\r\n]")
_TURKIC = re.compile("[\u011e\u011f\u015e\u015f\u0130\u018f\u0259]")  # ğ Ğ ş Ş İ ə Ə
_DOTLESS_I = "\u0131"
SHORT_LINE = 20  # characters: shorter lines take their context from the whole document
CONTEXT = 300  # characters each side of a word that decide whether it stands in Latin text, on long lines
MIXED = "mixes Latin with look-alike letters"
WHOLE = "is written in look-alike letters"


@dataclass(frozen=True, slots=True)
class Suspect:
    offset: int
    look: LookAlike


@dataclass(frozen=True, slots=True)
class Verdict:
    tier: int
    start: int  # offsets of the first and past the last suspect letter of the word
    end: int
    word: str
    reading: str | None  # the word with every look-alike read as its ASCII letter; None if one has no reading
    suspects: tuple[Suspect, ...]
    what: str  # what is wrong, for the message: MIXED
    evidence: str  # why this tier: "the Latin letters are the majority"


@cache
def _seed() -> re.Pattern[str]:
    """Every letter the tables know: a word without one cannot be a homoglyph word.

    Characters beyond the BMP are one range: ``re`` tests a BMP class as a bitmap but a list of astral
    characters one by one, which would make the scan 40 times slower. A hit on another astral character (an
    emoji) costs one look at its line.
    """
    return re.compile(_bmp_letters().pattern[:-1] + "\U00010000-\U0010ffff]")


@cache
def _bmp_letters() -> re.Pattern[str]:
    """The letters of the tables in the BMP (a bitmap class: fast)."""
    return re.compile(f"[{notable_characters()}]")


def _class_members(chars: Iterable[str]) -> str:
    ranges: list[list[int]] = []
    for cp in sorted(ord(c) for c in chars):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "".join(parts)


@cache
def notable_characters() -> str:
    """Members of a character class of what in a document's non-ASCII characters concerns these rules: a letter of
    the tables (those beyond the BMP are looked up in ``Census.astral``)."""
    return _class_members(c for c in tables().letters if c <= "\uffff")


def may_have_homoglyphs(doc: Document) -> bool:
    """Whether the document has a letter of the tables at all (a search of its non-ASCII characters alone)."""
    found = census(doc)
    if not found.non_ascii:
        return False
    return _bmp_letters().search(found.non_ascii) is not None or not tables().letters.keys().isdisjoint(found.astral)


def verdicts(doc: Document, allow_characters: frozenset[str], allow_words: frozenset[str]) -> list[Verdict]:
    key = f"unicode.homoglyphs:{hash((allow_characters, allow_words))}"
    return doc.memo(key, lambda d: _Analysis(d, allow_characters, allow_words).run())


def _letter_counts(text: str) -> tuple[int, int]:
    """(ASCII letters, non-ASCII characters): cheap C-level counts for deciding what a stretch is written in."""
    ascii_part = text.encode("ascii", "ignore")
    return len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS)), len(text) - len(ascii_part)


class _Analysis:
    def __init__(self, doc: Document, allow_characters: frozenset[str], allow_words: frozenset[str]) -> None:
        self.doc = doc
        self.allow_characters = allow_characters
        self.allow_words = allow_words
        self.letters = tables().letters if not doc.is_ascii else {}
        self._doc_words: frozenset[str] | None = None
        self._doc_latin: bool | None = None
        self._letters_and_breaks: bytes | None = None
        self._genuine: set[str] | None = None
        self._windows: dict[tuple[int, int], bool] = {}

    def run(self) -> list[Verdict]:
        if not may_have_homoglyphs(self.doc):
            return []
        out: list[Verdict] = []
        for line in self._seed_lines() if self.doc_is_latin() else self._seed_lines_with_ascii_letters():
            out.extend(self._line(line))
        return out

    def _seed_lines(self) -> Iterator[Line]:
        """The lines with a letter of the tables."""
        text, seed = self.doc.text, _seed()
        m = seed.search(text)
        while m is not None:
            line = line_at(self.doc, m.start())
            yield line
            m = seed.search(text, line.end + 1)

    def _seed_lines_with_ascii_letters(self) -> Iterator[Line]:
        """The lines with a letter of the tables and an ASCII letter: all that can yield a verdict in a document not
        written in Latin letters, where a line without an ASCII letter is not Latin text (short lines take the
        document's verdict) and holds no Latin word.

        A page in Russian has a table letter on every line and an ASCII letter on a few. Those few are found in a
        copy of the UTF-8 text that keeps only ASCII letters and line breaks (one C-level pass, then a split into
        lines): a search for ASCII letters in the text itself costs several times more.
        """
        kept = self.ascii_letters_and_breaks()
        per_line = _BREAK_BYTE.split(kept) if b"\r" in kept else kept.split(b"\n")
        text, seed, starts, texts = self.doc.text, _seed(), self.doc.line_starts, self.doc.line_texts
        for index, ascii_letters in enumerate(per_line):
            if ascii_letters and seed.search(text, starts[index], starts[index] + len(texts[index])):
                yield nth_line(self.doc, index)

    # -- context ----------------------------------------------------------------------------------------------
    def doc_words(self) -> frozenset[str]:
        if self._doc_words is None:  # a set of distinct words, never a list of them all (huge documents)
            self._doc_words = frozenset({m.group().lower() for m in _ASCII_WORD.finditer(self.doc.text)})
        return self._doc_words

    def latin_text(self, stretch: str) -> bool:
        """Whether a stretch reads as Latin text: more ASCII letters than non-ASCII characters."""
        latin, other = _letter_counts(stretch)
        if latin + other >= SHORT_LINE:
            return latin > other
        return self.doc_is_latin()

    def doc_is_latin(self) -> bool:
        """Whether the whole document reads as Latin text (the verdict for its short lines)."""
        if self._doc_latin is None:
            latin, other = self.document_letter_counts()
            self._doc_latin = latin > other
        return self._doc_latin

    def document_letter_counts(self) -> tuple[int, int]:
        """``_letter_counts`` of the whole text, from bytes at hand rather than a second encoding of a long text:
        its ASCII letters, and the census's non-ASCII characters plus the lone surrogates (each a "?" in the UTF-8
        text that the text itself does not have)."""
        kept, doc = self.ascii_letters_and_breaks(), self.doc
        latin = len(kept) - kept.count(b"\n") - kept.count(b"\r")
        return latin, len(census(doc).non_ascii) + doc.utf8.count(b"?") - doc.text.count("?")

    def ascii_letters_and_breaks(self) -> bytes:
        """The document's UTF-8 text with only ASCII letters and line breaks left (one C-level pass), one byte per
        break: the text's CR LF pairs are folded first, since deleting the letters between a lone CR and the next LF
        would make them look like one CR LF break."""
        if self._letters_and_breaks is None:
            data = self.doc.utf8
            if b"\r\n" in data:
                data = data.replace(b"\r\n", b"\n")
            self._letters_and_breaks = data.translate(None, _NOT_ASCII_LETTER_OR_BREAK)
        return self._letters_and_breaks

    def known(self, reading: str, in_document_only: bool = False) -> bool:
        word = reading.lower()
        if not word.isascii() or not word.isalpha():
            return False
        return word in self.doc_words() or (not in_document_only and word in english_words())

    # -- per line and word ------------------------------------------------------------------------------------
    def _line(self, line: Line) -> list[Verdict]:
        """Verdicts for the words of one line that hold a letter of the tables.

        In Latin text every word with a table letter is a candidate, found from those letters. Elsewhere only
        words with ASCII letters in them can be Latin words, so they are found from their ASCII letters, and a
        line of Russian costs a scan, not a look at each of its words. A long line (glued paragraphs, a whole
        article on one line) is judged on a sample, and its words on a window around them; nothing here is
        proportional to the number of words of a line.
        """
        text = self.doc.text
        length = line.end - line.start
        if length <= 2 * CONTEXT:
            latin_line = self.latin_text(text[line.start : line.end])
        else:
            third = length // 3
            sample = "".join(text[line.start + i * third : line.start + i * third + CONTEXT] for i in range(3))
            latin_line = self.latin_text(sample)
        if latin_line:
            finder, window = _seed(), length > 2 * CONTEXT
        else:  # another script: only a word with ASCII letters can be a Latin word (none: no Latin text to hide in)
            finder, window = _ASCII_LETTERS_RUN, False
        letters = self.letters
        out = []
        m = finder.search(text, line.start, line.end)
        while m is not None:
            backwards = _WORD_BACKWARDS.match(text, line.start, m.end())
            forwards = _WORD.match(text, m.start(), line.end)
            start = backwards.start() if backwards else m.start()
            end = max(forwards.end(), m.end()) if forwards else m.end()
            m = finder.search(text, end, line.end)
            word = text[start:end]
            if word.isascii() or not any(c in letters for c in word):
                continue  # a plain word, or an emoji or another astral character the seed class lets through
            latin_here = self._window_is_latin(line, start) if window else latin_line
            verdict = self._word(start, word, latin_here, line)
            if verdict:
                out.append(verdict)
        return out

    def _window_is_latin(self, line: Line, pos: int) -> bool:
        """Whether the stretch around ``pos`` reads as Latin text (blocks of CONTEXT characters, cached)."""
        block = (pos - line.start) // CONTEXT
        key = (line.number, block)
        if key not in self._windows:
            start = line.start + (block - 1) * CONTEXT
            stretch = self.doc.text[max(line.start, start) : min(line.end, start + 3 * CONTEXT)]
            self._windows[key] = self.latin_text(stretch)
        return self._windows[key]

    def _neighbours(self, line: Line, start: int, end: int) -> list[str]:
        """The words before and after ``text[start:end]`` on its line."""
        text = self.doc.text
        before = _WORD_BACKWARDS.search(text, line.start, start)
        after = _WORD.search(text, end, line.end)
        return [m.group() for m in (before, after) if m]

    def _word(self, start: int, word: str, latin_line: bool, line: Line) -> Verdict | None:
        if word in self.allow_words:
            return None
        latin = other = 0  # Latin letters; letters of other scripts that look like nothing Latin
        suspects: list[Suspect] = []
        reading: list[str] = []
        for j, char in enumerate(word):
            if char.isascii():
                latin += char.isalpha()
                reading.append(char)
                continue
            look = self.letters.get(char) if char not in self.allow_characters else None
            if look is not None:
                suspects.append(Suspect(start + j, look))
                reading.append(look.reading or char)
                continue
            category = unicodedata.category(char)
            if category == "Cf":
                continue  # default-ignorable: not part of what the word reads as
            reading.append(char)
            if category[0] == "L":
                if _LATIN_LETTER.match(char):
                    latin += 1
                else:
                    other += 1
        if not suspects:
            return None
        return self._decide(start, word, "".join(reading), latin, other, suspects, latin_line, line)

    def _decide(
        self,
        start: int,
        word: str,
        reading: str,
        latin: int,
        other: int,
        suspects: list[Suspect],
        latin_line: bool,
        line: Line,
    ) -> Verdict | None:
        foreign = [s for s in suspects if s.look.kind == "foreign"]
        uncommon = [s for s in suspects if s.look.kind == "uncommon"]
        latin_like = [s for s in suspects if s.look.kind == "latin-like"]
        if any(s.look.weak for s in latin_like):
            return None  # a Greek letter that is no Latin look-alike: a symbol (Δx, εr, ωt)
        all_read = all(s.look.reading for s in suspects)
        full_reading = reading if all_read else None
        # the finding points at the letters themselves (first to last suspect): exactly where, one per word
        base = (suspects[0].offset, suspects[-1].offset + 1, word, full_reading, tuple(suspects))
        if foreign and not latin_like and not other:
            letters = latin + len(foreign) + len(uncommon)
            weak = all(s.look.weak for s in foreign)
            if latin or uncommon:  # a Latin word with look-alikes in it
                if weak:
                    if letters >= 4 and self.known(reading):
                        return Verdict(1, *base, MIXED, "it then reads as a known word")
                    return None
                if latin >= len(foreign):
                    return Verdict(1, *base, MIXED, "the Latin letters are the majority")
                if self.known(reading):
                    return Verdict(1, *base, MIXED, "it then reads as a known word")
                if latin_line:
                    return Verdict(
                        2,
                        *base,
                        MIXED,
                        "mostly look-alikes, in Latin text, not a known word",
                    )
                return None
            neighbours = self._neighbours(line, start, start + len(word)) if latin_line else []
            if not latin_line or self._beside_foreign_writing(neighbours) or self._genuine_script(foreign):
                return None
            if weak:
                if letters >= 4 and self.known(reading, in_document_only=True):
                    return Verdict(1, *base, WHOLE, "the document has the ASCII word")
                return None
            if letters >= 2 and self.known(reading, in_document_only=True):
                return Verdict(1, *base, WHOLE, "the document has the ASCII word")
            return Verdict(2, *base, WHOLE, "inside Latin text")
        if other:
            return None
        if latin_like and (latin or uncommon) and (latin > len(foreign) + len(latin_like) or latin_line):
            return Verdict(3, *base, "mixes Latin with letters of another script", "they imitate Latin letters")
        if uncommon and not foreign and not latin_like and all_read and self.known(reading):
            if any(s.look.char == _DOTLESS_I for s in uncommon) and not self._dotless_i_is_suspicious(reading):
                return None
            return Verdict(3, *base, "has letters English is not written with", "it then reads as a known word")
        return None

    def _genuine_script(self, foreign: list[Suspect]) -> bool:
        """Whether the document also has real writing in the look-alikes' script (letters that imitate no ASCII
        letter: the И of ИНОТВ beside a language menu's РУС), which makes a word of look-alikes plausibly real."""
        if self._genuine is None:
            self._genuine = {
                script_of(c)
                for c in non_ascii(self.doc)
                if c.isalpha() and not (c in self.letters and self.letters[c].reading) and not _LATIN_LETTER.match(c)
            }
        return any(s.look.script in self._genuine for s in foreign)

    def _beside_foreign_writing(self, neighbours: list[str]) -> bool:
        """Whether a neighbouring word is real writing in another script (has letters that imitate nothing)."""
        for word in neighbours:
            for char in word:
                if char.isascii() or char in self.letters or not char.isalpha():
                    continue
                if not _LATIN_LETTER.match(char):
                    return True
        return False

    def _dotless_i_is_suspicious(self, reading: str) -> bool:
        """A dotless ı is Turkish (or Azerbaijani) in a document with other Turkish letters, or in a short word."""
        return len(reading) >= 3 and _TURKIC.search(self.doc.text) is None
