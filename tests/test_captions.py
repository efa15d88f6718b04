"""Caption rules (C): what fires, what must not, how fixes behave, and the vocabulary packs."""

from __future__ import annotations

import pytest
from scrapelint import Linter
from scrapelint.document import Document
from scrapelint.packs import PackError
from scrapelint.rules import captions_scan, captions_vocab
from scrapelint.rules.captions_vocab import Scanner, vocabulary

from samples import SAMPLES, cases, is_input, read_text

LINTER = Linter(select=["C"])


# Fixes are refused when they would remove most of a document's words: embed short cases in a real-sized story.
BODY = (
    "Deval Patrick took his late presidential campaign to South Carolina on Tuesday, where black voters will "
    "decide the first Southern primary, and told a small group of business owners that he would listen first."
)


def codes(text: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(f.code, text[f.start : f.end]) for f in LINTER.check(text, language=language)]


# -- the seed -----------------------------------------------------------------------------------------------------
def test_seed_caption_pair_removed_exactly():
    text = read_text(SAMPLES / "seed-001_40d47f5dcec76a4f.txt")
    caption = "In a store in Huawei, Sanya, China, December 8th.\n"
    credited = "In a store in Huawei, Sanya, China, December 8th. GREG BAKER / AFP\n"
    assert [c for c, _ in codes(text)] == ["C001", "C001"]
    expected = text.replace(caption + credited + "\n", "", 1)
    assert LINTER.fix(text).text == expected
    assert "Subscriber's article\n\nChinese telecommunications giants" in expected


def block(line: str) -> str:
    """A line as its own paragraph between two others."""
    return f"Lead.\n\n{line}\n\nMore."


def inside(line: str) -> str:
    """A line as its own paragraph inside an article: prose follows it."""
    return f"Lead.\n\n{line}\n\n{BODY}"


