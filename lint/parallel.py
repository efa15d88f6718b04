"""``--jobs N``: check and fix in N worker processes, with every output in input order.

Work is cut into units: a JSONL input (a file, or stdin) into batches of whole records of about 1 MiB, cut at line
breaks by this process and checked by the workers; any other file is one unit, read and fixed by a worker. Results
come back in submission order, so reports, the stdout filter, in-place rewrites and the rejects file are exactly
what a one-process run writes. At most a few units per worker are in flight, so memory stays flat whatever the input
size.

With as many workers as cores, whatever this process does takes CPU from a worker, so it does little per record: a
plain file's batches travel as (offset, length) and workers read the bytes themselves; workers parse, check and fix,
and send back per batch the output bytes and the results, a clean record as a (number, language) pair. The workers
are a :class:`scrapelint.pool.Pool`: sockets and no helper thread. On Ctrl-C the units workers hold finish (their
file writes are atomic), the rest are dropped, and the run exits with 130.

Corpus rules keep their two passes: the workers first return the corpus counts of their units, this process
adds them up (:func:`~scrapelint.linter.add_counts`), then a second pool checks with the merged counts.

This module holds both sides: the tasks that run in a worker, and the orchestration in the main process (units,
their order, writing outputs).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from . import inputs
from .document import Document, Source
from .errors import ScrapelintError
from .inputs import Problem
from .linter import CorpusCounts, Linter, add_counts
from .pool import Pool, can_fork
from .runner import DocumentResult, Event, RecordSink, Runner, RunOptions
from .stream import compression_of

BATCH_BYTES = 1 << 20  # records per unit: big enough to amortise the hand-over, small enough to keep order cheap
UNITS_PER_WORKER = 4  # in flight per worker: keeps workers busy while this process writes, bounds memory
MIN_BATCH_BYTES = 64 << 10  # the last batches of a file shrink down to this

# -- the worker side ------------------------------------------------------------------------------------------------

_runner: Runner | None = None  # one per worker process, set by the pool's start function


def _start_worker(options: RunOptions, corpus: CorpusCounts | None) -> None:
    """Start of a fresh worker process (fork server, spawn): build its runner from the options."""
    global _runner
    _runner = Runner(replace(options, jobs=1), stdout=io.BytesIO())
    _runner.use_corpus(corpus)


def _adopt(runner: Runner) -> None:
    """Start of a forked worker: the runner, its linters and their compiled tables are inherited."""
    global _runner
    _runner = runner


def _worker() -> Runner:
    """This worker process's runner."""
    assert _runner is not None, "a task ran before its worker's start function"
    return _runner


def _take_stdout(runner: Runner) -> bytes:
    """What ``runner`` wrote to its in-memory stdout (--diff) since the last call, which is emptied."""
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
        name = self.name
        for item in self.items:
            if item.__class__ is tuple:  # a QuietRecord: the exact class test is cheapest on this per-record path
                yield DocumentResult(Document("", Source(name, item[0], "jsonl"), item[1]), [])  # type: ignore[index]
            else:
                yield item  # type: ignore[misc]


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
    """Task: check or fix one batch of a JSONL input."""
    runner = _worker()
    linter, ignore = runner.linter_for(path)
    blob = _unpack(path, payload)
    return check_batch(runner, linter, ignore, runner.source_name(path), first_line, io.BytesIO(blob))


def _check_file(path: str) -> tuple[list[Event], bytes]:
    """Task: check or fix one input that is not JSONL (a fix is written in place here); its events and --diff
    output."""
    runner = _worker()
    events = [_slim(e) for e in runner.file_events(path)]
    return events, _take_stdout(runner)


def _collect_batch(path: str, first_line: int, payload: Payload) -> CorpusCounts:
    """Task: the corpus counts of one batch of a JSONL input."""
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
    """Task: the corpus counts of one input that is not JSONL."""
    return _worker().collect_counts([path])


# -- the main side --------------------------------------------------------------------------------------------------

Failure = ScrapelintError | OSError  # what one input may raise: it becomes a Problem, the run goes on
_FAILURES = (ScrapelintError, OSError)


def run_parallel(runner: Runner, files: list[str | Problem], two_pass: bool) -> Iterator[Event]:
    """The events of ``runner.run`` with ``--jobs N``, produced by N worker processes, in the same order."""
    window = runner.options.jobs * UNITS_PER_WORKER
    if two_pass:
        runner.use_corpus(_corpus_counts(runner, [f for f in files if isinstance(f, str)], window))
    with _open_pool(runner) as pool:
        yield from itertools.chain.from_iterable(_in_order(pool, _check_steps(runner, files), window))


def _corpus_counts(runner: Runner, files: list[str], window: int) -> CorpusCounts:
    """The first pass of the corpus rules: the counts of all inputs, added up here as the workers return them."""
    counts: CorpusCounts = {}
    with _open_pool(runner) as pool:
        for _ in _in_order(pool, _collect_steps(runner, files, counts), window):
            pass  # the steps add up the counts
    return counts


