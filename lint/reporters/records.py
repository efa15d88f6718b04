"""The JSON form of a finding, shared by the json, jsonl, sarif and baseline outputs.

Schema version 1 (``SCHEMA_VERSION``); a finding is::

    {"path": "dump.jsonl", "record": 3 | null, "code": "U001", "name": "mixed-script-word",
     "severity": "error", "message": "...",
     "start": {"line": 1, "column": 5, "offset": 4}, "end": {"line": 1, "column": 6, "offset": 5},
     "fix": null | {"applicability": "safe", "message": "...",
                    "edits": [{"start": {...}, "end": {...}, "replacement": "o"}]},
     "fingerprint": "hex", "data": {...}}

Offsets are code points into the document text (for JSONL: into the record's text field); lines and columns are
1-based. ``fingerprint`` hashes the rule code and the text of the finding's own line (not its number), so it
survives lines moving; it is what ``--baseline`` and SARIF's ``partialFingerprints`` use.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from ..document import Document
from ..finding import Finding

SCHEMA_VERSION = 1


def position(doc: Document, offset: int) -> dict[str, int]:
    line, column = doc.position(offset)
    return {"line": line, "column": column, "offset": offset}


def fingerprint(doc: Document, finding: Finding) -> str:
    """Stable across line moves: rule code, the file, the flagged text and the text of the line it sits on."""
    line = doc.line_at(finding.start).text.strip()
    flagged = doc.text[finding.start : finding.end]
    key = "\x00".join((finding.code, path_key(str(doc.source.path), os.getcwd()), flagged, line))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@lru_cache(maxsize=4096)
def path_key(path: str, cwd: str) -> str:
    """The file as a fingerprint names it: ``a.txt``, ``./a.txt`` and ``/<cwd>/a.txt`` are one file, so a baseline
    written by ``scrapelint check .`` still matches ``scrapelint check ./a.txt`` or an absolute path in CI."""
    if path == "-":
        return path
    try:
        return PurePath(os.path.relpath(os.path.join(cwd, path), cwd)).as_posix()
    except ValueError:  # another drive on Windows
        return PurePath(path).as_posix()


def finding_record(doc: Document, finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.message,
            "edits": [
                {"start": position(doc, e.start), "end": position(doc, e.end), "replacement": e.replacement}
                for e in finding.fix.edits
            ],
        }
    return {
        "path": doc.source.path,
        "record": doc.source.record,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "start": position(doc, finding.start),
        "end": position(doc, finding.end),
        "fix": fix,
        "fingerprint": fingerprint(doc, finding),
        "data": finding.data,
    }
