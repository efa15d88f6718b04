"""The pre-commit hooks: the manifest validates, and ``pre-commit try-repo`` runs both hooks on a temporary git
repository, building the hook environment from a snapshot of this repository the way users' pre-commit does.

Building that environment pip-installs scrapelint and its dependencies (from the package index pip is configured
with), once per test session; the runs after the first reuse it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from project_copy import ROOT, git_repository

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
# Each file says something different: a sentence repeated in every file would be corpus boilerplate (B rules).
ARTICLE = "The g\u03bfvernment said on Friday that it would review the rules.\n"
NOTES = "# Notes\n\nThe c\u03bfuncil met on Monday to discuss the new budget.\n"
RECORD = "Officials declined to c\u03bfmment on the report.\n"
CODE = 'TITLE = "The new g\u03bfvernment"\n'  # not a file type of the hooks
CLEAN = "Rain is expected across the north later this week.\n"


def fixed(text: str) -> str:
    return text.replace("\u03bf", "o")


def pre_commit() -> str:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    return str(PRE_COMMIT)


def test_manifest_validates() -> None:
    done = subprocess.run([pre_commit(), "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_declares_a_check_and_a_fix_hook_for_text_markdown_and_jsonl() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"scrapelint", "scrapelint-fix"}
    assert hooks["scrapelint"]["entry"] == "scrapelint check"
    assert hooks["scrapelint-fix"]["entry"] == "scrapelint check --fix"
    clientlib = pytest.importorskip("pre_commit.clientlib")
    for hook in clientlib.load_manifest(str(MANIFEST)):  # pre-commit's own loader: defaults filled in
        assert hook["language"] == "python" and hook["require_serial"]
        pattern = re.compile(hook["files"])
        for name in ("a.txt", "notes.md", "README.MD", "dump.jsonl", "dump.jsonl.gz", "dump.ndjson.zst", "x.text"):
            assert pattern.search(name), name
        for name in ("code.py", "data.json", "page.html", "image.png", "txt", "a.txt.bak"):
            assert not pattern.search(name), name


def _git(cwd: Path, *args: str) -> None:
    base = ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run([*base, *args], cwd=cwd, check=True, capture_output=True)


def make_target(path: Path) -> Path:
    path.mkdir()
    _git(path, "init", "-q")
    (path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (path / "notes.md").write_text(NOTES, encoding="utf-8")
    (path / "dump.jsonl").write_text(json.dumps({"id": 1, "text": RECORD}) + "\n", encoding="utf-8")
    (path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (path / "code.py").write_text(CODE, encoding="utf-8")
    _git(path, "add", "-A")
    return path


@dataclass
class TryRepo:
    target: Path
    before: dict[str, bytes]
    returncode: int
    output: str

    def hook_output(self, name: str) -> str:
        """What pre-commit printed for one hook: from its status line to the next hook's."""
        status = re.compile(rf"^{re.escape(name)}\.+(Passed|Failed)$", re.M)
        match = status.search(self.output)
        assert match, self.output
        rest = self.output[match.end() :]
        following = re.search(r"^\S.*\.{3,}(Passed|Failed|Skipped)", rest, re.M)
        return match.group(0) + rest[: following.start() if following else None]


@pytest.fixture(scope="module")
def tried(tmp_path_factory: pytest.TempPathFactory) -> TryRepo:
    """``pre-commit try-repo <snapshot of this repository> --all-files``: both hooks, check first, then fix.

    try-repo builds its hook environment in a temporary store every time (PRE_COMMIT_HOME does not apply), so the
    tests share this one run.
    """
    root = tmp_path_factory.mktemp("pre-commit")
    hook_repo = git_repository(root / "scrapelint")
    target = make_target(root / "target")
    before = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_", "VIRTUAL_ENV"))}
    env |= {"PRE_COMMIT_HOME": str(root / "home"), "PRE_COMMIT_COLOR": "never"}
    cmd = [pre_commit(), "try-repo", str(hook_repo), "--all-files", "--color", "never"]
    done = subprocess.run(cmd, cwd=target, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return TryRepo(target, before, done.returncode, done.stdout + done.stderr)


def test_try_repo_runs_both_hooks(tried: TryRepo) -> None:
    assert tried.returncode == 1, tried.output
    assert "id: scrapelint\n" in tried.output and "id: scrapelint-fix\n" in tried.output


def test_check_hook_reports_text_markdown_and_jsonl_only(tried: TryRepo) -> None:
    out = tried.hook_output("scrapelint")
    assert "Failed" in out and "- exit code: 1" in out
    for reported in ("article.txt:1:", "notes.md:3:", "dump.jsonl:1:"):
        assert reported in out, out
    assert "code.py" not in out and "clean.txt" not in out
    assert "files were modified" not in out


def test_fix_hook_fixes_text_markdown_and_jsonl_and_nothing_else(tried: TryRepo) -> None:
    out = tried.hook_output("scrapelint (fix)")
    assert "Failed" in out and "files were modified by this hook" in out, out
    target = tried.target
    assert (target / "article.txt").read_text(encoding="utf-8") == fixed(ARTICLE)
    assert (target / "notes.md").read_text(encoding="utf-8") == fixed(NOTES)
    assert json.loads((target / "dump.jsonl").read_text(encoding="utf-8")) == {"id": 1, "text": fixed(RECORD)}
    for untouched in ("code.py", "clean.txt"):
        assert (target / untouched).read_bytes() == tried.before[untouched]
    # What the hook left is clean: checking it again finds nothing.
    scrapelint = Path(sys.executable).parent / "scrapelint"
    again = subprocess.run([str(scrapelint), "check", "."], cwd=target, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
