"""Running the linter over inputs: files, folders, JSONL records, HTML pages and stdin.

The runner turns inputs into documents, checks or fixes each with the :class:`~scrapelint.linter.Linter` that
the closest configuration gives, writes fixes atomically, and yields one event per document (a
:class:`DocumentResult`) or per unreadable input (a :class:`~scrapelint.inputs.Problem`). Reporters and the CLI
consume those events; nothing here prints.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import inputs
from .atomic import atomic_writer, write_atomic
from .config import Config, config_for, load_config
from .document import Document, Source
from .errors import InputError, ScrapelintError
from .finding import Finding
from .inputs import Problem, Record
from .linter import CorpusCounts, Linter, add_counts, ignored_codes
from .stream import (
    RecordPolicy,
    apply_policy,
    compressing_writer,
    compression_of,
    decompressing_reader,
    sniff_compression,
)

if TYPE_CHECKING:
    from .fixer import FixResult
    from .progress import Progress


@dataclass
class RunOptions:
    fix: bool = False
    unsafe_fixes: bool | None = None  # None: what the config says
    diff: bool = False  # show what --fix would change; write nothing
    text_field: str = "text"
    stdin_is_jsonl: bool = False
    stdin_filename: str | None = None
    config_path: Path | None = None  # --config: overrides discovery
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    policy: RecordPolicy = field(default_factory=RecordPolicy)  # --annotate, --drop-if (JSONL records)
    rejects: str | None = None  # --rejects: where records dropped by --drop-if go
    jobs: int = 1  # worker processes

    @property
    def rewrites(self) -> bool:
        return self.fix or self.diff

    @property
    def writes_records(self) -> bool:
        """JSONL records are written out (to stdout for stdin, else in place), not only checked."""
        return self.fix or self.policy.writes_records


@dataclass
class DocumentResult:
    document: Document  # the text the findings refer to (the fixed text after a fix)
    findings: list[Finding]  # what remains
    fixed: list[Finding] = field(default_factory=list)  # fixes applied
    refused: str | None = None  # why the safety valve refused to fix this document
    original: str | None = None  # the text before fixing, when it changed
    unsafe: bool = False  # the document's fix mode (its config or --unsafe-fixes): which findings count as fixable

    @classmethod
    def of_fix(cls, doc: Document, result: FixResult, unsafe: bool) -> DocumentResult:
        """The result of fixing ``doc``: the findings left refer to the fixed text."""
        fixed = Document(result.text, doc.source, doc.language)
        original = doc.text if result.text != doc.text else None
        return cls(fixed, result.remaining, result.applied, result.refused, original, unsafe)


Event = DocumentResult | Problem


class Runner:
    def __init__(
        self,
        options: RunOptions,
        stdout: IO[bytes] | None = None,
        progress: Progress | None = None,
        linters: dict[Path | None, Linter] | None = None,  # built already (by config file), to share
    ) -> None:
        self.options = options
        self.stdout = stdout or sys.stdout.buffer  # where the stdin filter and --diff write
        self.progress = progress
        self._linters: dict[Path | None, Linter] = {} if linters is None else linters
        self._corpus: CorpusCounts | None = None
        self._stdin_copy: IO[bytes] | None = None
        self._stdin_error: InputError | None = None  # stdin could not be read whole: every later read says so
        self._stdin_compression: str | None = None
        self._spool_stdin = True  # False when stdin JSONL is read once: it then streams in constant memory
        self.rejects: IO[bytes] | None = None  # --rejects (through its compressor), open for the run
        self._rejects_file: IO[bytes] | None = None
        # Fail fast on a broken --config before touching any input.
        if options.config_path is not None:
            self.linter_for_config(load_config(options.config_path))

    # -- configuration --------------------------------------------------------------------------------------------
    def config_for(self, path: str) -> Config:
        if self.options.config_path is not None:
            return load_config(self.options.config_path)
        return config_for(self.options.stdin_filename or "-" if path == "-" else path)

    def linter_for_config(self, config: Config) -> Linter:
        linter = self._linters.get(config.path)
        if linter is None:
            o = self.options
            linter = Linter(config, select=o.select, extend_select=o.extend_select, ignore=o.ignore)
            if o.unsafe_fixes is not None:
                linter.config = linter.config.with_overrides(unsafe_fixes=o.unsafe_fixes)
            self._linters[config.path] = linter
        return linter if self._corpus is None else linter.with_corpus(self._corpus)

    def linter_for(self, path: str) -> tuple[Linter, frozenset[str]]:
        config = self.config_for(path)
        name = self.options.stdin_filename or "-" if path == "-" else path
        return self.linter_for_config(config), ignored_codes(config, name)

    # -- the run ----------------------------------------------------------------------------------------------------
    def run(self, paths: Iterable[str]) -> Iterator[Event]:
        paths = list(paths)
        files = list(
            inputs.discover(paths, load_config(self.options.config_path) if self.options.config_path else None)
        )
        files = self._without_rejects(files, paths)
        two_pass = any(self.linter_for(f)[0].has_corpus_rules for f in files if isinstance(f, str))
        self._spool_stdin = two_pass or self.kind("-") != "jsonl"
        if self.progress is not None:
            self.progress.start(files)
        try:
            self._open_rejects()
            if self.options.jobs > 1:
                from .parallel import run_parallel

                yield from run_parallel(self, files, two_pass)
                return
            if two_pass:
                self._corpus = self.collect_counts(f for f in files if isinstance(f, str))
            for item in files:
                if isinstance(item, Problem):
                    yield item
                    continue
                if self.progress is not None:
                    self.progress.begin(item)
                yield from self.file_events(item)
                if self.progress is not None:
                    self.progress.file_done(item)
        finally:
            self._close_rejects()
            if self.progress is not None:
                self.progress.close()

    def _without_rejects(self, files: list[str | Problem], explicit: list[str]) -> list[str | Problem]:
        """The rejects file is an output: never an input found in a walked folder, and refused as a named one."""
        target = self.options.rejects
        if target is None or not os.path.exists(target):
            return files

        def is_target(item: str | Problem) -> bool:
            return isinstance(item, str) and item != "-" and os.path.exists(item) and os.path.samefile(item, target)

        if any(is_target(p) for p in explicit):
            raise InputError(f"{target}: the --rejects file is also an input")
        return [f for f in files if not is_target(f)]

    def _open_rejects(self) -> None:
        """Truncate and open --rejects for the run. Written as records are dropped and synced before any input file
        is replaced, so a dropped record is on disk before the file it came from loses it."""
        path = self.options.rejects
        if path is None:
            return
        try:
            self._rejects_file = open(path, "wb")  # noqa: SIM115 - closed at the end of the run
        except OSError as exc:
            raise InputError(f"{path}: cannot write the rejects file: {exc.strerror or exc}") from None
        self.rejects = compressing_writer(self._rejects_file, compression_of(path))

    def sync_rejects(self) -> None:
        if self.rejects is not None and self._rejects_file is not None:
            self.rejects.flush()
            self._rejects_file.flush()
            with contextlib.suppress(OSError):  # a pipe or /dev/null cannot fsync
                os.fsync(self._rejects_file.fileno())

    def _close_rejects(self) -> None:
        if self.rejects is not None and self._rejects_file is not None:
            self.rejects.close()  # finishes the compressed stream
            self._rejects_file.close()
        self.rejects = self._rejects_file = None

    def use_corpus(self, counts: CorpusCounts | None) -> None:
        """Check with these corpus counts (computed by a corpus pass, here or in other processes)."""
        self._corpus = counts

    @property
    def corpus(self) -> CorpusCounts | None:
        return self._corpus

    def worker_copy(self) -> Runner:
        """A runner for a worker process: these options, corpus and already built linters; it writes to memory
        (reports, records and the rejects go back to this runner)."""
        clone = Runner(replace(self.options, jobs=1, rejects=None), stdout=io.BytesIO(), linters=self._linters)
        clone.use_corpus(self._corpus)
        return clone

    def warm_up(self, text: str) -> None:
        """Check ``text`` with every linter built so far, so that what rules compile lazily is compiled once here
        (worker processes forked afterwards inherit it)."""
        for linter in self._linters.values():
            linter.check(text)

    def file_events(self, path: str) -> Iterator[Event]:
        """The events of one input; its failure becomes one Problem, so one bad file never ends the run."""
        try:
            yield from self._run_file(path)
        except ScrapelintError as exc:
            yield Problem(str(exc))
        except (OSError, EOFError) as exc:  # one input's I/O failure (a full disk, cut stdin) must not end the run
            yield Problem(f"{self.source_name(path)}: cannot read or write: {getattr(exc, 'strerror', None) or exc}")

    def _run_file(self, path: str) -> Iterator[Event]:
        kind = self.kind(path)
        if kind == "jsonl":
            yield from self._run_jsonl(path)
        elif kind == "html":
            yield from self._run_html(path)
        else:
            yield from self._run_text(path)

    def kind(self, path: str) -> str:
        if path == "-":
            # --stdin-filename names the format, except that --text-field says JSONL whatever the name
            return "jsonl" if self.options.stdin_is_jsonl else inputs.kind_of(self.options.stdin_filename or "")
        return inputs.kind_of(path)

    # -- corpus pass ----------------------------------------------------------------------------------------------
    def collect_counts(self, files: Iterable[str]) -> CorpusCounts:
        """The corpus pass: counts over every document of ``files`` (unreadable ones are skipped here)."""
        counts: CorpusCounts = {}
        for path in files:
            try:
                linter = self.linter_for(path)[0]  # once per file: finding its configuration walks the file system
                for doc in self._documents(path):
                    add_counts(counts, linter.collect(doc))
            except ScrapelintError:
                continue  # reported in the main pass
        return counts

    def _documents(self, path: str) -> Iterator[Document]:
        kind = self.kind(path)
        if kind == "jsonl":
            for record in self._records(path):
                if record.document is not None:
                    yield record.document
        elif kind == "html":
            yield self._read_html(path)[0]
        else:
            yield self._text_document(path)

    def _stdin_bytes(self) -> IO[bytes]:
        """Stdin, decompressed if it is gzip or zstd. Spooled once (to disk past 64 MB) so that a corpus pass and the
        main pass can both read it, except for a one-pass JSONL stream, which is read as it comes."""
        if self._stdin_copy is None:
            raw = sys.stdin.buffer
            if not hasattr(raw, "peek"):  # a replaced stdin (tests, embedding) may not buffer
                raw = io.BufferedReader(raw)  # type: ignore[arg-type]
            self._stdin_compression = sniff_compression(raw)  # type: ignore[arg-type]
            stream = decompressing_reader(raw, self._stdin_compression)
            if not self._spool_stdin:
                self._stdin_copy = stream
                return stream
            self._stdin_copy = tempfile.SpooledTemporaryFile(max_size=64 << 20)  # noqa: SIM115 - lives for the run
            try:
                while chunk := stream.read(1 << 20):
                    self._stdin_copy.write(chunk)
            except (OSError, EOFError) as exc:  # a cut or corrupt compressed stream: never work on its head alone
                self._stdin_error = InputError(f"{self.source_name('-')}: cannot read: {exc}")
        if self._stdin_error is not None:
            raise self._stdin_error
        if self._spool_stdin:
            self._stdin_copy.seek(0)
        return self._stdin_copy

    def source_name(self, path: str) -> str:
        return (self.options.stdin_filename or "-") if path == "-" else path

    # -- plain text -------------------------------------------------------------------------------------------------
    def _text_document(self, path: str) -> Document:
        return self._read_text(path)[0]

    def _read_text(self, path: str) -> tuple[Document, bytes]:
        """The document and the UTF-8 byte-order mark its bytes start with (b"" if none).

        The BOM is not part of the text (no rule sees it, columns on line 1 count as in editors) and is put back
        when the fixed text is written.
        """
        name = self.source_name(path)
        data = self._stdin_bytes().read() if path == "-" else inputs.read_bytes(path)
        bom = inputs.UTF8_BOM if data.startswith(inputs.UTF8_BOM) else b""
        text = inputs.decode(data, name)
        return Document(text, Source(name, kind="stdin" if path == "-" else "text")), bom

    def _run_text(self, path: str) -> Iterator[Event]:
        try:
            doc, bom = self._read_text(path)
        except InputError:
            if path == "-" and self.options.fix and not self.options.diff:
                self.stdout.write(self._stdin_bytes().read())  # a filter passes what it cannot read through untouched
            raise
        linter, ignore = self.linter_for(path)
        if not self.options.rewrites:
            yield DocumentResult(doc, linter.check_document(doc, ignore), unsafe=linter.config.unsafe_fixes)
            return
        result = linter.fix_document(doc, ignore=ignore)
        changed = result.text != doc.text
        if self.options.diff:
            if changed:
                self.stdout.write(unified_diff(doc.text, result.text, doc.source.path).encode("utf-8"))
        elif path == "-":
            self.stdout.write(bom + result.text.encode("utf-8"))
        elif changed:
            write_atomic(path, bom + result.text.encode("utf-8"))
        yield DocumentResult.of_fix(doc, result, linter.config.unsafe_fixes)

    # -- HTML ---------------------------------------------------------------------------------------------------------
    def _read_html(self, path: str) -> tuple[Document, bytes]:
        """The page's main text as a document, and the page's bytes."""
        name = self.source_name(path)
        data = self._stdin_bytes().read() if path == "-" else inputs.read_bytes(path)
        return Document(inputs.extract_html(data, name), Source(name, kind="html")), data

    def _run_html(self, path: str) -> Iterator[Event]:
        doc, data = self._read_html(path)
        linter, ignore = self.linter_for(path)
        if self.options.rewrites:
            if path == "-" and not self.options.diff:
                self.stdout.write(data)  # a filter passes what it does not rewrite through untouched
            message = f"{doc.source.path}: --fix does not rewrite HTML; fix the extracted text instead"
            yield Problem(message, fatal=False)
        yield DocumentResult(doc, linter.check_document(doc, ignore), unsafe=linter.config.unsafe_fixes)

    # -- JSONL --------------------------------------------------------------------------------------------------------
    def _records(self, path: str) -> Iterator[Record]:
        field_name = self.options.text_field
        if path == "-":
            return inputs.read_records(self._stdin_bytes(), self.source_name(path), field_name)
        return inputs.open_records(path, field_name)

    def open_jsonl(self, path: str) -> IO[bytes]:
        """The decompressed bytes of a JSONL input (stdin or a file), for readers that batch raw lines."""
        if path == "-":
            return self._stdin_bytes()
        try:
            return inputs.open_binary(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None

    def _run_jsonl(self, path: str) -> Iterator[Event]:
        with self.jsonl_output(path) as out:
            changed = yield from self._jsonl_events(path, out)
            if out is not None and not changed:
                out.unchanged()

    @contextlib.contextmanager
    def jsonl_output(self, path: str) -> Iterator[RecordSink | None]:
        """Where a JSONL input's records go: stdout for stdin (compressed as stdin was), a file that replaces the
        input atomically, or nowhere when records are only checked or --diff shows the changes."""
        if not self.options.writes_records or self.options.diff:
            yield None
        elif path == "-":
            self._stdin_bytes()  # sniffs stdin's compression
            out = compressing_writer(self.stdout, self._stdin_compression)
            yield RecordSink(out, self.rejects)
            out.close()
        else:
            with atomic_writer(path) as pending:
                out = compressing_writer(pending.file, compression_of(path))  # type: ignore[arg-type]
                sink = RecordSink(out, self.rejects)
                yield sink
                out.close()
                if sink.is_unchanged:
                    pending.cancel()
                else:
                    self.sync_rejects()  # the dropped records are safe before the input loses them

    def _jsonl_events(self, path: str, out: RecordSink | None) -> Iterator[Event]:
        """Check or fix each record; with ``out``, write every record (fixed, annotated or rejected) there, in order.

        Returns whether any record's bytes changed.
        """
        linter, ignore = self.linter_for(path)
        changed = False
        progress = self.progress
        for record in self._records(path):
            outcome = self.process_record(linter, ignore, record)
            yield from outcome.events
            if out is not None:
                out.write(outcome)
            changed = changed or outcome.kept != record.raw
            if progress is not None:
                progress.advance(len(record.raw), records=1)
        return changed

    def process_record(self, linter: Linter, ignore: frozenset[str], record: Record) -> RecordOutcome:
        """Check or fix one JSONL record, then annotate it and keep or reject it (``--annotate``, ``--drop-if``)."""
        raw, doc = record.raw, record.document
        events: list[Event] = [Problem(record.problem)] if record.problem else []
        if doc is None:
            return RecordOutcome(events, raw)
        options = self.options
        if not options.rewrites:
            findings = linter.check_document(doc, ignore)
            events.append(DocumentResult(doc, findings, unsafe=linter.config.unsafe_fixes))
        else:
            result = linter.fix_document(doc, ignore=ignore)
            findings = result.remaining
            changed = result.text != doc.text
            if changed:
                raw = inputs.replace_text_field(raw, options.text_field, result.text)
                if options.diff:
                    self.stdout.write(unified_diff(doc.text, result.text, str(doc.source)).encode("utf-8"))
            events.append(DocumentResult.of_fix(doc, result, linter.config.unsafe_fixes))
        kept, rejected = apply_policy(raw, findings, options.policy)
        return RecordOutcome(events, kept, rejected)


@dataclass
class RecordOutcome:
    """One record's events, and its bytes: ``kept`` for the output, or ``rejected`` for the rejects file."""

    events: list[Event]
    kept: bytes | None
    rejected: bytes | None = None


class RecordSink:
    """The output of one JSONL input (records kept, in order) and the run's rejects file."""

    def __init__(self, out: IO[bytes], rejects: IO[bytes] | None) -> None:
        self.out = out
        self.rejects = rejects
        self.is_unchanged = False

    def write(self, outcome: RecordOutcome) -> None:
        if outcome.kept is not None:
            self.out.write(outcome.kept)
        if outcome.rejected is not None:
            if self.rejects is None:
                raise InputError("a record was dropped but no --rejects file is open")
            self.rejects.write(outcome.rejected)

    def unchanged(self) -> None:
        """No record changed: an input file is left as it was (not rewritten)."""
        self.is_unchanged = True


def unified_diff(before: str, after: str, name: str) -> str:
    name = name.lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


__all__ = [
    "DocumentResult",
    "Event",
    "InputError",
    "RecordOutcome",
    "RecordSink",
    "RunOptions",
    "Runner",
    "unified_diff",
]
