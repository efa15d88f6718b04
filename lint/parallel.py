"""``--jobs N``: check and fix in N worker processes, with every output in input order.

Work is cut into units: a JSONL input (a file, or stdin) into batches of whole records of about 1 MiB, cut at line
breaks by this process and checked by the workers; any other file is one unit, read and fixed by a worker. Results
come back in submission order, so reports, the stdout filter, in-place rewrites and the rejects file are exactly
what a one-process run writes. At most a few units per worker are in flight, so memory stays flat whatever the input
size.

With as many workers as cores, whatever this process does takes CPU from a worker, so it does little per record: a
plain file's batches travel as (offset, length) and workers read the bytes themselves; workers parse, check and fix,
and send back per batch the output bytes and the results, a clean record as a (number, language) pair; this
process talks to its workers without helper threads (see the pool below).

Corpus rules keep their two passes: the workers first return the corpus counts of their units, this process
adds them up (:func:`~scrapelint.linter.add_counts`), then a second pool checks with the merged counts.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import pickle
import selectors
import signal
import socket
import struct
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from . import inputs
from .document import Document, Source
from .errors import ScrapelintError
from .inputs import Problem
from .linter import CorpusCounts, Linter, add_counts
from .runner import DocumentResult, Event, RecordSink, Runner, RunOptions
from .stream import compression_of

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

BATCH_BYTES = 1 << 20  # records per unit: big enough to amortise the hand-over, small enough to keep order cheap
UNITS_PER_WORKER = 4  # in flight per worker: keeps workers busy while this process writes, bounds memory
MIN_BATCH_BYTES = 64 << 10  # the last batches of a file shrink down to this
PREFETCH = 2  # units handed to one worker at a time: the one it runs and the next

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
        name = self.name
        for item in self.items:
            if item.__class__ is tuple:
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


# -- the pool ------------------------------------------------------------------------------------------------------
#
# Each worker has one socket to this process. Tasks and results travel on it as length-prefixed pickles. This process
# never blocks on a socket: it sends what a worker's socket takes and reads what arrives, so a worker blocked sending
# a large result can always drain, and no helper thread is needed (a ProcessPoolExecutor runs two, and on a machine
# with as many cores as workers their wake-ups take CPU from the workers).

_HEADER = struct.Struct("!Q")  # the length of the pickle that follows
_READ_SIZE = 1 << 18


def _send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(_HEADER.pack(len(data)))
    sock.sendall(data)


def _receive(sock: socket.socket, buffer: bytearray) -> memoryview | None:
    """One message, read into ``buffer`` (grown as needed, kept across messages), or None at the end of the stream.
    The view must be released before the next call."""
    if not _read_exactly(sock, buffer, _HEADER.size):
        return None
    size = _HEADER.unpack_from(buffer)[0]
    if len(buffer) < size:
        buffer.extend(bytes(size - len(buffer)))
    return memoryview(buffer)[:size] if _read_exactly(sock, buffer, size) else None


def _read_exactly(sock: socket.socket, buffer: bytearray, size: int) -> bool:
    """False at the end of the stream, or when the main process closed its end with replies unread (a reset)."""
    with memoryview(buffer) as view:
        got = 0
        while got < size:
            try:
                count = sock.recv_into(view[got:size])
            except OSError:
                return False
            if not count:
                return False
            got += count
    return True


def _serve(sock: socket.socket, start: Callable[..., None], args: tuple[Any, ...]) -> None:
    """A worker's life: ``start(*args)``, then run each task that comes and send back its result (or the exception
    it raised), until this process closes its end."""
    start(*args)
    buffer = bytearray(_READ_SIZE)
    while (message := _receive(sock, buffer)) is not None:
        with message:
            task, task_args = pickle.loads(message)
        try:
            reply: tuple[bool, Any] = (True, task(*task_args))
        except Exception as exc:  # raised again in the main process when it takes this result, in order
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable result or exception
            data = pickle.dumps((False, ScrapelintError(f"a worker could not send its result: {exc!r}")))
        try:
            _send(sock, data)
        except OSError:  # the main process stopped listening (Ctrl-C, an error elsewhere): this unit is done
            return


def _loads(message: memoryview) -> tuple[bool, Any]:
    try:
        return pickle.loads(message)  # type: ignore[no-any-return]
    except Exception as exc:  # an exception class that cannot be rebuilt here
        raise ScrapelintError(f"a worker's result could not be read: {exc!r}") from None


class _Worker:
    """This process's end of one worker: a non-blocking socket, what waits to be sent, the tasks it was given."""

    def __init__(self, sock: socket.socket, wait: Callable[[], int | None]) -> None:
        sock.setblocking(False)
        self.sock = sock
        self._wait = wait  # waits for the process to end; its exit code
        self._ended = False
        self.outbox: deque[memoryview] = deque()
        self.inbox = bytearray()  # received bytes: ``filled`` of them, the start of the next message first
        self.filled = 0
        self.need = 0  # the size of the message being received, when it is larger than the buffer
        self.tickets: deque[int] = deque()  # tasks sent, in the order it runs them

    def flush(self) -> None:
        """Send what the socket takes now."""
        while self.outbox:
            view = self.outbox[0]
            try:
                sent = self.sock.send(view)
            except BlockingIOError:
                return
            except OSError as exc:
                raise self.died() from exc
            if sent < len(view):
                self.outbox[0] = view[sent:]
                return
            self.outbox.popleft()

    def replies(self) -> list[tuple[bool, Any]]:
        """The replies that arrived complete since the last call, unpickled.

        Bytes are received into one buffer kept for the worker's life: a fresh buffer per read costs page faults
        (a --fix filter's results carry its output, 1 MiB a batch)."""
        try:
            while True:
                if len(self.inbox) - self.filled < _READ_SIZE:
                    self.inbox.extend(bytes(max(_READ_SIZE, self.need - len(self.inbox))))
                with memoryview(self.inbox) as free:
                    count = self.sock.recv_into(free[self.filled :])
                if not count:
                    raise self.died()  # end of stream: the worker is gone
                self.filled += count
                if self.filled < len(self.inbox):
                    break
        except BlockingIOError:
            pass
        except OSError as exc:  # reset: the worker died with a task unread
            raise self.died() from exc
        replies, start = [], 0
        with memoryview(self.inbox) as inbox:
            while self.filled - start >= _HEADER.size:
                end = start + _HEADER.size + _HEADER.unpack_from(inbox, start)[0]
                if end > self.filled:
                    self.need = end - start  # the buffer grows to hold the whole message
                    break
                replies.append(_loads(inbox[start + _HEADER.size : end]))
                start = end
            inbox[: self.filled - start] = inbox[start : self.filled]
        self.filled -= start
        return replies

    def reap(self) -> int | None:
        """Wait for the process to end (once); its exit code."""
        if not self._ended:
            self._ended, self.code = True, self._wait()
        return self.code

    def died(self) -> ScrapelintError:
        self.sock.close()
        return ScrapelintError(f"a worker process ended unexpectedly (exit code {self.reap()}); the run is incomplete")