# -- should fire --------------------------------------------------------------------------------------------------
FIRES = [
    # credit lines
    (block("GREG BAKER / AFP"), "C002", "GREG BAKER / AFP"),
    (block("REUTERS/Kim Kyung-Hoon"), "C002", "REUTERS/Kim Kyung-Hoon"),
    (block("Photo: Damian Dovarganes, AP"), "C002", "Photo: Damian Dovarganes, AP"),
    (
        "Lead.\n\nNatalie Naccache | Bloomberg | Getty Images\n\nMore.",
        "C002",
        "Natalie Naccache | Bloomberg | Getty Images",
    ),
    (block("Shutterstock"), "C002", "Shutterstock"),
    (block("(Reed Saxon / Associated Press)"), "C002", "(Reed Saxon / Associated Press)"),
    (block("Credit... Doug Mills/The New York Times"), "C002", "Credit... Doug Mills/The New York Times"),
    (block("Photo by David Dyer-Bennet."), "C002", "Photo by David Dyer-Bennet."),
    (block("Jonathan P. Blair Submitted photo"), "C002", "Jonathan P. Blair Submitted photo"),
    (block("Crédit photo : AFP"), "C002", "Crédit photo : AFP"),
    (block("Foto: picture alliance/dpa"), "C002", "Foto: picture alliance/dpa"),
    (block("Фото В. Сухова"), "C002", "Фото В. Сухова"),
    (block("Фото: РИА Новости"), "C002", "Фото: РИА Новости"),
    # credit suffixes
    ("Текст статьи. Сергей Иванов Фото Владимира Сухова", "C003", "Фото Владимира Сухова"),
    ("Текст. altai-republic.ru Фото Владимира Сухова  ", "C003", "Фото Владимира Сухова"),
    ("спортивными играми.(Соб. инф.)Фото: РОО «Вместе»", "C003", "Фото: РОО «Вместе»"),
    ("конце июля.   Источник фото:  https://мвд.рф   ", "C003", "Источник фото:  https://мвд.рф"),
    ("from Inner Mongolia sought treatmentCredit: EPA", "C003", "Credit: EPA"),
    # captions with their credit
    (
        "Lead.\n\nA man walks past a store in Sanya, China, December 8th. (AP Photo/Andy Wong)\n\nMore.",
        "C004",
        "A man walks past a store in Sanya, China, December 8th. (AP Photo/Andy Wong)",
    ),
    (
        "Lead.\n\nFILE PHOTO: Traders work on the floor of the exchange. REUTERS/Brendan McDermid\n\nMore.",
        "C005",
        "FILE PHOTO: Traders work on the floor of the exchange. REUTERS/Brendan McDermid",
    ),
    # labels and remnants
    (block("Image copyright Getty Images"), "C005", "Image copyright Getty Images"),
    (block("Media captionWho is Julian Assange?"), "C005", "Media captionWho is Julian Assange?"),
    (
        "Lead.\n\nMedia playback is unsupported on your device\n\nMore.",
        "C006",
        "Media playback is unsupported on your device",
    ),
    (block("View image in fullscreen"), "C006", "View image in fullscreen"),
    (block("Image 3 of 12"), "C006", "Image 3 of 12"),
    (block("Bild 2 von 7"), "C006", "Bild 2 von 7"),
    ("Lead.\n\nPhoto gallery\n1 / 5\n\nMore.", "C006", "1 / 5"),
    # bracketed credit lines (space.com, Fox News), a photographer and their outlet, handouts (scrapinghub-aeb)
    (inside("(Image: gargantiopa / Getty Images)"), "C002", "(Image: gargantiopa / Getty Images)"),
    (inside("(Image: © NASA/ESA/K. Retherford/SWRI)"), "C002", "(Image: © NASA/ESA/K. Retherford/SWRI)"),
    (inside("( STEVE GSCHMEISSNER/SCIENCE PHOTO LIBRARY)"), "C002", "( STEVE GSCHMEISSNER/SCIENCE PHOTO LIBRARY)"),
    (inside("(Photo: Michael Conroy, AP)"), "C002", "(Photo: Michael Conroy, AP)"),
    (inside("Jason Cipriani/ZDNet"), "C002", "Jason Cipriani/ZDNet"),
    (inside("Doug Mills/The New York Times"), "C002", "Doug Mills/The New York Times"),
    (inside("Amy K. Dragoo/AIMMEDIA"), "C002", "Amy K. Dragoo/AIMMEDIA"),
    (inside("New York State Sex Offender Registry via AP"), "C002", "New York State Sex Offender Registry via AP"),
    (inside("Anna Moneymaker/AFP via Getty Images"), "C002", "Anna Moneymaker/AFP via Getty Images"),
    (inside("AFP via Getty Images"), "C002", "AFP via Getty Images"),
    (inside("Getty Images for Ithaca Holdings"), "C002", "Getty Images for Ithaca Holdings"),
    (inside("Courtesy Google"), "C002", "Courtesy Google"),
    (inside("Above: A WeWork coworking space."), "C005", "Above: A WeWork coworking space."),
    # a credit after a byline ("Фото автора" is complete in itself); a caption with no full stop before its credit
    ("Гардинке и в районе улицы Кучияка. Галина Миронова  Фото автора  ", "C003", "Фото автора"),
    (
        block("Beijing Chaoyang Hospital in Beijing, China, where plague-infected people sought treatment Credit: EPA"),
        "C004",
        "Beijing Chaoyang Hospital in Beijing, China, where plague-infected people sought treatment Credit: EPA",
    ),
    # a lone caption: its own paragraph, directly above its credit
    (
        "Lead.\n\nHeavy air pollution in Delhi is shaving years off the lives of millions.\n"
        "Biplov Bhuyan/Hindustan Times/Getty Images\n\nMore.",
        "C007",
        "Heavy air pollution in Delhi is shaving years off the lives of millions.",
    ),
]


@pytest.mark.parametrize(("text", "code", "span"), FIRES, ids=[f"{c}-{s[:30]}" for _, c, s in FIRES])
def test_fires(text, code, span):
    assert (code, span) in codes(text)


