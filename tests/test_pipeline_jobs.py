"""--jobs N: worker processes give byte-identical outputs and reports, in input order, corpus rule included."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from pipeline_data import SELECT, articles, jsonl, records, write_jsonl
from run_cli import run_cli
from scrapelint import parallel
from scrapelint.progress import Progress
from scrapelint.runner import Runner, RunOptions


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Many batches from small inputs, so ordering across workers is really exercised; the last ones of a file
    shrink (down to 1 KiB here) as they do on large inputs."""
    monkeypatch.setattr(parallel, "BATCH_BYTES", 16 << 10)
    monkeypatch.setattr(parallel, "MIN_BATCH_BYTES", 1 << 10)


def both(*args: str, stdin: bytes | None = None):
    one = run_cli("check", "--jobs", "1", *args, stdin=stdin)
    two = run_cli("check", "--jobs", "2", *args, stdin=stdin)
    return one, two


def test_stdin_filter_and_report_match_one_process():
    data = jsonl(records(60))
    one, two = both("--fix", "--select", SELECT, "--output-format", "json", "--text-field", "text", "-", stdin=data)
    assert one.exit_code == two.exit_code
    assert one.stdout_bytes == two.stdout_bytes
    assert one.stderr == two.stderr
    report = orjson.loads(one.stderr)
    assert report["summary"]["fixed"] >= 20  # U001 and the corpus rule B012 both fixed
    assert b"example.com/live" not in one.stdout_bytes


def test_check_report_in_input_order_with_corpus_rule():
    data = jsonl(records(60))
    one, two = both("--select", SELECT, "--output-format", "jsonl", "--text-field", "text", "-", stdin=data)
    assert one.stdout == two.stdout
    found = [orjson.loads(line) for line in two.stdout.splitlines()]
    assert [f["record"] for f in found] == sorted(f["record"] for f in found)
    assert {f["code"] for f in found} == {"U001", "B012"}


def test_annotate_and_drop_if_match_one_process(tmp_path):
    data = jsonl(records(60))
    outputs = []
    for jobs in ("1", "2"):
        rejects = tmp_path / f"rejects-{jobs}.jsonl.gz"
        result = run_cli(
            "check", "-j", jobs, "--annotate", "lint", "--drop-if", "U001", "--rejects", str(rejects),
            "--select", SELECT, "--text-field", "text", "-", stdin=data,
        )  # fmt: skip
        outputs.append((result.stdout_bytes, gzip.decompress(rejects.read_bytes())))
    assert outputs[0] == outputs[1]
    kept, dropped = outputs[1]
    assert len(kept.splitlines()) + len(dropped.splitlines()) == 60 and dropped


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_folder_fixed_in_place_matches_one_process(tmp_path):
    rows = records(48)
    source = tmp_path / "source"
    (source / "text").mkdir(parents=True)
    write_jsonl(source / "a.jsonl", rows[:30])
    (source / "b.jsonl.gz").write_bytes(gzip.compress(jsonl(rows[30:])))
    for i, row in enumerate(rows[:9]):
        (source / "text" / f"{i}.txt").write_text(str(row["text"]), encoding="utf-8")
    trees, reports = [], []
    for jobs in ("1", "2"):
        work = tmp_path / f"jobs{jobs}"
        shutil.copytree(source, work)
        result = run_cli("check", "-j", jobs, "--fix", "--select", SELECT, "--output-format", "json", str(work))
        trees.append(_tree(work))
        reports.append(result.stdout.replace(str(work), "ROOT"))
    assert trees[0] == trees[1]
    assert reports[0] == reports[1]
    assert trees[1] != _tree(source)  # something was fixed


def test_odd_lines_are_numbered_and_reported_as_in_one_process(tmp_path):
    """Batches are cut at line breaks by offset: a record longer than a batch, blank and broken lines, a BOM and a
    last line without a line break keep their numbers, in reports and in the fixed file."""
    rows = records(40)
    rows[5]["text"] = str(rows[5]["text"]) * 12  # about 30 KiB: longer than a batch
    lines = [orjson.dumps(r) for r in rows]
    lines[9:9] = [b"", b"{not json", b"[1, 2]", b'{"id": "no text"}']
    data = b"\xef\xbb\xbf" + b"\n".join(lines)  # no line break at the end
    trees, reports = [], []
    for jobs in ("1", "2"):
        path = tmp_path / f"jobs{jobs}" / "dump.jsonl"
        path.parent.mkdir()
        path.write_bytes(data)
        result = run_cli("check", "-j", jobs, "--fix", "--select", SELECT, "--output-format", "json", str(path))
        trees.append(path.read_bytes())
        reports.append(
            (result.exit_code, result.stdout.replace(str(path), "DUMP"), result.stderr.replace(str(path), "DUMP"))
        )
    assert trees[0] == trees[1] != data
    assert reports[0] == reports[1]
    assert reports[1][0] == 2 and "DUMP:11: not valid JSON" in reports[1][2]


