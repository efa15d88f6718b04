"""Hostile text: what a scraped page (or its file name) holds cannot steer the tools that read scrapelint's output.

- GitHub annotations cannot be forged: text with ``::error``, ``%0A`` or line breaks stays inside one escaped
  command, in messages and in file names.
- The terminal never receives the document's escape sequences, C0/C1 controls or bidi controls: not in the report,
  not in the error lines that name files.
- The HTML report escapes everything: a ``<script>`` in a document or a file name is shown, not run.
"""

from __future__ import annotations

import io
import os
import re
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest
from oddities import FORGERY, TERMINAL_ATTACKS
from run_cli import run_cli
from scrapelint.document import Document, Source
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.registry import all_rules
from scrapelint.reporters import Summary, make_reporter
from scrapelint.reporters.github import escape_data, escape_property
from scrapelint.runner import DocumentResult

DAMAGED = "The g\u03bfvernment approved the budget on Monday."
BIDI = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c"]
ATTACKS = [*TERMINAL_ATTACKS, *BIDI, "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x9d0;title\x9c", "\r"]
_ANNOTATION = re.compile(r"::(error|warning|notice) (?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*::[^\r\n]*")
POSIX = sys.platform != "win32"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return tmp_path


def steering(text: str) -> set[str]:
    """Characters that could move the cursor, recolour, retitle or reorder a terminal (a newline is fine)."""
    return {ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")}


def hostile_finding(message: str, start: int = 4, end: int = 14) -> Finding:
    code = next(iter(all_rules()))
    fix = Fix.safe(Edit(start, end, "x\n::error::in a replacement"), message=message)
    return Finding(code, all_rules()[code].name, Severity.ERROR, start, end, message, fix, {"note": message})


def render(fmt: str, result: DocumentResult) -> str:
    stream = io.StringIO()
    reporter = make_reporter(fmt, stream)
    summary = Summary()
    summary.add(result)
    reporter.add(result)
    reporter.finish(summary)
    return stream.getvalue()


# -- GitHub annotations ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [*FORGERY, "a\r\n::error::b", "50%0A::error::x", "x%25%0Ay", "::"])
def test_github_annotations_cannot_be_forged_by_messages_or_paths(payload):
    text = f"The {payload} g\u03bfvernment said.\nline two {payload}\n"
    for source in (Source(f"dir/{payload}.txt"), Source(f"{payload}.jsonl", 3, "jsonl")):
        doc = Document(text, source)
        out = render("github", DocumentResult(doc, [hostile_finding(f"found {payload} here")]))
        lines = out.split("\n")
        assert lines.pop() == ""
        assert len(lines) == 1, out  # one finding, one command: nothing forged after a line break
        assert _ANNOTATION.fullmatch(lines[0]), lines[0]


def test_github_escaping_round_trips():
    """What the runner decodes (%25 -> %, %0D, %0A, and %3A/%2C in properties) gives back the original exactly."""

    def unescape(text: str) -> str:
        return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), text)

    for payload in [*FORGERY, "%0A", "%%", "a,b:c", "100%25"]:
        assert unescape(escape_data(payload)) == payload
        assert unescape(escape_property(payload)) == payload
        assert not set(escape_property(payload)) & {",", ":", "\r", "\n"}


@pytest.mark.skipif(not POSIX, reason="needs file names with line breaks")
def test_github_output_from_the_cli_with_a_hostile_file_name_and_record():
    name = "a\n::error file=x,line=1::forged %0A.txt"
    Path(name).write_text(DAMAGED + "\n", encoding="utf-8")
    Path("dump.jsonl").write_bytes(orjson.dumps({"text": "::error::forged\n" + DAMAGED}) + b"\n")
    result = run_cli("check", "--output-format", "github", name, "dump.jsonl")
    lines = result.stdout.split("\n")
    assert lines.pop() == ""
    assert lines and all(_ANNOTATION.fullmatch(line) for line in lines), result.stdout


