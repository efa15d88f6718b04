"""``json`` (one document) and ``jsonl`` (one finding per line) output; the record schema is in ``records.py``."""

from __future__ import annotations

from typing import IO, Any

import orjson

from .. import __version__
from ..runner import DocumentResult
from . import Summary
from .records import SCHEMA_VERSION, finding_record


def summary_record(summary: Summary) -> dict[str, Any]:
    return {
        "documents": summary.documents,
        "findings": summary.findings,
        "fixable": summary.fixable,
        "fixed": summary.fixed,
        "refused": summary.refused,
        "problems": summary.problems,
        "by_rule": {code: n for (code, _), n in sorted(summary.by_rule.items())},
    }


class JsonReporter:
    """``{"schema_version": 1, "tool": ..., "findings": [...], "summary": {...}}``."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.findings: list[dict[str, Any]] = []

    def add(self, result: DocumentResult) -> None:
        self.findings.extend(finding_record(result.document, f) for f in result.findings)

    def finish(self, summary: Summary) -> None:
        report = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "scrapelint", "version": __version__},
            "findings": self.findings,
            "summary": summary_record(summary),
        }
        self.stream.write(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() + "\n")


class JsonLinesReporter:
    """One finding record per line (with ``schema_version``), streamed as documents are checked."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def add(self, result: DocumentResult) -> None:
        for f in result.findings:
            record = {"schema_version": SCHEMA_VERSION, **finding_record(result.document, f)}
            self.stream.write(orjson.dumps(record).decode() + "\n")

    def finish(self, summary: Summary) -> None:
        self.stream.flush()