def test_large_batches_through_stdin_match_one_process(monkeypatch):
    """Megabyte batches and results: more than a socket buffer holds, so sends and reads are partial."""
    monkeypatch.setattr(parallel, "BATCH_BYTES", 1 << 20)
    data = jsonl(records(300)) * 6  # about 4 MB
    one, two = both("--fix", "--select", "U001", "--output-format", "json", "--text-field", "text", "-", stdin=data)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout_bytes == two.stdout_bytes != data
    assert one.stderr == two.stderr
    assert orjson.loads(two.stderr)["summary"]["fixed"] >= 500


# Run in a fresh interpreter (no other thread: workers are forked and inherit the patched task); a worker dies on
# its first batch. The main process never runs batches itself, so only workers reach the patch.
_DYING_WORKER_RUN = """
import os, sys
from scrapelint import parallel
from scrapelint.cli import main

def dies(*args):
    os._exit(9)

parallel._check_batch = dies
main(sys.argv[1:])
"""


def test_a_worker_that_dies_ends_the_run_with_an_error(tmp_path):
    """A worker killed mid-run (out of memory, a signal): exit 2 with one line, the input left as it was, no temporary
    file and no process left behind."""
    path = write_jsonl(tmp_path / "dump.jsonl", records(60))
    before = path.read_bytes()
    args = ["check", "-j", "2", "--fix", "--select", SELECT, str(path)]
    command = [sys.executable, "-c", _DYING_WORKER_RUN, *args]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)  # a group of its own
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 2, stderr
    assert "a worker process ended unexpectedly (exit code 9)" in stderr
    assert "Traceback" not in stderr
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["dump.jsonl"]
    deadline = time.monotonic() + 5
    while _group_alive(run.pid):  # the other worker saw its socket close and exited
        assert time.monotonic() < deadline, "a worker outlived the run"
        time.sleep(0.05)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_unreadable_file_is_reported_and_left_as_it_was(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", records(12))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(jsonl(records(40)))[:-300])  # truncated stream
    before = broken.read_bytes()
    one, two = both("--fix", "--select", "U001", str(good), str(broken))
    assert one.exit_code == two.exit_code == 2
    assert one.stderr == two.stderr and "broken.jsonl.gz" in two.stderr
    assert broken.read_bytes() == before


def test_jobs_zero_means_one_per_core():
    data = jsonl(records(6))
    result = run_cli("check", "-j", "0", "--select", "U001", "--text-field", "text", "-", stdin=data)
    assert result.exit_code == 1 and "U001" in result.stdout


# -- the progress bar --------------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_bar_when_stderr_is_not_a_terminal():
    assert Progress.for_terminal(io.StringIO()) is None
    result = run_cli("check", "--select", "U001", "--text-field", "text", "-", stdin=jsonl(records(6)))
    assert "records" not in result.stderr and "B/s" not in result.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_bar_counts_files_records_and_bytes(tmp_path, jobs):
    write_jsonl(tmp_path / "dump.jsonl", records(30))
    (tmp_path / "note.txt").write_text(articles(1)[0], encoding="utf-8")
    terminal = FakeTerminal()
    progress = Progress.for_terminal(terminal)
    stdout = io.BytesIO()
    runner = Runner(RunOptions(select=("U001",), jobs=jobs), stdout=stdout, progress=progress)
    events = list(runner.run([str(tmp_path)]))
    assert len(events) == 31
    shown = terminal.getvalue()
    assert "2 files, 30 records" in shown and "B/s" in shown
    assert "100%" in shown  # the total (file sizes) is known, and all of it was counted
    assert stdout.getvalue() == b""


def test_batch_results_travel_without_the_rules_memo():
    """Rules memoise per-document analyses (regex matches, scans) on the Document; none of that is shipped back."""
    import pickle

    runner = Runner(RunOptions(), stdout=io.BytesIO())
    linter, ignore = runner.linter_for("-")
    rows = records(40)
    rows[1]["text"] = "Photo: Reuters/John Smith\n\n" + str(rows[1]["text"]) + "\n\nImage 1 of 12\n"
    result = parallel.check_batch(runner, linter, ignore, "-", 1, jsonl(rows).splitlines(keepends=True))
    shipped = pickle.loads(pickle.dumps(result))
    events = list(shipped.events())
    assert [type(e).__name__ for e in events] == ["DocumentResult"] * 40
    assert [e.document.source.record for e in events] == list(range(1, 41))
    noisy = [e for e in events if e.findings]
    assert noisy and all(e.document.text for e in noisy)
    assert all(e.document.text == "" and e.document.language == "en" for e in events if not e.findings)
    assert all(not vars(e.document) for e in result.events())


def test_forked_and_fresh_workers_agree(monkeypatch):
    """Workers are forked (inheriting the built rules) when this process has no other thread, else started fresh
    by a fork server; both give the one-process output."""
    data = jsonl(records(40))
    args = ["--fix", "--select", SELECT, "--output-format", "json", "--text-field", "text", "-"]
    one = run_cli("check", "-j", "1", *args, stdin=data)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    fresh = run_cli("check", "-j", "2", *args, stdin=data)
    forked = subprocess.run(
        [sys.executable, "-m", "scrapelint.cli", "check", "-j", "2", *args],
        input=data,
        capture_output=True,
        timeout=120,
    )
    assert one.stdout_bytes == fresh.stdout_bytes == forked.stdout
    assert one.stderr == fresh.stderr == forked.stderr.decode()
