"""Baselines: adopt the linter on an existing corpus and see only new findings.

``--write-baseline FILE`` stores the fingerprints of today's findings (with counts, so a line that repeats is
remembered as often as it occurs); ``--baseline FILE`` then hides findings matching those fingerprints. A
fingerprint is made from the rule, the file, the flagged text and the text of its line, never the line number,
so editing elsewhere in a file does not resurface old findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import orjson

from .atomic import write_atomic, write_errors
from .errors import InputError
from .reporters.records import fingerprint
from .runner import DocumentResult

BASELINE_VERSION = 1


class Baseline:
    def __init__(self, counts: Counter[str] | None = None) -> None:
        self.counts: Counter[str] = counts or Counter()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = orjson.loads(Path(path).read_bytes())
        except OSError as exc:
            raise InputError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{path}: baseline is not valid JSON ({exc})") from None
        if (
            not isinstance(data, dict)
            or data.get("version") != BASELINE_VERSION
            or not isinstance(data.get("fingerprints"), dict)
        ):
            raise InputError(f"{path}: not a scrapelint baseline (version {BASELINE_VERSION})")
        return cls(Counter({str(k): int(v) for k, v in data["fingerprints"].items()}))

    def record(self, result: DocumentResult) -> None:
        for finding in result.findings:
            self.counts[fingerprint(result.document, finding)] += 1

    def save(self, path: str) -> None:
        data = {"version": BASELINE_VERSION, "fingerprints": dict(sorted(self.counts.items()))}
        with write_errors(path):  # as for reports: CI keeps baselines in folders that may not exist yet
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")

    def filter(self, result: DocumentResult) -> DocumentResult:
        """The result without findings the baseline already knows (each known occurrence hides one finding)."""
        kept = []
        for finding in result.findings:
            key = fingerprint(result.document, finding)
            if self.counts[key] > 0:
                self.counts[key] -= 1
            else:
                kept.append(finding)
        return replace(result, findings=kept)
