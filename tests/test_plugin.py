"""Plugin discovery: a third-party package with a ``scrapelint.rules`` entry point, installed offline, is found by a
fresh ``scrapelint`` process and its rules run, with fixes, options and documentation like the built-in ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from plugin_registration import PLUGIN_ROOT

# The console script installed beside this Python (as a user runs it), else the same entry through -m.
_SCRIPT = shutil.which("scrapelint", path=str(Path(sys.executable).parent))
SCRAPELINT = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "scrapelint.cli"]


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    """The test plugin pip-installed (offline, no build isolation, no dependencies) into a folder of its own."""
    work = tmp_path_factory.mktemp("plugin")
    source = work / "src"
    shutil.copytree(PLUGIN_ROOT, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    target = work / "site"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", "--no-index"]
    done = subprocess.run([*command, "--target", str(target), str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(target.glob("scrapelint_testplugin-*.dist-info/entry_points.txt"))
    return target


def scrapelint(site: Path, cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"}
    command = [*SCRAPELINT, *args]
    return subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_installed_plugin_rules_are_listed_and_explained(plugin_site, tmp_path):
    rules = json.loads(scrapelint(plugin_site, tmp_path, "rules", "--output-format", "json").stdout)
    plugin = {r["code"]: r["name"] for r in rules if r["family"] == "testplugin"}
    assert plugin == {
        "X001": "doubled-word",
        "X002": "long-word",
        "X003": "pack-phrase-line",
        "X004": "repeated-line-test",
    }
    assert {r["family"] for r in rules} > {"testplugin"}  # the built-in families are still there
    explained = scrapelint(plugin_site, tmp_path, "explain", "doubled-word")
    assert explained.returncode == 0 and explained.stdout.startswith("X001 [doubled-word] (testplugin, warning")


def test_installed_plugin_rule_runs_fixes_and_takes_options(plugin_site, tmp_path):
    (tmp_path / "news.txt").write_text("The the council met.\n", encoding="utf-8")
    checked = scrapelint(plugin_site, tmp_path, "check", "--select", "X001", "news.txt")
    assert checked.returncode == 1
    assert checked.stdout.startswith("news.txt:1:5: X001 [doubled-word] doubled word 'the'")
    fixed = scrapelint(plugin_site, tmp_path, "check", "--select", "doubled-word", "--fix", "news.txt")
    assert fixed.returncode == 0
    assert (tmp_path / "news.txt").read_text(encoding="utf-8") == "The council met.\n"
    (tmp_path / "scrapelint.toml").write_text("[rules.long-word]\nmax-length = 6\n", encoding="utf-8")
    options = scrapelint(plugin_site, tmp_path, "check", "--select", "X002", "news.txt")
    assert options.returncode == 1 and "word of 7 letters (max-length 6)" in options.stdout


def test_without_the_plugin_its_rules_are_unknown(tmp_path):
    done = scrapelint(Path(tmp_path), tmp_path, "check", "--select", "X001", "-", stdin="text")
    assert done.returncode == 2 and "unknown rule code or name: 'X001'" in done.stderr
