"""``--output-format html``: one self-contained page to look at (inline CSS and JS, no network).

The page has a summary per rule family and rule, then each document with findings: its text with every finding
highlighted in place (a colour per family; hover for a tooltip, click for the rule, message and fix), its findings
table, and the fix as a side-by-side diff (what ``--fix`` changed, or for a check-only run a preview of the safe
fixes). Everything that comes from a document — text, file names, messages, replacements — goes through
:func:`~scrapelint.reporters.html_text.show`, which escapes it and turns invisible characters into visible badges;
a Content-Security-Policy that allows only this page's own script and style (by hash) and no network is a second
wall, should anything ever slip through.

Unlike the machine-readable reporters this one keeps document texts, so it caps what it keeps: the first
``MAX_DOCUMENTS`` documents with findings or fixes, ``MAX_DOCUMENT_CHARS`` of each, ``MAX_TOTAL_CHARS`` in all;
the rest are counted in the summary and listed by name.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import IO

from .. import __version__
from ..document import Document
from ..finding import Finding
from ..fixer import apply_edits, non_overlapping
from ..registry import all_rules
from ..runner import DocumentResult
from . import Summary
from .html_text import Mark, esc, family_colours, highlight, show, side_by_side
from .text import fix_preview

MAX_DOCUMENTS = 300  # documents rendered in full
MAX_DOCUMENT_CHARS = 60_000  # text shown per document (and per side of its diff)
MAX_TOTAL_CHARS = 6_000_000  # text kept for the whole page
MAX_FINDINGS_PER_DOCUMENT = 2_000  # rows in a document's findings table (and highlights)
MAX_LISTED = 2_000  # documents listed by name (with counts) beyond those rendered
OPEN_FINDINGS_TABLE = 25  # longer findings tables start folded (the popups still read them)


@dataclass
class Shown:
    """A document kept for the page: capped text, its findings as display rows, the diff sides."""

    anchor: str
    source: str
    text: str
    truncated: bool
    marks: list[Mark]
    finding_count: int
    diff: tuple[str, str] | None = None  # (before, after), capped
    diff_is_preview: bool = False
    applied: Counter[str] = field(default_factory=Counter)  # rule code -> fixes applied by --fix
    refused: str | None = None


def _family_of(code: str) -> str:
    cls = all_rules().get(code)
    return cls.family if cls is not None else "other"


def _marks(doc: Document, findings: list[Finding], anchor: str) -> list[Mark]:
    marks = []
    for i, f in enumerate(sorted(findings, key=Finding.sort_key)[:MAX_FINDINGS_PER_DOCUMENT]):
        line, col = doc.position(f.start)
        marks.append(
            Mark(
                ident=f"{anchor}f{i}",
                code=f.code,
                name=f.name,
                family=_family_of(f.code),
                severity=f.severity,
                start=f.start,
                end=f.end,
                line=line,
                column=col,
                message=f.message,
                fix=fix_preview(doc, f),
            )
        )
    return marks


def safe_fix_preview(text: str, findings: list[Finding]) -> str:
    """What one pass of the safe fixes would make of ``text`` (``--fix`` repeats passes until nothing changes)."""
    chosen = non_overlapping(f for f in findings if f.is_fixable(unsafe=False))
    return apply_edits(text, (e for f in chosen for e in f.fix.edits)) if chosen else text  # type: ignore[union-attr]


class HtmlReporter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown: list[Shown] = []
        self.listed: list[tuple[str, int]] = []  # (source, findings) of documents not rendered
        self.unlisted = 0
        self.kept_chars = 0
        self.with_findings = 0

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        if not result.findings and result.original is None and result.refused is None:
            return
        self.with_findings += bool(result.findings)
        if len(self.shown) >= MAX_DOCUMENTS or self.kept_chars >= MAX_TOTAL_CHARS:
            if len(self.listed) < MAX_LISTED:
                self.listed.append((str(doc.source), len(result.findings)))
            else:
                self.unlisted += 1
            return
        anchor = f"d{len(self.shown)}"
        shown = Shown(
            anchor=anchor,
            source=str(doc.source),
            text=doc.text[:MAX_DOCUMENT_CHARS],
            truncated=len(doc.text) > MAX_DOCUMENT_CHARS,
            marks=_marks(doc, result.findings, anchor),
            finding_count=len(result.findings),
            applied=Counter(f.code for f in result.fixed),
            refused=result.refused,
        )
        if result.original is not None:
            shown.diff = (result.original[:MAX_DOCUMENT_CHARS], doc.text[:MAX_DOCUMENT_CHARS])
        else:
            preview = safe_fix_preview(doc.text, result.findings)
            if preview != doc.text:
                shown.diff = (doc.text[:MAX_DOCUMENT_CHARS], preview[:MAX_DOCUMENT_CHARS])
                shown.diff_is_preview = True
        self.kept_chars += len(shown.text) + (sum(map(len, shown.diff)) if shown.diff else 0)
        self.shown.append(shown)

    def finish(self, summary: Summary) -> None:
        self.stream.write(render_page(self, summary))


# -- the page -----------------------------------------------------------------------------------------------------


def _asset(name: str) -> str:
    return resources.files("scrapelint.reporters").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(report: HtmlReporter, summary: Summary) -> str:
    families = sorted(
        {_family_of(code) for code, _ in summary.by_rule} | {m.family for s in report.shown for m in s.marks}
    )
    css = _asset("report.css") + family_colours(families)
    js = _asset("report.js")
    if "</" in js or "</" in css:  # the assets sit inside <script>/<style>: they must not be able to end them
        raise ValueError("report assets must not contain '</'")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="scrapelint {esc(__version__)}">\n',
        "<title>scrapelint report</title>\n",
        f"<style>{css}</style>\n</head>\n<body>\n",
        '<header><h1>scrapelint report</h1><p class="help">Highlights are coloured by rule family. Hover a '
        "highlight for a tooltip, click it (or press Enter on it) for the rule, message and fix. Invisible "
        'characters are shown as <span class="cp">hex</span> badges.</p></header>\n',
        _summary_section(report, summary, families),
        *(_document_section(s, families, summary.dry_run) for s in report.shown),
        _not_shown_section(report),
        '<aside id="pop" hidden role="dialog" aria-label="Finding"><button type="button" class="close" '
        'aria-label="Close">\u00d7</button><div class="body"></div></aside>\n',
        f"<script>{js}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _summary_section(report: HtmlReporter, summary: Summary, families: list[str]) -> str:
    rules = all_rules()
    by_family: dict[str, list[tuple[str, str, int]]] = {}
    for (code, name), count in sorted(summary.by_rule.items()):
        by_family.setdefault(_family_of(code), []).append((code, name, count))
    facts = [
        ("documents checked", summary.documents),
        ("documents with findings", report.with_findings),
        ("findings", summary.findings),
        ("fixable", summary.fixable),
        ("would be fixed" if summary.dry_run else "fixed", summary.fixed),
        ("fixes refused", summary.refused),
        ("input errors", summary.problems),
    ]
    out = ['<section id="summary"><h2>Summary</h2>\n<dl class="facts">']
    out += [f"<div><dt>{esc(label)}</dt><dd>{value:,}</dd></div>" for label, value in facts]
    out.append("</dl>\n")
    if not by_family:
        out.append('<p class="clean">No findings.</p>\n')
    else:
        out.append(
            '<table class="rules"><thead><tr><th>Show</th><th>Family / rule</th><th>Name</th><th>Severity</th>'
            "<th>Findings</th><th>Fixable</th></tr></thead>\n"
        )
        for family in sorted(by_family, key=lambda fam: -sum(n for _, _, n in by_family[fam])):
            index = families.index(family)
            total = sum(n for _, _, n in by_family[family])
            out.append(
                f'<tbody class="fam-{index}"><tr class="family"><td><input type="checkbox" checked '
                f'data-family="{index}" aria-label="show {esc(family)}"></td><td colspan="3">'
                f'<span class="swatch"></span>{esc(family)}</td><td class="num">{total:,}</td><td></td></tr>\n'
            )
            for code, name, count in by_family[family]:
                severity = rules[code].severity.value if code in rules else ""
                fixable = summary.fixable_by_rule[code]
                out.append(
                    f'<tr><td><input type="checkbox" checked data-code="{esc(code)}" data-family-of="{index}" '
                    f'aria-label="show {esc(code)}"></td><td class="code">{esc(code)}</td><td>{esc(name)}</td>'
                    f'<td><span class="sev sev-{esc(severity)}">{esc(severity)}</span></td>'
                    f'<td class="num">{count:,}</td><td class="num">{fixable:,}</td></tr>\n'
                )
            out.append("</tbody>\n")
        out.append("</table>\n")
    if report.shown:
        out.append('<nav><h3>Documents</h3><ol class="toc">')
        for s in report.shown:
            note = f"{s.finding_count:,} finding{'s' if s.finding_count != 1 else ''}"
            if s.applied:
                note += f", {sum(s.applied.values()):,} fixed"
            out.append(f'<li><a href="#{s.anchor}">{show(s.source)}</a> <span class="count">{note}</span></li>')
        out.append("</ol></nav>\n")
    out.append("</section>\n")
    return "".join(out)


def _document_section(s: Shown, families: list[str], dry_run: bool) -> str:
    noun = "finding" if s.finding_count == 1 else "findings"
    out = [
        f'<section class="doc" id="{s.anchor}"><h2><span class="path">{show(s.source)}</span> '
        f'<span class="count">{s.finding_count:,} {noun}</span></h2>\n'
    ]
    if s.refused:
        out.append(f'<p class="refused">{show(s.refused)}</p>\n')
    if s.applied:
        applied = ", ".join(f"{esc(code)} \u00d7{n}" for code, n in sorted(s.applied.items()))
        out.append(f'<p class="applied">Fixes {"to apply" if dry_run else "applied"}: {applied}.</p>\n')
    if s.marks:
        if s.truncated:
            out.append(f'<p class="note">Showing the first {MAX_DOCUMENT_CHARS:,} characters.</p>\n')
        if len(s.marks) < s.finding_count:
            out.append(f'<p class="note">Showing the first {len(s.marks):,} findings.</p>\n')
        out.append(f'<pre class="text">{highlight(s.text, s.marks, families)}</pre>\n')
        is_open = " open" if len(s.marks) <= OPEN_FINDINGS_TABLE else ""
        out.append(f'<details class="list"{is_open}><summary>Findings</summary>\n')
        out.append(_findings_table(s.marks, families))
        out.append("</details>\n")
    if s.diff is not None:
        if s.diff_is_preview:
            title = "Preview of the safe fixes (one pass; nothing was written: run with --fix)"
        else:
            title = "What --fix would change (--diff: nothing was written)" if dry_run else "What --fix changed"
        out.append(f'<details class="diff" open><summary>{esc(title)}</summary>\n')
        out.append(side_by_side(*s.diff))
        out.append("</details>\n")
    out.append("</section>\n")
    return "".join(out)


def _findings_table(marks: list[Mark], families: list[str]) -> str:
    out = [
        '<table class="findings"><thead><tr><th>Where</th><th>Rule</th><th>Severity</th><th>Message</th>'
        "<th>Fix</th></tr></thead><tbody>\n"
    ]
    for m in marks:
        out.append(
            f'<tr id="{m.ident}" class="fam-{families.index(m.family)}" data-code="{esc(m.code)}">'
            f'<td class="where"><a href="#{m.ident}">{m.line}:{m.column}</a></td>'
            f'<td class="rule"><span class="swatch"></span><span class="code">{esc(m.code)}</span> {esc(m.name)}</td>'
            f'<td><span class="sev sev-{m.severity.value}">{m.severity.value}</span></td>'
            f'<td class="message">{show(m.message)}</td><td class="fix">{show(m.fix)}</td></tr>\n'
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _not_shown_section(report: HtmlReporter) -> str:
    if not report.listed and not report.unlisted:
        return ""
    out = [
        '<section id="not-shown"><h2>Not shown</h2><p class="note">The page shows the first '
        f"{len(report.shown):,} documents (its size is capped); these have findings or fixes too:</p><ul>"
    ]
    out += [f'<li>{show(source)} <span class="count">{n:,}</span></li>' for source, n in report.listed]
    out.append("</ul>")
    if report.unlisted:
        out.append(f'<p class="note">\u2026 and {report.unlisted:,} more.</p>')
    out.append("</section>\n")
    return "".join(out)
