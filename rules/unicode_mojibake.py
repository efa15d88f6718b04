"""Mojibake: text decoded with the wrong encoding (``donâ€™t``, ``cafÃ©``, ``РџСЂРёРІРµС‚``).

ftfy decides and repairs, with its encoding fixes only (``ftfy.fix_encoding_and_explain``; never ``fix_text``,
whose defaults also straighten curly quotes and change other correct text). ftfy costs tens of microseconds a
line, so it is imported and run only for lines with a sequence that UTF-8 bytes decoded in a single-byte encoding
produce: a lead byte (0xC2-0xF4) followed by as many continuation bytes (0x80-0xBF) as it announces, read as
Latin-1, Windows-1252, Windows-1251, MacRoman or CP437 characters. Clean English, German or French text practically
never has one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import regex
from scrapelint.document import Document, Line

from .unicode_scan import census, line_at


def _decoded(encoding: str, first: int, last: int) -> str:
    return bytes(range(first, last + 1)).decode(encoding, errors="ignore")


@cache
def _sequences() -> tuple[tuple[str, str, int], ...]:
    """(lead characters, continuation characters, continuations needed) of UTF-8 read in each single-byte
    encoding ftfy repairs. The lead byte says how many continuation bytes follow, so "ä“" (0xE4 0x93) in a
    German quotation is no candidate: a three-byte lead needs two continuations. 0xDF (ß) is left out as a
    two-byte lead: it would start N'Ko letters, whose mojibake nobody meets, while „Spaß“ is common."""
    latin1 = _decoded("latin-1", 0x80, 0xBF) + _decoded("cp1252", 0x80, 0xBF)
    mac, cp437 = _decoded("mac_roman", 0x80, 0xBF), _decoded("cp437", 0x80, 0xBF)
    return (
        (_decoded("latin-1", 0xC2, 0xDE), latin1, 1),
        (_decoded("latin-1", 0xE0, 0xEF), latin1, 2),
        (_decoded("latin-1", 0xF0, 0xF4), latin1, 3),
        # Cyrillic UTF-8 (lead bytes 0xD0-0xD2) read as Windows-1251: "Р°", "СЂ"
        (_decoded("cp1251", 0xD0, 0xD2), _decoded("cp1251", 0x80, 0xBF), 1),
        # MacRoman and CP437 readings of accented Latin letters (0xC2, 0xC3, 0xC5) and punctuation (0xE2)
        (bytes([0xC2, 0xC3, 0xC5]).decode("mac_roman"), mac, 1),
        (bytes([0xE2]).decode("mac_roman"), mac, 2),
        (bytes([0xC3]).decode("cp437"), cp437, 1),
        (bytes([0xE2]).decode("cp437"), cp437, 2),
    )


_ALL = tuple(range(len(_sequences())))


@cache
def _sequence_sets() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    return tuple((frozenset(lead), frozenset(conts)) for lead, conts, _ in _sequences())


@cache
def _sequence_characters() -> re.Pattern[str]:
    """Every lead and continuation character: which of them a document has decides the sequences to look for."""
    chars = "".join(dict.fromkeys("".join(lead + conts for lead, conts, _ in _sequences())))
    return re.compile(f"[{re.escape(chars)}]")


_NON_ASCII_RUN = regex.compile("[^\x00-\x7f]{2,}")  # regex finds a negated ASCII range faster than re
_LOST_A0_LEADS = "\u00c2\u00c3"
_LOST_A0 = re.compile(f"[{_LOST_A0_LEADS}] ")  # ftfy's restore_byte_a0: "voilÃ le" (the 0xA0 byte became a space)


def _active(chars: frozenset[str]) -> tuple[int, ...]:
    """The sequences (indices into :func:`_sequences`) a document with these characters can hold: it has one of
    their leads and one of their continuations. German passes for Latin-1 (ä and –) and nothing else; English
    news, for nothing at all."""
    sets = _sequence_sets()
    return tuple(
        i for i, (leads, conts) in enumerate(sets) if not chars.isdisjoint(leads) and not chars.isdisjoint(conts)
    )


# What in a document's non-ASCII characters makes it worth a look: a lost no-break space's lead (members of a
# character class: its space is ASCII, so not among those characters), or a sequence.
NOTABLE_CHARACTERS = re.escape(_LOST_A0_LEADS)


def notable_sequences() -> re.Pattern[str]:
    return _hint(_ALL)


def may_have_mojibake(doc: Document) -> bool:
    """Whether the document can hold mojibake at all."""
    return bool(_hints(doc))


def _hints(doc: Document) -> list[re.Pattern[str]]:
    """The patterns whose matches in the text point at lines for ftfy (none: the document has no candidate)."""
    return doc.memo("unicode.mojibake_hints", _find_hints)