# -- should not fire -----------------------------------------------------------------------------------------------
QUIET = [
    "Chapter 5 of the report covers the AP Stylebook and the EPA rules.",
    "Several thousand teachers rallied on Tuesday, AP reported.",
    "TOKYO - Japan plans to ban government purchases of equipment, sources told Reuters.",
    "LONDON (Reuters) - Oil prices fell on Tuesday.\n\nWASHINGTON (AP) — The Senate voted.",
    "By LISA MASCARO and ERIC TUCKER\nAssociated Press\n\nWASHINGTON (AP) — The hearing opened.",
    "Tom Krisher, Ap Auto Writer\n\nThe show opens on Friday.",
    "The approval rating fell in November, according to Reuters/Ipsos.",
    "Президент предложил внести изменения в конституцию страны. ТАСС",
    "Der Prozess beginnt im Herbst, sagte eine Sprecherin in Wien. (APA/Reuters, 2.8.2015)",
    "The Walt Disney Co. said demand was high. (Walt Disney Co.)",
    "Click to enlarge the chart, the agency told reporters.",
    "She took a photo by the lake. Photo albums were her hobby.",
    "Mix 1 / 2 cup of flour with the butter.\n\n3 / 4\n\nBake for 20 minutes.",
    "Разве это не фото Владимира Путина висит в кабинете?",
    "Getty Images, the photo agency, said its revenue rose.",
    "The article ended with a line from the Associated Press.\n\nReuters",
    # real sentences and lines of the shapes the new credits take
    f"The deal was reported by the Associated Press.\n\n{BODY}",
    f"By Jason Cipriani\n\n{BODY}",
    f"Santana performed with the band in 2019.\n\n{BODY}",
    f"Open 24/7\n\nand/or\n\nTCP/IP\n\n1/2\n\n{BODY}",
    f"Black Friday/Cyber Monday\n\nLos Angeles/Long Beach\n\nSign In / Sign Up\n\nView PDF/Print Mode\n\n{BODY}",
    f"Reporting by Jane Doe via Reuters\n\nBloomberg for President\n\n{BODY}",
    f"(Source: Bureau of Labor Statistics)\n\n(Graphic: Global assets in 2019 - here)\n\n(AFP)\n\n{BODY}",
    "Das Ergebnis zeigt ein klares Bild: Die Mehrheit ist dagegen.",
    "Courtesy calls were made on Monday, the embassy said.",
    # a bracketed credit under the article's last paragraph: the credit of a closing picture, kept with the article
    f"{BODY}\n\n(Image credit: All About Space)",
]


@pytest.mark.parametrize("text", QUIET, ids=[t[:40] for t in QUIET])
def test_quiet(text):
    assert codes(text) == []


# The credit goes; the line above it is not a caption and stays.
CREDIT_ONLY = [
    # a credit after a blank line may belong to a picture without a caption, below a real paragraph
    "The rally ended peacefully on Tuesday evening, officials said.\n\nGetty Images",
    # a headline, a byline or a quotation above a credit is not a caption
    "Teachers rally at the statehouse on Tuesday in Indianapolis\nGetty Images\n\nBody text.",
    "Body text.\n\nЕвгений Парамонов\nФото Владимира Сухова",
    "Body text.\n\nPosted by Michael David Smith on November 19, 2019, 6:21 AM EST\nGetty Images\n\nMore.",
    'Body text.\n\n"We need political will," Prakash said on Monday, left of the stage.\nGetty Images\n\nMore.',
    "Body text.\n\nWhat inspired you to start the page on Monday?\nФото: РИА Новости\n\nMore.",
]


@pytest.mark.parametrize("text", CREDIT_ONLY, ids=[t[:40] for t in CREDIT_ONLY])
def test_credit_only(text):
    assert [c for c, _ in codes(text)] == ["C002"]


# -- fixes ----------------------------------------------------------------------------------------------------------
def test_suffix_fix_keeps_the_paragraph_and_the_byline():
    text = "Смеется Матвей Михайлович в свои черные усы. Сергей Иванов Фото Владимира Сухова  \n"
    assert LINTER.fix(text).text == "Смеется Матвей Михайлович в свои черные усы. Сергей Иванов\n"


def test_glued_credit_cut_only():
    text = "Lead.\n\nA group of physicians is urging officials to provide free flu shots.© John Brecher\n\nMore."
    assert codes(text) == [("C003", "© John Brecher")]
    assert "free flu shots.\n\nMore." in LINTER.fix(text).text  # not a caption: glued, it starts the next one


