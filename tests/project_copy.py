"""A clean copy of this repository for tests that install it the way users do (the action, pre-commit).

Copying keeps pip's in-tree build and pre-commit's clone away from the working tree that the test runs in.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(
    ".git", ".ci-venv", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "results", "*.tmp", "*.scrapelint-tmp",
)  # fmt: skip


def copy_project(dst: Path) -> Path:
    """Copy the repository's files (no caches, virtual environments or build output) to ``dst``."""
    shutil.copytree(ROOT, dst, ignore=SKIP)
    return dst


def git_repository(dst: Path) -> Path:
    """``copy_project`` as a git repository with one commit (what pre-commit clones)."""
    copy_project(dst)
    git = ["git", "-c", "user.name=scrapelint tests", "-c", "user.email=tests@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=dst, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dst, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot for tests"], cwd=dst, check=True)
    return dst
