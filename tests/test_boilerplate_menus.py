"""Menu blocks (B013): the navigation of full-page dumps goes; the article's own lists, tables and verse stay.

The menus below have the shapes html2text, inscriptis and html-text give a page's navigation on the
article-extraction benchmark (list marks by depth, headings, bare one-line links, empty list items); the lists
that must stay have the shapes of the articles' own lists there (a list of features right above the body, a list
of qualified teams, poll results, scores).
"""

from __future__ import annotations

import pytest
from scrapelint.document import Document
from scrapelint.linter import Linter
from scrapelint.rules.boilerplate_menus import MARKED, line_kind, menu_blocks

LEDE = (
    "The city council voted on Tuesday to build four kilometres of protected cycle lanes through the centre.\n"
    "\n"
    "Work is due to start in the spring and should take eighteen months, the transport officer said.\n"
)
CLOSE = "The council will publish the final route in March, after a second round of public consultation.\n"

# inscriptis: "*" first level, "+" second, "o" third, each level indented; an empty item is a lone mark
INSCRIPTIS_MENU = """\
  *
  * LIVE TV
  * India
  * Entertainment
     +
       o Bollywood News
       o Hollywood News
       o Movie Reviews
       o Upcoming Movies
  * Sports
     +
       o Cricket
       o Tennis
       o Football
  * Skip to content
"""
# html2text: "  * " items under "###" headings, blank lines between groups
HTML2TEXT_FOOTER = """\
## Site Index

### news

  * home page
  * world
  * politics
  * New York

### arts

  * books
  * dance
  * movies
  * theater

  * Contact Us
  * Work with us
  * Advertise
  * Privacy
  * Terms of Service
"""
# html-text: bare lines, no marks at all
HTML_TEXT_HEADER = """\
Skip to main content
Menu
News
Local
Police Reports
Regional
Education
Opinion
Obituaries
Prisco's Picks
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["B"])


def menu_lines(linter: Linter, text: str) -> list[str]:
    doc = Document(text)
    return [doc.line_texts[doc.position(f.start)[0] - 1].strip() for f in linter.check(text) if f.code == "B013"]


# ---- menus go -------------------------------------------------------------------------------------------------------
def test_list_marked_menu_above_the_article_goes(linter):
    text = INSCRIPTIS_MENU + "\n" + LEDE + "\n" + CLOSE
    assert menu_lines(linter, text) == [line.strip() for line in INSCRIPTIS_MENU.splitlines()[:-1]]
    assert linter.fix(text).text == LEDE + "\n" + CLOSE  # the empty items and "Skip to content" (B009) too


def test_menu_with_headings_below_the_article_goes(linter):
    text = LEDE + "\n" + CLOSE + "\n" + HTML2TEXT_FOOTER
    found = menu_lines(linter, text)
    assert "## Site Index" in found and "* New York" in found and "* Work with us" in found
    assert "* Contact Us" not in found  # B009's: furniture lines are reported by their phrase rules
    assert linter.fix(text).text == LEDE + "\n" + CLOSE


def test_bare_menu_lines_go_when_furniture_is_among_them(linter):
    text = HTML_TEXT_HEADER + "\n" + LEDE + "\n" + CLOSE
    # the menu words ("Menu", "News", "Local") are B009's, the site's own entries B013's
    assert menu_lines(linter, text) == [
        "Police Reports",
        "Regional",
        "Education",
        "Opinion",
        "Obituaries",
        "Prisco's Picks",
    ]
    assert linter.fix(text).text == LEDE + "\n" + CLOSE


def test_a_menu_printed_above_and_below_goes_twice(linter):
    body = LEDE + "\n" + CLOSE + "\n" + LEDE.replace("Tuesday", "Monday")
    text = INSCRIPTIS_MENU + "\n" + body + "\n" + INSCRIPTIS_MENU
    assert linter.fix(text).text == body


def test_short_data_lines_inside_a_menu_go_with_it(linter):
    menu = HTML_TEXT_HEADER.replace("Regional\n", "Regional\nElection 2020\n16\n")
    assert linter.fix(menu + "\n" + LEDE).text == LEDE


def test_a_word_o_is_no_list_mark(linter):
    # "o" marks a third-level item only on an indented line; at the start of a line it is a word
    assert not line_kind("o Brasil venceu") & MARKED
    assert line_kind("       o Bollywood News") & MARKED


# ---- lists that stay ------------------------------------------------------------------------------------------------
def test_a_list_inside_the_article_stays(linter):
    items = "".join(f"  * {item}\n" for item in ("Flour", "Butter", "Sugar", "Eggs", "Milk", "Salt", "Vanilla"))
    text = LEDE + "\nYou will need:\n\n" + items + "\n" + CLOSE + "\n" + HTML_TEXT_HEADER
    assert all(item in linter.fix(text).text for item in items.splitlines())


def test_an_ingredient_list_above_the_method_stays(linter):
    ingredients = "## Ingredients\n\n" + "".join(
        f"  * {item}\n"
        for item in ("200 g flour", "100 g butter", "2 eggs", "Salt", "Pepper", "Fresh basil", "Olive oil", "Garlic")
    )
    text = "Skip to content\n\n" + ingredients + "\n" + LEDE + "\n" + CLOSE
    assert menu_lines(linter, text) == []


def test_a_short_list_right_above_the_article_stays(linter):
    # a list of the article's own, with list marks but no furniture in it: only a long list is a menu
    features = "".join(f"  * {item}\n" for item in ("Challenges", "Android support", "New tasks", "Bug fixes"))
    features += "  * Themes\n  * Sound\n"
    text = "What is new in this version\n\n" + features + "\n" + LEDE + "\n" + CLOSE
    assert menu_lines(linter, text) == []


def test_the_title_under_a_share_bar_stays(linter):
    share = "  * Share This Article\n  * Reddit\n  * LinkedIn\n  * WhatsApp\n  * Email\n  * Print\n  * Talk\n"
    text = share + "“Wild Rose”\n" + LEDE + "\n" + CLOSE
    out = linter.fix(text).text
    assert out.startswith("“Wild Rose”\n") and "Talk" not in out


def test_a_list_of_data_below_the_article_stays(linter):
    teams = "".join(
        f"  * {team} (Group {group}): {count} appearance\n"
        for team, group, count in (("England", "A", "10th"), ("Spain", "F", "11th"), ("Russia", "I", "12th"))
    )
    teams += "  * Ukraine (Group B): Third appearance\n  * Wales (Group E): Second appearance\n"
    polls = "".join(f"  * %{votes} votes\n" for votes in (165, 250, 437, 155, 31, 55))
    text = LEDE + "\nBelow are all the teams that qualified during the group stage.\n\n" + teams + "\n" + polls
    assert menu_lines(linter, text) == []


def test_a_table_of_scores_beside_furniture_stays(linter):
    scores = "GIRLS BASKETBALL\nPalm Bay d. Rockledge 70-44\nRockledge 14 11 6 15 44\nPalm Bay 18 22 13 17 70\n"
    text = LEDE + "\n" + scores + "Share\nFacebook\nTwitter\nEmail\nPrint\n"
    out = linter.fix(text).text
    assert scores in out and "Facebook" not in out


def test_a_stanza_before_a_share_bar_stays(linter):
    stanza = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you\nThe garden sleeps\nUnder the snow\n"
    text = "She wrote the poem in one night, in the winter of her first year in the city.\n\n" + stanza
    text += "\nShare this:\nFacebook\nTwitter\nEmail\nPrint\n"
    assert stanza in linter.fix(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you\n\nHome\nNews\nSport\nShare\n",
        "".join(f"  * {word}\n" for word in ("Home", "News", "Sport", "Weather", "Travel", "Music", "Film")) * 3,
    ],
    ids=["poem", "list-only page"],
)
def test_a_text_without_prose_is_never_emptied(linter, text):
    assert menu_lines(linter, text) == []
    assert linter.fix(text).text.strip()


class _Unasked:
    """A layout that fails if asked where the article body is."""

    @property
    def first_prose(self) -> int:
        raise AssertionError("the article body was looked for")

    last_prose = first_prose


def test_an_article_with_few_short_lines_costs_no_body_search():
    text = "Cycle lanes approved\n\n" + LEDE + "\n" + CLOSE + "\nBy our reporter\n\nShare this:\nFacebook\n"
    assert menu_blocks(Document(text).line_texts, _Unasked(), set()) == []
    with pytest.raises(AssertionError, match="body was looked for"):
        menu_blocks(Document(HTML_TEXT_HEADER + LEDE).line_texts, _Unasked(), set())
