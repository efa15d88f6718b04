"""Dask: a real LocalCluster (2 worker processes on loopback) gives exactly the single-process results."""

from __future__ import annotations

import gzip
import shutil

import orjson
import pytest
import zstandard
from pipeline_data import SELECT, jsonl, records, write_jsonl
from run_cli import run_cli
from scrapelint import Linter
from scrapelint.document import Document
from scrapelint.linter import merge_counts

pytest.importorskip("distributed")
pytest.importorskip("dask.bag")

from distributed import Client, LocalCluster
from scrapelint.integrations import dask as sl

SMALL_BLOCKS = 24 << 10  # several partitions per file, so record numbering across blocks is exercised


@pytest.fixture(scope="module")
def cluster():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture
def corpus(tmp_path):
    """Sixty damaged news records in two plain files and a zstd one."""
    rows = records(60)
    folder = tmp_path / "raw"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows[:25])
    write_jsonl(folder / "b.jsonl", rows[25:45])
    (folder / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(jsonl(rows[45:])))
    return folder, rows


def _one_process(rows, *args: str) -> list[bytes]:
    """The output lines of the CLI stdin filter over all records, in one process."""
    result = run_cli("check", *args, "--select", SELECT, "--text-field", "text", "-", stdin=jsonl(rows))
    return result.stdout_bytes.splitlines()


def _lines(paths, decompress=lambda data: data) -> list[bytes]:
    return [line for path in sorted(paths) for line in decompress(path.read_bytes()).splitlines()]


def _unzstd(data: bytes) -> bytes:
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


def test_corpus_counts_by_dask_reduction_equal_the_sequential_counts(cluster, corpus):
    folder, rows = corpus
    linter = Linter(select=SELECT.split(","))
    lines = sl.read_jsonl(str(folder / "*.jsonl*"), blocksize=SMALL_BLOCKS)
    assert lines.npartitions > 3
    counts = sl.corpus_counts(lines, linter).compute()
    expected: dict = {}
    for row in rows:
        expected = merge_counts(expected, linter.collect(Document(row["text"])))
    assert counts["B012"].documents == 60
    assert counts["B012"].frequency == expected["B012"].frequency


def test_two_pass_jobs_on_the_cluster_equal_one_process(cluster, corpus, tmp_path):
    folder, rows = corpus
    lines = sl.read_jsonl(str(folder / "*.jsonl*"), blocksize=SMALL_BLOCKS)
    linter = sl.with_corpus(lines, Linter(select=SELECT.split(",")))

    fixed = sl.lint(lines, linter, fix=True)
    written = sl.write_jsonl(sl.kept(fixed), str(tmp_path / "fixed" / "*.jsonl.zst"))
    assert len(written) == lines.npartitions
    assert _lines((tmp_path / "fixed").glob("*.jsonl.zst"), _unzstd) == _one_process(rows, "--fix")

    sorted_out = sl.lint(lines, linter, annotate="lint", drop_if=["B012"]).persist()
    sl.write_jsonl(sl.kept(sorted_out), str(tmp_path / "kept"))
    sl.write_jsonl(sl.rejected(sorted_out), str(tmp_path / "rejected"))
    rejects = tmp_path / "one-process-rejects.jsonl"
    expected = _one_process(rows, "--annotate", "lint", "--drop-if", "B012", "--rejects", str(rejects))
    assert _lines((tmp_path / "kept").glob("part-*.jsonl")) == expected
    rejected = _lines((tmp_path / "rejected").glob("part-*.jsonl"))
    assert rejected == rejects.read_bytes().splitlines()
    assert len(rejected) == 15 and all(b'"code":"B012"' in line for line in rejected)


def test_cli_check_on_the_cluster_reports_what_one_process_reports(cluster, corpus, monkeypatch):
    folder, _ = corpus
    monkeypatch.setattr(sl, "BLOCKSIZE", SMALL_BLOCKS)
    address = cluster.scheduler.address
    args = ["check", "--select", SELECT, "--output-format", "json", str(folder)]
    local = run_cli(*args)
    remote = run_cli(*args[:1], "--dask", address, *args[1:])
    assert remote.exit_code == local.exit_code == 1
    assert remote.stdout == local.stdout
    report = orjson.loads(remote.stdout)
    assert {f["code"] for f in report["findings"]} == {"U001", "B012"}
    assert max(f["record"] for f in report["findings"] if f["path"].endswith("a.jsonl")) > 20


def test_cli_fix_on_the_cluster_writes_records_like_one_process(cluster, corpus, tmp_path, monkeypatch):
    folder, _ = corpus
    monkeypatch.setattr(sl, "BLOCKSIZE", SMALL_BLOCKS)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    local = run_cli("check", "--fix", "--select", SELECT, "--output-format", "json", str(copy))
    expected = b"".join((copy / name).read_bytes() for name in ("a.jsonl", "b.jsonl"))
    expected += _unzstd((copy / "c.jsonl.zst").read_bytes())

    out = tmp_path / "out"
    remote = run_cli(
        "check", "--dask", cluster.scheduler.address, "--fix", "--select", SELECT, "--output-format", "json",
        "--records-output", str(out / "*.jsonl.gz"), str(folder),
    )  # fmt: skip
    assert remote.exit_code == local.exit_code
    assert remote.stdout == local.stdout.replace(str(copy), str(folder))
    parts = sorted(out.glob("*.jsonl.gz"))
    assert len(parts) > 3
    assert b"".join(gzip.decompress(p.read_bytes()) for p in parts) == expected


def test_cli_refuses_in_place_writes_and_stdin(cluster, corpus):
    folder, _ = corpus
    result = run_cli("check", "--dask", cluster.scheduler.address, "--fix", str(folder))
    assert result.exit_code == 2 and "--records-output" in result.stderr
    result = run_cli("check", "--dask", cluster.scheduler.address, "-", stdin=b"{}\n")
    assert result.exit_code == 2 and "cannot read stdin" in result.stderr


def test_cli_unreachable_scheduler_is_one_line(corpus, monkeypatch):
    folder, _ = corpus
    monkeypatch.setattr(sl, "CONNECT_TIMEOUT", 2)
    result = run_cli("check", "--dask", "tcp://127.0.0.1:9", str(folder))
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_dask_local_starts_its_own_cluster(tmp_path):
    path = write_jsonl(tmp_path / "dump.jsonl", records(12))
    args = ["check", "--select", "U001", "--output-format", "json", str(path)]
    local = run_cli(*args)
    remote = run_cli(*args[:1], "--dask", "local", *args[1:])
    assert remote.exit_code == local.exit_code == 1
    assert remote.stdout == local.stdout