# A document that makes the built-in families compile their lazily built tables (phrase scans, caption scans).
WARM_UP_TEXT = (
    "Photo: Reuters\nThe council approved the new budget on Monday after a long debate.\n\n"
    "Read more: Sign up for our newsletter\n© 2024 Example News. All rights reserved.\n"
)


def _open_pool(runner: Runner) -> Pool:
    """``--jobs`` workers, each with a runner of these options and corpus counts."""
    jobs = runner.options.jobs
    if can_fork():
        # Forked workers start at once with the rules built and compiled here, once, instead of once each.
        runner.warm_up(WARM_UP_TEXT)
        return Pool(jobs, _adopt, (runner.worker_copy(),), fork=True)
    # Otherwise workers start from a clean process (no inherited threads or locks) and build their own rules; a fork
    # server imports this module (the tasks and what they need) once for all of them.
    return Pool(jobs, _start_worker, (runner.options, runner.corpus), fork=False, preload=[__name__])


@dataclass
class _Step:
    """One unit of work (``task`` with ``args``) or an in-order action in this process (``task`` None).

    ``then`` gets the task's result, or the :data:`Failure` it raised, or None for an action.
    """

    then: Callable[[Any], Iterator[Event]]
    task: Callable[..., Any] | None = None
    args: tuple[Any, ...] = ()
    after_previous: bool = False  # submitted only once every earlier step has run


def _in_order(pool: Pool, steps: Iterator[_Step], window: int) -> Iterator[Iterator[Event]]:
    """Submit steps ahead (at most ``window`` units in flight) and run their ``then`` in submission order.

    Yields each step's events as one iterator, to be used up before the next is asked for: flattened by
    ``itertools.chain``, a record's event passes through no generator of this module but the batch's own.
    """
    pending: deque[tuple[_Step, int | None]] = deque()  # steps submitted, their ``then`` not run yet; their tickets

    def finish() -> Iterator[Event]:
        step, ticket = pending.popleft()
        if ticket is None:
            return step.then(None)
        done, result = pool.outcome(ticket)
        if not done and not isinstance(result, _FAILURES):
            raise result  # not one input's failure but a bug: the run ends, as it would in one process
        return step.then(result)

    for step in steps:
        while step.after_previous and pending:
            yield finish()
        pending.append((step, pool.submit(step.task, step.args) if step.task is not None else None))
        while pool.in_flight >= window or (pending and pending[0][1] is None):  # an action at the head runs now
            yield finish()
    while pending:
        yield finish()


def _batches(runner: Runner, path: str) -> Iterator[tuple[int, Payload]]:
    """(first line number, whole records of about BATCH_BYTES) of a JSONL input."""
    if path != "-" and compression_of(path) is None:
        yield from _file_batches(runner, path)
        return
    stream = runner.open_jsonl(path)
    line = 1
    try:
        while blob := stream.read(BATCH_BYTES):
            if not blob.endswith(b"\n"):
                blob += stream.readline()  # finish the last record
            yield line, blob
            line += _count_lines(blob)
    except (OSError, EOFError) as exc:  # truncated or corrupt compressed stream
        raise ScrapelintError(f"{path}: cannot read: {exc}") from None
    finally:
        if path != "-":
            stream.close()


