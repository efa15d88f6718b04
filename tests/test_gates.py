"""Rule gates: rules that share a cheap per-document test are skipped together when it finds nothing.

The test rules below register as a plugin (codes Y001-Y003); the last tests check that the built-in families'
gates change no finding on real text.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from conftest import EVAL
from plugin_registration import plugin_registered
from scrapelint import Document, DocumentRule, Linter, linter, registry
from scrapelint.linter import RuleCrash

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
calls: list[str] = []


def has_marker(doc: Document) -> bool:
    calls.append("gate")
    if "BOOM" in doc.text:
        raise RuntimeError("the shared analysis failed")
    return "MARK" in doc.text


class _Gated(DocumentRule):
    family = "gatetest"

    def gate(self):
        return has_marker

    def check(self, doc):
        calls.append(self.code)
        at = doc.text.find("MARK")
        return [self.finding(at, at + 4, "a marker")] if at >= 0 else []


class FirstGated(_Gated):
    """Reports the marker."""

    code, name = "Y001", "gated-first"


class SecondGated(_Gated):
    """Reports the marker too."""

    code, name = "Y002", "gated-second"


class Ungated(DocumentRule):
    """Always runs."""

    code, name, family = "Y003", "ungated", "gatetest"

    def check(self, doc):
        calls.append(self.code)
        return []


RULES = (FirstGated, SecondGated, Ungated)


@pytest.fixture
def gated_linter():
    with plugin_registered(EntryPoint("gates", "test_gates:RULES", registry.GROUP)):
        calls.clear()
        yield Linter(select=["Y"])


def test_a_gate_that_finds_nothing_skips_every_rule_that_shares_it(gated_linter):
    assert gated_linter.check("Nothing here.\n") == []
    assert calls == ["gate", "Y003"]  # asked once for Y001 and Y002, neither ran; the ungated rule ran


def test_a_gate_that_finds_something_lets_its_rules_run(gated_linter):
    findings = gated_linter.check("A MARK here.\n")
    assert [f.code for f in findings] == ["Y001", "Y002"]
    assert calls == ["gate", "Y001", "Y002", "Y003"]


def test_a_gate_is_not_asked_when_all_its_rules_are_ignored(gated_linter):
    doc = Document("A MARK here.\n")
    assert gated_linter.check_document(doc, ignore={"Y001", "Y002"}) == []
    assert calls == ["Y003"]
    calls.clear()
    assert [f.code for f in gated_linter.check_document(doc, ignore={"Y001"})] == ["Y002"]
    assert calls == ["gate", "Y002", "Y003"]


def test_a_failing_gate_is_reported_as_the_crash_of_its_first_rule(gated_linter):
    with pytest.raises(RuleCrash, match=r"rule Y001 \[gated-first\] crashed: RuntimeError"):
        gated_linter.check("BOOM\n")


def _ungated(rules):
    return [(None, [rule]) for rule in rules]


def texts_with_findings() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) if ".fixed" not in p.name]
    bbc = sorted((EVAL / "clean-news" / "en-bbc").glob("*/*.txt"))[:200]
    texts += [p.read_bytes().decode("utf-8", errors="replace") for p in bbc]
    return texts


def test_the_families_gates_change_no_finding(monkeypatch):
    texts = texts_with_findings()
    gated = Linter(extend_select=["ALL"])
    assert any(gate is not None for gate, _ in gated._groups)  # the families do share gates
    monkeypatch.setattr(linter, "_gated_groups", _ungated)
    every_rule = Linter(extend_select=["ALL"])
    found = 0
    for text in texts:
        expected = every_rule.check(text)
        assert gated.check(text) == expected
        found += len(expected)
    assert found > 100  # the texts exercise the rules, not only the gates