def test_weak_credits_are_unsafe():
    text = (
        "WeWork is under investigation, two people said on Monday.\n\n"
        "The WeWork logo is displayed outside of a co-working space in New York. Reuters\n\n"
        "The company declined to comment on the inquiry, which began this month."
    )
    (finding,) = LINTER.check(text)
    assert finding.code == "C004" and not finding.fix.is_safe
    assert LINTER.fix(text).text == text
    assert "logo" not in LINTER.fix(text, unsafe=True).text


def test_split_credit_is_unsafe():
    text = "Answer.\n\nФото:\nличный архив Оли Малышевой\n\nNext question?"
    found = LINTER.check(text)
    assert [f.code for f in found] == ["C002", "C002"] and not any(f.fix.is_safe for f in found)


def test_inline_label_is_unsafe():
    before = "Ребята уже имеют практический опыт совместной работы и участвовали в подготовке выступлений."
    text = f"{before} На фото: показательные выступления 25 мая 2018 года. Пресс-служба ПУ ФСБ России по РА"
    (finding,) = LINTER.check(text)
    assert finding.code == "C005" and not finding.fix.is_safe
    assert LINTER.fix(text).text == text
    assert LINTER.fix(text, unsafe=True).text == f"{before} Пресс-служба ПУ ФСБ России по РА"


def test_adjacent_deletions_leave_single_paragraph_breaks():
    lead, more = "Two hostages were released on Tuesday.", "The men were flown out of the region."
    text = f"{lead}\n\nEnlarge Image\nShutterstock\n\n{more}\n"
    result = LINTER.fix(text)
    assert result.text == f"{lead}\n\n{more}\n"
    assert result.passes == 1  # the two deletions are pieces of one block: no doubled blank line
    assert LINTER.fix(f"{lead}\nEnlarge Image\nShutterstock\n{more}").text == f"{lead}\n{more}"
    assert LINTER.fix(f"Enlarge Image\nShutterstock\n\n{more}\n").text == f"{more}\n"
    assert LINTER.fix(f"{lead}\n\nEnlarge Image\nShutterstock\n").text == f"{lead}\n"


def test_evidence_deleted_in_the_same_pass():
    """A credit that counts only under its label goes in the same pass as the label (a re-check would no longer
    see the label and keep it)."""
    lead, more = "Sweden dropped its investigation on Tuesday.", "Ms Persson said the evidence had weakened."
    text = f"{lead}\nImage copyright\nEPA\nImage caption\nEva-Marie Persson took the decision\n{more}\n"
    assert [c for c, _ in codes(text)] == ["C005"] * 4
    assert LINTER.fix(text).text == f"{lead}\n{more}\n"


def test_unsafe_line_in_a_run_waits_for_its_own_fix():
    # the caption reads like one only by its wording (unsafe); the credit under it goes alone in a safe fix
    lead = "WeWork is under investigation, two people said on Monday."
    caption = "The WeWork logo is displayed outside of a co-working space in New York."
    text = f"{lead}\n{caption}\nPhoto: Jane Doe\n{BODY}\n"
    assert [(c, f.fix.is_safe) for c, f in ((f.code, f) for f in LINTER.check(text))] == [
        ("C007", False),
        ("C002", True),
    ]
    assert LINTER.fix(text).text == f"{lead}\n{caption}\n{BODY}\n"
    assert LINTER.fix(text, unsafe=True).text == f"{lead}\n{BODY}\n"


def test_gallery_captions_between_counters_and_credits():
    # space.com gallery as boilerpipe extracts it: every caption sits between a counter and its credit
    gallery = (
        "Image 2 of 5\nAn artist's concept of Blue Origin's Blue Moon lander.\n(Image credit: Blue Origin)\n"
        "Image 3 of 5\nThis Sierra Nevada Corp. illustration shows a concept of the company's lunar lander.\n"
        "(Image credit: Sierra Nevada Corp.)\n"
    )
    text = f"The newly selected five are:\n{gallery}{BODY}\n{BODY}\n"
    assert [c for c, _ in codes(text)] == ["C006", "C007", "C002"] * 2
    assert LINTER.fix(text).text == f"The newly selected five are:\n{BODY}\n{BODY}\n"


