"""Scraped-text oddities: the pieces hypothesis strategies and the fuzz corpus build documents from.

Everything here is made up or a short fragment typical of scraped pages (no eval data is copied). The fuzz corpus is
generated from a fixed seed, so a failure names a document index that reproduces: ``fuzz_corpus()[i]``.
"""

from __future__ import annotations

import random
import re

from hypothesis import strategies as st
from scrapelint.document import Document, Source
from scrapelint.finding import Finding
from scrapelint.fixer import apply_edits
from scrapelint.linter import CorpusCounts, Linter, add_counts
from scrapelint.registry import all_rules

_SURROGATE = re.compile("[\ud800-\udfff]")

# Every C0 and C1 control, DEL, and the format characters scraped pages carry (bidi embeddings, overrides and
# isolates, zero-width characters, soft hyphen, BOM, word joiner, invisible math operators, tag characters).
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
FORMAT_CHARACTERS = [
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    *(chr(c) for c in range(0x200B, 0x2010)),  # zero-width space ... right-to-left mark
    *(chr(c) for c in range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *(chr(c) for c in range(0x2060, 0x2070)),  # word joiner, invisible operators, isolates
    "\ufeff",
    "\ufff9",
    "\ufffa",
    "\ufffb",
    "\U000e0001",
    "\U000e0041",
    "\U000e007f",  # tag characters
]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "\n\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\u202f", "\u3000", "\u2003", " \u00a0 "]
SURROGATES = ["\udc80", "\udcff", "\ud800", "\udfff", "\ud83d", "\ude00", "\ud83d\ude00"]  # lone, escapes, a split pair
ASTRAL = [
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1ec\U0001f1e7",
    "\U0001d400\U0001d401",
    "\U0001d4d7\U0001d4ee",
    "\U0002000b",
    "\U0001d518\U0001d52b",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\U0010fffd",
    "\U0001f9d1\u200d\U0001f4bb",
]  # emoji with skin tone, ZWJ family, flag, math alphanumerics, CJK extension B, tag-sequence flag, plane 16
COMBINING = ["e\u0301", "a\u0308\u0304", "Z\u0351\u0334\u0358\u0322\u0360", "\u0301", "n\u0303o", "\u0915\u094d\u0937"]
WORDS = [
    "the",
    "government",
    "said",
    "on",
    "Tuesday",
    "that",
    "it",
    "would",
    "review",
    "policy",
    "Reuters",
    "cookies",
    "café",
    "naïve",
    "Zürich",
    "façade",
    "São",
    "Paulo",
    "Ελλάδα",
    "Αθήνα",
    "Москва",
    "правительство",
    "東京",
    "日本語",
    "中文",
    "한국어",
    "العربية",
    "עברית",
    "हिन्दी",
    "ไทย",
    "Ωmega",
    "µm",
    "ﬁnance",
    "Ⅻ",
    "½",
    "10km",
    "e-mail",
    "O'Neill",
    "don't",
    "U.S.",
    "3.14",
    "1,000",
    "#hashtag",
    "@user",
    "http://example.com/a?b=c&d=e",
]
HOMOGLYPH_WORDS = ["gοvernment", "раураl", "Аpple", "ехаmple", "Micrοsoft", "рython", "Bаnk", "ΡΑΥΡΑL", "nеws"]
ENTITIES = ["&amp;", "&amp;amp;", "&nbsp;", "&#39;", "&#x27;", "&quot;", "&lt;p&gt;", "&#8217;", "&hellip;", "&"]
MOJIBAKE = ["â€™", "â€œ", "â€\x9d", "Ã©", "Ã¼", "Â ", "Ã", "ï»¿", "\ufffd", "Ð¿Ñ€Ð¸Ð²ÐµÑ‚"]
HTML_BITS = ["<p>", "</div>", "<script>alert(1)</script>", "<!-- x -->", "<br/>", '<a href="x">y</a>', "<img src=x>"]
TERMINAL_ATTACKS = ["\x1b[2J", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x9b1;31m", "\x1b[1A\x1b[K", "\x07", "\b\b"]
FORGERY = ["::error file=x.txt,line=1::forged", "\n::warning::x", "%0A::error::y", "%25", "::set-output name=a::b"]
BOILERPLATE_LINES = [
    "Share this article",
    "Share on Facebook Share on Twitter",
    "© 2024 Reuters. All rights reserved.",
    "All rights reserved.",
    "Subscribe to our newsletter",
    "Sign up for our newsletter",
    "Read more:",
    "Advertisement",
    "ADVERTISEMENT",
    "Cookie settings",
    "We use cookies to improve your experience.",
    "Accept all cookies",
    "Skip to main content",
    "Follow us on Twitter",
    "Related articles",
    "Continue reading",
    "Click here to subscribe",
    "Copyright 2023 The Associated Press. All rights reserved.",
    "Home > News > World",
    "Posted by admin on 12 March 2021",
    "Tags: news, world",
    "Loading...",
    "Reporting by Jane Doe; Editing by John Roe",
]
CAPTION_LINES = [
    "Image caption The minister speaking on Tuesday",
    "Image copyright Getty Images",
    "Photo: Getty Images",
    "(AP Photo/Evan Vucci)",
    "Picture: Reuters",
    "Media playback is unsupported on your device",
    "Image source, EPA",
    "Photograph: Alamy",
    "Credit: John Smith/AFP via Getty Images",
    "FILE PHOTO: A man walks",
    "[Image: a dog]",
    "Fig. 1",
    "Caption: the harbour at night",
    "Getty Images",
    "Video caption: what happened",
]
SENTENCES = [
    "The government said on Tuesday that it would review the policy.",
    "A story about cookies and Reuters keeps its sentences.",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα.",
    "Правительство объявило о новых мерах.",
    "政府は火曜日に新しい方針を発表した。",
    "He said: “It’s fine — really…” and left.",
    "The photo was taken by a Getty Images photographer, the agency said.",
    "Subscribers can share this article with friends, the company said.",
    "Prices rose 3.5% in May, up from 2.1% in April.",
    "She wrote “Image caption” on the board as a joke.",
]
ALL_PIECES = [
    *CONTROLS, *FORMAT_CHARACTERS, *BREAKS, *SPACES, *SURROGATES, *ASTRAL, *COMBINING, *WORDS, *HOMOGLYPH_WORDS,
    *ENTITIES, *MOJIBAKE, *HTML_BITS, *TERMINAL_ATTACKS, *FORGERY,
]  # fmt: skip
LINES = [*BOILERPLATE_LINES, *CAPTION_LINES, *SENTENCES]


# -- hypothesis ---------------------------------------------------------------------------------------------------


def _line() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(LINES),
        st.lists(st.one_of(st.sampled_from(WORDS + HOMOGLYPH_WORDS), st.sampled_from(ALL_PIECES)), max_size=12).map(
            " ".join
        ),
        st.text(max_size=40),
    )


def scraped_texts(max_lines: int = 14) -> st.SearchStrategy[str]:
    """Documents of lines (sentences, footers, captions, words, oddities, random text) joined by any line break,
    sometimes with an oddity glued anywhere: biased to what breaks text tools, still covering arbitrary strings."""
    line_breaks = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "\n\r", "\u2028"])
    doc = st.lists(st.tuples(_line(), line_breaks), max_size=max_lines).map(lambda ps: "".join(a + b for a, b in ps))
    glued = st.tuples(doc, st.sampled_from(ALL_PIECES), st.integers(0, 10_000)).map(
        lambda t: t[0][: t[2] % (len(t[0]) + 1)] + t[1] + t[0][t[2] % (len(t[0]) + 1) :]
    )
    trailing = st.tuples(doc, st.sampled_from(["", "", "\n", "\r\n", "\r", " ", "\n\n\n"])).map("".join)
    return st.one_of(doc, glued, trailing, st.text(max_size=200))


