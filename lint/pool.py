"""A pool of worker processes that runs tasks and hands back their outcomes, with no helper thread.

Used by ``--jobs N`` (:mod:`scrapelint.parallel`), which knows nothing of how tasks travel; this module knows nothing
of linting: what a worker sets up first is passed in (``start`` and its arguments).

Why not ``concurrent.futures`` or ``multiprocessing.Pool``: they run helper threads in the main process (a
ProcessPoolExecutor runs two, to feed its queue and to collect results). With as many workers as cores, every
wake-up of those threads takes CPU from a worker. Here the thread that submits tasks and takes outcomes does all the
talking itself:

- **One socket per worker.** Each worker holds one end of a socket pair; the main process keeps the other,
  non-blocking, and watches them all with one selector. Tasks (a module-level function and its arguments) and
  replies travel as **length-prefixed pickles**: an 8-byte length, then the pickle, since a stream socket keeps no
  message boundaries. Each side receives into one buffer kept for the worker's life.
- **The main process never blocks on a socket.** Whenever it waits for an outcome, it sends what each worker's
  socket takes and reads whatever has arrived; so a worker blocked sending a large result is always drained while
  the main process still has tasks to send it. A worker uses plain blocking reads and writes: it has nothing else
  to do.
- **Prefetch.** A worker is given at most :data:`PREFETCH` tasks at a time: the one it runs and the next, already
  there when it ends, so it never idles while the main process is busy. The rest wait in this process (the
  backlog) and go to whichever worker has fewest, so that a slow task holds back little other work.
- **Outcomes.** :meth:`Pool.submit` returns a ticket; :meth:`Pool.outcome` gives that task's ``(True, result)``
  or ``(False, exception)``: an exception a task raises travels back and is the caller's to raise or report.
- **A dying worker** (killed, out of memory) shows as the end of its stream, or a reset when it died with a task
  unread. Its tasks are lost, so the pool does not carry on: it reaps the process and raises a
  :class:`~scrapelint.errors.ScrapelintError` that names its exit code.
- **Ctrl-C.** A terminal sends SIGINT to the whole process group. Workers ignore it, so only the main process
  stops (a KeyboardInterrupt in the caller's code); closing the pool closes the sockets, each worker finishes
  the tasks it holds, sees the end of its stream and exits; the backlog is dropped.
- **Fork or a fresh start.** Forked workers (``fork=True``; safe only where :func:`can_fork` says so) start at once
  and inherit what the main process built, such as compiled tables. Otherwise each worker starts from a clean
  interpreter, by a fork server where the platform has one (the ``preload`` modules are imported once, in the
  server) or else by spawning; ``start``, its arguments and every task must then be picklable.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import ScrapelintError

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PREFETCH = 2  # tasks handed to one worker at a time: the one it runs and the next

_HEADER = struct.Struct("!Q")  # the length of the pickle that follows
_READ_SIZE = 1 << 18  # the least room the main process offers one read of a worker's socket

Outcome = tuple[bool, Any]  # (True, a task's result) or (False, the exception it raised)


def can_fork() -> bool:
    """Fork workers from this process when that is safe: Linux, and no other thread that could hold a lock."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


# -- the worker's side ----------------------------------------------------------------------------------------------


def _ignore_ctrl_c() -> None:
    """A worker that took Ctrl-C would die mid-task with a traceback and be reported lost; ignoring it leaves the
    main process to stop the run, while the tasks a worker holds run to their end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serve(sock: socket.socket, start: Callable[..., None], args: tuple[Any, ...]) -> None:
    """A worker's life: ``start(*args)``, then run each task that comes and send back its outcome, until the main
    process closes its end."""
    _ignore_ctrl_c()  # a forked worker ignores it already; a fresh one starts here
    start(*args)
    buffer = bytearray(_READ_SIZE)
    while (message := _receive(sock, buffer)) is not None:
        with message:
            task, task_args = pickle.loads(message)
        reply = _run(task, task_args)
        try:
            _send(sock, reply)
        except OSError:  # the main process stopped listening (Ctrl-C, an error elsewhere): this task is done
            return


def _run(task: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """The task's outcome, pickled."""
    try:
        outcome: Outcome = (True, task(*args))
    except Exception as exc:  # raised or reported by the main process when it takes this outcome
        outcome = (False, exc)
    try:
        return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an unpicklable result or exception
        return pickle.dumps((False, ScrapelintError(f"a worker could not send its result: {exc!r}")))


