"""Reporters turn run events into output for people (text, github, html) and machines (json, jsonl, sarif).

Every reporter has the same two methods: ``add(result)`` once per document and ``finish(summary)`` once at the
end. Streaming reporters (text, jsonl) write as results arrive, so memory stays flat on huge dumps; the others
keep only findings, never document texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Protocol

from ..runner import DocumentResult


@dataclass
class Summary:
    documents: int = 0
    findings: int = 0  # remaining after fixes and baseline
    fixable: int = 0  # remaining findings with a fix that the run's fix mode would apply
    fixed: int = 0
    refused: int = 0
    problems: int = 0
    dry_run: bool = False  # --diff: "fixed" counts fixes that would be applied
    by_rule: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, name) -> remaining count
    fixable_by_rule: Counter[str] = field(default_factory=Counter)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.fixed += len(result.fixed)
        self.refused += result.refused is not None
        unsafe = result.unsafe
        for f in result.findings:
            self.findings += 1
            self.by_rule[(f.code, f.name)] += 1
            if f.is_fixable(unsafe):
                self.fixable += 1
                self.fixable_by_rule[f.code] += 1


class Reporter(Protocol):
    def add(self, result: DocumentResult) -> None: ...

    def finish(self, summary: Summary) -> None: ...


FORMATS = ("text", "json", "jsonl", "sarif", "github", "html")


def make_reporter(fmt: str, stream: IO[str], *, color: bool = False, statistics: bool = False) -> Reporter:
    if fmt == "text":
        from .text import TextReporter

        return TextReporter(stream, color=color, statistics=statistics)
    if fmt == "json":
        from .json import JsonReporter

        return JsonReporter(stream)
    if fmt == "jsonl":
        from .json import JsonLinesReporter

        return JsonLinesReporter(stream)
    if fmt == "sarif":
        from .sarif import SarifReporter

        return SarifReporter(stream)
    if fmt == "github":
        from .github import GithubReporter

        return GithubReporter(stream)
    if fmt == "html":
        from .html import HtmlReporter

        return HtmlReporter(stream)
    raise ValueError(f"unknown output format {fmt!r}")


def render(fmt: str, results: Iterable[DocumentResult], stream: IO[str], **options: bool) -> Summary:
    """Write a whole report of ``results`` to ``stream`` in one format (the API's counterpart of the CLI's loop)."""
    reporter = make_reporter(fmt, stream, **options)
    summary = Summary()
    for result in results:
        summary.add(result)
        reporter.add(result)
    reporter.finish(summary)
    return summary