def _file_batches(runner: Runner, path: str) -> Iterator[tuple[int, Payload]]:
    """A plain file's batches as (offset, length). Its bytes are read here only to find line breaks and count
    lines; workers read the records themselves."""
    jobs = runner.options.jobs
    with runner.open_jsonl(path) as stream:
        fd = stream.fileno()
        try:
            size = os.fstat(fd).st_size
            line, offset = 1, 0
            while blob := os.pread(fd, _batch_size(size - offset, jobs), offset):
                length = blob.rfind(b"\n") + 1
                if length:
                    count = _count_lines(blob)
                else:  # a record longer than the batch, or the last one without a line break
                    length, count = _record_end(fd, offset + len(blob)) - offset, 1
                yield line, (offset, length)
                line += count
                offset += length
        except OSError as exc:
            raise ScrapelintError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _batch_size(remaining: int, jobs: int) -> int:
    """BATCH_BYTES, smaller towards the end of a file (about two batches per worker of what remains, down to
    MIN_BATCH_BYTES), so that the workers end together."""
    return min(BATCH_BYTES, max(MIN_BATCH_BYTES, remaining // (2 * jobs)))


def _count_lines(blob: bytes) -> int:
    """The line breaks in ``blob``: one memchr-backed find per line is a few times faster than bytes.count, which
    compares byte by byte."""
    count, at = 0, blob.find(b"\n")
    while at >= 0:
        count += 1
        at = blob.find(b"\n", at + 1)
    return count


def _record_end(fd: int, start: int) -> int:
    """The offset just past the first line break at or after ``start`` (the end of the file if none)."""
    while chunk := os.pread(fd, BATCH_BYTES, start):
        found = chunk.find(b"\n")
        if found >= 0:
            return start + found + 1
        start += len(chunk)
    return start


def _collect_steps(runner: Runner, files: list[str], counts: CorpusCounts) -> Iterator[_Step]:
    """The corpus pass: each step adds its unit's counts into ``counts``."""

    def add(part: CorpusCounts | Failure) -> Iterator[Event]:
        if not isinstance(part, _FAILURES):  # an unreadable input is reported by the check pass
            add_counts(counts, part)
        return iter(())

    for path in files:
        if runner.kind(path) == "jsonl":
            try:
                for line, payload in _batches(runner, path):
                    yield _Step(add, _collect_batch, (path, line, payload))
            except ScrapelintError:
                pass  # reported by the check pass
        elif path == "-":  # text on stdin: one document, counted here
            add_counts(counts, runner.collect_counts([path]))
        else:
            yield _Step(add, _collect_file, (path,))


def _check_steps(runner: Runner, files: list[str | Problem]) -> Iterator[_Step]:
    """The check (or fix) pass: its steps, input after input."""
    # A file a worker rewrites in place is submitted only once the JSONL output before it is renamed into place: a
    # kill then leaves at most one temporary file per worker (this process writes JSONL outputs, workers the others).
    options = runner.options
    fixes_in_place = options.fix and not options.diff
    jsonl_output_open = False
    for item in files:
        if isinstance(item, Problem):
            yield _Step(lambda _, problem=item: iter((problem,)))
        elif runner.kind(item) == "jsonl":
            read_to_the_end = yield from _jsonl_steps(runner, item)
            if read_to_the_end:
                jsonl_output_open = item != "-" and options.writes_records and not options.diff
        elif item == "-":  # text on stdin: one document, checked here
            yield _Step(lambda _: _check_here(runner, "-"))
        else:
            wait = fixes_in_place and jsonl_output_open
            jsonl_output_open = False
            yield _Step(lambda result, path=item: _file_done(runner, path, result), _check_file, (item,), wait)


def _jsonl_steps(runner: Runner, path: str) -> Generator[_Step, None, bool]:
    """One JSONL input's steps: open its output, check each batch, close the output. False when the input could
    not be read to its end: its output is then dropped."""
    state = _JsonlFile(runner, path)
    yield _Step(state.open)
    try:
        for line, payload in _batches(runner, path):
            yield _Step(state.batch, _check_batch, (path, line, payload))
    except ScrapelintError as exc:
        yield _Step(lambda _, error=exc: state.fail(error))
        return False
    yield _Step(state.close)
    return True


class _JsonlFile:
    """The in-order side of one JSONL input: its output sink is open from its first batch to its last."""

    def __init__(self, runner: Runner, path: str) -> None:
        self.runner, self.path = runner, path
        self.stack = contextlib.ExitStack()
        self.sink: RecordSink | None = None
        self.changed = False
        self.failed = False

    def open(self, _: object) -> Iterator[Event]:
        """Open the output, before the first batch comes back."""
        if self.runner.progress is not None:
            self.runner.progress.begin(self.path)
        self.sink = self.stack.enter_context(self.runner.jsonl_output(self.path))
        return iter(())

    def batch(self, result: BatchResult | Failure) -> Iterator[Event]:
        """Write a batch's records and --diff output; its events."""
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
        """Put the output in place (or leave the input as it was when nothing changed)."""
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
        yield from self.progress_done()

    def fail(self, error: Failure) -> Iterator[Event]:
        """Stop this input as a one-process run does: the half-written output is dropped, the input stays."""
        self.failed = True
        self.stack.__exit__(type(error), error, None)
        yield Problem(str(error) if isinstance(error, ScrapelintError) else f"{self.path}: {error.strerror or error}")
        yield from self.progress_done()

    def progress_done(self) -> Iterator[Event]:
        if self.runner.progress is not None:
            self.runner.progress.file_done(self.path)
        return iter(())


def _check_here(runner: Runner, path: str) -> Iterator[Event]:
    """Text on stdin: checked in this process, which holds it."""
    yield from runner.file_events(path)
    if runner.progress is not None:
        runner.progress.file_done(path)


def _file_done(runner: Runner, path: str, result: tuple[list[Event], bytes]) -> Iterator[Event]:
    """A file a worker checked: write its --diff output; its events."""
    events, stdout = result
    if stdout:
        runner.stdout.write(stdout)
    if runner.progress is not None:
        runner.progress.begin(path)
        runner.progress.file_done(path)
    return iter(events)


__all__ = ["BATCH_BYTES", "BatchResult", "check_batch", "run_parallel"]
