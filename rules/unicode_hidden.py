"""Hidden characters: which invisible characters are legitimate where they stand, bidi pairing (UAX #9), and
decoding text smuggled in tag characters or variation selectors."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Scripts that join or separate letters with ZWJ/ZWNJ as part of their spelling (Persian می‌خواهم, Indic
# conjuncts and chillus, Sinhala yansaya).
_JOINING_SCRIPT = regex.compile(
    r"[\p{Arabic}\p{Syriac}\p{Thaana}\p{Nko}\p{Mongolian}\p{Hebrew}\p{Devanagari}\p{Bengali}\p{Gurmukhi}"
    r"\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Tibetan}\p{Myanmar}\p{Khmer}"
    r"\p{Balinese}\p{Javanese}]"
)
# Scripts written without spaces, where a zero-width space marks word boundaries.
_SPACELESS_SCRIPT = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\p{Han}\p{Hiragana}\p{Katakana}]")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")
_EMOJI_TRAILERS = regex.compile(r"[\ufe0f\ufe0e\U0001f3fb-\U0001f3ff\u20e3]")  # presentation, skin tone, keycap
_MONGOLIAN = regex.compile(r"\p{Mongolian}")
_HANGUL_JAMO = regex.compile(r"[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")
_MARK = regex.compile(r"\p{M}")
_BRAILLE = regex.compile(r"[\u2801-\u28ff]")
_RTL = regex.compile(r"[\p{Bidi_Class=R}\p{Bidi_Class=AL}]")


def invisible_allowed(text: str, i: int) -> bool:
    """Whether the invisible character at ``text[i]`` does a legitimate job where it stands."""
    char = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if char == "\ufeff":
        return i == 0  # a byte order mark, as the very first character
    if char == "\u200d":
        return (_emoji_before(text, i) and bool(nxt and _PICTOGRAPHIC.match(nxt))) or _joining(prev, nxt)
    if char == "\u200c":
        return _joining(prev, nxt)
    if char == "\u200b":
        return any(c and _SPACELESS_SCRIPT.match(c) for c in (prev, nxt))
    if char in "\u180b\u180c\u180d\u180e\u180f":
        return bool(prev and _MONGOLIAN.match(prev))
    if char in "\u115f\u1160":
        return any(c and _HANGUL_JAMO.match(c) for c in (prev, nxt))
    if char == "\u034f":
        return bool(nxt and _MARK.match(nxt))  # combining grapheme joiner between marks
    if char == "\u2800":
        return any(c and _BRAILLE.match(c) for c in (prev, nxt))  # the blank cell of braille text
    return False


def _joining(prev: str, nxt: str) -> bool:
    return bool(prev and _JOINING_SCRIPT.match(prev)) or bool(nxt and _JOINING_SCRIPT.match(nxt))


def _emoji_before(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and _EMOJI_TRAILERS.match(text[j]):
        j -= 1
    return j >= 0 and bool(_PICTOGRAPHIC.match(text[j]))


def has_rtl(text: str) -> bool:
    """Whether the text has any right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko ...)."""
    return _RTL.search(text) is not None


# -- bidi controls ----------------------------------------------------------------------------------------------
EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF
OVERRIDES = "\u202d\u202e"
PDF = "\u202c"
ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI
PDI = "\u2069"
MARKS = "\u200e\u200f\u061c"  # LRM RLM ALM: not paired
PARAGRAPH_SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2029"  # bidi class B (UAX #9 BD2)


@dataclass(frozen=True, slots=True)
class BidiReport:
    pairs: list[tuple[int, int]]  # (opener offset, closer offset), properly matched
    marks: list[int]
    unmatched: list[tuple[int, str]]  # (offset, why): closers without opener, openers never closed


def pair_bidi(text: str, offsets: list[int]) -> BidiReport:
    """Match bidi controls per paragraph as UAX #9 does (X1-X8, simplified to what matters for pairing).

    A PDF closes the latest embedding or override opened inside the current isolate; a PDI closes the latest open
    isolate and, implicitly, every embedding opened after it; a paragraph separator closes everything. Controls
    closed only implicitly, and closers with nothing to close, are unmatched.
    """
    pairs: list[tuple[int, int]] = []
    marks: list[int] = []
    unmatched: list[tuple[int, str]] = []
    stack: list[int] = []
    paragraph_end = -1
    for pos in offsets:
        if pos > paragraph_end:
            unmatched.extend((p, "never closed in its paragraph") for p in stack)
            stack = []
            paragraph_end = _paragraph_end(text, pos)
        char = text[pos]
        if char in MARKS:
            marks.append(pos)
        elif char in EMBEDDINGS or char in ISOLATES:
            stack.append(pos)
        elif char == PDF:
            if stack and text[stack[-1]] in EMBEDDINGS:
                pairs.append((stack.pop(), pos))
            else:
                unmatched.append((pos, "closes no open embedding or override"))
        elif char == PDI:
            if any(text[p] in ISOLATES for p in stack):
                while text[stack[-1]] not in ISOLATES:
                    unmatched.append((stack.pop(), "closed only implicitly by a later isolate end"))
                pairs.append((stack.pop(), pos))
            else:
                unmatched.append((pos, "closes no open isolate"))
    unmatched.extend((p, "never closed in its paragraph") for p in stack)
    unmatched.sort()
    return BidiReport(pairs, marks, unmatched)


def _paragraph_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(sep, pos) for sep in PARAGRAPH_SEPARATORS) if i >= 0]
    return min(ends) if ends else len(text)


def paragraph_span(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(sep, 0, pos) for sep in PARAGRAPH_SEPARATORS) + 1
    return start, _paragraph_end(text, pos)


# -- smuggled text ----------------------------------------------------------------------------------------------
TAG_BASE_FLAG = "\U0001f3f4"  # WAVING BLACK FLAG: the one base of valid emoji tag sequences (subdivision flags)
_FLAG_TAGS = regex.compile(r"[\U000e0061-\U000e007a]{2}[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,4}\U000e007f")


def is_flag_sequence(text: str, start: int, end: int) -> bool:
    """``🏴`` + a subdivision code in tag letters + CANCEL TAG (UTS #51 ED-14a): England, Scotland, Wales ..."""
    return start > 0 and text[start - 1] == TAG_BASE_FLAG and _FLAG_TAGS.fullmatch(text, start, end) is not None


def decode_tags(run: str) -> str:
    """The ASCII text spelled by tag characters (U+E0020-E007E map to U+0020-007E)."""
    out = []
    for c in run:
        cp = ord(c) - 0xE0000
        if 0x20 <= cp <= 0x7E:
            out.append(chr(cp))
        elif cp == 0x01:
            out.append("[language tag]")
        elif cp != 0x7F:  # CANCEL TAG ends a sequence; it spells nothing
            out.append("?")
    return "".join(out)


def variation_selector_value(char: str) -> int:
    """VS1-VS16 are 0-15, VS17-VS256 are 16-255: one byte per selector, as smuggling encoders use them."""
    cp = ord(char)
    return cp - 0xFE00 if cp <= 0xFE0F else cp - 0xE0100 + 16


def decode_variation_selectors(run: str) -> tuple[str, bool]:
    """(decoded text, whether it is valid UTF-8 text); else a hex dump of the bytes."""
    data = bytes(variation_selector_value(c) for c in run)
    for payload in (data, data[1:]):  # the first selector may be a genuine emoji presentation selector
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text and text.isprintable():
            return text, True
    return data.hex(" "), False


def is_pictographic(char: str) -> bool:
    return bool(char) and _PICTOGRAPHIC.match(char) is not None