def test_news_agency_under_a_caption_under_an_image_control():
    # New York Post in scrapinghub-aeb: "Enlarge Image", the caption, then the agency alone
    caption = "US professor Kevin King (left) and his Australian colleague Timothy Weeks"
    text = f"Taliban free two hostages\nEnlarge Image\n{caption}\nAP\n{BODY}\n"
    found = LINTER.check(text)
    assert [(f.code, f.fix.is_safe) for f in found] == [("C006", True), ("C007", True), ("C002", True)]
    assert LINTER.fix(text).text == f"Taliban free two hostages\n{BODY}\n"
    # without the image control only the wording ("left") says caption: a headline over a byline reads the same
    alone = f"Taliban free two hostages\n\n{caption}\nAP\n{BODY}\n"
    assert [(f.code, f.fix.is_safe) for f in LINTER.check(alone)] == [("C007", False), ("C002", False)]
    assert LINTER.fix(alone).text == alone


def test_gallery_caption_copies_with_their_toggles_glued():
    # Hearst galleries as boilerpipe extracts them: the caption with "less" glued to it, a truncated copy with
    # "... more", the credit
    caption = (
        "Karma Automotive Andreas Thurner, left, and Todd George unveil the Karman Vision SC2 concept vehicle at "
        "Automobility LA Auto Show in Los Angeles Tuesday, Nov. 19, 2019."
    )
    credit = "Photo: Damian Dovarganes, AP"
    text = f"Close\nImage 1 of 23\n{caption} less\n{caption[:110]} ... more\n{credit}\n{BODY}\n{BODY}\n{BODY}\n"
    assert [c for c, _ in codes(text)] == ["C006", "C006", "C001", "C001", "C002"]
    assert LINTER.fix(text).text == f"{BODY}\n{BODY}\n{BODY}\n"


def test_wrapped_caption_copies_are_taken_whole_or_not_at_all():
    # dom_smoothie wraps the alt text in brackets and the caption at 80 columns; the caption's last line carries the
    # credit: its first lines repeat the alt text, but deleting them would leave "nasal cannula'." behind
    alt = "The oxygen bar, 'consists of an oxygen concentrator that purifies the ambient\nair, facilitating customers"
    credit = "(Photo Credit : PTI File Photo )"
    text = f"[{alt}\nto breathe pure oxygen'.]\n\n{alt}\nto breathe pure oxygen'. {credit}\n\n{BODY}\n"
    assert codes(text) == [("C003", credit)]


def test_photographer_credit_under_a_caption_line():
    text = f"{BODY}\n\nNeil Gaiman and John M. Ford in 2002.\nDoug Mills/The New York Times\n\n{BODY}\n"
    assert [c for c, _ in codes(text)] == ["C007", "C002"]
    assert LINTER.fix(text).text == f"{BODY}\n\n{BODY}\n"


def test_caption_group_with_toggles():
    caption = "Former Gov. Deval Patrick, left, speaks with a business owner, Tuesday, Nov. 19, 2019, in Columbia."
    lead = "Deval Patrick takes his campaign to South Carolina, where black voters decide the primary."
    text = f"{lead}\n\n{caption}\n\nless\n\n{caption[:70]}\n\n... more\nPhoto: Meg Kinnard, AP\n\n{BODY}\n"
    assert [c for c, _ in codes(text)] == ["C001", "C006", "C001", "C006", "C002"]
    assert LINTER.fix(text).text == f"{lead}\n\n{BODY}\n"


def test_copy_after_the_credit_is_the_lead_and_stays():
    text = "Headline\n\nThe band will tour in 2020 with Michael McDonald.\nPhoto by Jason Kempin/Getty Images\n"
    text += f"The band will tour in 2020 with Michael McDonald.\n{BODY}"
    fixed = LINTER.fix(text).text
    assert fixed.count("The band will tour in 2020") == 1 and "Kempin" not in fixed


# -- languages and packs --------------------------------------------------------------------------------------------
def test_document_language_chooses_packs():
    text = "Body text.\n\nФото Владимира Сухова\n"
    assert codes(text, language="ru") == [("C002", "Фото Владимира Сухова")]
    assert codes(text, language="en") == []  # Russian credit phrases are not looked for in English text
    assert codes(text) == [("C002", "Фото Владимира Сухова")]  # unknown language: every pack