# -- the terminal ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS, ids=[repr(a) for a in ATTACKS])
def test_text_report_neutralises_escape_sequences_and_bidi_controls(attack):
    text = f"Before {attack} the g\u03bfvernment{attack} said {attack}.\n"
    doc = Document(text, Source(f"file{attack}.txt"))
    out = render("text", DocumentResult(doc, [hostile_finding(f"message {attack}", 7, 20)], refused=f"no {attack}"))
    assert not steering(out), sorted(map(hex, map(ord, steering(out))))


@pytest.mark.skipif(not POSIX, reason="needs file names with control characters")
def test_terminal_output_of_a_run_has_no_control_characters():
    attack = "".join(a for a in ATTACKS if a not in ("\r",))
    Path(f"news{attack[:40]}.txt").write_text(f"{attack} {DAMAGED}\n", encoding="utf-8")  # a finding to show
    Path(f"bad{TERMINAL_ATTACKS[0]}{TERMINAL_ATTACKS[2]}.txt").write_bytes(b"caf\xe9\n")  # an error naming it
    Path("dump.jsonl").write_bytes(orjson.dumps({"text": attack}) + b"\nnot json " + attack.encode() + b"\n")
    result = run_cli("check", ".")
    assert result.exit_code == 2
    assert result.stdout.count("\n") > 3 and result.stderr.count("error") >= 2
    assert not steering(result.stdout), sorted(map(hex, map(ord, steering(result.stdout))))
    assert not steering(result.stderr), sorted(map(hex, map(ord, steering(result.stderr))))


# -- the HTML report -------------------------------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<!-- x --><style>body{display:none}</style>",
    "&lt;script&gt;",
    "' onmouseover='alert(1)",
]


def test_html_report_escapes_document_text_names_messages_and_fixes():
    payload = " ".join(MARKUP)
    text = f"{payload}\nThe g\u03bfvernment said {payload}.\n"
    doc = Document(text, Source(f"{payload}.txt"))
    page = render("html", DocumentResult(doc, [hostile_finding(payload, 0, 20)]))
    clean = render("html", DocumentResult(Document("The council said.\n", Source("clean.txt")), []))
    tags, clean_tags = Tags.of(page), Tags.of(clean)
    for name in ("script", "style", "img", "svg", "iframe", "object", "embed", "link", "meta", "base", "textarea"):
        assert tags.counts[name] == clean_tags.counts[name], name  # only the page's own
    assert not tags.handlers, tags.handlers  # no on* attribute anywhere
    assert not [url for url in tags.urls if "javascript:" in url.lower()]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text


class Tags(HTMLParser):
    """The elements and attributes of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []

    @property
    def names(self) -> set[str]:
        return set(self.counts)

    @classmethod
    def of(cls, page: str) -> Tags:
        tags = cls()
        tags.feed(page)
        tags.close()
        return tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action") and value:
                self.urls.append(value)


@pytest.mark.skipif(not POSIX, reason="needs file names with markup characters")
def test_html_report_from_the_cli():
    name = "<img src=x onerror=alert(1)>.txt"
    Path(name).write_text(f"<script>alert(1)</script> {DAMAGED}\n", encoding="utf-8")
    page = run_cli("check", "--output-format", "html", name).stdout
    tags = Tags.of(page)
    assert "img" not in tags.names and not tags.handlers
    assert (
        tags.counts["script"]
        == Tags.of(run_cli("check", "--output-format", "html", "/dev/null").stdout).counts["script"]
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_hostile_text_survives_json_reports_exactly():
    text = "".join(ATTACKS) + " " + " ".join(MARKUP) + " " + DAMAGED
    doc = Document(text, Source("x.txt"))
    finding = hostile_finding(text[:30], 0, 30)
    report = orjson.loads(render("json", DocumentResult(doc, [finding])))
    assert report["findings"][0]["message"] == text[:30]  # escaped by JSON, not altered
    assert os.linesep not in render("jsonl", DocumentResult(doc, [finding])).rstrip("\n")
