"""The human-readable report: ``path:line:col: CODE [name] message``, the line with a caret, the fix preview.

Document text is shown through :func:`visible`: control, format and bidi characters from a scraped page are
replaced by a visible mark, so a finding can never move the cursor, recolour or reorder the reader's terminal.
"""

from __future__ import annotations

import unicodedata
from typing import IO

import click

from ..document import Document
from ..finding import Finding, Severity
from ..runner import DocumentResult
from . import Summary

WINDOW = 60  # characters of context shown on each side of a span in long lines
MARK = "\u00a4"  # ¤ stands in for any invisible or terminal-controlling character
_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def visible(text: str) -> str:
    """Text safe to print on a terminal, one output character per input character."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        " " if ch == "\t" else MARK if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") else ch for ch in text
    )


def width(text: str) -> int:
    """Terminal columns a string takes (wide CJK and emoji count two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text
    )


def excerpt(doc: Document, finding: Finding) -> tuple[int, str, int, int]:
    """(line number, shown text, caret start column, caret width) for the first line of a finding."""
    line = doc.line_at(finding.start)
    start = finding.start - line.start
    end = min(finding.end, line.end) - line.start
    left = max(0, start - WINDOW)
    right = min(len(line.text), max(end, start + 1) + WINDOW)
    prefix = "\u2026" if left else ""
    shown = prefix + visible(line.text[left:right]) + ("\u2026" if right < len(line.text) else "")
    caret_at = width(prefix + visible(line.text[left:start]))
    caret_len = max(1, width(visible(line.text[start:end])))
    return line.number, shown, caret_at, caret_len


def fix_preview(doc: Document, finding: Finding) -> str:
    fix = finding.fix
    if fix is None:
        return ""
    kind = "fix" if fix.is_safe else "unsafe fix"
    if fix.message:
        return f"{kind}: {visible(fix.message)}"
    if len(fix.edits) == 1:
        e = fix.edits[0]
        old = doc.text[e.start : e.end]
        if not e.replacement:
            return f"{kind}: delete {_quote(old)}"
        if not old:
            return f"{kind}: insert {_quote(e.replacement)}"
        return f"{kind}: replace {_quote(old)} with {_quote(e.replacement)}"
    return f"{kind}: {len(fix.edits)} edits"


def _quote(text: str, limit: int = 60) -> str:
    shown = visible(text if len(text) <= limit else text[: limit - 1] + "\u2026")
    return repr(shown)


class TextReporter:
    def __init__(self, stream: IO[str], *, color: bool = False, statistics: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.statistics = statistics

    def _style(self, text: str, **kw: object) -> str:
        return click.style(text, **kw) if self.color else text  # type: ignore[arg-type]

    def add(self, result: DocumentResult) -> None:
        if self.statistics:
            return
        doc = result.document
        for f in result.findings:
            line, col = doc.position(f.start)
            where = self._style(f"{visible(str(doc.source))}:{line}:{col}:", bold=True)
            code = self._style(f.code, fg=_COLOR[f.severity], bold=True)
            self.stream.write(f"{where} {code} [{f.name}] {visible(f.message)}\n")
            number, shown, at, length = excerpt(doc, f)
            gutter = " " * len(str(number))
            self.stream.write(f"{gutter} |\n{number} | {shown}\n")
            self.stream.write(f"{gutter} | {' ' * at}{self._style('^' * length, fg=_COLOR[f.severity])}\n")
            preview = fix_preview(doc, f)
            if preview:
                self.stream.write(f"{gutter} = {self._style(preview, fg='cyan')}\n")
            self.stream.write("\n")
        if result.refused:
            self.stream.write(f"{visible(str(doc.source))}: {visible(result.refused)}\n")

    def finish(self, summary: Summary) -> None:
        if self.statistics:
            for (code, name), count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                fixable = "[*]" if summary.fixable_by_rule[code] else "   "
                self.stream.write(f"{count:>6}  {code}  {fixable} {name}\n")
        parts = [f"{summary.fixable} fixable"]
        if summary.fixed:
            parts.append(f"{summary.fixed} {'would be fixed' if summary.dry_run else 'fixed'}")
        noun = "finding" if summary.findings == 1 else "findings"
        if summary.findings or summary.fixed:
            self.stream.write(f"Found {summary.findings} {noun} ({'; '.join(parts)}).\n")
        elif summary.problems:  # not "passed": some inputs could not be checked at all
            noun = "input" if summary.problems == 1 else "inputs"
            self.stream.write(
                f"No findings, but {summary.problems} {noun} could not be checked (see the errors above).\n"
            )
        else:
            self.stream.write("All checks passed.\n")
        if summary.fixable and not summary.fixed:
            self.stream.write(f"[*] {summary.fixable} fixable with --fix.\n")
