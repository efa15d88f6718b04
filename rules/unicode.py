"""Unicode integrity rules (U): characters that are not what they look like.

* U001-U003 homoglyphs, word by word, in three tiers of certainty (:mod:`unicode_homoglyphs`, tables in
  :mod:`confusables`);
* U010-U014 hidden characters: invisible and format characters, bidi controls, tag characters, variation
  selectors (:mod:`unicode_hidden`);
* U020-U022 characters that mean damage: control characters, U+FFFD, private-use characters;
* U030-U031 leaked HTML entities and tags;
* U040 mojibake (:mod:`unicode_mojibake`, repaired by ftfy's encoding fixes).

Clean text costs one or two character-class scans per document (:mod:`unicode_scan`); everything else runs on
the few places those scans find.
"""

from __future__ import annotations

import html
import re
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import ClassVar

from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.rule import DocumentRule

from . import unicode_hidden as hidden
from .unicode_homoglyphs import Suspect, Verdict, may_have_homoglyphs, verdicts
from .unicode_homoglyphs import notable_characters as homoglyph_characters
from .unicode_mojibake import NOTABLE_CHARACTERS as MOJIBAKE_CHARACTERS
from .unicode_mojibake import may_have_mojibake, notable_sequences, repairs
from .unicode_scan import (
    BLANKS,
    BLOCK_TAGS,
    NOTABLE_CHARACTERS,
    PLAIN,
    Census,
    census,
    describe,
    describe_run,
    line_at,
    removal,
    scan,
)

MAX_SHOWN = 80  # characters of hidden text or context quoted in a message


def kinds(doc: Document) -> frozenset[str]:
    """What the family may report in this document, from one shared scan: usually nothing."""
    return doc.memo("unicode.kinds", _kinds)


def _kinds(doc: Document) -> frozenset[str]:
    first = census(doc)
    if first is PLAIN:
        return _NOTHING  # plain ASCII without markup or controls: most clean English
    # Typography alone (curly quotes, dashes, accented letters), most of a page dump, has nothing notable
    notable = _is_notable(first)
    if not notable and not first.marks:
        return _NOTHING
    found = scan(doc)
    out = set(found.runs)
    if found.entities:
        out.add("entity")
    if found.tags:
        out.add("html-tag")
    if notable:
        if may_have_homoglyphs(doc):
            out.add("homoglyph")
        if may_have_mojibake(doc):
            out.add("mojibake")
    return frozenset(out) if out else _NOTHING


_NOTHING: frozenset[str] = frozenset()


def _is_notable(found: Census) -> bool:
    """Whether a document's non-ASCII characters have any a rule of the family is about: what the scan, the
    homoglyph and the mojibake rules would each look for, in two searches (each starts with a character class,
    which ``re`` skips through quickly; an alternation of classes it would try at every position)."""
    text = found.non_ascii
    if found.astral or _notable_characters().search(text) is not None:
        return True
    return notable_sequences().search(text) is not None


@cache
def _notable_characters() -> re.Pattern[str]:
    return re.compile(f"[{NOTABLE_CHARACTERS}{homoglyph_characters()}{MOJIBAKE_CHARACTERS}]")


