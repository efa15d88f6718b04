"""The fuzz corpus (``oddities.fuzz_corpus``: generated scraped-text oddities, every control and format character)
through every rule, both fix modes and every output format; every output stays valid.

Outputs are checked for what each promises: SARIF validates against the official 2.1.0 schema, json and jsonl parse
and count the findings, GitHub annotations are one well-formed command per finding, the text report has no
character that could steer a terminal, the HTML page keeps only its own script. Documents go in as plain files and
as JSONL records (the two kinds of source every reporter handles).

Lone surrogates cannot reach a reporter through the CLI (files and JSONL are decoded strictly, so a record with a
``\\udc80`` escape is reported as invalid JSON), so documents holding them are checked and fixed but not reported.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import jsonschema
import orjson
import pytest
from oddities import assert_well_formed, every_rule_linter, fuzz_corpus, has_surrogates
from scrapelint.document import Document, Source
from scrapelint.reporters import FORMATS
from scrapelint.reporters import render as render_report
from scrapelint.runner import DocumentResult

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
_ANNOTATION = re.compile(r"::(error|warning|notice) (?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*::[^\r\n]*")


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return fuzz_corpus()


@pytest.fixture(scope="module")
def results(corpus: list[str]) -> list[DocumentResult]:
    """Every document checked and fixed (safe, then unsafe) by every rule; the reportable results."""
    linter = every_rule_linter(corpus)
    out = []
    for i, text in enumerate(corpus):
        source = Source(f"fuzz/doc-{i:04d}.txt") if i % 2 else Source("fuzz/dump.jsonl", i + 1, "jsonl")
        doc = Document(text, source)
        findings = linter.check_document(doc)
        assert_well_formed(text, findings)
        for unsafe in (False, True):
            result = linter.fix_document(doc, unsafe=unsafe)
            assert_well_formed(result.text, result.remaining)
            if not has_surrogates(text):
                assert not has_surrogates(result.text)
        if not has_surrogates(text):
            fixed = Document(result.text, source)
            out.append(DocumentResult(doc, findings))
            out.append(DocumentResult(fixed, result.remaining, result.applied, result.refused, text))
    return out


def render(fmt: str, results: list[DocumentResult]) -> str:
    stream = io.StringIO()
    render_report(fmt, results, stream)
    return stream.getvalue()


def finding_count(results: list[DocumentResult]) -> int:
    return sum(len(r.findings) for r in results)


def test_the_corpus_is_large_and_odd(corpus, results):
    assert len(corpus) >= 1000
    assert finding_count(results) > 1000  # the oddities do trip the rules
    size, findings = sum(map(len, corpus)), finding_count(results)
    print(f"\nfuzz corpus: {len(corpus)} documents, {size:,} characters, {findings} findings")


def test_every_format_renders(results):
    for fmt in FORMATS:
        assert render(fmt, results)


def test_sarif_is_valid(results):
    """The whole log against the schema, with its results sampled (every rule's first 30, and the first 300):
    validating twenty thousand results one by one would take longer than the rest of the fuzz test."""
    log = json.loads(render("sarif", results))
    run = log["runs"][0]
    assert len(run["results"]) == finding_count(results)
    per_rule: Counter[str] = Counter()
    sample = []
    for i, result in enumerate(run["results"]):
        per_rule[result["ruleId"]] += 1
        if i < 300 or per_rule[result["ruleId"]] <= 30:
            sample.append(result)
    run["results"] = sample
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)


def test_json_and_jsonl_parse(results):
    report = orjson.loads(render("json", results))
    assert len(report["findings"]) == finding_count(results)
    lines = render("jsonl", results).split("\n")[:-1]  # JSON Lines are split at \n only (U+2028 is valid JSON)
    assert len(lines) == finding_count(results)
    for line in lines:
        record = orjson.loads(line)
        assert record["start"]["offset"] <= record["end"]["offset"]


def test_github_annotations_are_one_well_formed_command_each(results):
    lines = render("github", results).split("\n")
    assert lines.pop() == ""
    assert len(lines) == finding_count(results)
    for line in lines:
        assert _ANNOTATION.fullmatch(line), line


def test_text_report_has_nothing_that_steers_a_terminal(results):
    text = render("text", results)
    bad = {ch for ch in set(text) if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")}
    assert not bad, f"terminal-steering characters in the text report: {sorted(map(hex, map(ord, bad)))}"


def test_html_report_keeps_only_its_own_script(results):
    page = render("html", results)
    clean = render("html", [])
    assert page.count("<script") == clean.count("<script") and page.count("</script") == clean.count("</script")
    assert "<img" not in page and "<iframe" not in page.lower() and "javascript:" not in page
