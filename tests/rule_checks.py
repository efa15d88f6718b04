"""Shorthands for rule tests: the codes a linter reports on a text, and the text its fix leaves."""

from __future__ import annotations

from scrapelint import Linter


def codes(linter: Linter, text: str, language: str | None = None) -> list[str]:
    return [f.code for f in linter.check(text, language=language)]


def fixed(linter: Linter, text: str, language: str | None = None) -> str:
    return linter.fix(text, language=language).text
