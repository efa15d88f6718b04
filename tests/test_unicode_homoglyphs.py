"""Homoglyph rules U001-U003: per-word tiers, on real sentences; should-fire beside should-not-fire."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapelint import Linter
from scrapelint.config import Config

SEED = Path(__file__).resolve().parent.parent / "samples" / "seed-000_f0d171d2014aab24.txt"
HOMOGLYPH = ["U001", "U002", "U003"]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=HOMOGLYPH)


def found(linter: Linter, text: str) -> list[tuple[str, str]]:
    """(code, word) of each finding."""
    return [(f.code, f.data["word"]) for f in linter.check(text)]


def test_seed_all_92_omicrons_found_and_fixed_nothing_else_touched(linter):
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\u03bf") == 92
    findings = linter.check(text)
    assert {f.code for f in findings} == {"U001"}
    edits = [e for f in findings for e in f.fix.edits]
    assert all(f.fix.is_safe for f in findings)
    assert len(edits) == 92
    assert all(text[e.start : e.end] == "\u03bf" and e.replacement == "o" for e in edits)
    assert {"\u03bfn", "Doc\u03bfm\u03bf", "g\u03bfvernment"} <= {f.data["word"] for f in findings}
    fixed = linter.fix(text).text
    assert fixed == text.replace("\u03bf", "o")  # curly quotes and © untouched
    assert "’" in fixed and "©" in fixed and "“" in fixed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The g\u03bfvernment said on Monday it would act.", [("U001", "g\u03bfvernment")]),
        ("Talks resumed \u03bfn Friday in Tokyo.", [("U001", "\u03bfn")]),  # 1 Latin letter, 1 look-alike
        ("The c\u043empany said profits rose.", [("U001", "c\u043empany")]),  # Cyrillic о
        ("Users of Whats\u0410\u0440p were affected.", [("U001", "Whats\u0410\u0440p")]),
        ("Log in to your \u0440\u0430\u0443\u0440\u0430l account now.", [("U001", "\u0440\u0430\u0443\u0440\u0430l")]),
        ("Big d\u03b1t\u03b1 is everywhere these days.", [("U001", "d\u03b1t\u03b1")]),  # weak Greek, known word
        (
            "Flights to \u0422\u041e\u041a\u0423\u041e resumed, Tokyo airport said.",
            [("U001", "\u0422\u041e\u041a\u0423\u041e")],
        ),
        (
            "Flights to \u0422\u041e\u041a\u0423\u041e resumed on Friday morning.",
            [("U002", "\u0422\u041e\u041a\u0423\u041e")],
        ),
        ("This is \u0430 test of the new warning system.", [("U002", "\u0430")]),
        ("It was a \u0138ey decision for the government.", [("U003", "\u0138ey")]),
        ("The \u1d0bing spoke to the nation on Friday.", [("U003", "\u1d0bing")]),
        ("It was b\u0131g news across the country.", [("U003", "b\u0131g")]),
        (
            "Mathematical \U0001d41b\U0001d428\U0001d425\U0001d41d text is styled.",
            [("U003", "\U0001d41b\U0001d428\U0001d425\U0001d41d")],
        ),
        (
            "The g\u03bf\u03bd\u0435rn\u043c\u0435n\u0442 building.",
            [("U003", "g\u03bf\u03bd\u0435rn\u043c\u0435n\u0442")],
        ),
    ],
)
def test_fires(linter, text, expected):
    assert found(linter, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Η Ελλάδα είναι όμορφη χώρα.",
        "Москва — столица России, сказал он.",
        "Բարեւ Ձեզ, հայ ժողովուրդ",
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u05d5\u05de\u05d4 \u05e9\u05dc\u05d5\u05de\u05da",
        "مرحبا بالعالم هذا اليوم",
        "東京都の人口は約1400万人です。ＪＲ東日本",
        "Yeni bir g\u00fcn ba\u015flad\u0131, \u0131s\u0131k ve kap\u0131 a\u00e7\u0131k m\u0131?",
        "The striker Y\u0131ld\u0131r\u0131m scored twice against Be\u015fikta\u015f.",
        "\u00dcber die \u00c4u\u00dferung sprach man \u00e0 la caf\u00e9 pr\u00e8s de l\u2019\u00e9glise na\u00efve.",
        "A 10μs delay, a circle of 2πr, a 5µm filter, the Hα line, a 3σ result, ΔT and λx.",
        "“Quoted” — dashed – and trailing… text\u00a0with a no-break space, 😀 and 👍🏽.",
        "A Greek headline: \u039f \u039a\u03cc\u03c3\u03bc\u03bf\u03c2 reported the story first.",
        "Weather: -11\u00ba\u0421 \u0434\u043d\u0435\u043c, \u043d\u043e\u0447\u044c\u044e -14\u00ba\u0421.",
        "In Ewe, the language is called E\u028begbe; the IPA is /\u0261\u0251\u02d0m/.",
        # Altai and Kalmyk written with a Latin J/Y in place of a Cyrillic letter: real writing, not Latin words
        "выставку «Jаркынду jылдызы» и «Хальмг Yнн»",
        # a language menu beside real Russian: РУС is Russian, not spoofed Latin
        "English ESP \u0420\u0423\u0421 DE FR \u0418\u041d\u041e\u0422\u0412 RUPTLY",
    ],
)
def test_does_not_fire_on_real_writing(linter, text):
    assert found(linter, text) == []


def test_a_finding_points_at_the_letters_of_its_word(linter):
    text = "NTT Doc\u03bfm\u03bf agreed."
    (finding,) = linter.check(text)
    assert text[finding.start : finding.end] == "\u03bfm\u03bf"  # first to last look-alike
    assert finding.data["word"] == "Doc\u03bfm\u03bf" and len(finding.fix.edits) == 2


def test_a_genuine_greek_letter_does_not_hide_the_omicrons(linter):
    text = "The value of \u03c0 was known to the ancient Greeks, the g\u03bfvernment museum says."
    assert found(linter, text) == [("U001", "g\u03bfvernment")]


def test_whole_words_need_latin_text_around_them(linter):
    # a word of look-alikes between real Cyrillic words is Russian
    assert (
        found(
            linter,
            "\u041e\u043d \u0441\u043a\u0430\u0437\u0430\u043b \u0441\u043e\u0440 \u0438 \u0443\u0448\u0435\u043b.",
        )
        == []
    )


def test_tier_two_fix_is_unsafe(linter):
    text = "Flights to \u0422\u041e\u041a\u0423\u041e resumed on Friday morning."
    assert linter.fix(text).text == text
    assert linter.fix(text, unsafe=True).text == "Flights to TOKYO resumed on Friday morning."


def test_tier_three_has_no_fix(linter):
    (finding,) = linter.check("It was a \u0138ey decision for the government.")
    assert finding.fix is None and finding.severity == "info"
    assert finding.data["reading"] == "key"


def test_finding_data_names_each_character(linter):
    (finding,) = linter.check("Users of Whats\u0410\u0440p were affected.")
    assert finding.data["reading"] == "WhatsApp"
    chars = {c["codepoint"]: c for c in finding.data["characters"]}
    assert chars["U+0410"]["name"] == "CYRILLIC CAPITAL LETTER A" and chars["U+0410"]["looks_like"] == "A"
    assert chars["U+0440"]["script"] == "Cyrillic"
    assert "U+0440 CYRILLIC SMALL LETTER ER" in finding.message


def test_allowlisted_characters_and_words_are_not_reported():
    text = "The g\u03bfvernment said the c\u043empany would pay."
    assert found(Linter(select=HOMOGLYPH), text) == [("U001", "g\u03bfvernment"), ("U001", "c\u043empany")]
    by_char = Linter(Config(allow_characters=frozenset("\u03bf")), select=HOMOGLYPH)
    assert found(by_char, text) == [("U001", "c\u043empany")]
    by_word = Linter(Config(allow_words=frozenset({"c\u043empany"})), select=HOMOGLYPH)
    assert found(by_word, text) == [("U001", "g\u03bfvernment")]


def test_ascii_and_diacritics_only_documents_cost_nothing(linter):
    assert linter.check("Plain ASCII text, nothing to see here.") == []
    assert linter.check("Caf\u00e9 na\u00efve \u00fcber \u00a35m") == []


GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([GREEK, CYRILLIC]).flatmap(
        lambda alphabet: st.lists(st.text(alphabet=alphabet, min_size=1, max_size=9), min_size=1, max_size=12)
    ),
    st.sampled_from([" ", ", ", ". ", "\n"]),
)
def test_text_in_one_other_script_never_has_homoglyph_findings(words, separator):
    text = separator.join(words)
    assert Linter(select=HOMOGLYPH).check(text) == []
    assert Linter(select=HOMOGLYPH).check(text.upper()) == []
