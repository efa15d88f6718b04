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

import os
import random
import shutil
import subprocess
import sys
import time

import pytest
from interrupted_runs import TEMP_SUFFIX, Corpus, Warmed, snapshot

TRIALS = int(os.environ.get("SCRAPELINT_KILL_TRIALS", "40"))
PARALLEL_TRIALS = int(os.environ.get("SCRAPELINT_KILL_TRIALS_JOBS", "10"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return Corpus.prepare(tmp_path_factory.mktemp("kill"))


def kill_trials(corpus: Corpus, trials: int, jobs: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    args = lambda folder: ["check", "--fix", "-q", "--jobs", str(jobs), str(folder)]  # noqa: E731
    # How long a warmed run takes, to spread the kills over it.
    timing = corpus.copy(f"timing-{jobs}")
    run = Warmed(args(timing), corpus.warm)
    run.go()
    started = time.perf_counter()
    code, err = run.finish()
    duration = time.perf_counter() - started
    assert code in (0, 1), err
    assert snapshot(timing) == corpus.after  # the parallel run fixes exactly what the one-process run does
    stats = {"trials": 0, "mid_run": 0, "untouched": 0, "complete": 0, "temp_left": 0}
    folders = [corpus.base / f"trial-{jobs}-{i}" for i in range(trials)]
    pending = Warmed(args(folders[0]), corpus.warm)
    for i, folder in enumerate(folders):
        shutil.copytree(corpus.base / "original", folder)
        run = pending
        if i + 1 < trials:  # warm the next trial's process while this one runs
            pending = Warmed(args(folders[i + 1]), corpus.warm)
        run.go()
        time.sleep(rng.uniform(0, duration * 1.1))
        run.kill()
        fixed, temps = corpus.check(folder, writers=max(1, jobs))
        stats["trials"] += 1
        stats["temp_left"] += temps
        if fixed == 0:
            stats["untouched"] += 1
        elif fixed == corpus.changing:
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
    assert {k: v for k, v in snapshot(last).items() if not k.endswith(TEMP_SUFFIX)} == corpus.after
    print(f"\nSIGKILL, --jobs {jobs}: {stats} (a warmed run takes {duration:.2f} s)")
    return stats


def test_sigkill_at_random_moments_leaves_every_file_original_or_fixed(corpus):
    stats = kill_trials(corpus, TRIALS, jobs=1, seed=1)
    assert stats["mid_run"] >= TRIALS // 4, f"too few kills landed mid-run to mean anything: {stats}"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores for worker processes")
def test_sigkill_of_a_parallel_run(corpus):
    kill_trials(corpus, PARALLEL_TRIALS, jobs=2, seed=2)
