"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``.

GitHub shows only 10 errors and 10 warnings per step, so annotations are printed most severe first. Values are
escaped as the runner requires (``%``, CR, LF in messages; also ``:`` and ``,`` in properties), so text from a
scraped page cannot end the command early or forge another one.
"""

from __future__ import annotations

from typing import IO

from ..finding import Severity
from ..runner import DocumentResult
from . import Summary

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.lines: list[tuple[int, int, str]] = []

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        for finding in result.findings:
            line, col = doc.position(finding.start)
            end_line, end_col = doc.position(finding.end)
            props = {"file": doc.source.path}
            if doc.source.record is not None:
                # A JSONL record is one line of its file; the position inside the text goes in the message.
                props["line"] = str(doc.source.record)
                where = f" (text line {line}, column {col})"
            else:
                props |= {"line": str(line), "endLine": str(end_line)}
                if line == end_line:
                    props |= {"col": str(col), "endColumn": str(end_col)}
                where = ""
            props["title"] = f"{finding.code} [{finding.name}]"
            head = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
            text = f"::{LEVEL[finding.severity]} {head}::{escape_data(finding.message + where)}"
            self.lines.append((-finding.severity.rank, len(self.lines), text))

    def finish(self, summary: Summary) -> None:
        for _, _, text in sorted(self.lines):
            self.stream.write(text + "\n")