def _flush_std_streams() -> None:
    """A forked worker must not inherit text this process has buffered (it could write it a second time)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _fork(start: Callable[..., None], args: tuple[Any, ...], workers: list[_Worker]) -> None:
    """Fork a worker that runs ``_serve(start, args)``; add this process's end of it to ``workers``."""
    ours, theirs = socket.socketpair()
    _flush_std_streams()
    # Ctrl-C is held back over the fork: caught in the child before the worker ignores it, it would raise in this
    # process's code running in the child.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    if pid == 0:  # the worker: it never returns into the caller's code
        _ignore_ctrl_c()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        code = 1
        try:
            for sock in (ours, *(w.sock for w in workers)):  # each worker must see its own end of stream
                sock.close()
            _serve(theirs, start, args)
            code = 0
        except Exception:
            traceback.print_exc()
        finally:
            os._exit(code)
    theirs.close()
    workers.append(_Worker(ours, lambda: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])))
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C that came meanwhile is raised now, here


def _spawn(context: BaseContext, start: Callable[..., None], args: tuple[Any, ...]) -> _Worker:
    ours, theirs = socket.socketpair()
    process = context.Process(target=_serve, args=(theirs, start, args), daemon=True)  # type: ignore[attr-defined]
    process.start()
    theirs.close()

    def reap() -> int | None:
        process.join()
        return process.exitcode

    return _Worker(ours, reap)


# A document that makes the built-in families compile their lazily built tables (phrase scans, caption scans).
WARM_UP_TEXT = (
    "Photo: Reuters\nThe council approved the new budget on Monday after a long debate.\n\n"
    "Read more: Sign up for our newsletter\n© 2024 Example News. All rights reserved.\n"
)


