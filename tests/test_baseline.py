"""Baselines: --write-baseline stores today's findings, --baseline then reports only new ones, even after lines move."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from plugin_registration import plugin_registered
from run_cli import run_cli

STORY = "The council met on Monday.\nThe the vote was close.\n\nResults follow next week.\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with plugin_registered():
        yield tmp_path


def reported(*args: str) -> list[tuple[str, int, str]]:
    result = run_cli("check", "--select", "X001", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return [(f["path"], f["start"]["line"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_write_baseline_then_only_new_findings_are_reported():
    Path("news.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "news.txt")
    assert result.exit_code == 1  # writing a baseline still reports today's findings
    data = json.loads(Path("baseline.json").read_text())
    assert data["version"] == 1 and list(data["fingerprints"].values()) == [1]

    assert run_cli("check", "--select", "X001", "--baseline", "baseline.json", "news.txt").exit_code == 0
    Path("news.txt").write_text(STORY + "A new new line.\n", encoding="utf-8")
    assert reported("--baseline", "baseline.json", "news.txt") == [("news.txt", 5, "doubled word 'new'")]


def test_baseline_survives_lines_moving():
    Path("news.txt").write_text(STORY, encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "news.txt")
    Path("news.txt").write_text("Breaking: an added first paragraph.\n\n" + STORY, encoding="utf-8")
    assert reported("news.txt") == [("news.txt", 4, "doubled word 'the'")]
    assert reported("--baseline", "baseline.json", "news.txt") == []


def test_baseline_counts_repeated_findings():
    Path("news.txt").write_text("the the\n", encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "news.txt")
    Path("news.txt").write_text("the the\nthe the\n", encoding="utf-8")
    assert reported("--baseline", "baseline.json", "news.txt") == [("news.txt", 2, "doubled word 'the'")]


def test_baseline_is_per_file_and_matches_however_the_file_is_named(in_tmp):
    Path("a.txt").write_text(STORY, encoding="utf-8")
    Path("b.txt").write_text(STORY, encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "a.txt")
    assert reported("--baseline", "baseline.json", "a.txt", "b.txt") == [("b.txt", 2, "doubled word 'the'")]
    for name in ("./a.txt", str(in_tmp / "a.txt")):
        assert reported("--baseline", "baseline.json", name) == []
    assert reported("--baseline", "baseline.json", ".") == [("b.txt", 2, "doubled word 'the'")]


def test_baseline_for_jsonl_records_survives_records_moving():
    records = [{"text": "Clean record."}, {"text": STORY}]
    Path("dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "dump.jsonl")
    records.insert(0, {"text": "A new new record."})
    Path("dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    args = ("--select", "X001", "--baseline", "baseline.json", "--output-format", "json", "dump.jsonl")
    result = run_cli("check", *args)
    assert [(f["record"], f["message"]) for f in json.loads(result.stdout)["findings"]] == [(1, "doubled word 'new'")]


def test_writing_and_reading_in_one_run_uses_the_old_baseline():
    Path("news.txt").write_text(STORY, encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "news.txt")
    Path("news.txt").write_text(STORY + "A new new line.\n", encoding="utf-8")
    args = ("--baseline", "baseline.json", "--write-baseline", "baseline.json", "news.txt")
    assert [line for _, line, _ in reported(*args)] == [5]
    assert reported("--baseline", "baseline.json", "news.txt") == []  # the new baseline knows both


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "baseline.json: baseline is not valid JSON"),
        ('{"version": 99, "fingerprints": {}}', "baseline.json: not a scrapelint baseline (version 1)"),
        ("[]", "baseline.json: not a scrapelint baseline"),
    ],
)
def test_a_broken_baseline_is_an_error(content, message):
    Path("baseline.json").write_text(content, encoding="utf-8")
    Path("news.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("check", "--baseline", "baseline.json", "news.txt")
    assert result.exit_code == 2 and message in result.stderr


def test_the_baseline_file_is_written_atomically_with_a_normal_mode():
    Path("news.txt").write_text(STORY, encoding="utf-8")
    run_cli("check", "--select", "X001", "--write-baseline", "ci/baseline.json", "news.txt")
    mask = os.umask(0)
    os.umask(mask)
    assert Path("ci/baseline.json").stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(os.listdir("ci")) == ["baseline.json"]


def test_baseline_for_stdin():
    run_cli("check", "--select", "X001", "--write-baseline", "baseline.json", "-", stdin=STORY)
    assert run_cli("check", "--select", "X001", "--baseline", "baseline.json", "-", stdin=STORY).exit_code == 0
    result = run_cli("check", "--select", "X001", "--baseline", "baseline.json", "-", stdin=STORY + "so so\n")
    assert result.exit_code == 1 and result.stdout.startswith("-:5:4: X001 ")
