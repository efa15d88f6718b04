"""UTS #39 confusable skeletons, and the per-character look-alike tables the homoglyph rules read.

The tables are generated from Unicode's ``confusables.txt`` (Unicode 13.0, the copy bundled by
confusable-homoglyphs) by ``rules/data/generate_unicode_data.py`` and shipped in ``rules/data/confusables.json``.
Nothing is downloaded at run time, and nothing is loaded at import: the first caller pays ~3 ms once.

>>> skeleton("g\u03bfvernment") == skeleton("government")
True
>>> is_confusable("\u0422\u041e\u041a\u0423\u041e", "TOKYO")
True
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

_DEFAULT_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}+")


@dataclass(frozen=True, slots=True)
class LookAlike:
    """What one non-ASCII letter looks like.

    ``kind`` is ``foreign`` (a letter of another script that reads as an ASCII letter: Greek ο, Cyrillic а),
    ``uncommon`` (a Latin or symbol letter that reads as an ASCII letter but is not written in English: ı, ɑ, ᴋ,
    𝐚, Ａ) or ``latin-like`` (a letter of another script that looks like a non-ASCII Latin letter: Cyrillic т ~ ᴛ).
    ``reading`` is the ASCII letter it stands for, if any. ``weak`` marks Greek lowercase letters other than
    omicron, which are also written as symbols (10μs, Hα, 3σ) and so need more evidence.
    """

    char: str
    kind: str
    reading: str | None
    script: str
    weak: bool = False
    looks_like: str = ""  # for latin-like letters: the Latin letter they imitate


@dataclass(frozen=True, slots=True)
class Tables:
    unicode_version: str
    prototypes: dict[str, str]  # source character -> prototype string (UTS #39 confusables mapping)
    letters: dict[str, LookAlike]  # every non-ASCII letter the homoglyph rules look at


_NAMED_SCRIPTS = ("Latin", "Greek", "Cyrillic", "Armenian", "Cherokee", "Coptic", "Lisu", "Common", "Inherited")


@cache
def _script_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((name, regex.compile(rf"\p{{Script={name}}}")) for name in _NAMED_SCRIPTS)


def script_of(char: str) -> str:
    """The script of a character, by name: the scripts look-alikes come from, else the first word(s) of the
    character's name (HEBREW LETTER VAV -> Hebrew, CANADIAN SYLLABICS ... -> Canadian Syllabics)."""
    for name, pattern in _script_patterns():
        if pattern.match(char):
            return name
    words = unicodedata.name(char, "Unknown").split()
    return " ".join(words[:2] if words[0] in ("OLD", "CANADIAN", "WARANG") else words[:1]).title()


def _data_file(name: str) -> bytes:
    return (resources.files("scrapelint.rules") / "data" / name).read_bytes()


@cache
def tables() -> Tables:
    data = json.loads(_data_file("confusables.json"))
    letters: dict[str, LookAlike] = {}
    for char, (reading, script, flags) in data["lookalikes"].items():
        kind = "uncommon" if script in ("Latin", "Common") else "foreign"
        letters[char] = LookAlike(char, kind, reading, script, "w" in flags)
    for char, reading in data["uncommon"].items():
        letters[char] = LookAlike(char, "uncommon", reading, "Latin")
    for char, (latin, script, flags) in data["latin_like"].items():
        reading = letters[latin].reading if latin in letters else None
        letters[char] = LookAlike(char, "latin-like", reading, script, "w" in flags, latin)
    return Tables(data["unicode_version"], data["prototypes"], letters)


def skeleton(text: str) -> str:
    """UTS #39 skeleton: NFD, drop default-ignorable code points, map each character to its prototype, NFD."""
    protos = tables().prototypes
    text = _DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", "".join(protos.get(c, c) for c in text))


def is_confusable(a: str, b: str) -> bool:
    """Whether two strings look the same: equal skeletons (UTS #39 section 4)."""
    return skeleton(a) == skeleton(b)


@cache
def english_words() -> frozenset[str]:
    """The 50,000 most frequent English words, lowercase ASCII (wordfreq; see rules/data)."""
    text = gzip.decompress(_data_file("english_words.txt.gz")).decode("utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


__all__ = ["LookAlike", "Tables", "english_words", "is_confusable", "script_of", "skeleton", "tables"]
