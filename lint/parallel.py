"""``--jobs N``: check and fix in N worker processes, with every output in input order.

Work is cut into units: a JSONL input (a file, or stdin) into batches of whole records of about 1 MiB, read by
this process and checked by the workers; any other file is one unit, read and fixed by a worker. Results come
back in submission order, so reports, the stdout filter, in-place rewrites and the rejects file are exactly what a
one-process run writes. At most a few units per worker are in flight, so memory stays flat whatever the input size.

Corpus rules keep their two passes: the workers first return the corpus counts of their units, this process
adds them up (:func:`~scrapelint.linter.add_counts`), then a second pool checks with the merged counts.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from . import inputs
from .document import Document, Source
from .errors import ScrapelintError
from .inputs import Problem
from .linter import CorpusCounts, Linter, add_counts
from .runner import DocumentResult, Event, RecordSink, Runner, RunOptions
from .stream import compression_of

BATCH_BYTES = 1 << 20  # records per unit: big enough to amortise the hand-over, small enough to keep order cheap
UNITS_PER_WORKER = 4  # in flight per worker: keeps workers busy while this process writes, bounds memory

# -- the worker side ------------------------------------------------------------------------------------------------

_runner: Runner | None = None  # one per worker process, built by the pool initializer


def _start_worker(options: RunOptions, corpus: CorpusCounts | None) -> None:
    """Pool initializer of a fresh worker process (forkserver, spawn): build its runner from the options."""
    global _runner
    _ignore_ctrl_c()
    _runner = Runner(replace(options, jobs=1), stdout=io.BytesIO())
    _runner.use_corpus(corpus)


def _adopt(runner: Runner) -> None:
    """Pool initializer of a forked worker: the runner, its linters and their compiled tables are inherited."""
    global _runner
    _ignore_ctrl_c()
    _runner = runner


def _ignore_ctrl_c() -> None:
    """Ctrl-C in a terminal signals the whole process group. A worker that took it would die mid-unit with a
    traceback and leave the pool waiting for it forever; ignoring it lets the main process stop the run: it cancels
    the queued units, lets the running ones finish (their file writes are atomic) and exits with 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker() -> Runner:
    assert _runner is not None, "worker used before its pool initializer ran"
    return _runner


def _take_stdout(runner: Runner) -> bytes:
    out = runner.stdout
    assert isinstance(out, io.BytesIO)
    data = out.getvalue()
    out.seek(0)
    out.truncate()
    return data


def _is_quiet(event: Event) -> bool:
    """A result reporters show nothing of (most documents are clean)."""
    return isinstance(event, DocumentResult) and not event.findings and event.original is None and not event.refused


def _slim(event: Event) -> Event:
    """The event as it travels back: its document without the rules' per-document memo (large, and not always
    picklable), and without its text when reporters show nothing of it."""
    if not isinstance(event, DocumentResult):
        return event
    doc = event.document
    return replace(event, document=Document("" if _is_quiet(event) else doc.text, doc.source, doc.language))


QuietRecord = tuple[int | None, str | None]  # a clean record of a batch: its number and language


@dataclass
class BatchResult:
    """What a worker sends back for a batch of records. Clean records travel as (number, language) pairs, which
    cost a fraction of a pickled result each; :meth:`events` rebuilds their results."""

    name: str  # the input's name in reports
    items: list[Event | QuietRecord]
    kept: bytes  # records for the output, in order
    rejected: bytes  # records for --rejects, in order
    stdout: bytes  # --diff output
    changed: bool
    records: int
    size: int  # input bytes

    def events(self) -> Iterator[Event]:
        for item in self.items:
            if isinstance(item, tuple):
                record, language = item
                yield DocumentResult(Document("", Source(self.name, record, "jsonl"), language), [])
            else:
                yield item


def check_batch(
    runner: Runner, linter: Linter, ignore: frozenset[str], name: str, first_line: int, lines: Iterable[bytes]
) -> BatchResult:
    """Check or fix consecutive JSONL records (raw lines, the first numbered ``first_line``) as ``runner`` would.

    Shared by ``--jobs`` workers and Dask partitions; ``runner.stdout`` must be a BytesIO (it collects --diff).
    """
    items: list[Event | QuietRecord] = []
    kept: list[bytes] = []
    rejected: list[bytes] = []
    changed = False
    count = size = 0
    options = runner.options
    field = options.text_field
    writes = options.writes_records and not options.diff  # else the records go nowhere: do not ship them back
    for count, raw in enumerate(lines, start=1):
        size += len(raw)
        outcome = runner.process_record(linter, ignore, inputs.parse_record(raw, first_line + count - 1, name, field))
        for event in outcome.events:
            if _is_quiet(event):
                doc = event.document  # type: ignore[union-attr]
                items.append((doc.source.record, doc.language))
            else:
                items.append(_slim(event))
        if writes and outcome.kept is not None:
            kept.append(outcome.kept)
        if writes and outcome.rejected is not None:
            rejected.append(outcome.rejected)
        changed = changed or outcome.kept != raw
    stdout = _take_stdout(runner)
    return BatchResult(name, items, b"".join(kept), b"".join(rejected), stdout, changed, count, size)