# -- fuzz corpus ----------------------------------------------------------------------------------------------------


def _fuzz_document(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 25)):
        roll = rng.random()
        if roll < 0.25:
            parts.append(rng.choice(LINES))
        elif roll < 0.5:
            parts.append(" ".join(rng.choice(WORDS + HOMOGLYPH_WORDS) for _ in range(rng.randint(1, 12))))
        elif roll < 0.85:
            parts.append("".join(rng.choice(ALL_PIECES) for _ in range(rng.randint(1, 6))))
        elif roll < 0.95:  # random code points from the whole range (surrogates and noncharacters included)
            parts.append("".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 8))))
        else:  # a long line
            parts.append(rng.choice(LINES) * rng.randint(5, 60))
        parts.append(rng.choice(BREAKS) if rng.random() < 0.7 else rng.choice(SPACES))
    return "".join(parts)


def fuzz_corpus(size: int = 1000, seed: int = 9) -> list[str]:
    """``size`` generated documents, plus one per control/format character and per single oddity (all of them)."""
    rng = random.Random(seed)
    docs = [_fuzz_document(rng) for _ in range(size)]
    docs += [f"The wor{ch}d said{ch}\n{ch}" for ch in CONTROLS + FORMAT_CHARACTERS]
    docs += [f"Before {piece} after.\n{piece}\n" for piece in ALL_PIECES + LINES]
    docs += ["", "\n", "\r\n", "\r", " ", "\ufeff", "\ufeffHello", "a" * 5000, "\n" * 500, "é" * 3000]
    return docs


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def every_rule_linter(texts: list[str]) -> Linter:
    """A linter with every registered rule on (default-off ones too), corpus rules counting over ``texts``."""
    linter = Linter(select=["ALL"])
    if not linter.has_corpus_rules:
        return linter
    counts: CorpusCounts = {}
    for i, text in enumerate(texts):
        add_counts(counts, linter.collect(Document(text, Source("fuzz", i + 1, "jsonl"))))
    return linter.with_corpus(counts)


def assert_well_formed(text: str, findings: list[Finding]) -> None:
    """Spans and edits inside the text and not between the halves of a surrogate pair; one-line messages; the
    finding's code and name are its rule's; a fix has edits that do not overlap, from a rule that says it fixes."""
    rules = all_rules()
    for f in findings:
        assert type(f.start) is int and type(f.end) is int, f
        assert 0 <= f.start <= f.end <= len(text), f"{f.code} span {f.start}..{f.end} outside text of {len(text)}"
        for offset in (f.start, f.end):  # never between the halves of a surrogate pair spelt as two code points
            assert not (0 < offset < len(text) and "\ud800" <= text[offset - 1] <= "\udbff" <= text[offset] <= "\udfff")
        cls = rules[f.code]
        assert f.name == cls.name, f
        assert isinstance(f.message, str) and f.message.strip(), f"{f.code}: empty message"
        assert "\n" not in f.message and "\r" not in f.message, f"{f.code}: message is not one line: {f.message!r}"
        if f.fix is not None:
            assert cls.fixable, f"{f.code} offers a fix but says fixable = False"
            assert f.fix.edits, f"{f.code}: a fix without edits"
            for e in f.fix.edits:
                assert 0 <= e.start <= e.end <= len(text), f"{f.code} edit {e} outside text of {len(text)}"
            apply_edits(text, f.fix.edits)  # the edits of one fix never overlap each other
