"""Reports: SARIF 2.1.0 valid against the official schema (fixes, JSONL records, multi-line spans), fingerprints that
survive line moves, GitHub workflow commands escaped and ordered, the versioned json/jsonl schema, the text format."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest
from homoglyph import DAMAGED, homoglyph_column, homoglyph_in
from plugin_registration import plugin_registered
from run_cli import run_cli
from scrapelint.document import Document, Source
from scrapelint.finding import Edit, Finding, Fix, Severity
from scrapelint.registry import all_rules
from scrapelint.reporters import render as render_report
from scrapelint.reporters.github import escape_data, escape_property
from scrapelint.reporters.records import SCHEMA_VERSION, fingerprint
from scrapelint.reporters.text import visible
from scrapelint.runner import DocumentResult

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    with plugin_registered():
        yield tmp_path


def finding(start: int, end: int, message: str = "m", *, code: str = "X001", severity=Severity.WARNING, fix=None):
    name = all_rules()[code].name
    return Finding(code, name, severity, start, end, message, fix)


def render(fmt: str, *results: DocumentResult, **kw) -> str:
    stream = io.StringIO()
    render_report(fmt, results, stream, **kw)
    return stream.getvalue()


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


# -- SARIF ------------------------------------------------------------------------------------------------------------


def test_sarif_validates_with_fixes_and_jsonl_records():
    Path("news.txt").write_text("Intro.\r\n" + DAMAGED + "the the end\n", encoding="utf-8")
    Path("dump.jsonl").write_text(json.dumps({"text": "x\n" + DAMAGED}) + "\n", encoding="utf-8")
    result = run_cli("check", "--select", "U,X001", "--output-format", "sarif", "news.txt", "dump.jsonl")
    log = validate_sarif(result.stdout)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(all_rules())  # one entry per rule
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    text_results = [
        r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news.txt"
    ]
    region = text_results[0]["locations"][0]["physicalLocation"]["region"]
    homoglyph, col = homoglyph_in(DAMAGED), homoglyph_column()
    assert region == {
        "startLine": 2,
        "startColumn": col,
        "endLine": 2,
        "endColumn": col + homoglyph.end - homoglyph.start,
        "charOffset": len("Intro.\r\n") + homoglyph.start,
        "charLength": homoglyph.end - homoglyph.start,
    }
    replacement = text_results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    (edit,) = homoglyph.fix.edits
    assert replacement["insertedContent"] == {"text": edit.replacement}
    assert replacement["deletedRegion"]["startColumn"] == edit.start + 1
    doubled = next(r for r in text_results if r["ruleId"] == "X001")
    assert doubled["level"] == "warning" and doubled["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    record = next(
        r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dump.jsonl"
    )
    assert record["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert f"(record 1, text line 2, column {col})" in record["message"]["text"]
    assert "fixes" not in record  # a JSONL line is not the text: its edits cannot be expressed as file regions


def test_sarif_validates_for_multi_line_spans_insertions_and_an_empty_run():
    doc = Document("first line\nsecond line\n", Source("a.txt"))
    insert = finding(0, 0, "insert", fix=Fix.safe(Edit.insert(0, "# ")))
    multi = finding(6, 17, "spans two lines", severity=Severity.INFO, fix=Fix.unsafe(Edit.delete(6, 17)))
    log = validate_sarif(render("sarif", DocumentResult(doc, [insert, multi])))
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions[1] == {
        "startLine": 1,
        "startColumn": 7,
        "endLine": 2,
        "endColumn": 7,
        "charOffset": 6,
        "charLength": 11,
    }
    assert log["runs"][0]["results"][1]["level"] == "note"
    assert validate_sarif(render("sarif"))["runs"][0]["results"] == []


def test_sarif_uris_are_relative_and_valid_uri_references():
    Path("my dir").mkdir()
    Path("my dir/caf\u00e9 #1 100%.txt").write_text(DAMAGED, encoding="utf-8")
    log = validate_sarif(run_cli("check", "--output-format", "sarif", ".").stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": quote("my dir/caf\u00e9 #1 100%.txt"), "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().resolve().as_uri() + "/"


def test_partial_fingerprints_survive_lines_moving():
    Path("news.txt").write_text("Intro.\n" + DAMAGED, encoding="utf-8")
    before = json.loads(run_cli("check", "--output-format", "sarif", "news.txt").stdout)
    Path("news.txt").write_text("A new first paragraph.\n\nIntro.\n" + DAMAGED, encoding="utf-8")
    after = json.loads(run_cli("check", "--output-format", "sarif", "news.txt").stdout)
    (a,), (b,) = before["runs"][0]["results"], after["runs"][0]["results"]
    assert a["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert a["partialFingerprints"] == b["partialFingerprints"]


def test_fingerprint_depends_on_rule_text_and_line_not_position():
    doc = Document("the the cat\nthe the dog\n", Source("a.txt"))
    first, second = finding(4, 7), finding(16, 19)
    assert fingerprint(doc, first) != fingerprint(doc, second)  # same flagged text, different line text
    moved = Document("\n\nthe the cat\n", Source("a.txt"))
    assert fingerprint(moved, finding(6, 9)) == fingerprint(doc, first)
    assert fingerprint(doc, finding(4, 7, code="X002")) != fingerprint(doc, first)


# -- GitHub annotations ---------------------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("dir:a,b/50%.txt\n") == "dir%3Aa%2Cb/50%25.txt%0A"


def test_github_annotations_most_severe_first_columns_only_on_one_line():
    doc = Document("one line\nand another\n", Source("weird:name, 100%.txt"))
    results = DocumentResult(
        doc,
        [
            finding(0, 3, "info first in the text", severity=Severity.INFO),
            finding(4, 12, "warning across lines\n::error::forged"),
            finding(9, 12, "an error", severity=Severity.ERROR),
        ],
    )
    lines = render("github", results).splitlines()
    assert lines == [
        "::error file=weird%3Aname%2C 100%25.txt,line=2,endLine=2,col=1,endColumn=4,title=X001 [doubled-word]"
        "::an error",
        "::warning file=weird%3Aname%2C 100%25.txt,line=1,endLine=2,title=X001 [doubled-word]"
        "::warning across lines%0A::error::forged",
        "::notice file=weird%3Aname%2C 100%25.txt,line=1,endLine=1,col=1,endColumn=4,title=X001 [doubled-word]"
        "::info first in the text",
    ]


def test_github_annotation_for_a_jsonl_record_points_at_its_line():
    doc = Document("x\nthe the\n", Source("dump.jsonl", 7, "jsonl"))
    (line,) = render("github", DocumentResult(doc, [finding(6, 9, "doubled")])).splitlines()
    assert line == "::warning file=dump.jsonl,line=7,title=X001 [doubled-word]::doubled (text line 2, column 5)"


# -- json and jsonl ---------------------------------------------------------------------------------------------------

POSITION = {
    "type": "object",
    "required": ["line", "column", "offset"],
    "additionalProperties": False,
    "properties": {k: {"type": "integer", "minimum": 0} for k in ("line", "column", "offset")},
}
FINDING_SCHEMA = {
    "type": "object",
    "required": ["path", "record", "code", "name", "severity", "message", "start", "end", "fix", "fingerprint", "data"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "path": {"type": "string"},
        "record": {"type": ["integer", "null"]},
        "code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"},
        "name": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "message": {"type": "string"},
        "start": POSITION,
        "end": POSITION,
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "data": {"type": "object"},
        "fix": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["applicability", "message", "edits"],
                    "additionalProperties": False,
                    "properties": {
                        "applicability": {"enum": ["safe", "unsafe"]},
                        "message": {"type": "string"},
                        "edits": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["start", "end", "replacement"],
                                "additionalProperties": False,
                                "properties": {"start": POSITION, "end": POSITION, "replacement": {"type": "string"}},
                            },
                        },
                    },
                },
            ]
        },
    },
}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "tool", "findings", "summary"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "tool": {"type": "object", "required": ["name", "version"]},
        "findings": {"type": "array", "items": FINDING_SCHEMA},
        "summary": {
            "type": "object",
            "required": ["documents", "findings", "fixable", "fixed", "refused", "problems", "by_rule"],
        },
    },
}


def test_json_report_follows_the_documented_schema():
    Path("news.txt").write_text(DAMAGED + "the the\n", encoding="utf-8")
    Path("dump.jsonl").write_text(json.dumps({"text": DAMAGED}) + "\n", encoding="utf-8")
    result = run_cli("check", "--select", "U,X001", "--output-format", "json", "news.txt", "dump.jsonl")
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    first, homoglyph = report["findings"][0], homoglyph_in(DAMAGED)
    assert (first["path"], first["record"], first["start"], first["end"]) == (
        "news.txt",
        None,
        {"line": 1, "column": homoglyph.start + 1, "offset": homoglyph.start},
        {"line": 1, "column": homoglyph.end + 1, "offset": homoglyph.end},
    )
    (edit,) = homoglyph.fix.edits
    assert first["fix"]["edits"] == [
        {
            "start": {"line": 1, "column": edit.start + 1, "offset": edit.start},
            "end": {"line": 1, "column": edit.end + 1, "offset": edit.end},
            "replacement": edit.replacement,
        },
    ]
    assert report["findings"][-1]["record"] == 1
    assert report["summary"]["documents"] == 2 and report["summary"]["findings"] == 3


def test_jsonl_report_is_one_finding_per_line():
    Path("news.txt").write_text(DAMAGED + "the the\n", encoding="utf-8")
    lines = run_cli("check", "--output-format", "jsonl", "news.txt").stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        record = json.loads(line)
        jsonschema.Draft202012Validator(FINDING_SCHEMA).validate(record)
        assert record["schema_version"] == SCHEMA_VERSION


def test_json_report_keeps_non_ascii_and_rule_data():
    doc = Document("caf\u00e9 \U0001f600", Source("a.txt"))
    f = Finding("X001", "doubled-word", Severity.ERROR, 5, 6, "emoji \U0001f600", None, {"codepoint": "U+1F600"})
    report = json.loads(render("json", DocumentResult(doc, [f])))
    assert report["findings"][0]["message"] == "emoji \U0001f600"
    assert report["findings"][0]["data"] == {"codepoint": "U+1F600"}


# -- text -------------------------------------------------------------------------------------------------------------


def test_text_format_fix_previews():
    doc = Document("abc def ghi\n", Source("a.txt"))
    results = DocumentResult(
        doc,
        [
            finding(0, 3, "delete", fix=Fix.safe(Edit.delete(0, 4))),
            finding(4, 4, "insert", fix=Fix.safe(Edit.insert(4, "new "))),
            finding(4, 7, "two edits", fix=Fix.unsafe(Edit(4, 5, "D"), Edit(6, 7, "F"))),
            finding(8, 11, "with message", fix=Fix.safe(Edit(8, 11, "GHI"), message="Upper-case it")),
            finding(8, 11, "no fix"),
            finding(8, 11, "replace", fix=Fix.safe(Edit(8, 11, "GHI"))),
        ],
    )
    out = render("text", results)
    assert "a.txt:1:1: X001 [doubled-word] delete\n  |\n1 | abc def ghi\n  | ^^^\n  = fix: delete 'abc '\n" in out
    assert "  = fix: insert 'new '\n" in out
    assert "  |     ^\n  = fix: insert 'new '\n" in out  # an empty span still gets one caret
    assert "  = unsafe fix: 2 edits\n" in out
    assert "  = fix: Upper-case it\n" in out
    assert "  = fix: replace 'ghi' with 'GHI'\n" in out
    assert out.endswith("Found 6 findings (4 fixable).\n[*] 4 fixable with --fix.\n")


def test_text_long_lines_are_windowed_around_the_span():
    line = "word " * 40 + "TARGET" + " word" * 40
    doc = Document(line, Source("a.txt"))
    out = render("text", DocumentResult(doc, [finding(200, 206)]))
    shown = out.splitlines()[2]
    caret = out.splitlines()[3]
    assert shown.startswith("1 | \u2026") and shown.endswith("\u2026")
    assert shown[caret.index("^") : caret.index("^") + 6] == "TARGET"


def test_text_color_only_when_asked():
    doc = Document("the the\n", Source("a.txt"))
    assert "\x1b[" not in render("text", DocumentResult(doc, [finding(4, 7)]))
    assert "\x1b[" in render("text", DocumentResult(doc, [finding(4, 7)]), color=True)


def test_text_shows_a_refused_fix_and_a_clean_summary():
    doc = Document("x\n", Source("a.txt"))
    out = render("text", DocumentResult(doc, [], refused="fix refused: it would remove 90% of the document's words"))
    assert out == "a.txt: fix refused: it would remove 90% of the document's words\nAll checks passed.\n"


def test_visible_neutralises_terminal_control_characters():
    assert visible("a\x1b[31mred\u202e\u2028\tb") == "a\u00a4[31mred\u00a4\u00a4 b"
    assert visible("plain") == "plain"
