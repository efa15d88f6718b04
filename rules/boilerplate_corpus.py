"""The corpus rule of the boilerplate family: lines that recur across many documents of one dump.

A site's footer, byline box or widget text appears on every page the site contributed, and no phrase list knows
it. Lines are normalised as CCNet does for its line deduplication (Wenzek et al. 2019, ``normalize_for_dedup``):
lower case, every digit to 0, punctuation and control characters removed, whitespace collapsed; each document
contributes the set of its lines' 64-bit hashes, and the engine counts in how many documents each hash occurs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import ClassVar

import regex
from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.rule import CorpusRule, CorpusStats

from .boilerplate_analysis import GLUE, Layout, deletion_pieces, family_analysis, is_prose
from .boilerplate_phrases import PhraseTable, phrase_table

_DIGIT = regex.compile(r"\d")
_PUNCTUATION = regex.compile(r"[\p{P}\p{C}]+")


def _ascii_table() -> bytes:
    """The normalisation of each ASCII character as a byte table (punctuation and controls to a space; line breaks
    kept, so that many lines are normalised in one pass)."""
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if char != "\n":
            table[code] = ord(" " if _PUNCTUATION.match(char) else "0" if _DIGIT.match(char) else char.lower())
    return bytes(table)


_ASCII_TABLE = _ascii_table()
_SPACE_RUN = re.compile(rb"  +")  # after the table, spaces are the only whitespace left (besides line breaks)


def normalize_line(text: str) -> str:
    """CCNet's line normalisation: case, digits, punctuation, whitespace."""
    if text.isascii() and "\n" not in text:
        return normalize_ascii_lines([text])[0]
    text = _DIGIT.sub("0", text.lower())
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def normalize_ascii_lines(lines: list[str]) -> list[str]:
    """:func:`normalize_line` of ASCII lines (none holding a line break), all in one ``bytes.translate`` and one
    space-run pass: most lines of most documents, where per-line calls cost a corpus pass more than the rest of the
    rule set."""
    if not lines:
        return []
    data = _SPACE_RUN.sub(b" ", "\n".join(lines).encode().translate(_ASCII_TABLE)).decode()
    return [line.strip(" ") for line in data.split("\n")]


def line_key(normalized: str) -> str:
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=8).hexdigest()


MAX_LINE_LENGTH = 2000  # longer lines are article text, never counted


class CorpusRepeatedLine(CorpusRule):
    """A line that recurs in many documents of the corpus (site furniture no phrase list knows).

    ## What it does
    Runs on the corpus pass (the CLI makes it whenever this rule is on; in the API, `Linter.collect` then
    `with_corpus`). Lines are normalised as CCNet does (lower case, digits to 0, punctuation removed); a line whose
    normalised form is at least `min-length` characters long and occurs in at least `min-documents` documents,
    and in at least `min-share` of all documents, is reported. Corpora of fewer than `min-corpus` documents are
    too small to tell furniture from a shared quote, and get no findings (a pre-commit run on three files must
    not delete the sentence they share).

    ## Why is this bad?
    A line printed on hundreds of pages is the site's furniture (footer, byline box, newsletter blurb), not the
    article. CCNet and similar pipelines remove such lines before training.

    ## Example
    `Follow AP's full coverage of Brexit and British politics at https://www.apnews.com/Brexit` in 40 documents of
    a dump is reported in each and deleted.

    ## Fix safety
    Safe above and below the article body and for lines that do not read as prose (no sentence end). A prose line
    inside the article body that recurs (a syndicated story, a standard background paragraph) gets an unsafe fix
    only: it may be the article itself.
    """

    code = "B012"
    name = "corpus-repeated-line"
    family = "boilerplate"
    severity = Severity.WARNING
    fixable = True
    options: ClassVar[dict[str, int | float]] = {
        "min-documents": 3,
        "min-share": 0.0,
        "min-length": 10,
        "min-corpus": 10,
    }

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self.table: PhraseTable | None = None  # the family's phrase table, for the shared layout (set lazily)

    def _keys(self, doc: Document) -> list[str | None]:
        minimum = int(self.opts["min-length"])

        def compute(d: Document) -> list[str | None]:
            texts = d.line_texts
            # Furniture lines are short; a paragraph-long line is never site boilerplate, and normalising a
            # 60 MB one-line dump would cost a gigabyte.
            counted = [i for i, text in enumerate(texts) if minimum <= len(text) <= MAX_LINE_LENGTH]
            plain = [i for i in counted if texts[i].isascii()]
            normalized = dict(zip(plain, normalize_ascii_lines([texts[i] for i in plain]), strict=True))
            out: list[str | None] = [None] * len(texts)
            for i in counted:
                line = normalized[i] if i in normalized else normalize_line(texts[i])
                if len(line) >= minimum:
                    out[i] = line_key(line)
            return out

        return doc.memo(f"boilerplate.corpus-keys.{minimum}", compute)

    def collect(self, doc: Document) -> Iterator[str]:
        return (key for key in self._keys(doc) if key)

    def check(self, doc: Document, corpus: CorpusStats) -> Iterator[Finding]:
        if corpus.documents < int(self.opts["min-corpus"]):
            return
        needed = max(int(self.opts["min-documents"]), float(self.opts["min-share"]) * corpus.documents)
        frequency = corpus.frequency
        frequent = {i: frequency[key] for i, key in enumerate(self._keys(doc)) if key and frequency[key] >= needed}
        if not frequent:
            return
        if self.table is None:
            self.table = phrase_table(self.settings.extra_packs, GLUE)
        deleted = family_analysis(doc, self.table).deleted_lines
        layout = Layout(doc, deleted)  # recurring lines may be the article itself (templated reports): still prose
        mine = {i for i in frequent if i not in deleted}
        pieces = deletion_pieces(doc, deleted | mine)
        for i in sorted(mine):
            line = doc.lines[i]
            edit = Edit.delete(*pieces[i])
            safe = layout.at_edge(i) or not is_prose(line.text)
            fix = Fix.safe(edit, message="delete the line") if safe else Fix.unsafe(edit, message="delete the line")
            text = " ".join(line.text.split())
            shown = text if len(text) <= 60 else text[:59] + "…"
            message = f"line occurs in {frequent[i]} of {corpus.documents} documents: {shown!r}"
            yield self.finding(line.start, line.end, message, fix, documents=frequent[i])