def found_anything(doc: Document) -> bool:
    """The family's gate: whether the first scan found anything any rule of the family reports."""
    return bool(kinds(doc))


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UnicodeRule(DocumentRule):
    """Base of the family: ``check`` returns at once (no generator) unless the family's first scan found
    something of the rule's kind, so that the fourteen rules cost next to nothing on clean text."""

    family = "unicode"
    # What the rule reports: a class of characters (unicode_scan.char_class), "entity", "html-tag", "homoglyph"
    # or "mojibake"; the rule runs only on documents where the family's first scan found some.
    kind: ClassVar[str]

    def check(self, doc: Document) -> Iterable[Finding]:
        return self.findings(doc) if self.kind in kinds(doc) else ()

    def gate(self) -> Callable[[Document], bool]:
        return found_anything  # shared by the family: clean text costs one call for all fourteen rules

    @abstractmethod
    def findings(self, doc: Document) -> Iterator[Finding]:
        """The rule's findings, in a document where the first scan found something of its kind."""

    def allowed_runs(self, text: str, runs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        """Runs with the configured ``allowlist.characters`` cut out."""
        allowed = self.settings.allow_characters
        for start, end in runs:
            if allowed:
                yield from _split(start, end, lambda i: text[i] not in allowed)
            else:
                yield start, end


# -- homoglyphs -------------------------------------------------------------------------------------------------
class HomoglyphRule(UnicodeRule):
    tier: ClassVar[int]

    kind = "homoglyph"

    def findings(self, doc: Document) -> Iterator[Finding]:
        for verdict in verdicts(doc, self.settings.allow_characters, self.settings.allow_words):
            if verdict.tier == self.tier:
                yield self.finding(
                    verdict.start, verdict.end, self.message(verdict), self.fix(verdict), **self.data(verdict)
                )

    def message(self, verdict: Verdict) -> str:
        letters = ", ".join(
            f"{s.look.char} ({describe(s.look.char)})"
            + (f" for {s.look.reading}" if s.look.reading and s.look.kind != "latin-like" else "")
            + (f" like {s.look.looks_like}" if s.look.kind == "latin-like" else "")
            for s in _distinct(verdict)
        )
        reads = f"; reads as {verdict.reading!r}" if verdict.reading else ""
        return f"{verdict.word!r} {verdict.what}: {letters}{reads}"

    def fix(self, verdict: Verdict) -> Fix | None:
        return None

    def edits(self, verdict: Verdict) -> tuple[Edit, ...]:
        return tuple(Edit(s.offset, s.offset + 1, s.look.reading) for s in verdict.suspects if s.look.reading)

    @staticmethod
    def data(verdict: Verdict) -> dict[str, object]:
        return {
            "word": verdict.word,
            "reading": verdict.reading,
            "evidence": verdict.evidence,
            "characters": [
                {
                    "char": s.look.char,
                    "codepoint": f"U+{ord(s.look.char):04X}",
                    "name": describe(s.look.char).split(" ", 1)[-1],
                    "script": s.look.script,
                    "looks_like": s.look.reading if s.look.kind != "latin-like" else s.look.looks_like,
                }
                for s in _distinct(verdict)
            ],
        }


def _distinct(verdict: Verdict) -> list[Suspect]:
    """The suspects of a verdict, one per distinct character."""
    seen: dict[str, Suspect] = {}
    for s in verdict.suspects:
        seen.setdefault(s.look.char, s)
    return list(seen.values())


class MixedScriptWord(HomoglyphRule):
    """A Latin word with look-alike letters from another script in it (`gοvernment`).

    ## What it does
    Finds words that mix Latin letters with letters of another script that look the same (UTS #39 confusables:
    Greek `ο`, Cyrillic `а` `е` `о` `р` `с`, Armenian `օ`, Cherokee, Lisu ...), when the Latin reading is
    certain: the Latin letters are at least as many as the look-alikes, or the word then reads as an English word
    or as an ASCII word of the same document. A whole word of look-alikes inside Latin text also counts when the
    document has that word in ASCII (`ТОКУО` beside `Tokyo`).

    ## Why is this bad?
    Readers see `government`; search engines, deduplication, spell checkers and language models see a different
    word. Spammers use it to slip past filters, and careless tools produce it.

    ## Example
    `the gοvernment plans` (Greek omicron) becomes `the government plans`; `Docοmο` becomes `Docomo`.

    ## Fix safety
    Safe: only the look-alike letters are replaced, by the ASCII letters they imitate. Real Greek, Cyrillic and
    other writing is not touched: such a word has no Latin letters, and whole words are only fixed with the
    same word elsewhere in the document as evidence. Greek letters used as symbols (`10μs`, `Hα`) are left alone.
    """

    code = "U001"
    name = "mixed-script-word"
    severity = Severity.ERROR
    fixable = True
    tier = 1

    def fix(self, verdict: Verdict) -> Fix | None:
        return Fix.safe(*self.edits(verdict), message=f"replace with {verdict.reading!r}")


class ConfusableWord(HomoglyphRule):
    """A word of look-alike letters from another script inside Latin text (`ТОКУО`).

    ## What it does
    Finds words written entirely (or mostly) with letters of another script that look like Latin ones, standing
    in Latin text, when nothing else confirms the Latin reading: `ТОКУО` in Cyrillic letters in an English
    sentence, with no `Tokyo` elsewhere in the document.

    ## Why is this bad?
    The word displays as `TOKYO` but is not that word to any program: search, indexing and models miss it, and
    homograph spam uses exactly this to evade filters.

    ## Example
    `Flights to ТОКУО resume` reads as `Flights to TOKYO resume`.

    ## Fix safety
    Unsafe: a word in a foreign script quoted inside Latin text can consist of look-alike letters only (Russian
    `сор`), and replacing it would change real writing. Words next to real foreign words, and lines that are
    not mostly Latin, are never reported.
    """

    code = "U002"
    name = "confusable-word"
    severity = Severity.WARNING
    fixable = True
    tier = 2

    def fix(self, verdict: Verdict) -> Fix | None:
        return Fix.unsafe(*self.edits(verdict), message=f"replace with {verdict.reading!r}")


class UncommonLetter(HomoglyphRule):
    """A Latin word with letters English is not written with (`ĸ`, `ᴋ`, dotless `ı`).

    ## What it does
    Reports, for information, words that read as an English word (or as an ASCII word of the document) once
    their uncommon letters are read as ASCII: Greenlandic kra `ĸ`, small capitals `ᴋ`, dotless `ı` outside
    Turkish text, Latin alpha `ɑ`, mathematical `𝐛𝐨𝐥𝐝`, fullwidth `Ｌａｔｉｎ`. Also Latin words mixed with
    letters of another script that imitate Latin letters without being ASCII ones (Cyrillic `т` ~ `ᴛ`).

    ## Why is this bad?
    The word looks English but matches nothing: it is styled text, a typesetting accident or deliberate
    obfuscation, and it defeats search and filtering all the same.

    ## Example
    `a ĸey decision`, `bıg news`.

    ## Fix safety
    No fix: these letters are real letters of some orthographies (Turkish, Greenlandic, IPA), so the intended
    word is a guess. The message gives the ASCII reading.
    """

    code = "U003"
    name = "uncommon-letter"
    severity = Severity.INFO
    tier = 3


# -- hidden characters ------------------------------------------------------------------------------------------
class InvisibleCharacter(UnicodeRule):
    """An invisible character inside the text (zero-width space, soft hyphen, word joiner, braille blank ...).

    ## What it does
    Finds zero-width and invisible characters: ZERO WIDTH SPACE, ZERO WIDTH (NON-)JOINER, WORD JOINER, U+FEFF
    inside the text, MONGOLIAN VOWEL SEPARATOR, COMBINING GRAPHEME JOINER, Hangul fillers, BRAILLE PATTERN BLANK,
    SOFT HYPHEN, invisible math operators and other deprecated format characters. Their legitimate uses are
    allowed: ZWJ in emoji sequences (👩‍💻), ZWJ/ZWNJ in Persian, Arabic and Indic spelling, ZWSP between Thai,
    Khmer or CJK words, a BOM as the very first character, Mongolian and Hangul-jamo formatting characters.

    ## Why is this bad?
    They split words for every program while looking intact (`gov​ernment` is two tokens), hide watermarks and
    fingerprints, and break search, deduplication and tokenisation.

    ## Example
    `gov\\u200bernment` becomes `government`; `sentence.\\u2800Next` becomes `sentence. Next`.

    ## Fix safety
    Safe: the characters are removed; blank-looking ones (braille blank, Hangul filler) become a space when they
    stood between two words.
    """

    code = "U010"
    name = "invisible-character"
    severity = Severity.WARNING
    fixable = True
    kind = "invisible"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end in self.allowed_runs(text, scan(doc).of("invisible")):
            for a, b in _split(start, end, lambda i: not hidden.invisible_allowed(text, i)):
                chars = text[a:b]
                edit = removal(text, a, b, separator=any(c in BLANKS for c in chars))
                what = "invisible character" if b - a == 1 else f"{b - a} invisible characters"
                yield self.finding(
                    a,
                    b,
                    f"{what}: {describe_run(chars)}",
                    Fix.safe(edit, message="remove"),
                    codepoints=[f"U+{ord(c):04X}" for c in chars],
                )


def _split(start: int, end: int, keep: Callable[[int], bool]) -> Iterator[tuple[int, int]]:
    """Sub-runs of ``[start, end)`` whose positions satisfy ``keep``."""
    run_start = None
    for i in range(start, end):
        if keep(i):
            if run_start is None:
                run_start = i
        elif run_start is not None:
            yield run_start, i
            run_start = None
    if run_start is not None:
        yield run_start, end


class BidiRule(UnicodeRule):
    fixable = True
    kind = "bidi"

    def bidi(self, doc: Document) -> hidden.BidiReport:
        def compute(d: Document) -> hidden.BidiReport:
            offsets = [i for s, e in self.allowed_runs(d.text, scan(d).of("bidi")) for i in range(s, e)]
            return hidden.pair_bidi(d.text, offsets)

        return doc.memo(f"unicode.bidi:{hash(self.settings.allow_characters)}", compute)

    def make_fix(self, doc: Document, edits: list[Edit]) -> Fix:
        if doc.memo("unicode.rtl", lambda d: hidden.has_rtl(d.text)):
            return Fix.unsafe(*edits, message="remove (the text has right-to-left script: check the display)")
        return Fix.safe(*edits, message="remove")


class BidiControl(BidiRule):
    """A bidirectional formatting control where no right-to-left text needs it (Trojan Source).

    ## What it does
    Finds bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the marks LRM, RLM and ALM
    in paragraphs without right-to-left letters, where they have no job to do; and overrides (LRO, RLO)
    everywhere, since they make text display in an order other than the one it is stored in. Controls that are
    not properly paired are `unbalanced-bidi-control` (U012).

    ## Why is this bad?
    They change how text is displayed without changing what it is (CVE-2021-42574, "Trojan Source"): a reader
    and a program see different text. In scraped text they are usually leftovers of social-media markup.

    ## Example
    `\\u202eadmin\\u202c` is stored as `admin` but displayed as `nimda`.

    ## Fix safety
    Safe in text without right-to-left script (removing them changes nothing a reader needs); unsafe when the
    document has Hebrew, Arabic or other right-to-left letters, where display order may depend on them.
    """

    code = "U011"
    name = "bidi-control"
    severity = Severity.WARNING

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        report = self.bidi(doc)
        for opener, closer in report.pairs:
            override = text[opener] in hidden.OVERRIDES
            if not override and self._paragraph_has_rtl(text, opener):
                continue
            inside = text[opener + 1 : closer]
            message = f"{describe(text[opener])} … {describe(text[closer])} around {shorten(inside, 40)!r}"
            if text[opener] == "\u202e":
                message += f": displayed reversed, as {shorten(inside[::-1], 40)!r}"
            edits = [removal(text, opener, opener + 1), removal(text, closer, closer + 1)]
            yield self.finding(opener, closer + 1, message, self.make_fix(doc, edits), hidden_text=inside)
        for pos in report.marks:
            if self._paragraph_has_rtl(text, pos):
                continue
            message = f"{describe(text[pos])} in a paragraph without right-to-left text"
            yield self.finding(pos, pos + 1, message, self.make_fix(doc, [removal(text, pos, pos + 1)]))

    @staticmethod
    def _paragraph_has_rtl(text: str, pos: int) -> bool:
        start, end = hidden.paragraph_span(text, pos)
        return hidden.has_rtl(text[start:end])


class UnbalancedBidiControl(BidiRule):
    """A bidi control that is never closed, or closes nothing, in its paragraph (UAX #9).

    ## What it does
    Pairs embeddings and overrides (LRE, RLE, LRO, RLO) with POP DIRECTIONAL FORMATTING and isolates (LRI, RLI,
    FSI) with POP DIRECTIONAL ISOLATE, per paragraph as the Unicode Bidirectional Algorithm does, and reports
    every control left unpaired.

    ## Why is this bad?
    An unclosed override or embedding reorders everything after it up to the end of the paragraph: the
    Trojan Source attack (CVE-2021-42574) in its most effective form. A stray closer is debris that may pair
    with an opener when this text is pasted elsewhere.

    ## Example
    `Total: \\u202e 10 USD` with no closing U+202C: the rest of the line displays reversed.

    ## Fix safety
    Safe in text without right-to-left script; unsafe when the document has Hebrew, Arabic or other
    right-to-left letters.
    """

    code = "U012"
    name = "unbalanced-bidi-control"
    severity = Severity.ERROR

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for pos, why in self.bidi(doc).unmatched:
            fix = self.make_fix(doc, [removal(text, pos, pos + 1)])
            yield self.finding(pos, pos + 1, f"unbalanced {describe(text[pos])}: {why}", fix)


class TagCharacter(UnicodeRule):
    """Unicode tag characters carrying hidden text ("ASCII smuggling").

    ## What it does
    Finds runs of tag characters (U+E0000-E007F), which display as nothing but spell ASCII text, and shows that
    text. The one valid use, an emoji subdivision flag (🏴 + tag letters + CANCEL TAG, as in the flag of
    England), is allowed.

    ## Why is this bad?
    Text hidden this way is invisible to people but read by language models and other programs: it is used to
    smuggle instructions ("prompt injection") and tracking payloads into documents.

    ## Example
    `Summary.` followed by the tag characters for `ignore previous instructions`.

    ## Fix safety
    Safe: the tag characters are removed; nothing visible changes.
    """

    code = "U013"
    name = "tag-character"
    severity = Severity.ERROR
    fixable = True
    kind = "tag"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end in self.allowed_runs(text, scan(doc).of("tag")):
            if hidden.is_flag_sequence(text, start, end):
                continue
            decoded = hidden.decode_tags(text[start:end])
            message = f"{end - start} tag characters hide the text {shorten(decoded)!r}"
            fix = Fix.safe(removal(text, start, end), message="remove the hidden text")
            yield self.finding(start, end, message, fix, hidden_text=decoded)


class VariationSelectorSmuggling(UnicodeRule):
    """Variation selectors that no character takes, carrying hidden bytes.

    ## What it does
    Finds runs of two or more variation selectors (U+FE00-FE0F, U+E0100-E01EF), and single ones with no base
    character before them. A base character takes at most one selector (emoji presentation `❤️`, CJK
    ideographic variants), so anything more is data: encoders hide one byte per selector after an emoji or a
    letter. The message decodes the bytes (as UTF-8 text when they are).

    ## Why is this bad?
    The text displays as one emoji but carries an invisible payload that language models and other programs
    read: hidden instructions, watermarks, tracking identifiers.

    ## Example
    `😊` followed by selectors encoding `hello`.

    ## Fix safety
    Safe: the selectors are removed (an emoji presentation selector right after an emoji is kept).
    """

    code = "U014"
    name = "variation-selector-smuggling"
    severity = Severity.ERROR
    fixable = True
    kind = "variation-selector"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end in self.allowed_runs(text, scan(doc).of("variation-selector")):
            base = text[start - 1] if start > 0 else ""
            if end - start == 1 and base and not base.isspace():
                continue  # one selector on a base character: a normal variation sequence
            payload, is_text = hidden.decode_variation_selectors(text[start:end])
            keep_first = text[start] in "\ufe0e\ufe0f" and hidden.is_pictographic(base)
            cut = start + 1 if keep_first and end - start > 1 else start
            what = f"text {shorten(payload)!r}" if is_text else f"bytes {shorten(payload)}"
            count = end - start
            selectors = (
                "a variation selector that no character takes hides"
                if count == 1
                else (f"{count} variation selectors that no character takes hide")
            )
            message = f"{selectors} {what}"
            fix = Fix.safe(removal(text, cut, end), message="remove the hidden selectors")
            yield self.finding(start, end, message, fix, hidden_text=payload if is_text else None)


# -- characters that mean damage --------------------------------------------------------------------------------
_CP1252_C1 = {chr(b): bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_SEPARATING_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x1f"


class ControlCharacter(UnicodeRule):
    """A control character in text (NUL, escape sequences, form feed, C1 controls, line separator).

    ## What it does
    Finds C0 control characters other than tab, line feed and carriage return, DEL, C1 controls (U+0080-009F)
    and the LINE/PARAGRAPH SEPARATOR characters. Terminal colour codes (`ESC[31m`) are reported whole.

    ## Why is this bad?
    Controls are not text: they come from binary data, terminals, PDF page breaks, or Windows-1252 text decoded
    as Latin-1 (U+0093 was meant as `“`). They break parsers, JSON consumers and tokenisers. U+2028/U+2029 are
    line breaks most tools do not treat as such (and JavaScript treats as the end of a string).

    ## Example
    `\\x93quoted\\x94` becomes `“quoted”`; `page 1\\x0cpage 2` becomes `page 1 page 2`.

    ## Fix safety
    Safe: C1 controls that have a Windows-1252 meaning become that character; separators (form feed, vertical
    tab, information separators) become a space between words; U+2028/U+2029 become a line break; the rest are
    removed.
    """

    code = "U020"
    name = "control-character"
    severity = Severity.WARNING
    fixable = True
    kind = "control"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        runs = scan(doc).of("control")
        mojibake = [(r.start, r.end) for r in repairs(doc)] if not doc.is_ascii else []
        for start, end in self.allowed_runs(text, runs):
            if any(a <= start and end <= b for a, b in mojibake):
                continue  # part of a mojibake sequence: the mojibake rule repairs it whole
            chars = text[start:end]
            if chars.startswith("\x1b["):
                message = f"terminal escape sequence {chars!r}"
            else:
                what = "control character" if end - start == 1 else f"{end - start} control characters"
                message = f"{what}: {describe_run(chars)}"
                meant = "".join(_CP1252_C1.get(c, "") for c in chars)
                if meant and len(meant) == len(chars):
                    message += f" (Windows-1252 {meant!r} decoded as Latin-1)"
            yield self.finding(start, end, message, self._fix(text, start, end))

    @staticmethod
    def _fix(text: str, start: int, end: int) -> Fix:
        chars = text[start:end]
        if chars.startswith("\x1b["):
            return Fix.safe(removal(text, start, end), message="remove the escape sequence")
        if all(c in _SEPARATING_CONTROLS for c in chars):
            return Fix.safe(removal(text, start, end, separator=True), message="replace with a space")
        replacement = "".join(
            _CP1252_C1.get(c, "") if c not in "\u2028\u2029" else "\n" for c in chars if c not in "\x1b"
        )
        if not replacement:
            return Fix.safe(removal(text, start, end), message="remove")
        return Fix.safe(Edit(start, end, replacement), message=f"replace with {replacement!r}")


class ReplacementCharacter(UnicodeRule):
    """U+FFFD REPLACEMENT CHARACTER: bytes lost when the text was decoded.

    ## What it does
    Finds runs of `�`, which a decoder writes in place of bytes that were not valid in the encoding it assumed.

    ## Why is this bad?
    The original characters are gone (a `£`, an accented letter, a quote), and the text now has holes a reader
    notices and a program silently keeps.

    ## Example
    `It cost �5m` (a Latin-1 `£` read as UTF-8).

    ## Fix safety
    No fix: what was lost cannot be recovered from the text. Re-decode the source with the right encoding.
    """

    code = "U021"
    name = "replacement-character"
    severity = Severity.WARNING
    kind = "replacement"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end in self.allowed_runs(text, scan(doc).of("replacement")):
            count = end - start
            what = "a replacement character" if count == 1 else f"{count} replacement characters"
            context = shorten(line_at(doc, start).text.strip(), 60)
            yield self.finding(start, end, f"{what} (U+FFFD): bytes lost in decoding, in {context!r}")


class PrivateUseCharacter(UnicodeRule):
    """A private-use character: a glyph of some font (an icon font, usually), meaningless as text.

    ## What it does
    Finds characters of the private-use areas (U+E000-F8FF, planes 15 and 16), which have no agreed meaning:
    scraped pages leak them from icon fonts (Font Awesome, Material Icons, site-specific sets) used for share
    buttons, arrows and bullets.

    ## Why is this bad?
    Outside the page's font they display as empty boxes or as someone else's glyph, and they are noise to every
    program reading the text.

    ## Example
    `\\uf099 Share on Twitter` (a Font Awesome glyph).

    ## Fix safety
    Unsafe: the characters are removed, but a private-use character can be meaningful inside one community
    (custom CJK characters, a company logo), which the text alone does not tell.
    """

    code = "U022"
    name = "private-use-character"
    severity = Severity.WARNING
    fixable = True
    kind = "private-use"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end in self.allowed_runs(text, scan(doc).of("private-use")):
            chars = text[start:end]
            what = "private-use character" if end - start == 1 else f"{end - start} private-use characters"
            fix = Fix.unsafe(removal(text, start, end, separator=True), message="remove")
            yield self.finding(start, end, f"{what} {describe_run(chars)} (probably an icon-font glyph)", fix)


# -- leaked markup ----------------------------------------------------------------------------------------------
class LeakedHtmlEntity(UnicodeRule):
    """An HTML character reference left in the text (`&amp;`, `&#8217;`, `&nbsp;`).

    ## What it does
    Finds named (HTML5) and numeric character references that were never decoded.

    ## Why is this bad?
    The text says `AT&amp;T` or `don&#8217;t`: the extraction skipped a decoding step, and everything downstream
    (search, models, display) sees the escape instead of the character.

    ## Example
    `Tom &amp; Jerry` becomes `Tom & Jerry`; `don&#8217;t` becomes `don’t`.

    ## Fix safety
    Safe: the reference is replaced by the character it stands for (numeric references to controls or
    non-characters are reported without a fix). A doubly escaped `&amp;amp;` takes two passes.
    """

    code = "U030"
    name = "leaked-html-entity"
    severity = Severity.WARNING
    fixable = True

    kind = "entity"

    def findings(self, doc: Document) -> Iterator[Finding]:
        for match in scan(doc).entities:
            entity = match.group()
            value = html.unescape(entity)
            printable = value.isprintable() or value in ("\t", "\n", "\xa0", "\u00ad")
            usable = value != entity and printable and "\ufffd" not in value
            fix = (
                Fix.safe(Edit(match.start(), match.end(), value), message=f"replace with {value!r}") if usable else None
            )
            meaning = f" (means {value!r})" if usable else " (no usable character)"
            yield self.finding(match.start(), match.end(), f"HTML entity {entity!r} left in the text{meaning}", fix)


class LeakedHtmlTag(UnicodeRule):
    """An HTML tag or comment left in the text (`<br>`, `</p>`, `<div class="ad">`).

    ## What it does
    Finds tags of known HTML elements (bare, or with `name=value` attributes) and HTML comments.

    ## Why is this bad?
    Markup is not article text: it shows up in display, splits or glues sentences, and teaches language models
    to produce tags.

    ## Example
    `First line<br>Second line` becomes `First line Second line`; `<b>Bold</b>` becomes `Bold`.

    ## Fix safety
    Safe: inline tags (`b`, `span`, `a` ...) and comments are removed; block tags (`p`, `br`, `div`, `li` ...)
    become a space when they stood between two words.
    """

    code = "U031"
    name = "leaked-html-tag"
    severity = Severity.WARNING
    fixable = True

    kind = "html-tag"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in scan(doc).tags:
            is_comment = match.group(2) is None
            block = not is_comment and match.group(2).lower() in BLOCK_TAGS
            edit = removal(text, match.start(), match.end(), separator=block)
            what = "HTML comment" if is_comment else "HTML tag"
            fix = Fix.safe(edit, message="remove")
            yield self.finding(
                match.start(), match.end(), f"{what} {shorten(match.group(), 60)!r} left in the text", fix
            )


# -- mojibake ---------------------------------------------------------------------------------------------------
class Mojibake(UnicodeRule):
    """Mojibake: text decoded with the wrong encoding (`donâ€™t`, `cafÃ©`).

    ## What it does
    Finds lines that ftfy's encoding repair (`ftfy.fix_encoding_and_explain`: encoding fixes only) would change,
    and reports each changed stretch with the repair and ftfy's plan ("UTF-8 decoded as Windows-1252"). Only lines
    with a character pair that mis-decoded UTF-8 produces are given to ftfy, so clean text never pays for it.

    ## Why is this bad?
    Every accented letter, quote and dash in the stretch is garbage to readers and programs alike; it is the
    most common form of damage in scraped text.

    ## Example
    `donâ€™t` becomes `don’t`; `cafÃ©` becomes `café`; `РџСЂРёРІРµС‚` becomes `Привет`.

    ## Fix safety
    Safe: ftfy's repair is applied to the changed stretch only (its encoding fixes never straighten curly quotes
    or touch correct text). Unsafe when the repair contains U+FFFD (bytes were already lost).
    """

    code = "U040"
    name = "mojibake"
    severity = Severity.WARNING
    fixable = True

    kind = "mojibake"

    def findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for repair in repairs(doc):
            before = text[repair.start : repair.end]
            if before in self.settings.allow_words:
                continue
            edit = Edit(repair.start, repair.end, repair.replacement)
            make = Fix.unsafe if "\ufffd" in repair.replacement else Fix.safe
            fix = make(edit, message=f"replace with {repair.replacement!r}")
            message = (
                f"mojibake {shorten(before, 40)!r} should read {shorten(repair.replacement, 40)!r} ({repair.plan})"
            )
            yield self.finding(repair.start, repair.end, message, fix, plan=repair.plan)


RULES = (
    MixedScriptWord,
    ConfusableWord,
    UncommonLetter,
    InvisibleCharacter,
    BidiControl,
    UnbalancedBidiControl,
    TagCharacter,
    VariationSelectorSmuggling,
    ControlCharacter,
    ReplacementCharacter,
    PrivateUseCharacter,
    LeakedHtmlEntity,
    LeakedHtmlTag,
    Mojibake,
)
