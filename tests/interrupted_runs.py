"""Runs of the ``scrapelint`` command that get interrupted: a corpus to fix, and a process to interrupt.

The corpus is hundreds of small text files (LF and CRLF, some with a BOM, with and without a final line break) and a
JSONL dump in the middle of the walk, all with things the default rules fix (homoglyphs, invisible characters, leaked
entities, share prompts) in sentences unique enough that no corpus rule deletes them.

:class:`Warmed` starts the process ahead: it imports scrapelint and compiles its rule tables (a warm-up check of a
tiny file), then waits to be told to run, so the interruption lands in the run itself, not in start-up.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

TEXT_FILES = 200
JSONL_RECORDS = 800
TEMP_SUFFIX = ".scrapelint-tmp"

# A process that warms up (imports, rule tables), says "ready", waits for a line on stdin, then runs the CLI with its
# report thrown away.
_WARM_THEN_RUN = """
import os, sys
from scrapelint.cli import main
warm, args = sys.argv[1], sys.argv[2:]
try:
    main(["check", "-q", "--exit-zero", warm], standalone_mode=False)
except SystemExit:
    pass
print("ready", flush=True)
sys.stdin.readline()
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
main(args)
"""

_VOCABULARY = [
    "council",
    "budget",
    "minister",
    "reporters",
    "schools",
    "roads",
    "plan",
    "town",
    "residents",
    "office",
    "statistics",
    "prices",
    "month",
    "debate",
    "hospital",
    "workers",
    "union",
    "strike",
    "election",
    "voters",
    "party",
    "leader",
    "police",
    "station",
    "river",
    "bridge",
    "company",
    "profits",
    "market",
    "shares",
    "farmers",
    "weather",
    "storm",
    "season",
    "festival",
    "museum",
    "library",
    "teachers",
    "students",
    "university",
    "research",
]
_DAMAGE = [
    lambda w: w.replace("o", "\u03bf", 1),  # a Greek omicron: a homoglyph
    lambda w: w[:2] + "\u200b" + w[2:],  # a zero-width space
    lambda w: w[:3] + "\u00ad" + w[3:],  # a soft hyphen
    lambda w: w + " &amp;",  # a leaked entity
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_VOCABULARY) for _ in range(rng.randint(6, 14))]
    for _ in range(rng.randint(0, 2)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(_DAMAGE)(words[i]) if "o" in words[i] else words[i]
    return " ".join(words).capitalize() + "."


def _document(rng: random.Random) -> str:
    """Unique sentences with damage to fix, now and then a share prompt; LF or CRLF, with or without a final break."""
    lines = [_sentence(rng) if rng.random() < 0.93 else "Share this article" for _ in range(rng.randint(2, 12))]
    ending = rng.choice(["\n", "\r\n", "\n"])
    return ending.join(lines) + rng.choice([ending, ""])


def make_corpus(root: Path) -> None:
    rng = random.Random(2024)
    for i in range(TEXT_FILES):
        data = (b"\xef\xbb\xbf" if i % 17 == 0 else b"") + _document(rng).encode("utf-8")
        path = root / f"part-{i % 7}" / f"doc-{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with open(root / "part-3" / "dump.jsonl", "wb") as f:  # fixed in the middle of the run, between text files
        for i in range(JSONL_RECORDS):
            f.write(orjson.dumps({"id": i, "url": f"https://example.com/{i}", "text": _document(rng)}) + b"\n")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Warmed:
    """A scrapelint process started ahead, warmed up and waiting to run ``args``; killed with its process group."""

    def __init__(self, args: list[str], warm_file: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WARM_THEN_RUN, str(warm_file), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: the kill takes workers and the forkserver too
        )

    def go(self) -> None:
        assert self.proc.stdout is not None and self.proc.stdin is not None
        for line in self.proc.stdout:  # skip the warm-up's report
            if line == b"ready\n":
                break
        else:  # the process ended before it was ready: its stderr says why
            pytest.fail(f"scrapelint did not start: {self.finish()[1]}")
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()

    def kill(self) -> bool:
        """SIGKILL the process group; whether the run was still going."""
        running = self.proc.poll() is None
        self.signal(signal.SIGKILL, group=True)
        self.proc.communicate()
        return running

    def signal(self, number: int, group: bool) -> None:
        """Send a signal to the process, or to its whole group (what Ctrl-C in a terminal does)."""
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(self.proc.pid, number)
            else:
                self.proc.send_signal(number)

    def finish(self, timeout: float = 120) -> tuple[int, str]:
        _, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, err.decode("utf-8", "replace")


@dataclass
class Corpus:
    """The corpus in ``base/original``, its files before and after one uninterrupted --fix, and the warm-up file."""

    base: Path
    before: dict[str, bytes]
    after: dict[str, bytes]
    warm: Path

    @classmethod
    def prepare(cls, base: Path) -> Corpus:
        original, reference = base / "original", base / "reference"
        make_corpus(original)
        shutil.copytree(original, reference)
        warm = base / "warm.txt"
        warm.write_text("The g\u03bfvernment said.\n", encoding="utf-8")
        run = Warmed(["check", "--fix", "-q", str(reference)], warm)
        run.go()
        code, err = run.finish()
        assert code in (0, 1), err
        before, after = snapshot(original), snapshot(reference)
        assert before.keys() == after.keys()
        changed = sum(before[k] != after[k] for k in before)
        assert changed >= len(before) * 0.8, f"only {changed} of {len(before)} files have something to fix"
        return cls(base, before, after, warm)

    def copy(self, name: str) -> Path:
        folder = self.base / name
        shutil.copytree(self.base / "original", folder)
        return folder

    def check(self, folder: Path, writers: int) -> tuple[int, int]:
        """Every file original or fully fixed, at most ``writers`` temporary files (each named after an intact file).

        Returns (files fixed, temporary files)."""
        now = snapshot(folder)
        temps = [name for name in now if name.endswith(TEMP_SUFFIX)]
        assert len(temps) <= writers, f"{len(temps)} temporary files left: {temps}"
        for name in temps:
            directory, _, base = name.rpartition("/")
            target = f"{directory}/" * bool(directory) + base[1:].rsplit(".", 2)[0]
            assert target in self.before, name
        files = {k: v for k, v in now.items() if k not in temps}
        assert files.keys() == self.before.keys()
        for name, data in files.items():
            assert data in (self.before[name], self.after[name]), (
                f"{name} is neither the original nor the fixed version"
            )
        return sum(files[k] != self.before[k] for k in files), len(temps)

    @property
    def changing(self) -> int:
        """How many files a complete run changes."""
        return sum(self.before[k] != self.after[k] for k in self.before)