def test_user_pack_adds_an_agency(tmp_path):
    from scrapelint.config import Config

    pack = tmp_path / "acme.toml"
    pack.write_text(
        'family = "captions"\nlanguage = "*"\n\n[[entry]]\nkind = "agency"\ntext = "Acme Pictures"\n'
        'photo = true\nseen = "test"\n',
        encoding="utf-8",
    )
    text = "Body.\n\nJANE DOE / Acme Pictures\n\nMore."
    assert codes(text) == []
    config = Config().with_overrides(packs=(pack,))
    linter = Linter(config, select=["C"])
    assert [f.code for f in linter.check(text)] == ["C002"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('kind = "agencyy"\ntext = "X"', "'kind' must be one of"),
        ('kind = "counter"\ntext = "Image # of"', "two '#' placeholders"),
        ('kind = "credit"\ntext = "Photo:"\ncolour = "red"', "unknown key"),
        ('kind = "label"\ntext = "Foto:"\nphoto = true', "only agencies"),
        ('kind = "agency"\ntext = ""', "non-empty"),
    ],
)
def test_bad_pack_entries_are_reported_with_the_file(tmp_path, entry, message):
    pack = tmp_path / "bad.toml"
    pack.write_text(f'family = "captions"\nlanguage = "en"\n\n[[entry]]\n{entry}\n', encoding="utf-8")
    with pytest.raises(PackError, match=message) as info:
        vocabulary((pack,))
    assert "bad.toml: entry 1" in str(info.value)


def test_builtin_packs_cover_the_languages_and_say_where_seen():
    from scrapelint.packs import builtin_packs

    packs = builtin_packs("captions")
    assert {p.language for p in packs} >= {"*", "en", "fr", "de", "es", "it", "pt", "ru"}
    assert all(e.get("seen") for p in packs for e in p.entries)


def test_fallback_scanner_agrees_with_hyperscan(monkeypatch):
    """Without hyperscan (no wheel for the platform) the `re` fallback finds the same captions."""
    if captions_vocab.hyperscan is None:
        pytest.skip("hyperscan not installed: the fallback is what runs everywhere")
    vocab = vocabulary()
    fallback = Scanner(vocab.entries, use_hyperscan=False)
    fast = vocab.scanner
    inputs = [read_text(p) for p in cases() if is_input(p) and p.name.startswith(("captions-", "seed-"))]
    inputs += [text for text, _, _ in FIRES] + QUIET + CREDIT_ONLY
    try:
        for text in inputs:
            vocab.scanner = fast
            expected = captions_scan._Analysis(Document(text), vocab).run()
            vocab.scanner = fallback
            assert captions_scan._Analysis(Document(text), vocab).run() == expected
    finally:
        vocab.scanner = fast


def test_every_rule_is_documented():
    from scrapelint.rules.captions import RULES

    assert [r.code for r in RULES] == [f"C00{i}" for i in range(1, 8)]
    for rule in RULES:
        doc = rule.documentation()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in doc, (rule.code, section)


def test_caption_samples_are_fixed_not_refused():
    """A sample whose fix the safety valve refuses would pin an unfixed text as golden: keep them article-sized."""
    linter = Linter()
    for path in cases():
        if is_input(path) and path.name.startswith("captions-"):
            assert linter.fix(read_text(path)).refused is None, path.name


def test_spacing_variants_and_odd_characters():
    # no-break and thin spaces, tabs and a French space before the colon are spaces to the scan
    assert codes(block("Getty\u00a0Images")) == [("C002", "Getty\u00a0Images")]
    assert codes(block("Photo\u202f: AFP")) == [("C002", "Photo\u202f: AFP")]
    assert codes(block("Image\t3 of 12")) == [("C006", "Image\t3 of 12")]
    # a lone surrogate (JSON can carry one) neither crashes the scan nor shifts offsets
    text = "Broken \ud800 text.\n\nGREG BAKER / AFP\n\nMore."
    assert codes(text) == [("C002", "GREG BAKER / AFP")]


def test_threads_share_one_linter():
    from concurrent.futures import ThreadPoolExecutor

    texts = [read_text(p) for p in cases() if is_input(p) and p.name.startswith("captions-")] * 20
    expected = [codes(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(codes, texts)) == expected
