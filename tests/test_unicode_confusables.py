"""The UTS #39 skeleton primitive and the shipped tables it is built on."""

from __future__ import annotations

import gzip
import json
from importlib import resources

from scrapelint.rules.confusables import english_words, is_confusable, script_of, skeleton, tables


def test_skeleton_equates_look_alikes():
    assert skeleton("g\u03bfvernment") == skeleton("government")
    assert is_confusable("\u0422\u041e\u041a\u0423\u041e", "TOKYO")
    assert is_confusable("\u0440\u0430\u0443\u0440\u0430l", "paypal")
    assert is_confusable("\U0001d41b\U0001d428\U0001d425\U0001d41d", "bold")
    assert not is_confusable("caf\u00e9", "cafe")  # NFD keeps the accent
    assert not is_confusable("\u03c0", "n")


def test_skeleton_drops_default_ignorables_and_normalises():
    assert skeleton("gov\u200bern\u00adment") == skeleton("government")
    assert skeleton("e\u0301") == skeleton("\u00e9")


def test_skeleton_maps_ascii_too_as_uts39_does():
    # the skeleton is for comparing, not for display: 0 and O, 1 and l and I share one
    assert skeleton("0") == skeleton("O") and skeleton("1") == skeleton("l") == skeleton("I")


def test_tables_state_their_unicode_version_and_cover_the_usual_attacks():
    t = tables()
    assert t.unicode_version == "13.0.0"
    assert len(t.prototypes) > 6000
    for char, reading, script in [
        ("\u03bf", "o", "Greek"),
        ("\u0430", "a", "Cyrillic"),
        ("\u0410", "A", "Cyrillic"),
        ("\u0399", "I", "Greek"),
        ("\u0585", "o", "Armenian"),
        ("\u0131", "i", "Latin"),
        ("\u0138", "k", "Latin"),
        ("\u1d0b", "k", "Latin"),
    ]:
        look = t.letters[char]
        assert (look.reading, look.script) == (reading, script), char
    assert t.letters["\u03b1"].weak and not t.letters["\u03bf"].weak
    assert t.letters["\u0442"].kind == "latin-like" and t.letters["\u0442"].looks_like == "\u1d1b"
    # letters of real orthographies with their own shape are not look-alikes
    for char in "\u00e9\u00df\u00f8\u0142\u043b\u0434\u03bb\u03c0\u00b5":
        assert char not in t.letters or t.letters[char].kind == "latin-like", char


def test_data_file_says_where_it_came_from():
    data = json.loads((resources.files("scrapelint.rules") / "data" / "confusables.json").read_text("utf-8"))
    assert "Unicode 13.0.0" in data["about"] and "generate_unicode_data.py" in data["about"]


def test_english_word_list_is_small_and_plain():
    words = english_words()
    assert len(words) == 50_000
    assert {"government", "tokyo", "paypal", "key", "big"} <= words
    assert all(w.isascii() and w.isalpha() and w.islower() for w in words)
    raw = (resources.files("scrapelint.rules") / "data" / "english_words.txt.gz").read_bytes()
    assert len(raw) < 250_000
    assert gzip.decompress(raw).startswith(b"# 50000 most frequent English words")


def test_script_names():
    assert [script_of(c) for c in "a\u03b1\u0430\u05d0\u1401"] == [
        "Latin",
        "Greek",
        "Cyrillic",
        "Hebrew",
        "Canadian Syllabics",
    ]