Payload = bytes | tuple[int, int]  # a batch's bytes, or where they are in a plain file: (offset, length)


def _unpack(path: str, payload: Payload) -> bytes:
    """The batch's bytes: sent along, or read here from the file (a pipe carries them slower than a read)."""
    if isinstance(payload, bytes):
        return payload
    offset, length = payload
    with open(path, "rb") as f:
        return os.pread(f.fileno(), length, offset)


def _check_batch(path: str, first_line: int, payload: Payload) -> BatchResult:
    runner = _worker()
    linter, ignore = runner.linter_for(path)
    blob = _unpack(path, payload)
    return check_batch(runner, linter, ignore, runner.source_name(path), first_line, io.BytesIO(blob))


def _check_file(path: str) -> tuple[list[Event], bytes]:
    runner = _worker()
    events = [_slim(e) for e in runner.file_events(path)]
    return events, _take_stdout(runner)


def _collect_batch(path: str, first_line: int, payload: Payload) -> CorpusCounts:
    blob = _unpack(path, payload)
    runner = _worker()
    linter = runner.linter_for(path)[0]
    name, field = runner.source_name(path), runner.options.text_field
    counts: CorpusCounts = {}
    for number, raw in enumerate(io.BytesIO(blob), start=first_line):
        doc = inputs.parse_record(raw, number, name, field).document
        if doc is not None:
            add_counts(counts, linter.collect(doc))
    return counts


def _collect_file(path: str) -> CorpusCounts:
    return _worker().collect_counts([path])


Failure = ScrapelintError | OSError  # what one input may raise: it becomes a Problem, the run goes on
_FAILURES = (ScrapelintError, OSError)


# -- the main side --------------------------------------------------------------------------------------------------


@dataclass
class _Step:
    """One unit of work (``task`` with ``args``) or an in-order action in this process (``task`` None).

    ``then`` gets the task's result, or the :data:`Failure` it raised, or None for an action.
    """

    then: Callable[[Any], Iterator[Event]]
    task: Callable[..., Any] | None = None
    args: tuple[Any, ...] = ()


# A document that makes the built-in families compile their lazily built tables (phrase scans, caption scans).
WARM_UP_TEXT = (
    "Photo: Reuters\nThe council approved the new budget on Monday after a long debate.\n\n"
    "Read more: Sign up for our newsletter\n© 2024 Example News. All rights reserved.\n"
)


