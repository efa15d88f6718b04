"""Unicode integrity rules (U): characters that are not what they look like."""

from __future__ import annotations

from collections.abc import Iterator

from scrapelint.document import Document
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.rule import DocumentRule

_LATIN_LOOKALIKES = {"\u03bf": "o"}  # replaced by the full skeleton table (issue 3)


class MixedScriptWord(DocumentRule):
    """A Latin word with look-alike letters from another script (`gοvernment`).

    ## What it does
    Finds words that mix Latin letters with letters of another script that look the same.

    ## Why is this bad?
    Search engines and models see a different word than readers do.

    ## Example
    `gοvernment` (Greek omicron) becomes `government`.

    ## Fix safety
    Safe: only look-alike letters inside Latin words are replaced.
    """

    code = "U001"
    name = "mixed-script-word"
    family = "unicode"
    severity = Severity.ERROR
    fixable = True

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.is_ascii:
            return
        for i, ch in enumerate(doc.text):
            if ch in _LATIN_LOOKALIKES:
                fix = Fix.safe(Edit(i, i + 1, _LATIN_LOOKALIKES[ch]))
                yield self.finding(i, i + 1, f"look-alike {ch!r}", fix)


RULES = (MixedScriptWord,)