def _send(sock: socket.socket, data: bytes) -> None:
    # Two sends, not one of header + data: joining them would copy the whole pickle (a result can be megabytes).
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
    """Fill the first ``size`` bytes of ``buffer`` from the socket. False at the end of the stream, or when the main
    process closed its end with replies unread (a reset)."""
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


# -- the main process's side ----------------------------------------------------------------------------------------


def _loads(message: memoryview) -> Outcome:
    try:
        return pickle.loads(message)  # type: ignore[no-any-return]
    except Exception as exc:  # an exception class that cannot be rebuilt here
        raise ScrapelintError(f"a worker's result could not be read: {exc!r}") from None


class _Worker:
    """The main process's end of one worker: a non-blocking socket, what waits to be sent, the tasks it was given."""

    def __init__(self, sock: socket.socket, wait_for_exit: Callable[[], int | None]) -> None:
        sock.setblocking(False)
        self.sock = sock
        self._wait_for_exit = wait_for_exit  # waits for the process to end; its exit code
        self._ended = False
        self.code: int | None = None  # the exit code, once reaped
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

    def replies(self) -> list[Outcome]:
        """The replies that arrived complete since the last call, unpickled."""
        self._receive_available()
        return self._take_complete()

    def _receive_available(self) -> None:
        """Append to the inbox what the socket holds now.

        Bytes are received into one buffer kept for the worker's life: a fresh buffer per read costs page faults
        (a --fix filter's results carry its output, 1 MiB a batch)."""
        try:
            while True:
                if len(self.inbox) - self.filled < _READ_SIZE:  # room for a read, or for the whole message
                    self.inbox.extend(bytes(max(_READ_SIZE, self.need - len(self.inbox))))
                with memoryview(self.inbox) as free:
                    count = self.sock.recv_into(free[self.filled :])
                if not count:
                    raise self.died()  # end of stream: the worker is gone
                self.filled += count
                if self.filled < len(self.inbox):
                    break  # the read did not fill the buffer: the socket is empty
        except BlockingIOError:
            pass
        except OSError as exc:  # reset: the worker died with a task unread
            raise self.died() from exc

    def _take_complete(self) -> list[Outcome]:
        """Unpickle the complete messages at the start of the inbox; move what is left to its start."""
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
            self._ended, self.code = True, self._wait_for_exit()
        return self.code

    def died(self) -> ScrapelintError:
        """Close the socket and reap the process: the error to raise."""
        self.sock.close()
        return ScrapelintError(f"a worker process ended unexpectedly (exit code {self.reap()}); the run is incomplete")


def _flush_std_streams() -> None:
    """A forked worker must not inherit text this process has buffered (it could write it a second time)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _fork(start: Callable[..., None], args: tuple[Any, ...], workers: list[_Worker]) -> None:
    """Fork a worker that runs ``_serve(start, args)``; add this process's end of it to ``workers`` (before a
    Ctrl-C held back meanwhile is let through, so that closing the pool ends this worker too)."""
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
    if pid == 0:  # the child
        _be_forked_worker(theirs, (ours, *(w.sock for w in workers)), mask, start, args)
    theirs.close()
    workers.append(_Worker(ours, lambda: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])))
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C that came meanwhile is raised now, here


def _be_forked_worker(
    sock: socket.socket,
    inherited: Iterable[socket.socket],
    mask: Iterable[int],
    start: Callable[..., None],
    args: tuple[Any, ...],
) -> NoReturn:
    """The forked child: serve, then exit; it never returns into the caller's code."""
    _ignore_ctrl_c()  # before the mask is restored: a Ctrl-C that came over the fork is dropped
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    code = 1
    try:
        for other in inherited:  # each worker must see its own end of stream
            other.close()
        _serve(sock, start, args)
        code = 0
    except Exception:
        traceback.print_exc()
    finally:
        os._exit(code)


