"""The grammar of photo credits, on single lines: what a credit looks like and where one may stand.

A credit is recognised only in credit position (a whole short line, the end of a line after a sentence, inside
brackets that close a line) and only in one of these shapes:

* an introducer and its credit: ``Photo: Damian Dovarganes, AP``, ``Photo by Jane Doe``, ``Фото Владимира Сухова``;
* a chain of names and agencies joined by ``/`` or ``|``: ``GREG BAKER / AFP``, ``REUTERS/Kim Kyung-Hoon``,
  ``Sakib Ali/Hindustan Times/Getty Images`` (at least one link is a known agency);
* an agency alone (``Getty Images``), after ``©`` (``© Reuters``), or a name closed by ``Submitted photo``;
* a picture handed on or commissioned: ``AFP via Getty Images``, ``Getty Images for Ithaca Holdings``;
* on a line of its own only: a photographer and the outlet they shoot for, ``Jason Cipriani/ZDNet``, ``Doug
  Mills/The New York Times`` (no agency, so the outlet must be spelled like one), or any of these in brackets,
  ``(Image: gargantiopa / Getty Images)``.

So "AP" inside "Chapter", "…, AP reported" and "sources told Reuters." are never credits: none is in credit
position with a credit shape. Functions here see one line and the scan hits inside it; the document-level
decisions (which rule, whole line or suffix, safe or not) are made in :mod:`captions_scan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .captions_vocab import Entry, Vocabulary, more_words

Hit = tuple[Entry | None, int, int]  # (entry, or None for "©"; start; end), offsets relative to the line

STRONG, WEAK = "strong", "weak"
# Words that may sit inside a name ("Mark Von Holden", "Martin Taylor of Aberdeenshire").
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "di", "du", "la", "le", "van", "von", "y", "e", "bin", "al", "el", "of", "и"}
)
# Words that qualify a credit link ("AP file", "REUTERS / POOL", "Getty - Contributor").
_MODIFIERS = frozenset(
    {"file", "photo", "pool", "contributor", "contributors", "staff", "handout", "ho", "left", "right", "center"}
    | {"centre", "archive", "archives", "via", "for", "and", "&", "и", "et", "und", "y", "e", "-", "–", "—"}
)
_INITIALS = regex.compile(r"(?:\p{Lu}\.){1,3}|\p{Lu}\.-\p{Lu}\.")  # "J.", "H.W.", "J.-P."
# A word of a person's name in title case: "Jason", "McDonald", "Kyung-Hoon", "O'Brien".
_NAME_WORD = regex.compile(r"(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}?\p{Ll}+)*")
_DOMAIN = regex.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}(?:/\S*)?", regex.IGNORECASE)
_URL = regex.compile(r"\b(?:https?://|www\.)\S+", regex.IGNORECASE)
_LINK_SPLIT = regex.compile(r"\s+(?:for|via|-|–)\s+")  # "Getty Images for Ithaca Holdings", "AFP via Getty"
_TOKEN = regex.compile(r"\S+")
_SPACE = re.compile(r"\s")  # the whitespace of str.split() and str.strip()
_BRACKETS = {")": re.compile(r"[()]"), "]": re.compile(r"[\[\]]")}
_SLASH = regex.compile(r"[/|]")
_LAST_WORDS = regex.compile(r"(?:^|[.!?…»”]\s+)((?:\S+\s+){0,2}\S+)\s*$")
_CHAIN_SPLIT = regex.compile(r"\s*[/|]\s*")
_PART_SPLIT = regex.compile(r"\s*(?:[/|,;]|\s(?:and|&|for|via|и|et|und|y|e|-|–|—)\s)\s*", regex.IGNORECASE)
_YEAR = regex.compile(r"\b(?:1[89]|20)\d\d\b")
_SENTENCE_END = regex.compile(r"[.!?…][\"”»’)\]]*\s+(?=[\"“«(]?[\p{Lu}\d])")
_TERMINAL = tuple('.!?…"”»’)')
_QUOTES = frozenset('"“”«»„')
MAX_CREDIT_WORDS = 14
MAX_CREDIT_CHARS = 140


@dataclass(frozen=True, slots=True)
class Credit:
    start: int  # offset in the line where the credit (with its bracket or © if any) begins
    end: int  # offset just past it
    shape: str  # intro | intro-caption | chain | agency | copyright | after | bracket
    strength: str  # strong: only a credit reads like this; weak: a byline or source line could too
    dangling: bool = False  # an introducer whose credit is on the next line ("Фото:" / "личный архив ...")
    # False: a shape that after the article's last paragraph reads as the credit of a closing picture or a source
    # line the article keeps (a bracketed credit, a photographer and their outlet, a handout): see captions_scan
    trailing: bool = True


# -- tokens -------------------------------------------------------------------------------------------------------
def name_token(token: str, first: bool = False) -> bool:
    t = token.strip(",;:()[]«»\"'“”‘’")
    if not t:
        return False
    if t[0].isupper() or (t[0].isdigit() and any(c.isalpha() for c in t)) or (t[0].islower() and not t.islower()):
        return True  # "Jane", "20th Century Fox", "iFixit"
    if t[0] == "@" or ("." in t and (_INITIALS.fullmatch(t) or _DOMAIN.fullmatch(t))):  # both need a dot
        return True  # "@jdoe", "J.", "gazprom.ru"
    return not first and t.casefold() in _PARTICLES


def is_name(text: str, max_words: int = 5) -> bool:
    if more_words(text, max_words):  # a clause of prose: not split
        return False
    words = text.split()
    return len(words) > 0 and all(name_token(w, i == 0) for i, w in enumerate(words))


def strip_modifiers(text: str) -> str:
    """``AP file`` -> ``AP``; ``Getty Images for Ithaca Holdings`` is split earlier, at ``for``."""
    words = text.split()
    while len(words) > 1 and words[-1].casefold().strip(".") in _MODIFIERS:
        words.pop()
    return " ".join(words)


def agency(text: str, vocab: Vocabulary, languages: frozenset[str] | None) -> Entry | None:
    text = text.strip(" \t\u00a0()[].,;:")
    found = vocab.agency(text, languages)
    if found is None and _ends_with_modifier(text):  # otherwise strip_modifiers changes nothing a lookup sees
        found = vocab.agency(strip_modifiers(text), languages)
    return found


def _ends_with_modifier(text: str) -> bool:
    words = text.rsplit(None, 1)
    return len(words) == 2 and words[-1].casefold().strip(".") in _MODIFIERS


def is_modifier(word: str) -> bool:
    """``file``, ``pool``, ``via`` (modifiers are single words: text with a space in it is not case-folded)."""
    return not _SPACE.search(word) and word.casefold().strip(".") in _MODIFIERS


def credit_parts_ok(body: str, vocab: Vocabulary, languages: frozenset[str] | None) -> bool:
    """Every part of ``Jane Doe, AP`` / ``Kevin Mazur/Getty Images for Ithaca Holdings`` is a name or an agency."""
    body = _URL.sub("Url", body)  # "https://мвд.рф" is one credit, not three parts split at its slashes
    parts = [p for p in _PART_SPLIT.split(body.strip(" .")) if p]
    if not parts or len(body.split()) > MAX_CREDIT_WORDS:
        return False
    return all(p.casefold() in _MODIFIERS or agency(p, vocab, languages) or is_name(strip_modifiers(p)) for p in parts)


def is_fragment(body: str) -> bool:
    """A short credit body: no sentence break inside, not a question or exclamation."""
    body = body.strip()
    return (
        0 < len(body) <= MAX_CREDIT_CHARS
        and len(body.split()) <= MAX_CREDIT_WORDS
        and sentences(body) == 1  # "Фото В. Сухова": an initial is not a sentence end
        and not body.endswith(("?", "!"))
    )


def intro_shape(entry: Entry) -> str:
    """``colon``: any short credit follows (``Photo:``); ``name``: a name follows (``Photo by``, ``Фото``);
    ``open``: complete in itself or followed by anything short (``Фото автора``, ``Crédit photo``)."""
    text = entry.text
    if text.endswith((":", "...", "…")):
        return "colon"
    last = text.split()[-1].casefold()
    if len(text.split()) == 1 or last in ("by", "von", "de", "di", "of"):
        return "name"
    return "open"


def intro_body_ok(entry: Entry, body: str, vocab: Vocabulary, languages: frozenset[str] | None) -> bool:
    """Names, agencies, domains (``Photo: Damian Dovarganes, AP``, ``Фото: gazprom.ru, karoaltai.ru``); after a
    phrase complete in itself (``Фото предоставлено``), any short fragment."""
    if intro_shape(entry) == "open":
        return is_fragment(body)
    return is_fragment(body) and credit_parts_ok(body, vocab, languages)


# -- whole strings ------------------------------------------------------------------------------------------------
def whole_credit(
    text: str, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None, bracketed: bool = False
) -> Credit | None:
    """The credit that ``text`` (a line or a bracket's inside) entirely is, or None. Offsets are text's."""
    lead = len(text) - len(text.lstrip())
    s = text.strip()
    if not s or len(s) > MAX_CREDIT_CHARS + 20:
        return None
    end = lead + len(s)
    credit_hits = [h for h in hits if h[1] >= lead and h[2] <= end]
    # © Name / © Reuters / (Image: © Shutterstock): a copyright sign with a year or "rights" is a site footer.
    if s[0] == "©":
        rest = s[1:].strip()
        if not rest or _YEAR.search(rest) or "right" in rest.casefold() or len(rest.split()) > 10:
            return None
        inner = [h for h in credit_hits if h[1] > lead]
        if credit_parts_ok(rest, vocab, languages) or whole_credit(rest, inner, vocab, languages):
            return Credit(lead, end, "copyright", STRONG)
        return None
    # An introducer at the start: Photo: ..., Фото Владимира Сухова, Credit... Doug Mills/The New York Times.
    intro = max(
        (
            h
            for h in credit_hits
            if h[0] is not None and h[0].kind == "credit" and h[1] == lead and (bracketed or not h[0].brackets_only)
        ),
        key=lambda h: h[2],
        default=None,
    )
    if intro is not None:
        entry = intro[0]
        assert entry is not None
        body = text[intro[2] : end].strip(" \t\u00a0:-–—")
        if not bracketed and not s[0].isupper() and s[0] != "©":
            return None  # "photo by a reader" in lower case is prose; in brackets "(credit: NASA)" is a credit
        if not body:  # "Фото:" alone; "Фото предоставлено" alone may be complete or continue below
            return Credit(lead, end, "intro", STRONG, dangling=True)
        if body[0] == "©":
            body = body[1:].strip()
        if intro_body_ok(entry, body, vocab, languages) or (bracketed and is_fragment(body)):
            return Credit(lead, end, "intro", STRONG)  # "(Image credit: Future plc)": brackets say enough
        if intro_shape(entry) == "colon" and not bracketed:
            return Credit(lead, end, "intro-caption", STRONG)  # "Image: Jose Mourinho, left, has replaced ..."
        return None
    # Jane Doe Submitted photo
    for entry in vocab.credit_after_at_end(s):
        name = s[: len(s) - len(entry.text)].strip(" ,-–—")
        if is_name(name):
            return Credit(lead, end, "after", STRONG)
    # GREG BAKER / AFP, REUTERS/Kim Kyung-Hoon, Natalie Naccache | Bloomberg | Getty Images
    chained = "/" in s or "|" in s
    strength = chain_strength(s, vocab, languages) if chained else None
    if strength is not None:
        return Credit(lead, end, "chain", strength)
    if chained and photographer_and_outlet(s):
        return Credit(lead, end, "chain", STRONG, trailing=False)
    if (" via " in s or " for " in s) and handout(s, vocab, languages):
        return Credit(lead, end, "chain", STRONG, trailing=False)
    found = agency(s, vocab, languages)
    if found is not None:
        return Credit(lead, end, "agency", STRONG if found.photo else WEAK)  # "(AFP)", "[ Bloomberg ]": sources too
    if not bracketed and s[0] in "([" and wrapped(s):
        found_inside = _bracketed_line(s, lead, credit_hits, vocab, languages)
        if found_inside is not None:
            return found_inside
    # "Michael Conroy, AP": a photo credit on Hearst pages, but a byline reads the same.
    head, _, tail = s.rpartition(",")
    if head and is_name(head) and agency(tail, vocab, languages) and tail.strip()[:1].isupper():
        return Credit(lead, end, "agency", WEAK)
    return None


def _bracketed_line(
    s: str, lead: int, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None
) -> Credit | None:
    """ "(Image: gargantiopa / Getty Images)", "( STEVE GSCHMEISSNER/SCIENCE PHOTO LIBRARY)": a line that is a
    bracketed credit. Not an introducer taken only in brackets: a "(Source: Bureau of Labor Statistics)" line
    names where a chart's or a text's figures come from."""
    inner_hits = [
        (e, start - lead - 1, stop - lead - 1)
        for e, start, stop in hits
        if start > lead and stop < lead + len(s) and (e is None or not e.brackets_only)
    ]
    inner = whole_credit(s[1:-1], inner_hits, vocab, languages, bracketed=True)
    if inner is None or inner.dangling:
        return None
    return Credit(lead, lead + len(s), "bracket", inner.strength, trailing=False)


def wrapped(s: str) -> bool:
    """``(…)`` or ``[…]`` whose first bracket closes at the very end (not ``(AP) … (Reuters)``)."""
    close = {"(": ")", "[": "]"}.get(s[:1])
    if close is None or not s.endswith(close):
        return False
    depth = 0
    for i, ch in enumerate(s):
        depth += 1 if ch == s[0] else -1 if ch == close else 0
        if depth == 0:
            return i == len(s) - 1
    return False


def photographer_and_outlet(s: str) -> bool:
    """ "Jason Cipriani/ZDNet", "Doug Mills/The New York Times", "Amy K. Dragoo/AIMMEDIA": a person's name, then the
    outlet they shoot for. No agency vouches for the chain, so the outlet must be spelled like a publication (an
    acronym, a capital inside a word, "The ..."): "Black Friday/Cyber Monday" and "Sign In / Sign Up" are not."""
    links = [link for link in _CHAIN_SPLIT.split(s.strip(" .")) if link]
    if not 2 <= len(links) <= 3 or not person_name(links[0]):
        return False
    outlets = links[1:]
    return all(is_name(o) for o in outlets) and any(publication_name(o) for o in outlets)


def person_name(text: str) -> bool:
    """Two or three words of a person's name, all in title case or all in capitals, with initials and particles:
    "Jason Cipriani", "Amy K. Dragoo", "GREG BAKER", "Marcus De Guzman"; the surname has three letters or more, so
    "Sign In" and "About Me" are not names."""
    words = text.split()
    if not 2 <= len(words) <= 3 or len(words[-1]) < 3 or not words[-1].isalpha():
        return False
    capitals = all(w.isupper() for w in words)
    return all(
        _INITIALS.fullmatch(w)
        or (capitals and w.isalpha())
        or (not capitals and _NAME_WORD.fullmatch(w))
        or (0 < i < len(words) - 1 and w.casefold() in _PARTICLES)
        for i, w in enumerate(words)
    )


def publication_name(text: str) -> bool:
    """Spelled like a publication: "The New York Times", an acronym ("AIMMEDIA", "USA TODAY"), a capital inside a
    word ("ZDNet", "iFixit")."""
    words = text.split()
    if len(words) >= 2 and words[0] == "The":
        return True
    return any((len(w) >= 3 and w.isupper() and w.isalpha()) or _mixed_case(w) for w in words)


def _mixed_case(word: str) -> bool:
    """Neither lower case, capitals nor title case: "ZDNet", "iFixit", "McClatchy"."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isupper() for c in letters[1:]) and any(c.islower() for c in letters)


def handout(s: str, vocab: Vocabulary, languages: frozenset[str] | None) -> bool:
    """ "AFP via Getty Images", "New York State Sex Offender Registry via AP": a picture an agency hands on;
    "Getty Images for Ithaca Holdings": a photo agency's picture taken for a client (not "Bloomberg for President":
    a news agency there is a name in a headline)."""
    s = s.strip(" .")
    if len(s.split()) > MAX_CREDIT_WORDS:
        return False
    source, via, giver = s.rpartition(" via ")
    if via and agency(giver, vocab, languages) is not None:
        return agency(source, vocab, languages) is not None or is_name(strip_modifiers(source), 8)
    taker, for_, client = s.partition(" for ")
    found = agency(taker, vocab, languages) if for_ else None
    return found is not None and found.photo and is_name(client, 8)


def chain_strength(s: str, vocab: Vocabulary, languages: frozenset[str] | None) -> str | None:
    """Strength of ``s`` as a chain of names and agencies joined by ``/`` or ``|``, or None if it is not one.

    A chain with a person or a photo agency in it (``GREG BAKER / AFP``, ``AFP/Getty``) is a photo credit; a chain
    of news agencies only (``(APA/Reuters, 2.8.2015)``) is how papers name the source of a text: weak."""
    links = [link for link in _CHAIN_SPLIT.split(s.strip(" .")) if link]
    if len(links) < 2 or len(s.split()) > MAX_CREDIT_WORDS:
        return None
    news = photo = people = 0
    for link in links:
        for piece in _LINK_SPLIT.split(link):
            found = agency(piece, vocab, languages)
            if found is not None:
                photo += found.photo
                news += not found.photo
            elif is_name(strip_modifiers(piece)):
                people += 1
            else:
                return None
    if not news and not photo:
        return None
    return STRONG if photo or people else WEAK


# -- credits that close a longer line -----------------------------------------------------------------------------
def suffix_credit(line: str, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None) -> Credit | None:
    """The credit that ends ``line`` after some other text, or None (a line that is all credit is not a suffix)."""
    stripped = line.rstrip(" \t\u00a0")
    end = len(stripped)
    if end == 0:
        return None
    found = _bracket_suffix(stripped, hits, vocab, languages)
    found = found or _intro_suffix(stripped, hits, vocab, languages)
    found = found or _chain_suffix(stripped, vocab, languages)
    found = found or _agency_suffix(stripped, hits, vocab, languages)
    if found is None or not stripped[: found.start].strip():
        return None
    return found


def _bracket_suffix(line: str, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None) -> Credit | None:
    close = line[-1]
    if close not in ")]":
        return None
    # the bracket that the last one closes, within a credit's length of the line end
    depth, window = 0, _BRACKETS[close].finditer(line, max(0, len(line) - (MAX_CREDIT_CHARS + 20)))
    for bracket in reversed(list(window)):
        depth += 1 if bracket.group() == close else -1
        if depth == 0:
            i = bracket.start()
            break
    else:
        return None
    inner = line[i + 1 : -1]
    inner_hits = [(e, s - i - 1, t - i - 1) for e, s, t in hits if s > i and t < len(line)]
    credit = whole_credit(inner, inner_hits, vocab, languages, bracketed=True)
    if credit is None:
        return None
    return Credit(i, len(line), "bracket", credit.strength)


def _boundary_before(line: str, start: int, after_name: bool = True) -> bool:
    """A credit may start here: line start, after a sentence end, glued to the end of a caption, or (for an
    introducer such as ``Фото``) after a byline or a source domain."""
    if start == 0:
        return True
    before = line[:start]
    if not before.strip():
        return True
    if before[-1].isspace():
        prev = before.rstrip()
        return prev.endswith(_TERMINAL) or (after_name and _ends_with_name_or_domain(prev))
    return before[-1].islower() or before[-1] in '.)»”"]'  # "treatmentCredit: EPA", "(Соб. инф.)Фото: ..."


def _ends_with_name_or_domain(text: str) -> bool:
    """ "… Сергей Иванов" or "… altai-republic.ru": a byline or source domain right before the credit."""
    words = text.rsplit(None, 2)[-2:]  # only the last two words matter; never split a whole paragraph
    if not words:
        return False
    last = words[-1]
    if _DOMAIN.fullmatch(last.rstrip(".,")):
        return True
    return len(words) >= 2 and is_name(" ".join(words[-2:]), 2) and words[-2][0].isupper()


def _intro_suffix(line: str, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None) -> Credit | None:
    for entry, start, _end in sorted(hits, key=lambda h: -h[1]):
        if entry is None or entry.kind != "credit" or start == 0 or len(line) - start > MAX_CREDIT_CHARS + 30:
            continue
        if not line[start].isupper():
            continue
        if not _boundary_before(line, start) and not _after_open_caption(line, start, entry):
            continue
        tail_hits = [(e, s - start, t - start) for e, s, t in hits if s >= start]
        credit = whole_credit(line[start:], tail_hits, vocab, languages)
        if credit is not None and credit.shape == "intro":
            if credit.dangling and not _complete_intro(hits, start):
                return None  # "… Фото:" closing a line: its credit is on the next one
            return Credit(start, len(line), "intro", STRONG)
    # "… Washington. © Reuters / David Mercado"
    for entry, start, _end in hits:
        # a suffix credit sits near the line end: only those hits are tried (a line of 20,000 "©" stays linear)
        near_end = len(line) - start <= MAX_CREDIT_CHARS + 30
        if entry is None and start > 0 and near_end and _boundary_before(line, start):
            credit = whole_credit(line[start:], [], vocab, languages)
            if credit is not None:
                return Credit(start, len(line), "copyright", STRONG)
    return None


def _after_open_caption(line: str, start: int, entry: Entry) -> bool:
    """ "… where plague-infected people sought treatment Credit: EPA": a colon introducer after a word, with no full
    stop between them, closes a caption (prose ends its sentence before a credit; a caption need not)."""
    return entry.text.endswith(":") and line[start - 1] == " " and line[: start - 1].rstrip()[-1:].isalnum()


def _complete_intro(hits: list[Hit], start: int) -> bool:
    """Is the longest introducer at ``start`` complete in itself ("Фото автора"), not waiting for a name?"""
    at_start = [h for h in hits if h[1] == start and h[0] is not None and h[0].kind == "credit"]
    entry = max(at_start, key=lambda h: h[2])[0] if at_start else None
    return entry is not None and intro_shape(entry) == "open"


def _chain_suffix(line: str, vocab: Vocabulary, languages: frozenset[str] | None) -> Credit | None:
    """``… December 8th. GREG BAKER / AFP``: walk back over name tokens and separators from the line end, then
    take the longest chain that starts right after a sentence (or the line start) and parses."""
    tail_start = max(0, len(line) - MAX_CREDIT_CHARS)
    tail = line[tail_start:]
    if "/" not in tail and "|" not in tail:
        return None
    starts: list[int] = []
    for m in reversed(list(_TOKEN.finditer(tail))):
        pieces = [p for p in _SLASH.split(m.group()) if p]
        if pieces and not all(name_token(p) or p.casefold() in _MODIFIERS for p in pieces):
            break
        starts.append(tail_start + m.start())
        if len(starts) > MAX_CREDIT_WORDS:
            break
    for start in reversed(starts):  # longest first
        candidate = line[start:]
        if "/" not in candidate and "|" not in candidate:
            break
        first_link = _CHAIN_SPLIT.split(candidate, maxsplit=1)[0]
        if len(first_link.split()) > 4 or not _boundary_before(line, start, after_name=False):
            continue
        strength = chain_strength(candidate, vocab, languages)
        if strength is not None:
            return Credit(start, len(line), "chain", strength)
    return None


def _agency_suffix(line: str, hits: list[Hit], vocab: Vocabulary, languages: frozenset[str] | None) -> Credit | None:
    """``… in New York. Reuters`` / ``… the drug. Getty``: an agency alone after the last sentence."""
    for entry, start, end in hits:
        if entry is None or entry.kind != "agency" or start == 0:
            continue
        tail = line[end:].strip()
        if tail and not is_modifier(tail):
            continue
        before = line[:start].rstrip()
        if not before.endswith((".", "!", "?", "”", '"', "»")):
            continue
        return Credit(start, len(line), "agency", STRONG if entry.photo else WEAK)
    return None


# -- what a caption reads like --------------------------------------------------------------------------------------
def sentences(text: str) -> int:
    count = 1
    for m in _SENTENCE_END.finditer(text):
        word = text[: m.start() + 1].split()[-1].rsplit("/", 1)[-1].strip('"”»’)]')  # "NASA/ESA/K. Retherford"
        core = word.rstrip(".!?…")
        if word.endswith(".") and core[:1].isupper() and (len(core) <= 4 or _INITIALS.fullmatch(word)):
            continue  # "Gov.", "Nov.", "Fla.", "S.C.": abbreviations, not sentence ends
        count += 1
    return count


def has_quotes(text: str) -> bool:
    return any(c in _QUOTES for c in text)


def ends_with_byline(text: str) -> bool:
    """ "… Приглашаются все желающие! Алексей МИШИН": the text closes with an author's name, not a caption."""
    m = _LAST_WORDS.search(text)
    return bool(m) and is_name(m.group(1), 3) and len(m.group(1).split()) >= 2


def ends_with_domain(text: str) -> bool:
    """ "… к памятнику. altai-republic.ru": a source line closes the text before the credit."""
    words = text.split()
    return bool(words) and bool(_DOMAIN.fullmatch(words[-1].rstrip(".,")))


def caption_words(text: str) -> list[str]:
    return [w.strip(",.;:()\"“”«»’'").casefold() for w in text.split()]


def glued(line: str, start: int) -> bool:
    """No space before the credit: ``… detainees.© John Brecher``, ``… treatmentCredit: EPA``."""
    return start > 0 and not line[start - 1].isspace() and line[start] != "("


def first_sentence(text: str) -> str:
    for m in _SENTENCE_END.finditer(text):
        if sentences(text[: m.end()]) > 1:
            return text[: m.start() + 1]
    return text


def ends_like_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)
