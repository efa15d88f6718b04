"""A small, fast language guesser, good enough to choose phrase packs.

Rules use it only when the input does not say its language (``Document.language``) and only when they need it
(the boilerplate family asks after its phrase scan found something), so clean text never pays for it. It counts
distinctive function words in the first few KB; scripts without spaces or with their own alphabet are recognised
by their letters. It returns ``None`` rather than guess when the evidence is thin: callers then apply every pack.
"""

from __future__ import annotations

import re

# Frequent, distinctive function words: each list avoids words that are as frequent in a neighbouring language
# ("de", "la", "a", "in", "die" ...), so a handful of hits decides.
_STOPWORDS: dict[str, str] = {
    "en": "the and of to is that for with was are this have from which would their been has were they not but",
    "fr": "le les des est une dans pour pas qui sur au avec ce sont ont aux cette été mais leur sa ses du",
    "de": "der und ist nicht das den mit sich auf dem ein eine wird auch von zu im für nach bei wurde oder",
    "es": "el los las del que una por con para es se su al lo como más pero sus ha fue este entre",
    "it": "il di che è per una non della con sono gli anche nel alla dei delle ha più questo ma degli",
    "pt": "os não uma para com que da do das dos no na por mais foi são ao pelo também como seu",
    "nl": "het een van de en is dat niet op te zijn met voor er ook aan bij maar wordt door naar",
    "pl": "się nie na jest że do to w z jak ale po przez dla od tak już został oraz jego być",
    "sv": "och att det är som på för med har inte till den av om ett var men också kan",
    "da": "og at det er som på for med har ikke til den af om et var men også kan",
    "cs": "se na že je to do jako ale po pro jsou které byl podle také jeho při nebo",
    "ru": "и в не на что с по это как из его для то но от к о все был она так они у во за также при года",
    "uk": "і в не на що з по це як із його для та але від до про всі був вона також",
    "tr": "ve bir bu da de için ile olan çok gibi daha olarak en ama sonra kadar",
}
_SETS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}

# Scripts that name their language (or a language whose packs would apply) on their own.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: Japanese even when kanji dominate
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
# Any letter of those scripts: one search tells a Latin or Cyrillic page (the usual non-ASCII one) that it has none.
_ANY_SCRIPT = re.compile("[" + "".join(p.pattern[1:-1] for _, p in _SCRIPTS) + "]")
_MIN_HITS = 3  # distinct function words
_MIN_SCRIPT_SHARE = 0.2


def guess_language(text: str, sample: int = 2048) -> str | None:
    """ISO 639-1 code of the language of ``text``, or ``None`` when unsure."""
    head = text[:sample].lower()
    words = head.split()  # a word followed by punctuation is missed: function words rarely are
    if not head.isascii():
        script = _script_language(head, sum(map(len, words)))
        if script:
            return script
    present = set(words)  # distinct function words present, by set intersections in C: no loop over the text
    votes = sorted(((len(present & stop), lang) for lang, stop in _SETS.items()), reverse=True)
    (hits, best), (runner_up, _) = votes[0], votes[1]
    if hits < _MIN_HITS or hits < 1.3 * runner_up:
        return None
    return best


def _script_language(head: str, letters: int) -> str | None:
    if not letters or not _ANY_SCRIPT.search(head):
        return None
    for lang, pattern in _SCRIPTS:
        found = len(pattern.findall(head))
        if found and found >= _MIN_SCRIPT_SHARE * letters:
            return lang
    return None


def function_words(language: str | None = None) -> frozenset[str]:
    """The guesser's function words of one language (lower case), or of all languages when ``None``."""
    if language is None:
        return _ALL_FUNCTION_WORDS
    return _SETS.get(language, frozenset())


_ALL_FUNCTION_WORDS = frozenset().union(*_SETS.values())
