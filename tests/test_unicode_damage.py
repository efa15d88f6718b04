"""Characters that mean damage (U020-U022), leaked HTML (U030-U031) and mojibake (U040)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from scrapelint import Linter
from scrapelint.rules.unicode_mojibake import changed_regions, describe_plan


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["U020", "U021", "U022", "U030", "U031", "U040"])


def codes(linter: Linter, text: str) -> list[str]:
    return [f.code for f in linter.check(text)]


# -- U020 control-character ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("He said \x93we will act\x94 and left\x85", "He said “we will act” and left…"),
        ("The file ended with a NUL\x00 byte.", "The file ended with a NUL byte."),
        ("Page one ended here.\x0cPage two started.", "Page one ended here. Page two started."),
        ("The log said \x1b[31mERROR\x1b[0m twice.", "The log said ERROR twice."),
        ("A bell\x07 rang and a \x7f was deleted.", "A bell rang and a was deleted."),
        ("First line\u2028second line", "First line\nsecond line"),
    ],
)
def test_control_characters(linter, text, fixed):
    assert set(codes(linter, text)) == {"U020"}
    assert linter.fix(text).text == fixed


def test_tabs_and_line_breaks_are_not_controls(linter):
    assert codes(linter, "Tabs\tare\tfine,\r\nand so are\rline breaks.\n") == []


def test_c1_controls_say_what_they_meant(linter):
    (finding,) = linter.check("He said \x93yes.")
    assert "Windows-1252 '“'" in finding.message


# -- U021 replacement-character --------------------------------------------------------------------------------
def test_replacement_characters_are_reported_without_fix(linter):
    findings = linter.check("The fee was \ufffd8m and the caf\ufffd\ufffd closed.")
    assert [f.code for f in findings] == ["U021", "U021"]
    assert all(f.fix is None for f in findings)
    assert "2 replacement characters" in findings[1].message


# -- U022 private-use-character --------------------------------------------------------------------------------
def test_private_use_characters(linter):
    text = "\uf099 The river rose overnight.\nWeather: sunny \ue81a and warm. Plane \U000f0001 glyph."
    findings = linter.check(text)
    assert [f.code for f in findings] == ["U022", "U022", "U022"]
    assert not any(f.fix.is_safe for f in findings)
    assert linter.fix(text, unsafe=True).text == "The river rose overnight.\nWeather: sunny and warm. Plane glyph."


def test_emoji_are_not_private_use(linter):
    assert codes(linter, "Emoji \U0001f600 \u2708\ufe0f \U0001f3f3\ufe0f\u200d\U0001f308 are standard.") == []


# -- U030 leaked-html-entity / U031 leaked-html-tag ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("He didn&#8217;t know", "He didn’t know"),
        ("The caf&#233; and &#xe9;t&eacute;", "The café and été"),
        ("Prices&nbsp;rose", "Prices\xa0rose"),
        ("A doubly escaped &amp;lt;tag&amp;gt;", "A doubly escaped <tag>"),
    ],
)
def test_entities_are_unescaped(linter, text, fixed):
    assert set(codes(linter, text)) == {"U030"}
    assert linter.fix(text).text == fixed


def test_not_entities(linter):
    assert codes(linter, "AT&T and R&D rose; Q&A followed; an &unknown; name; fish & chips; &copy without end") == []


def test_entity_without_a_usable_character_has_no_fix(linter):
    (finding,) = linter.check("A &#0; reference")
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("First line<br>Second line.", "First line Second line."),
        ("<p>A paragraph</p> and <b>bold</b> words.", "A paragraph and bold words."),
        (
            '<div class="story">The river rose overnight after the storm.</div>',
            "The river rose overnight after the storm.",
        ),
        ("The end. <!-- tracking -->", "The end."),
        (
            'The words <span style="color:red">in</span> red were marked <br/> by the editor yesterday.',
            "The words in red were marked by the editor yesterday.",
        ),
    ],
)
def test_tags_are_removed_without_gluing_words(linter, text, fixed):
    assert set(codes(linter, text)) == {"U031"}
    assert linter.fix(text).text == fixed


def test_not_tags(linter):
    text = "If a < b and c > d, then a <b and c> d is not a tag; nor is <email@example.com> or <Reuters>."
    assert codes(linter, text) == []


# -- U040 mojibake ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fixed", "plan"),
    [
        ("He didn\u00e2\u20ac\u2122t know.", "He didn’t know.", "UTF-8 decoded as Windows-1252"),
        ("The caf\u00c3\u00a9 and \u00c3\u00bcber.", "The café and über.", "UTF-8 decoded as Latin-1"),
        (
            "\u0420\u045f\u0421\u0402\u0420\u0451\u0420\u0406\u0420\u00b5\u0421\u201a",
            "Привет",
            "UTF-8 decoded as Windows-1251",
        ),
        ("voil\u00c3 le travail", "voilà le travail", "UTF-8 decoded as Latin-1"),
        ("na\u00e2\u0080\u0099t", "na’t", "UTF-8 decoded as Latin-1"),
    ],
)
def test_mojibake_is_repaired(linter, text, fixed, plan):
    findings = linter.check(text)
    assert findings and {f.code for f in findings} == {"U040"}
    assert plan in findings[0].message
    assert linter.fix(text).text == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Café, über, naïve, “quotes” — and „German“ quotes: „Spaß“.",
        "Voil\u00e0\u2026 d\u00e9j\u00e0\u2026 l\u2019\u00e2me \u00e0 \u00ab guillemets \u00bb.",
        "Всё хорошо, «Россия» — текст.",
        "It cost \u00a35m, or \u20ac6m \u2013 about $7m.",
    ],
)
def test_clean_text_is_not_mojibake(linter, text):
    assert codes(linter, text) == []


def test_only_the_changed_stretch_is_replaced(linter):
    text = "Keep \u201cthese\u201d quotes but fix don\u00e2\u20ac\u2122t."
    (finding,) = linter.check(text)
    assert text[finding.start : finding.end] == "\u00e2\u20ac\u2122"
    assert linter.fix(text).text == "Keep \u201cthese\u201d quotes but fix don’t."


def test_plan_description():
    assert describe_plan([("encode", "sloppy-windows-1252"), ("decode", "utf-8")]) == "UTF-8 decoded as Windows-1252"
    assert describe_plan([]) == "wrong decoding"
    assert changed_regions("abXcdYe", "abxcdye") == [(2, 6, 2, 6)]  # two changes 2 apart: one region


def test_ftfy_is_imported_only_for_suspicious_lines():
    code = (
        "import sys\n"
        "from scrapelint import Linter\n"
        "linter = Linter(select=['U'])\n"
        "linter.check('Plain ASCII text.')\n"
        "linter.check('\\u00dcber die \\u00c4u\\u00dferung \\u2013 \\u201eSpa\\u00df\\u201c, caf\\u00e9 \\u00a35m.')\n"
        "print('ftfy' in sys.modules)\n"
        "linter.check('He didn\\u00e2\\u20ac\\u2122t know.')\n"
        "print('ftfy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_importing_the_family_loads_no_tables_and_no_ftfy():
    code = (
        "import sys\n"
        "import scrapelint.rules.unicode\n"
        "from scrapelint.rules import confusables\n"
        "print('ftfy' in sys.modules, confusables.tables.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "0"]
