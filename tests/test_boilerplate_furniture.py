"""Phrase rules (B001-B009) on furniture that mainstream extractors leave in real pages, beside the article sentences
that use the same words and must stay.

The furniture lines are copied from the outputs of trafilatura, readability, newspaper, goose3, boilerpipe and
others on the Scrapinghub article-extraction benchmark (lines missing from the hand-made gold text).
"""

from __future__ import annotations

import pytest
from rule_checks import codes, fixed
from scrapelint.linter import Linter

BODY = (
    "The council voted on Tuesday to build four kilometres of protected cycle lanes through the centre of the city.\n"
    "\n"
    "Work is due to start in the spring and should take eighteen months, the transport officer said on Tuesday.\n"
)
CORPO = (  # Portuguese
    "O conselho municipal aprovou na terça-feira a construção de quatro quilómetros de ciclovias no centro.\n"
    "\n"
    "As obras devem começar na primavera e durar dezoito meses, disse o responsável pelos transportes.\n"
)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(select=["B"])


# Furniture below the article (where sign-up boxes, author notes and related links sit).
BELOW = [
    ("Please log in using one of these methods to post your comment:", "B001"),
    ("Note: we are temporarily moderating all comments submitted to deal with a surge in spam.", "B001"),
    ("Tell us what YOU think...", "B001"),
    ("New, 15 comments", "B001"),
    ("You must be logged in to leave a comment. Not a member? Register now!", "B001"),
    ("More Great WIRED Stories", "B005"),
    ("More in Politics", "B005"),
    ("Related links:", "B005"),
    ("Subscribe to the 9to5Toys YouTube Channel for all of the latest videos, reviews, and more!", "B006"),
    ("Subscribe to WIRED and stay smart with more of your favorite Ideas writers.", "B006"),
    ("Sign up for our weekly email newsletter from Editor Angie Holan", "B006"),
    ("Sign Up: Stay on top of the latest breaking film and TV news! Sign up for our Email Newsletters here.", "B006"),
    ("No spam, we promise. You can unsubscribe at any time and we'll never share your details.", "B006"),
    ("You have been successfully subscribed!", "B006"),
    ("Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com. Follow her on Twitter.", "B008"),
    ("Write to Al Root at allen.root@dowjones.com", "B008"),
    ("Reach the reporters on Twitter at http://twitter.com/MegKinnardAP and http://twitter.com/emarvelous", "B008"),
    ("Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.", "B008"),
    ("Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.", "B008"),
    ("Follow me on Twitter or LinkedIn. Check out my website.", "B008"),
    (
        "Follow @BGRDeals on Twitter to keep up with the latest and greatest deals from around the web. Quantities "
        "may be limited. Prices are subject to change without notice and coupons may expire at any time. Some "
        "deals may not be available to all customers. BGR may receive a commission on orders placed through this.",
        "B008",
    ),
    ("Contact us: editorial@therepublic.com", "B008"),
    ("GET FOX BUSINESS ON THE GO BY CLICKING HERE", "B009"),
    ("Order Reprints", "B009"),
    ("Explore further", "B009"),
]


@pytest.mark.parametrize(("furniture", "code"), BELOW)
def test_furniture_below_the_article_goes(linter, furniture, code):
    article = BODY + "\n" + BODY  # longer than the longest furniture line (the fix may remove half the words)
    text = article + "\n" + furniture + "\n"
    assert codes(linter, text) == [code]
    assert fixed(linter, text) == article


# Furniture between two paragraphs: only whole lines that cannot be article text.
BETWEEN = [
    ("Advert", "B009"),
    ("VIDEO", "B009"),
    ("[button link=”http://www.example.co.uk/submit-kit-review/” type=”big”] Send us YOUR kit review[/button]", "B009"),
    ("More: NASA picks five companies to build moon landers", "B005"),
    ("Related post: Pickled Brussels Sprouts Recipe", "B005"),
    ("Click here to subscribe to The Paradigm Newsletter", "B006"),
    ("Have a tip? Email the newsroom.", "B008"),
    ("Read All Comments", "B001"),
]


@pytest.mark.parametrize(("furniture", "code"), BETWEEN)
def test_furniture_between_paragraphs_goes(linter, furniture, code):
    text = BODY + "\n" + furniture + "\n\n" + BODY
    assert codes(linter, text) == [code]
    assert fixed(linter, text) == BODY + "\n" + BODY


def test_express_teaser_block_goes_and_a_lone_tag_stays(linter):
    block = (
        "Plague and zoonotic influenza warning: CDC names EIGHT deadly diseases [WARNING]\n"
        "BLACK DEATH PLAGUE fears: Holidaymakers die after eating marmot [INSIGHT]\n"
        "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]\n"
    )
    assert codes(linter, BODY + "\n" + block + "\n" + BODY) == ["B005"] * 3
    assert fixed(linter, BODY + "\n" + block + "\n" + BODY) == BODY + "\n" + BODY
    alone = "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]\n"
    assert codes(linter, BODY + "\n" + alone + "\n" + BODY) == []  # one tag inside the article: not enough


