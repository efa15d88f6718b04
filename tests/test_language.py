"""The language guesser that picks phrase packs: right on real articles, silent when unsure, cheap."""

from __future__ import annotations

import time

import pytest
from conftest import EVAL
from scrapelint.language import function_words, guess_language

from samples import SAMPLES, read_text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government said on Friday that the rules would be changed, and that they were not final.", "en"),
        ("Le gouvernement a présenté jeudi une réforme qui doit entrer en vigueur dans les prochains mois.", "fr"),
        ("Der Bundestag hat am Donnerstag das Gesetz beschlossen, das die Mieten in den Städten begrenzt.", "de"),
        ("El gobierno anunció el viernes que las nuevas normas entrarán en vigor a partir de enero.", "es"),
        (
            "Il governo ha annunciato che le nuove regole non sono ancora definitive e che la riforma è in ritardo.",
            "it",
        ),
        ("O governo anunciou que as novas regras não são definitivas e que a reforma foi adiada para o ano.", "pt"),
        ("De regering heeft het plan voor de nieuwe regels niet goedgekeurd, maar er wordt aan gewerkt.", "nl"),
        ("Rząd ogłosił, że nowe przepisy nie są jeszcze ostateczne, ale zostały już przyjęte przez sejm.", "pl"),
        ("Правительство заявило, что новые правила не будут окончательными и что они все еще обсуждаются.", "ru"),
        ("政府は金曜日、新しい規則を発表しました。", "ja"),
        ("정부는 금요일 새로운 규칙을 발표했다.", "ko"),
    ],
)
def test_guesses_the_language_of_a_sentence(text, language):
    assert guess_language(text) == language


@pytest.mark.parametrize("text", ["", "12 345 678", "Huawei ZTE SoftBank", "OK", "Read also"])
def test_says_none_when_unsure(text):
    assert guess_language(text) is None


def test_seeds_are_english():
    for name in ("seed-000_f0d171d2014aab24.txt", "seed-001_40d47f5dcec76a4f.txt"):
        assert guess_language(read_text(SAMPLES / name)) == "en"


@pytest.mark.parametrize(
    ("folder", "pattern", "language"), [("en-bbc", "*/*.txt", "en"), ("de-10kgnad", "articles/*.txt", "de")]
)
def test_clean_news_articles(folder, pattern, language):
    files = sorted((EVAL / "clean-news" / folder).glob(pattern))[:300]
    if not files:
        pytest.skip("clean-news data absent")
    guesses = [guess_language(f.read_bytes().decode("utf-8", "replace")) for f in files]
    assert guesses.count(language) >= 0.99 * len(files)
    assert set(guesses) <= {language, None}


def test_russian_scraped_articles():
    files = sorted((EVAL / "ru-zvezdaaltaya-scraped" / "articles").glob("*_raw.txt"))
    if not files:
        pytest.skip("ru-zvezdaaltaya-scraped data absent")
    guesses = [guess_language(f.read_text(encoding="utf-8")) for f in files]
    assert guesses.count("ru") >= 0.95 * len(files)
    assert set(guesses) <= {"ru", None}


def test_function_words():
    assert "the" in function_words("en") and "der" in function_words("de")
    assert function_words("xx") == frozenset()
    assert {"the", "der", "les"} <= function_words(None)


def test_it_is_cheap():
    text = read_text(SAMPLES / "seed-001_40d47f5dcec76a4f.txt")
    guess_language(text)
    started = time.process_time()
    for _ in range(200):
        guess_language(text)
    assert (time.process_time() - started) / 200 < 300e-6  # ~20 us on the reference machine; generous bound