def _find_hints(doc: Document) -> list[re.Pattern[str]]:
    non_ascii = census(doc).non_ascii
    out = []
    hint = _sequence_hint(doc, non_ascii)
    if hint is not None:
        out.append(hint)
    if _LOST_A0_LEADS[0] in non_ascii or _LOST_A0_LEADS[1] in non_ascii:
        out.append(_LOST_A0)  # its space is ASCII: it can only be looked for in the text
    return out


def _sequence_hint(doc: Document, non_ascii: str) -> re.Pattern[str] | None:
    """The pattern that finds the document's sequences in its text (None: it has none).

    Decided on the document's non-ASCII characters alone where possible: a sequence's characters are next to each
    other there too. In text in another script nearly every sequence there is in the text as well, which is then
    searched for all of them. In a page dump, taking the ASCII out puts curly quotes next to accented letters that
    were words apart, so the text's runs of two or more non-ASCII characters are looked at next; the text is then
    searched only for the kinds of sequence the runs have, whose continuations are fewer to stop at (same
    matches: a sequence in the text is whole inside one run).
    """
    any_sequence = _hint(_ALL)
    if any_sequence.search(non_ascii) is None:
        return None
    if len(non_ascii) * 8 > len(doc.text):
        return any_sequence
    runs = "\n".join(_NON_ASCII_RUN.findall(doc.text))
    if any_sequence.search(runs) is None:
        return None
    return _hint(_active(frozenset(_sequence_characters().findall(runs))))


@cache
def _hint(active: tuple[int, ...]) -> re.Pattern[str]:
    """The active sequences as one regex that starts with a character class.

    The class of their continuation characters comes first, so that ``re`` skips to candidates with its fast
    class scan and stops only there: in clean text continuations are the rare half (German has an umlaut in
    every other word, a dash or a quotation mark now and then). A lookbehind then checks the lead before the
    first continuation, and the other continuations follow, as many as the lead byte says.
    """
    sequences = [_sequences()[i] for i in active]
    first = "".join(dict.fromkeys("".join(conts for _, conts, _ in sequences)))
    branches = "|".join(
        f"(?<=[{re.escape(lead)}][{re.escape(conts)}])" + (f"[{re.escape(conts)}]{{{count - 1}}}" if count > 1 else "")
        for lead, conts, count in sequences
    )
    # Any lead before the continuation, checked once before the branches: a curly quote after a curly quote or a
    # letter (most stops in a page dump) then fails at once, not once per branch.
    leads = "".join(dict.fromkeys("".join(lead for lead, _, _ in sequences)))
    return re.compile(f"[{re.escape(first)}](?<=[{re.escape(leads)}][{re.escape(first)}])(?:{branches})")


@dataclass(frozen=True, slots=True)
class Repair:
    start: int  # offsets into the document
    end: int
    replacement: str
    plan: str  # "UTF-8 decoded as Windows-1252"


def repairs(doc: Document) -> list[Repair]:
    return doc.memo("unicode.mojibake", _repairs)


def _repairs(doc: Document) -> list[Repair]:
    text = doc.text
    out: list[Repair] = []
    seen: set[int] = set()  # lines already given to ftfy
    for hint in _hints(doc):
        m = hint.search(text)
        while m is not None:
            line = line_at(doc, m.start())
            if line.number not in seen:
                seen.add(line.number)
                out.extend(_line_repairs(line))
            m = hint.search(text, line.end + 1)
    out.sort(key=lambda r: r.start)
    return out


def _line_repairs(line: Line) -> list[Repair]:
    import ftfy  # lazily: only lines that look like mojibake pay for it

    fixed = ftfy.fix_encoding_and_explain(line.text)
    if fixed.text == line.text:
        return []
    plan = describe_plan(fixed.explanation or [])
    return [
        Repair(line.start + i1, line.start + i2, fixed.text[j1:j2], plan)
        for i1, i2, j1, j2 in changed_regions(line.text, fixed.text)
    ]


def changed_regions(a: str, b: str, gap: int = 3) -> list[tuple[int, int, int, int]]:
    """Regions where ``b`` differs from ``a``, as (a_start, a_end, b_start, b_end); nearby changes merged.

    A character diff; on lines longer than :data:`_CHARACTER_DIFF_LIMIT` only inside the runs of words that changed
    (:func:`_changed_word_runs`): a character diff of a whole line costs time quadratic in its length, seconds for
    the one-line pages some extractors produce."""
    whole = max(len(a), len(b)) <= _CHARACTER_DIFF_LIMIT
    regions: list[list[int]] = []
    for a0, a1, b0, b1 in [(0, len(a), 0, len(b))] if whole else _changed_word_runs(a, b):
        matcher = difflib.SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            i1, i2, j1, j2 = a0 + i1, a0 + i2, b0 + j1, b0 + j2
            if regions and i1 - regions[-1][1] <= gap:
                regions[-1][1], regions[-1][3] = i2, j2
            else:
                regions.append([i1, i2, j1, j2])
    return [(r[0], r[1], r[2], r[3]) for r in regions]