def test_click_to_tweet_leaves_the_quote(linter):
    quote = "I believe the #1 enemy of online progress is the flood of information that bombards us every day."
    text = BODY + "\n" + quote + "Click To Tweet\n\n" + BODY
    assert codes(linter, text) == ["B008"]
    assert fixed(linter, text) == BODY + "\n" + quote + "\n\n" + BODY


@pytest.mark.parametrize(
    ("furniture", "code", "language"),
    [
        (
            "ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário não serão "
            "aprovados pelo moderador.",
            "B001",
            "pt",
        ),
        ("» Publicidade", "B009", "pt"),
        ("Você pode gostar...", "B005", "pt"),
        ("Siga @adautoracing", "B008", "pt"),
        ("Weitere Beiträge zum Thema", "B005", "de"),
        ("Zurück zur Übersicht", "B009", "de"),
        ("Devi essere connesso per inviare un commento.", "B001", "it"),
        ("(Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori che saranno Pegasus –FOTO)", "B005", "it"),
        ("Материалы по теме", "B005", "ru"),
        ("Свежие комментарии", "B001", "ru"),
    ],
)
def test_furniture_in_other_languages_goes(linter, furniture, code, language):
    text = BODY + "\n" + furniture + "\n"
    assert codes(linter, text, language) == [code]
    assert fixed(linter, text, language) == BODY


# Article sentences with the same words, last in the article (where edge-only entries apply) and in the middle.
SENTENCES = [
    "The minister said she would follow the advice on Twitter and elsewhere, her spokesman confirmed on Monday.",
    "Follow the money, the investigators were told, and the trail leads to a small bank in Cyprus.",
    "Subscribers to the service complained that prices rose twice in a single year, the regulator said.",
    "The paper's newsletter, which has 40,000 subscribers, will close next month, the publisher said on Monday.",
    "Write to your MP before Friday, campaigners urged residents who oppose the plans for a new runway.",
    "Email addresses of 2,000 customers were exposed in the breach, the company admitted on Tuesday.",
    "Contact tracing will start next week in every region, the health secretary told MPs on Wednesday.",
    "Reach for the stars, the head teacher told the pupils at the prize-giving ceremony on Friday.",
    "He can be reached at his constituency office most days, his assistant told reporters on Friday.",
    "More than 40 people were injured in the blast near the station, police said on Saturday.",
    "Related charges were filed against two other men on Thursday, prosecutors in the city said.",
    "Have a look at the figures, he said, and you will see that the problem is getting worse.",
    "Readers can sign up for the scheme at any library, and the first thousand get a free bicycle light.",
    "Listen to the full interview on Sport on Five and the BBC Sport website from 1900 GMT.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_article_sentences_with_furniture_words_stay(linter, sentence):
    assert codes(linter, BODY + "\n" + sentence + "\n") == []
    assert codes(linter, BODY + "\n" + sentence + "\n\n" + BODY) == []


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Os comentários dos leitores são lidos pelo moderador antes da publicação, informou o jornal.", "pt"),
        ("Siga as instruções da polícia, pediu o comandante aos moradores do bairro na terça-feira.", "pt"),
        ("Weitere Beiträge zum Thema finden Sie in unserem Dossier zur Verkehrswende in den Städten.", "de"),
        ("Nessun commento è arrivato dal ministero, ha detto il portavoce del governo martedì sera.", "it"),
    ],
)
def test_sentences_in_other_languages_stay(linter, sentence, language):
    assert codes(linter, BODY + "\n" + sentence + "\n", language) == []


def test_a_review_intertitle_video_stays(linter):
    """Case-exact entries: "VIDEO" is an extractor's placeholder for an embed, "Video" a review's intertitle."""
    text = BODY + "\nVideo\n\nThe camera records 4K at 60 frames per second, with no crop, for up to half an hour.\n"
    assert codes(linter, text) == []
    assert codes(linter, BODY + "\nVIDEO\n\n" + BODY) == ["B009"]


def test_lowercase_continuation_of_a_wrapped_line_stays(linter):
    """html2text wraps lines: "email us at ..." continues a sentence; the contact prefixes are case-exact."""
    wrapped = "If you have questions about our grants, please\nemail us at info@givewell.org or request a call.\n"
    assert codes(linter, BODY + "\n" + wrapped) == []


def test_portuguese_furniture_is_not_read_in_english_text(linter):
    assert codes(linter, CORPO + "\n» Publicidade\n") == ["B009"]  # guessed Portuguese
    assert codes(linter, BODY + "\n» Publicidade\n", "en") == []
