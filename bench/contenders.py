"""The libraries a user would otherwise run, as the benchmarks call them: on a list of texts, for timing."""

from __future__ import annotations

import regex

WORD = regex.compile(r"\w+")


def megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def ftfy_fix_text(texts: list[str]) -> None:
    """``ftfy.fix_text`` with its defaults, on every text."""
    import ftfy

    for t in texts:
        ftfy.fix_text(t)


def is_dangerous_per_word(texts: list[str]) -> None:
    """``confusable_homoglyphs.confusables.is_dangerous`` on every word (it is slow: time it on a sample)."""
    from confusable_homoglyphs import confusables

    for t in texts:
        for word in WORD.findall(t):
            confusables.is_dangerous(word)
