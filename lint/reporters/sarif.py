"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One ``rules[]`` entry per registered rule (short and full description, help text, default level); columns are
Unicode code points (``columnKind``); URIs are relative to the working directory (the repository root in CI)
under ``%SRCROOT%``; ``partialFingerprints`` come from the finding's own text and rule, so they survive lines
moving; fixes are included as SARIF ``fixes``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import orjson

from .. import __version__
from ..document import Document
from ..finding import Finding, Severity
from ..registry import all_rules
from ..runner import DocumentResult
from . import Summary
from .records import fingerprint

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
HELP_URI = "https://github.com/scrapelint/scrapelint#rules"


def relative_uri(path: str) -> str:
    """A URI reference: spaces, ``#``, ``%`` and non-ASCII letters in file names are percent-encoded."""
    p = Path(path)
    with contextlib.suppress(ValueError, OSError):
        p = p.resolve().relative_to(Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve())
    return quote(p.as_posix(), safe="/")


def rule_descriptors() -> list[dict[str, Any]]:
    out = []
    for code, cls in all_rules().items():
        out.append(
            {
                "id": code,
                "name": cls.name,
                "shortDescription": {"text": cls.summary()},
                "fullDescription": {"text": cls.documentation()},
                "help": {"text": cls.documentation(), "markdown": cls.documentation()},
                "helpUri": HELP_URI,
                "defaultConfiguration": {"level": LEVEL[cls.severity], "enabled": cls.default_enabled},
                "properties": {"family": cls.family, "fixable": cls.fixable},
            }
        )
    return out


def _region(doc: Document, start: int, end: int) -> dict[str, int]:
    if doc.source.record is not None:  # JSONL: the record's own line in the file
        return {"startLine": doc.source.record}
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
    }


class SarifReporter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.results: list[dict[str, Any]] = []
        self.index = {code: i for i, code in enumerate(all_rules())}

    def _result(self, doc: Document, finding: Finding) -> dict[str, Any]:
        location = {"uri": relative_uri(doc.source.path), "uriBaseId": "%SRCROOT%"}
        message = finding.message
        if doc.source.record is not None:
            line, col = doc.position(finding.start)
            message += f" (record {doc.source.record}, text line {line}, column {col})"
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": self.index.get(finding.code, -1),
            "level": LEVEL[finding.severity],
            "message": {"text": message},
            "locations": [
                {"physicalLocation": {"artifactLocation": location, "region": _region(doc, finding.start, finding.end)}}
            ],
            "partialFingerprints": {"scrapelint/v1": fingerprint(doc, finding)},
        }
        if finding.fix is not None and doc.source.record is None:
            result["fixes"] = [
                {
                    "description": {"text": finding.fix.message or f"{finding.fix.applicability.value} fix"},
                    "artifactChanges": [
                        {
                            "artifactLocation": location,
                            "replacements": [
                                {
                                    "deletedRegion": _region(doc, e.start, e.end),
                                    "insertedContent": {"text": e.replacement},
                                }
                                for e in finding.fix.edits
                            ],
                        }
                    ],
                }
            ]
        if result["ruleIndex"] < 0:
            del result["ruleIndex"]
        return result

    def add(self, result: DocumentResult) -> None:
        self.results.extend(self._result(result.document, f) for f in result.findings)

    def finish(self, summary: Summary) -> None:
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "scrapelint",
                            "version": __version__,
                            "informationUri": "https://github.com/scrapelint/scrapelint",
                            "rules": rule_descriptors(),
                        }
                    },
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        self.stream.write(orjson.dumps(log, option=orjson.OPT_INDENT_2).decode() + "\n")
