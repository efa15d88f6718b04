"""Test rules with fully controlled behaviour (family ``X``), for engine, config and CLI tests.

They are plain third-party rules: nothing here is special to the test suite except the rules' purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex
from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.packs import Pack, packs_for
from scrapelint.rule import CorpusRule, CorpusStats, DocumentRule, RuleSettings

_DOUBLED = regex.compile(r"\b(\w+)(\s+)(\1)\b", regex.IGNORECASE)
_WORD = regex.compile(r"\w+")


class DoubledWord(DocumentRule):
    """A word written twice in a row (`the the`).

    ## What it does
    Finds a word repeated right after itself.

    ## Why is this bad?
    It is a typing or extraction slip.

    ## Example
    `the the cat` becomes `the cat`.

    ## Fix safety
    Safe: only the second copy and the space before it are removed.
    """

    code = "X001"
    name = "doubled-word"
    family = "testplugin"
    severity = Severity.WARNING
    fixable = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in _DOUBLED.finditer(doc.text):
            if m.group(1).lower() in self.settings.allow_words:
                continue
            fix = Fix.safe(Edit.delete(m.start(2), m.end(3)))
            yield self.finding(m.start(3), m.end(3), f"doubled word {m.group(3)!r}", fix)


class LongWord(DocumentRule):
    """A word longer than `max-length` letters.

    ## What it does
    Finds words longer than the `max-length` option.

    ## Why is this bad?
    Very long words are often glued-together words from broken markup.

    ## Example
    `thequickbrownfox`.

    ## Fix safety
    No fix.
    """

    code = "X002"
    name = "long-word"
    family = "testplugin"
    severity = Severity.INFO
    options: ClassVar[dict[str, int]] = {"max-length": 20}

    def check(self, doc: Document) -> Iterator[Finding]:
        limit = self.opts["max-length"]
        for m in _WORD.finditer(doc.text):
            if len(m.group()) > limit:
                yield self.finding(m.start(), m.end(), f"word of {len(m.group())} letters (max-length {limit})")


class PackPhraseLine(DocumentRule):
    """A line holding a phrase from a `testphrases` pack.

    ## What it does
    Finds lines containing a phrase listed in a pack of family `testphrases` (user packs from config).

    ## Why is this bad?
    The phrases are boilerplate.

    ## Example
    `Subscribe now!` on a line of its own.

    ## Fix safety
    Unsafe: the whole line is deleted.
    """

    code = "X003"
    name = "pack-phrase-line"
    family = "testplugin"
    severity = Severity.ERROR
    fixable = True

    def __init__(self, settings: RuleSettings | None = None) -> None:
        super().__init__(settings)
        # Packs are read and validated once, when the rule is built: a bad entry is a config error, not a crash.
        packs = packs_for("testphrases", self.settings.extra_packs)
        self.phrases = [_phrase(pack, index, entry) for pack in packs for index, entry in enumerate(pack.entries)]

    def check(self, doc: Document) -> Iterator[Finding]:
        for line in doc.lines:
            for phrase in self.phrases:
                at = line.text.find(phrase)
                if at >= 0:
                    fix = Fix.unsafe(Edit.delete(*doc.line_block_span(line.number, line.number)))
                    yield self.finding(line.start + at, line.start + at + len(phrase), f"boilerplate {phrase!r}", fix)
                    break


def _phrase(pack: Pack, index: int, entry: dict[str, object]) -> str:
    text = entry.get("text")
    if not isinstance(text, str) or not text:
        raise pack.error(index, "'text' must be a non-empty string")
    return text


class RepeatedLine(CorpusRule):
    """A line that repeats in at least `min-documents` documents.

    ## What it does
    Counts every non-blank line over the whole corpus and flags the ones found in many documents.

    ## Why is this bad?
    Lines repeated across pages are site furniture, not content.

    ## Example
    `Share this article` in every record of a dump.

    ## Fix safety
    No fix.
    """

    code = "X004"
    name = "repeated-line-test"
    family = "testplugin"
    severity = Severity.WARNING
    default_enabled = False
    options: ClassVar[dict[str, int]] = {"min-documents": 2}

    def collect(self, doc: Document) -> Iterator[str]:
        return (line.text.strip() for line in doc.lines if not line.is_blank)

    def check(self, doc: Document, corpus: CorpusStats) -> Iterator[Finding]:
        for line in doc.lines:
            key = line.text.strip()
            if key and corpus.frequency[key] >= self.opts["min-documents"]:
                yield self.finding(line.start, line.end, f"line repeats in {corpus.frequency[key]} documents")


RULES = (DoubledWord, LongWord, PackPhraseLine, RepeatedLine)