def _fresh_context(preload: Sequence[str]) -> BaseContext:
    """How to start workers from a clean process: by a fork server where the platform has one (the ``preload``
    modules imported once, in the server), else by spawning a new interpreter each."""
    import multiprocessing  # only here: a forked pool does without it, and start-up stays shorter

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(list(preload))
    return context


def _spawn(context: BaseContext, start: Callable[..., None], args: tuple[Any, ...]) -> _Worker:
    ours, theirs = socket.socketpair()
    process = context.Process(target=_serve, args=(theirs, start, args), daemon=True)  # type: ignore[attr-defined]
    process.start()
    theirs.close()

    def reap() -> int | None:
        process.join()
        return process.exitcode

    return _Worker(ours, reap)


class Pool:
    """``jobs`` worker processes, each set up by ``start(*args)``, running tasks in submission order, each worker
    given at most PREFETCH at a time. See the module's docstring for how it works."""

    def __init__(
        self,
        jobs: int,
        start: Callable[..., None],
        args: tuple[Any, ...],
        *,
        fork: bool,
        preload: Sequence[str] = (),
    ) -> None:
        self.workers: list[_Worker] = []
        self.backlog: deque[tuple[int, bytes]] = deque()  # pickled tasks no worker has yet
        self.results: dict[int, Outcome] = {}
        self.submitted = self.taken = 0
        try:
            if fork:
                for _ in range(jobs):
                    _fork(start, args, self.workers)
            else:
                context = _fresh_context(preload)
                for _ in range(jobs):
                    self.workers.append(_spawn(context, start, args))
        except BaseException:
            self._end_workers()
            raise
        self.selector = selectors.DefaultSelector()  # created after the forks: workers need no copy of it
        for worker in self.workers:
            self.selector.register(worker.sock, selectors.EVENT_READ, worker)

    @property
    def in_flight(self) -> int:
        """Submitted tasks whose outcome has not been taken."""
        return self.submitted - self.taken

    def submit(self, task: Callable[..., Any], args: tuple[Any, ...]) -> int:
        """Queue ``task(*args)``; its ticket for :meth:`outcome`."""
        ticket = self.submitted
        self.submitted += 1
        self.backlog.append((ticket, pickle.dumps((task, args), pickle.HIGHEST_PROTOCOL)))
        self._hand_out()
        return ticket

    def outcome(self, ticket: int) -> Outcome:
        """(True, the task's result) or (False, the exception it raised), waiting for it. A worker lost raises."""
        while ticket not in self.results:
            self._exchange()
        self.taken += 1
        return self.results.pop(ticket)

    def _hand_out(self) -> None:
        """Give backlog tasks to the least busy workers, as long as one holds fewer than PREFETCH."""
        while self.backlog:
            worker = min(self.workers, key=lambda w: len(w.tickets))
            if len(worker.tickets) >= PREFETCH:
                return
            ticket, data = self.backlog.popleft()
            worker.tickets.append(ticket)
            worker.outbox += (memoryview(_HEADER.pack(len(data))), memoryview(data))  # as _send: no joined copy
            worker.flush()
            if worker.outbox:  # the socket is full: the rest goes when it can take more
                self.selector.modify(worker.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, worker)

    def _exchange(self) -> None:
        """Block until some worker's socket is ready; send and receive what can be, then hand out more tasks."""
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
        """End the workers: each finishes the tasks it holds (at most PREFETCH), sees its socket close and exits.
        Tasks not handed out are dropped."""
        self.selector.close()
        self._end_workers()

    def _end_workers(self) -> None:
        for worker in self.workers:
            worker.sock.close()
        for worker in self.workers:
            worker.reap()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["PREFETCH", "Outcome", "Pool", "can_fork"]