def can_fork() -> bool:
    """Fork workers from this process when that is safe: Linux, and no other thread that could hold a lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class _Pool:
    """N worker processes taking tasks in submission order, each given at most PREFETCH at a time (one running,
    the next already there when it ends), so that a slow unit holds back little work of the others."""

    def __init__(self, runner: Runner) -> None:
        self.workers: list[_Worker] = []
        self.backlog: deque[tuple[int, bytes]] = deque()  # pickled tasks no worker has yet
        self.results: dict[int, tuple[bool, Any]] = {}
        self.submitted = self.taken = 0
        try:
            self._start(runner)
        except BaseException:
            self.close()
            raise
        self.selector = selectors.DefaultSelector()  # created after the forks: workers need no copy of it
        for worker in self.workers:
            self.selector.register(worker.sock, selectors.EVENT_READ, worker)

    def _start(self, runner: Runner) -> None:
        jobs = runner.options.jobs
        if can_fork():
            # Forked workers start at once with the rules built and compiled here, once, instead of once each.
            runner.warm_up(WARM_UP_TEXT)
            copy = runner.worker_copy()
            for _ in range(jobs):
                _fork(_adopt, (copy,), self.workers)
            return
        # Otherwise workers start from a clean process (no inherited threads or locks) and build their own rules.
        import multiprocessing

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["scrapelint.parallel"])
        for _ in range(jobs):
            self.workers.append(_spawn(context, _start_worker, (runner.options, runner.corpus)))

    @property
    def in_flight(self) -> int:
        """Submitted tasks whose result has not been taken."""
        return self.submitted - self.taken

    def submit(self, task: Callable[..., Any], args: tuple[Any, ...]) -> int:
        ticket = self.submitted
        self.submitted += 1
        self.backlog.append((ticket, pickle.dumps((task, args), pickle.HIGHEST_PROTOCOL)))
        self._hand_out()
        return ticket

    def outcome(self, ticket: int) -> tuple[bool, Any]:
        """(True, the task's result) or (False, the exception it raised). A worker lost raises here."""
        while ticket not in self.results:
            self._wait()
        self.taken += 1
        return self.results.pop(ticket)

    def _hand_out(self) -> None:
        while self.backlog:
            worker = min(self.workers, key=lambda w: len(w.tickets))
            if len(worker.tickets) >= PREFETCH:
                return
            ticket, data = self.backlog.popleft()
            worker.tickets.append(ticket)
            worker.outbox += (memoryview(_HEADER.pack(len(data))), memoryview(data))
            worker.flush()
            if worker.outbox:
                self.selector.modify(worker.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, worker)

    def _wait(self) -> None:
        """Block until some worker's socket is ready; send and receive what can be."""
        for key, mask in self.selector.select():
            worker: _Worker = key.data
            if mask & selectors.EVENT_WRITE:
                worker.flush()
                if not worker.outbox:
                    self.selector.modify(worker.sock, selectors.EVENT_READ, worker)
            if mask & selectors.EVENT_READ:
                for reply in worker.replies():
                    self.results[worker.tickets.popleft()] = reply
        self._hand_out()

    def close(self) -> None:
        """End the workers: each finishes the units it holds (at most PREFETCH; file writes are atomic), sees its
        socket close and exits. Units not handed out are dropped."""
        if hasattr(self, "selector"):
            self.selector.close()
        for worker in self.workers:
            worker.sock.close()
        for worker in self.workers:
            worker.reap()

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the main side --------------------------------------------------------------------------------------------------


@dataclass
class _Step:
    """One unit of work (``task`` with ``args``) or an in-order action in this process (``task`` None).

    ``then`` gets the task's result, or the :data:`Failure` it raised, or None for an action.
    """

    then: Callable[[Any], Iterator[Event]]
    task: Callable[..., Any] | None = None
    args: tuple[Any, ...] = ()
    after_previous: bool = False  # submitted only once every earlier step has run


def _in_order(pool: _Pool, steps: Iterator[_Step], window: int) -> Iterator[Iterator[Event]]:
    """Submit steps ahead (at most ``window`` units in flight) and run their ``then`` in submission order.

    Yields each step's events as one iterator, to be used up before the next is asked for: flattened by
    ``itertools.chain``, a record's event passes through no generator of this module but the batch's own.
    """
    pending: deque[tuple[_Step, int | None]] = deque()

    def finish() -> Iterator[Event]:
        step, ticket = pending.popleft()
        if ticket is None:
            return step.then(None)
        done, result = pool.outcome(ticket)
        if not done and not isinstance(result, _FAILURES):
            raise result
        return step.then(result)

    for step in steps:
        while step.after_previous and pending:
            yield finish()
        pending.append((step, pool.submit(step.task, step.args) if step.task is not None else None))
        while pool.in_flight >= window or (pending and pending[0][1] is None):
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
    lines; workers read the records themselves. The last batches get smaller, so that the workers end together."""
    jobs = runner.options.jobs
    with runner.open_jsonl(path) as stream:
        fd = stream.fileno()
        try:
            size = os.fstat(fd).st_size
            line, offset = 1, 0
            while blob := os.pread(fd, min(BATCH_BYTES, max(MIN_BATCH_BYTES, (size - offset) // (2 * jobs))), offset):
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
    # A file rewritten in place by a worker waits until the JSONL output before it is renamed into place: a kill
    # then leaves at most one temporary file per worker (this process writes JSONL outputs, workers the others).
    fixes_in_place = runner.options.fix and not runner.options.diff
    jsonl_output_open = False
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
            jsonl_output_open = item != "-" and runner.options.writes_records and not runner.options.diff
        elif item == "-":  # text on stdin: one document, checked here
            yield _Step(lambda _, path=item: _here(runner, path))
        else:
            wait = fixes_in_place and jsonl_output_open
            jsonl_output_open = False
            yield _Step(lambda result, path=item: _file_done(runner, path, result), _check_file, (item,), wait)


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
        with _Pool(runner) as pool:
            for _ in _in_order(pool, _collect_steps(runner, [f for f in files if isinstance(f, str)], counts), window):
                pass  # the steps add up the counts
        runner.use_corpus(counts[0])
    with _Pool(runner) as pool:
        yield from itertools.chain.from_iterable(_in_order(pool, _check_steps(runner, files), window))


__all__ = ["BATCH_BYTES", "BatchResult", "check_batch", "run_parallel"]
