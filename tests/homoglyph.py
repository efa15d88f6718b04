"""The Unicode family's homoglyph rule as the engine tests use it: a real damaged sentence, and the rule's code and
span found at run time (the rule families are written in parallel, so the engine tests never hard-code them)."""

from __future__ import annotations

from functools import cache

from scrapelint import Linter
from scrapelint.finding import Finding

OMICRON = "\u03bf"
DAMAGED = "The g\u03bfvernment approved the budget on Monday.\n"  # "government" with a Greek omicron
FIXED = "The government approved the budget on Monday.\n"


def homoglyph_in(text: str) -> Finding:
    """The Unicode family's finding that covers the first Greek omicron of ``text`` (the letter or its word)."""
    at = text.index(OMICRON)
    return next(f for f in Linter(select=["U"]).check(text) if f.start <= at < f.end)


@cache
def homoglyph_code() -> str:
    return homoglyph_in(DAMAGED).code


@cache
def homoglyph_column() -> int:
    """The 1-based column the finding on ``DAMAGED`` starts at (its first line)."""
    return homoglyph_in(DAMAGED).start + 1