def can_fork() -> bool:
    """Fork workers from this process when that is safe: Linux, and no other thread that could hold a lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _pool(runner: Runner) -> ProcessPoolExecutor:
    jobs = runner.options.jobs
    if can_fork():
        # Forked workers start at once with the rules built and compiled here, once, instead of once each.
        runner.warm_up(WARM_UP_TEXT)
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_adopt, initargs=(runner.worker_copy(),))
    # Otherwise workers start from a clean process (no inherited threads or locks) and build their own rules.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["scrapelint.parallel"])
    args = (runner.options, runner.corpus)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=args)


def _in_order(pool: ProcessPoolExecutor, steps: Iterator[_Step], window: int) -> Iterator[Event]:
    """Submit steps ahead (at most ``window`` units in flight) and run their ``then`` in submission order."""
    pending: deque[tuple[_Step, Future[Any] | None]] = deque()
    in_flight = 0

    def finish() -> Iterator[Event]:
        nonlocal in_flight
        step, future = pending.popleft()
        if future is None:
            yield from step.then(None)
            return
        in_flight -= 1
        try:
            result = future.result()
        except _FAILURES as exc:
            result = exc
        yield from step.then(result)

    try:
        for step in steps:
            future = pool.submit(step.task, *step.args) if step.task is not None else None
            in_flight += future is not None
            pending.append((step, future))
            while in_flight >= window or (pending and pending[0][1] is None):
                yield from finish()
        while pending:
            yield from finish()
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()


def _batches(runner: Runner, path: str) -> Iterator[tuple[int, Payload]]:
    """(first line number, whole records of about BATCH_BYTES) of a JSONL input. The records of a plain file on
    disk are read here only to count lines; workers read them again from the file, by offset."""
    stream = runner.open_jsonl(path)
    by_offset = path != "-" and compression_of(path) is None
    line, offset = 1, 0
    try:
        while blob := stream.read(BATCH_BYTES):
            if not blob.endswith(b"\n"):
                blob += stream.readline()  # finish the last record
            yield line, (offset, len(blob)) if by_offset else blob
            line += blob.count(b"\n")
            offset += len(blob)
    except (OSError, EOFError) as exc:  # truncated or corrupt compressed stream
        raise ScrapelintError(f"{path}: cannot read: {exc}") from None
    finally:
        if path != "-":
            stream.close()


def _collect_steps(runner: Runner, files: list[str], counts: list[CorpusCounts]) -> Iterator[_Step]:
    def add(part: CorpusCounts | Failure) -> Iterator[Event]:
        if not isinstance(part, _FAILURES):  # an unreadable input is reported by the main pass
            add_counts(counts[0], part)
        return iter(())

    for path in files:
        if runner.kind(path) == "jsonl":
            try:
                for line, payload in _batches(runner, path):
                    yield _Step(add, _collect_batch, (path, line, payload))
            except ScrapelintError:
                continue  # reported by the main pass
        elif path == "-":
            add_counts(counts[0], runner.collect_counts([path]))
        else:
            yield _Step(add, _collect_file, (path,))


class _JsonlFile:
    """The in-order side of one JSONL input: its output sink is open from its first batch to its last."""

    def __init__(self, runner: Runner, path: str) -> None:
        self.runner, self.path = runner, path
        self.stack = contextlib.ExitStack()
        self.sink: RecordSink | None = None
        self.changed = False
        self.failed = False

    def open(self, _: object) -> Iterator[Event]:
        if self.runner.progress is not None:
            self.runner.progress.begin(self.path)
        self.sink = self.stack.enter_context(self.runner.jsonl_output(self.path))
        return iter(())

    def batch(self, result: BatchResult | Failure) -> Iterator[Event]:
        if self.failed:
            return iter(())
        if isinstance(result, _FAILURES):
            return self.fail(result)
        if result.stdout:
            self.runner.stdout.write(result.stdout)
        if self.sink is not None:
            self.sink.out.write(result.kept)
            if result.rejected:
                assert self.sink.rejects is not None, "--drop-if without --rejects is refused by the CLI"
                self.sink.rejects.write(result.rejected)
        self.changed = self.changed or result.changed
        if self.runner.progress is not None:
            self.runner.progress.advance(result.size, records=result.records)
        return result.events()

    def close(self, _: object) -> Iterator[Event]:
        if self.failed:
            return
        if self.sink is not None and not self.changed:
            self.sink.unchanged()
        try:
            self.stack.close()
        except OSError as exc:
            yield Problem(f"{self.path}: {exc.strerror or exc}")
        except ScrapelintError as exc:
            yield Problem(str(exc))
        yield from self.runner_done()

    def fail(self, error: Failure) -> Iterator[Event]:
        """Stop this input as a one-process run does: the half-written output is dropped, the input stays."""
        self.failed = True
        self.stack.__exit__(type(error), error, None)
        yield Problem(str(error) if isinstance(error, ScrapelintError) else f"{self.path}: {error.strerror or error}")
        yield from self.runner_done()

    def runner_done(self) -> Iterator[Event]:
        if self.runner.progress is not None:
            self.runner.progress.file_done(self.path)
        return iter(())


def _check_steps(runner: Runner, files: list[str | Problem]) -> Iterator[_Step]:
    for item in files:
        if isinstance(item, Problem):
            yield _Step(lambda _, problem=item: iter((problem,)))
        elif runner.kind(item) == "jsonl":
            state = _JsonlFile(runner, item)
            yield _Step(state.open)
            try:
                for line, payload in _batches(runner, item):
                    yield _Step(state.batch, _check_batch, (item, line, payload))
            except ScrapelintError as exc:
                yield _Step(lambda _, state=state, exc=exc: state.fail(exc))
                continue
            yield _Step(state.close)
        elif item == "-":  # text on stdin: one document, checked here
            yield _Step(lambda _, path=item: _here(runner, path))
        else:
            yield _Step(lambda result, path=item: _file_done(runner, path, result), _check_file, (item,))


def _here(runner: Runner, path: str) -> Iterator[Event]:
    yield from runner.file_events(path)
    if runner.progress is not None:
        runner.progress.file_done(path)


def _file_done(runner: Runner, path: str, result: tuple[list[Event], bytes]) -> Iterator[Event]:
    events, stdout = result
    if stdout:
        runner.stdout.write(stdout)
    if runner.progress is not None:
        runner.progress.begin(path)
        runner.progress.file_done(path)
    return iter(events)


def run_parallel(runner: Runner, files: list[str | Problem], two_pass: bool) -> Iterator[Event]:
    """The events of ``runner.run`` with ``--jobs N``, produced by N worker processes, in the same order."""
    window = runner.options.jobs * UNITS_PER_WORKER
    if two_pass:
        counts: list[CorpusCounts] = [{}]
        with _pool(runner) as pool:
            yield from _in_order(pool, _collect_steps(runner, [f for f in files if isinstance(f, str)], counts), window)
        runner.use_corpus(counts[0])
    with _pool(runner) as pool:
        yield from _in_order(pool, _check_steps(runner, files), window)


__all__ = ["BATCH_BYTES", "BatchResult", "check_batch", "run_parallel"]
