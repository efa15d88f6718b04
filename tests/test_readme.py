"""The README tells the truth: its generated blocks match the code, and its Quickstart is the CI command."""

from __future__ import annotations

import re

from readme import README, ROOT, blocks, render


def test_readme_generated_blocks_are_current():
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "README drifted: run `python tests/readme.py` and commit the result"


def test_readme_has_every_block():
    text = README.read_text(encoding="utf-8")
    for name in blocks():
        assert f"<!-- {name}:start -->" in text and f"<!-- {name}:end -->" in text, name


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_test_one():
    text = README.read_text(encoding="utf-8")
    quickstart = re.search(r"## Quickstart\n(.*?)\n## ", text, re.S).group(1)
    commands = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quickstart, re.S)
    lines = [line for block in commands for line in block.strip().splitlines()]
    assert len(lines) == 2, lines
    assert "scrapelint check" in lines[0] and "samples" in lines[0]
    assert "pytest" in lines[1]
    assert lines[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_quickstart_main_job_runs_clean_on_the_samples():
    """The first Quickstart command's check (after `pip install .`) exits 0: every sample is readable."""
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    command = re.search(r"&& (scrapelint check [^\n]*)", text).group(1).split()
    result = subprocess.run(
        [sys.executable, "-m", "scrapelint.cli", *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Found" in result.stdout and "error" not in result.stderr
