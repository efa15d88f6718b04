"""SIGKILL at random moments of ``scrapelint check --fix`` loses nothing.

A folder of hundreds of text files and a large JSONL dump is fixed once without interruption (on a copy) to know
what "completely fixed" is. Then, trial after trial, a fresh copy is fixed by a ``scrapelint`` process that is
killed (SIGKILL, the whole process group, workers included) at a random moment of its run. After every kill, each
file must be byte-identical to its original or to its fully fixed version, and at most one temporary file per
process that writes may be left (the file being written when the kill came).

Leftover ``.<name>.<random>.scrapelint-tmp`` files are not deleted by later runs (another run may be writing
them); the next run's folder walk reports each as a notice, and re-running ``--fix`` completes the job.

To spend the time budget on the interesting moments, each trial's process imports scrapelint and compiles its rule
tables (a warm-up check of a tiny file) before the clock starts; it then runs the real command when told to. The
kill moment is uniform over a warmed run's duration, so kills land while files are being read, fixed and renamed.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

TRIALS = int(os.environ.get("SCRAPELINT_KILL_TRIALS", "40"))
PARALLEL_TRIALS = int(os.environ.get("SCRAPELINT_KILL_TRIALS_JOBS", "4"))
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
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.communicate()
        return running

    def finish(self, timeout: float = 120) -> tuple[int, str]:
        _, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The original folder, its files, and the files after one uninterrupted --fix (on a copy)."""
    base = tmp_path_factory.mktemp("kill")
    original = base / "original"
    make_corpus(original)
    reference = base / "reference"
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
    return base, before, after


def check_trial(folder: Path, before: dict[str, bytes], after: dict[str, bytes], writers: int) -> tuple[int, int]:
    """Every file original or fully fixed; at most ``writers`` temp files. Returns (files fixed, temp files)."""
    now = snapshot(folder)
    temps = [name for name in now if name.endswith(TEMP_SUFFIX)]
    assert len(temps) <= writers, f"{len(temps)} temporary files left: {temps}"
    for name in temps:  # a leftover is named after the file it was replacing, which is intact
        directory, _, base = name.rpartition("/")
        target = f"{directory}/" * bool(directory) + base[1:].rsplit(".", 2)[0]
        assert target in before, name
    files = {k: v for k, v in now.items() if k not in temps}
    assert files.keys() == before.keys()
    for name, data in files.items():
        assert data in (before[name], after[name]), f"{name} is neither the original nor the fixed version"
    return sum(files[k] != before[k] for k in files), len(temps)


def kill_trials(corpus, trials: int, jobs: int, seed: int) -> dict[str, int]:
    base, before, after = corpus
    warm = base / "warm.txt"
    rng = random.Random(seed)
    args = lambda folder: ["check", "--fix", "-q", "--jobs", str(jobs), str(folder)]  # noqa: E731
    # How long a warmed run takes, to spread the kills over it.
    timing = base / f"timing-{jobs}"
    shutil.copytree(base / "original", timing)
    run = Warmed(args(timing), warm)
    run.go()
    started = time.perf_counter()
    code, err = run.finish()
    duration = time.perf_counter() - started
    assert code in (0, 1), err
    assert snapshot(timing) == after  # the parallel run fixes exactly what the one-process run does
    stats = {"trials": 0, "mid_run": 0, "untouched": 0, "complete": 0, "temp_left": 0}
    folders = [base / f"trial-{jobs}-{i}" for i in range(trials)]
    pending = Warmed(args(folders[0]), warm)
    for i, folder in enumerate(folders):
        shutil.copytree(base / "original", folder)
        run = pending
        if i + 1 < trials:  # warm the next trial's process while this one runs
            pending = Warmed(args(folders[i + 1]), warm)
        run.go()
        time.sleep(rng.uniform(0, duration * 1.1))
        run.kill()
        fixed, temps = check_trial(folder, before, after, writers=max(1, jobs))
        stats["trials"] += 1
        stats["temp_left"] += temps
        if fixed == 0:
            stats["untouched"] += 1
        elif fixed == sum(before[k] != after[k] for k in before):
            stats["complete"] += 1
        else:
            stats["mid_run"] += 1
        if i < trials - 1:
            shutil.rmtree(folder)
    # The last trial's folder: a new run reports leftovers, leaves them, and finishes the job.
    last = folders[-1]
    leftovers = [p for p in last.rglob(f"*{TEMP_SUFFIX}")]
    resumed = subprocess.run(
        [sys.executable, "-m", "scrapelint.cli", "check", "--fix", str(last)], capture_output=True, text=True
    )
    assert resumed.returncode in (0, 1), resumed.stderr
    assert "Traceback" not in resumed.stderr
    for path in leftovers:  # left alone, and reported
        assert path.exists() and f"{path.name}: temporary file left by a killed --fix run" in resumed.stderr
    assert {k: v for k, v in snapshot(last).items() if not k.endswith(TEMP_SUFFIX)} == after
    print(f"\nSIGKILL, --jobs {jobs}: {stats} (a warmed run takes {duration:.2f} s)")
    return stats


def test_sigkill_at_random_moments_leaves_every_file_original_or_fixed(corpus):
    stats = kill_trials(corpus, TRIALS, jobs=1, seed=1)
    assert stats["mid_run"] >= TRIALS // 4, f"too few kills landed mid-run to mean anything: {stats}"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores for worker processes")
def test_sigkill_of_a_parallel_run(corpus):
    kill_trials(corpus, PARALLEL_TRIALS, jobs=2, seed=2)