_CHARACTER_DIFF_LIMIT = 2000
_WORD_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")  # a word or a symbol, with the spaces after it
_RESYNC_WINDOW = 64  # words a repair may span on either side
_RESYNC_AGREE = (3, 1)  # words that must agree after a changed run: three if any place nearby has them, else one


def _changed_word_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """(a_start, a_end, b_start, b_end) of the runs of words that differ, found in one walk along both lines: a
    repair is local, so after each changed run the nearest place where the words agree again resumes the walk.
    Where nothing agrees within the window, the rest of the lines is diffed word by word."""
    words_a, words_b = _WORD_TOKEN.findall(a), _WORD_TOKEN.findall(b)
    starts_a, starts_b = _token_starts(words_a), _token_starts(words_b)
    runs: list[tuple[int, int, int, int]] = []
    i = j = 0
    while i < len(words_a) and j < len(words_b):
        same = _words_in_common(words_a, words_b, i, j)
        if same:
            i, j = i + same, j + same
            continue
        skip = _resync(words_a, words_b, i, j)
        if skip is None:
            matcher = difflib.SequenceMatcher(None, words_a[i:], words_b[j:], autojunk=False)
            runs.extend(
                (starts_a[i + i1], starts_a[i + i2], starts_b[j + j1], starts_b[j + j2])
                for op, i1, i2, j1, j2 in matcher.get_opcodes()
                if op != "equal"
            )
            return runs
        runs.append((starts_a[i], starts_a[i + skip[0]], starts_b[j], starts_b[j + skip[1]]))
        i, j = i + skip[0], j + skip[1]
    if i < len(words_a) or j < len(words_b):  # one line has words the other lacks at its end
        runs.append((starts_a[i], starts_a[-1], starts_b[j], starts_b[-1]))
    return runs


def _words_in_common(words_a: list[str], words_b: list[str], i: int, j: int) -> int:
    """How many words agree from ``i`` in ``a`` and ``j`` in ``b`` on. A repaired line is its original but for a
    few words, so the agreeing stretches are long: they are compared as slices (in C), in doubling steps that
    halve after a mismatch, not word by word."""
    limit = min(len(words_a) - i, len(words_b) - j)
    same, step = 0, 1
    while same < limit:
        end = min(same + step, limit)
        if words_a[i + same : i + end] == words_b[j + same : j + end]:
            same, step = end, step * 2
        elif step > 1:
            step //= 2
        else:
            break
    return same


def _resync(words_a: list[str], words_b: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The fewest words to skip on each side, (in ``a``, in ``b``), after which the lines agree again."""
    for agree in _RESYNC_AGREE:
        for span in range(1, 2 * _RESYNC_WINDOW + 1):
            for skip_a in range(max(0, span - _RESYNC_WINDOW), min(span, _RESYNC_WINDOW) + 1):
                skip_b = span - skip_a
                ahead_a = words_a[i + skip_a : i + skip_a + agree]
                if ahead_a == words_b[j + skip_b : j + skip_b + agree] and (
                    ahead_a or (i + skip_a == len(words_a) and j + skip_b == len(words_b))
                ):
                    return skip_a, skip_b
    return None


def _token_starts(tokens: list[str]) -> list[int]:
    """Offset of each token, and the end of the last."""
    return list(accumulate(map(len, tokens), initial=0))


_ENCODING_NAMES = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "windows-1252": "Windows-1252",
    "sloppy-windows-1251": "Windows-1251",
    "sloppy-windows-1250": "Windows-1250",
    "iso-8859-2": "ISO-8859-2",
    "macroman": "MacRoman",
    "cp437": "CP437",
    "utf-8": "UTF-8",
    "utf-8-variants": "UTF-8",
}
_STEP_NAMES = {
    "decode_inconsistent_utf8": "UTF-8 decoded as a single-byte encoding in places",
    "fix_c1_controls": "C1 control characters that meant Windows-1252 punctuation",
    "restore_byte_a0": "a lost no-break-space byte restored",
    "replace_lossy_sequences": "bytes lost upstream replaced with U+FFFD",
}


def describe_plan(steps: list[tuple[str, str]]) -> str:
    """ftfy's explanation in words: ``[('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')]`` ->
    ``UTF-8 decoded as Windows-1252``."""
    parts: list[str] = []
    notes: list[str] = []  # byte-level repairs done on the way
    encoded = None
    for action, parameter in steps:
        if action == "encode":
            encoded = _ENCODING_NAMES.get(parameter, parameter)
        elif action == "decode" and encoded:
            parts.append(f"{_ENCODING_NAMES.get(parameter, parameter)} decoded as {encoded}")
            encoded = None
        elif action == "transcode" and encoded:
            notes.append(_STEP_NAMES.get(parameter, parameter))
        elif action in ("apply", "transcode"):
            parts.append(_STEP_NAMES.get(parameter, parameter))
    plan = "; ".join(dict.fromkeys(parts)) or "wrong decoding"
    return f"{plan} ({', '.join(dict.fromkeys(notes))})" if notes else plan
