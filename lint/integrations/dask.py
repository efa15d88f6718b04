"""Dask: lint JSONL corpora on a cluster, from and to any fsspec URL (local, s3://, gs://, hdfs://, memory://).

Library use, on bags of JSON lines::

    from distributed import Client
    from scrapelint import Linter
    from scrapelint.integrations import dask as sl

    client = Client("tcp://scheduler:8786")                # or Client(LocalCluster())
    lines = sl.read_jsonl("s3://bucket/raw/*.jsonl.zst")
    linter = sl.with_corpus(lines, Linter())                # pass 1: corpus counts, a Dask reduction
    results = sl.lint(lines, linter, fix=True, annotate="scrapelint", drop_if=["B"])   # pass 2: a map
    sl.write_jsonl(sl.kept(results), "s3://bucket/clean/*.jsonl.zst")
    sl.write_jsonl(sl.rejected(results), "s3://bucket/rejected/*.jsonl.zst")

From the command line, ``scrapelint check --dask tcp://scheduler:8786 PATHS`` (or ``--dask local``) runs the same
two passes and reports exactly what a one-process run reports; records that ``--fix``, ``--annotate`` or
``--drop-if`` write go to ``--records-output URL`` (and ``--rejects URL``) as one part file per partition, in
input order. Uncompressed files are split into blocks of whole lines; compressed ones are read whole, one
partition each (shard big corpora into many files). Workers need scrapelint installed, as any Dask job's code.

The corpus counts are merged by a tree reduction and then shipped with the linter to every worker, so they must
fit in one worker's memory: one entry per distinct normalised line of the corpus.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import dask
import dask.bag as db
import fsspec
from dask.bytes import read_bytes
from dask.delayed import Delayed, delayed

from .. import inputs
from ..config import load_config
from ..errors import ScrapelintError
from ..inputs import Problem
from ..linter import CorpusCounts, Linter, add_counts
from ..parallel import BatchResult, check_batch
from ..runner import Event, Runner, RunOptions
from ..stream import RecordPolicy, compressing_writer, compression_of, decompressing_reader

BLOCKSIZE = 64 << 20  # bytes of whole lines per partition of an uncompressed file
SPLIT_EVERY = 8  # fan-in of the corpus-count reduction tree
CONNECT_TIMEOUT = 30  # seconds to reach a scheduler

# -- reading and writing -------------------------------------------------------------------------------------


def _expand(urlpath: str | Sequence[str], storage_options: dict[str, Any] | None) -> list[str]:
    """Every file a path, glob or URL (or a list of them) names, as URLs fsspec can open again."""
    fs, _, paths = fsspec.get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options or {})
    return [fs.unstrip_protocol(p) for p in sorted(paths)] if isinstance(urlpath, str) else list(map(str, urlpath))


def _read_whole(url: str, compression: str, storage_options: dict[str, Any]) -> bytes:
    with fsspec.open(url, "rb", **storage_options) as f:
        return decompressing_reader(f, compression).read()


def _blocks(url: str, blocksize: int, storage_options: dict[str, Any]) -> list[Delayed]:
    """Delayed blocks of whole lines: several per uncompressed file, one per compressed file (not seekable)."""
    compression = compression_of(url)
    if compression is not None:
        return [delayed(_read_whole, pure=True)(url, compression, storage_options)]
    _, blocks = read_bytes(url, delimiter=b"\n", blocksize=blocksize, sample=False, **storage_options)
    return list(blocks[0])


def _lines(block: bytes) -> list[str]:
    text = block.decode("utf-8", "surrogateescape")  # invalid bytes survive the round trip to the output
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_jsonl(
    urlpath: str | Sequence[str], *, blocksize: int = BLOCKSIZE, storage_options: dict[str, Any] | None = None
) -> db.Bag:
    """A bag of the JSON lines (str, without line breaks) of JSONL files; ``.gz``/``.zst`` decompressed."""
    options = storage_options or {}
    blocks = [b for url in _expand(urlpath, options) for b in _blocks(url, blocksize, options)]
    return db.from_delayed([delayed(_lines, pure=True)(b) for b in blocks])


def _part_url(target: str, index: int) -> str:
    """``out/*.jsonl.zst`` -> ``out/00003.jsonl.zst``; a folder -> ``folder/part-00003.jsonl``."""
    if "*" in target:
        return target.replace("*", f"{index:05d}")
    return f"{target.rstrip('/')}/part-{index:05d}.jsonl"


def _write_part(data: bytes | Iterable[str], url: str, storage_options: dict[str, Any]) -> str:
    fs, path = fsspec.core.url_to_fs(url, **storage_options)
    fs.makedirs(posixpath.dirname(path), exist_ok=True)
    with fs.open(path, "wb") as raw:
        out = compressing_writer(raw, compression_of(url))
        if isinstance(data, bytes):
            out.write(data)
        else:
            for line in data:
                out.write(line.encode("utf-8", "surrogateescape") + b"\n")
        out.close()
    return url


def write_jsonl(lines: db.Bag, target: str, *, storage_options: dict[str, Any] | None = None) -> list[str]:
    """Write a bag of JSON lines as one file per partition (``target``: a folder, or a pattern with ``*``)."""
    options = storage_options or {}
    parts = [delayed(_write_part)(part, _part_url(target, i), options) for i, part in enumerate(lines.to_delayed())]
    return list(dask.compute(*parts))


# -- the two passes --------------------------------------------------------------------------------------------


def _collect_partition(lines: Iterable[str], linter: Linter, text_field: str) -> CorpusCounts:
    counts: CorpusCounts = {}
    for number, line in enumerate(lines, start=1):
        doc = inputs.parse_record(line.encode("utf-8", "surrogateescape"), number, "<dask>", text_field).document
        if doc is not None:
            add_counts(counts, linter.collect(doc))
    return counts


def _merge_all(parts: Iterable[CorpusCounts]) -> CorpusCounts:
    merged: CorpusCounts = {}
    for part in parts:
        add_counts(merged, part)
    return merged


def corpus_counts(lines: db.Bag, linter: Linter, text_field: str = "text") -> db.Item:
    """Pass 1: the corpus rules' document frequencies over every record, merged by a Dask tree reduction."""
    return lines.reduction(
        lambda part: _collect_partition(part, linter, text_field), _merge_all, split_every=SPLIT_EVERY
    )


def with_corpus(lines: db.Bag, linter: Linter, text_field: str = "text") -> Linter:
    """The linter ready for pass 2: with the corpus counts of ``lines`` if it has corpus rules (computed now)."""
    if not linter.has_corpus_rules:
        return linter
    return linter.with_corpus(corpus_counts(lines, linter, text_field).compute())


def _lint_partition(lines: Iterable[str], linter: Linter, options: RunOptions) -> list[tuple[str | None, str | None]]:
    runner = Runner(options, stdout=io.BytesIO())
    out: list[tuple[str | None, str | None]] = []
    for number, line in enumerate(lines, start=1):
        record = inputs.parse_record(line.encode("utf-8", "surrogateescape"), number, "<dask>", options.text_field)
        outcome = runner.process_record(linter, frozenset(), record)
        out.append((_line(outcome.kept), _line(outcome.rejected)))
    return out


def _line(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "surrogateescape").removesuffix("\n")


def lint(
    lines: db.Bag,
    linter: Linter,
    *,
    text_field: str = "text",
    fix: bool = False,
    annotate: str | None = None,
    drop_if: Sequence[str] = (),
) -> db.Bag:
    """Pass 2: check or fix every record, exactly as the CLI does; a bag of ``(kept, rejected)`` line pairs
    (one of the two is None). Use :func:`with_corpus` first when the linter has corpus rules."""
    from ..stream import drop_codes

    options = RunOptions(fix=fix, text_field=text_field, policy=RecordPolicy(annotate, drop_codes(drop_if)))
    return lines.map_partitions(_lint_partition, delayed(linter), options)


def kept(results: db.Bag) -> db.Bag:
    """The output lines of :func:`lint`, in order."""
    return results.pluck(0).filter(lambda line: line is not None)


def rejected(results: db.Bag) -> db.Bag:
    """The lines :func:`lint` rejected (``drop_if``), in order."""
    return results.pluck(1).filter(lambda line: line is not None)


# -- the CLI: scrapelint check --dask ADDRESS --------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One partition of a CLI run: where its records come from and go."""

    name: str  # the input as reports name it
    index: int  # global partition number (part file names)
    first: bool  # the first partition of its input
    last: bool


@contextlib.contextmanager
def _client(address: str) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    try:
        if address == "local":
            workers = os.cpu_count() or 1
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                yield client
        else:
            with Client(address, timeout=CONNECT_TIMEOUT) as client:
                yield client
    except OSError as exc:
        raise ScrapelintError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None


def _cli_inputs(paths: Sequence[str], runner: Runner) -> tuple[list[str], list[Problem]]:
    """JSONL inputs to run on the cluster: local files and folders as the runner finds them, URLs and globs by
    fsspec; anything else is reported."""
    files: list[str] = []
    problems: list[Problem] = []
    local: list[str] = []
    for path in paths:
        if path == "-":
            problems.append(Problem("--dask cannot read stdin: give files, folders or URLs"))
        elif "://" in path or any(c in path for c in "*?["):
            try:
                files.extend(_expand(path, None))
            except (OSError, ValueError) as exc:
                problems.append(Problem(f"{path}: {exc}"))
        else:
            local.append(path)
    config = load_config(runner.options.config_path) if runner.options.config_path else None
    for item in inputs.discover(local, config):
        if isinstance(item, Problem):
            problems.append(item)
        elif runner.kind(item) == "jsonl":
            files.append(item)
        else:
            problems.append(Problem(f"{item}: --dask checks JSONL records only; run without --dask", fatal=False))
    return files, problems


def _scan_block(block: bytes, linter: Linter | None, name: str, text_field: str) -> tuple[int, CorpusCounts]:
    """Pass 1 of a CLI run: the block's line count (record numbers of later blocks) and its corpus counts."""
    lines = block.count(b"\n") + (1 if block and not block.endswith(b"\n") else 0)
    if linter is None:
        return lines, {}
    counts: CorpusCounts = {}
    for number, raw in enumerate(io.BytesIO(block), start=1):
        doc = inputs.parse_record(raw, number, name, text_field).document
        if doc is not None:
            add_counts(counts, linter.collect(doc))
    return lines, counts


def _tree_merge(parts: list[Any]) -> Any:
    """A reduction tree of ``merge_counts`` over delayed counts (``SPLIT_EVERY`` at a time)."""
    if not parts:
        return delayed({})
    while len(parts) > 1:
        parts = [delayed(_merge_all)(parts[i : i + SPLIT_EVERY]) for i in range(0, len(parts), SPLIT_EVERY)]
    return parts[0]


def _check_block(
    block: bytes,
    linter: Linter,
    ignore: frozenset[str],
    options: RunOptions,
    name: str,
    first_line: int,
    records: str | None,
    rejects: str | None,
    index: int,
) -> BatchResult:
    runner = Runner(options, stdout=io.BytesIO())
    result = check_batch(runner, linter, ignore, name, first_line, io.BytesIO(block))
    if records is not None:
        _write_part(result.kept, _part_url(records, index), {})
    if rejects is not None and result.rejected:
        _write_part(result.rejected, _part_url(rejects, index), {})
    return replace(result, kept=b"", rejected=b"")  # the records stay where they were written


def run_cli(options: RunOptions, paths: Sequence[str], address: str, records_output: str | None) -> Iterator[Event]:
    """The events of ``scrapelint check --dask ADDRESS``: the same as a one-process run, in the same order."""
    from ..progress import Progress

    if options.writes_records and not options.diff and records_output is None:
        raise ScrapelintError("--dask writes records to --records-output URL (a folder or a *-pattern), not in place")
    runner = Runner(replace(options, jobs=1))
    files, problems = _cli_inputs(paths, runner)
    yield from problems
    if not files:
        return
    linters = {path: runner.linter_for(path if "://" not in path else "-") for path in files}
    two_pass = any(linter.has_corpus_rules for linter, _ in linters.values())
    progress = Progress.for_terminal()
    with _client(address):
        parts: list[tuple[_Part, Delayed]] = []
        for path in files:
            blocks = _blocks(path, BLOCKSIZE, {})
            for i, block in enumerate(blocks):
                parts.append((_Part(path, len(parts), i == 0, i == len(blocks) - 1), block))
        shipped = {id(linter): delayed(linter) for linter, _ in linters.values()}
        scans = [
            delayed(_scan_block, nout=2)(
                block, shipped[id(linters[p.name][0])] if two_pass else None, p.name, options.text_field
            )
            for p, block in parts
        ]
        line_counts, corpus = dask.compute([s[0] for s in scans], _tree_merge([s[1] for s in scans]))
        if two_pass:
            shipped = {id(linter): delayed(linter.with_corpus(corpus)) for linter, _ in linters.values()}
        worker_options = replace(options, config_path=None, rejects=None, jobs=1)
        tasks, first_line = [], 1
        for (part, block), count in zip(parts, line_counts, strict=True):
            first_line = 1 if part.first else first_line
            linter, ignore = linters[part.name]
            args = (worker_options, part.name, first_line, records_output, options.rejects, part.index)
            tasks.append(delayed(_check_block)(block, shipped[id(linter)], ignore, *args))
            first_line += count
        yield from _gather_in_order(tasks, [p for p, _ in parts], runner, progress, files)


def _gather_in_order(
    tasks: list[Delayed], parts: list[_Part], runner: Runner, progress: Any, files: list[str]
) -> Iterator[Event]:
    from distributed import get_client

    futures = get_client().compute(tasks)
    if progress is not None:
        progress.start(files)
    try:
        for part, future in zip(parts, futures, strict=True):
            if progress is not None and part.first:
                progress.begin(part.name)
            try:
                result: BatchResult = future.result()
            except (ScrapelintError, OSError) as exc:
                yield Problem(f"{part.name}: {exc}")
                continue
            finally:
                future.release()
            if result.stdout:
                runner.stdout.write(result.stdout)
            yield from result.events()
            if progress is not None:
                progress.advance(result.size, records=result.records)
                if part.last:
                    progress.file_done(part.name)
    finally:
        for future in futures:
            future.cancel()
        if progress is not None:
            progress.close()


__all__ = [
    "corpus_counts",
    "kept",
    "lint",
    "read_jsonl",
    "rejected",
    "run_cli",
    "with_corpus",
    "write_jsonl",
]
