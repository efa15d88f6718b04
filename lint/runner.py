"""Running the linter over inputs: files, folders, JSONL records, HTML pages and stdin.

The runner turns inputs into documents, checks or fixes each with the :class:`~scrapelint.linter.Linter` that
the closest configuration gives, writes fixes atomically, and yields one event per document (a
:class:`DocumentResult`) or per unreadable input (a :class:`~scrapelint.inputs.Problem`). Reporters and the CLI
consume those events; nothing here prints.
"""

from __future__ import annotations

import difflib
import gzip
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import inputs
from .atomic import atomic_writer, write_atomic
from .config import Config, config_for, load_config
from .document import Document, Source
from .errors import InputError, ScrapelintError
from .finding import Finding
from .inputs import Problem, Record
from .linter import CorpusCounts, Linter, ignored_codes, merge_counts


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

    @property
    def rewrites(self) -> bool:
        return self.fix or self.diff


@dataclass
class DocumentResult:
    document: Document  # the text the findings refer to (the fixed text after a fix)
    findings: list[Finding]  # what remains
    fixed: list[Finding] = field(default_factory=list)  # fixes applied
    refused: str | None = None  # why the safety valve refused to fix this document
    original: str | None = None  # the text before fixing, when it changed


Event = DocumentResult | Problem


class Runner:
    def __init__(self, options: RunOptions, stdout: IO[bytes] | None = None) -> None:
        self.options = options
        self.stdout = stdout or sys.stdout.buffer  # where the stdin filter and --diff write
        self._linters: dict[Path | None, Linter] = {}
        self._corpus: CorpusCounts | None = None
        self._stdin_copy: IO[bytes] | None = None
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
        files = list(
            inputs.discover(list(paths), load_config(self.options.config_path) if self.options.config_path else None)
        )
        if any(self.linter_for(f)[0].has_corpus_rules for f in files if isinstance(f, str)):
            self._corpus = self._collect(f for f in files if isinstance(f, str))
        for item in files:
            if isinstance(item, Problem):
                yield item
                continue
            try:
                yield from self._run_file(item)
            except ScrapelintError as exc:
                yield Problem(str(exc))

    def _run_file(self, path: str) -> Iterator[Event]:
        kind = self._kind(path)
        if kind == "jsonl":
            yield from self._run_jsonl(path)
        elif kind == "html":
            yield from self._run_html(path)
        else:
            yield from self._run_text(path)

    def _kind(self, path: str) -> str:
        if path == "-":
            name = self.options.stdin_filename or ""
            return "jsonl" if self.options.stdin_is_jsonl or inputs.kind_of(name) == "jsonl" else "text"
        return inputs.kind_of(path)

    # -- corpus pass ----------------------------------------------------------------------------------------------
    def _collect(self, files: Iterable[str]) -> CorpusCounts:
        counts: CorpusCounts = {}
        for path in files:
            try:
                for doc in self._documents(path):
                    counts = merge_counts(counts, self.linter_for(path)[0].collect(doc))
            except ScrapelintError:
                continue  # reported in the main pass
        return counts

    def _documents(self, path: str) -> Iterator[Document]:
        kind = self._kind(path)
        if kind == "jsonl":
            for record in self._records(path):
                if record.document is not None:
                    yield record.document
        elif kind == "html":
            yield Document(inputs.extract_html(inputs.read_bytes(path), path), Source(path, kind="html"))
        else:
            yield self._text_document(path)

    def _stdin_bytes(self) -> IO[bytes]:
        """Stdin, spooled once so that a corpus pass and the main pass can both read it."""
        if self._stdin_copy is None:
            self._stdin_copy = tempfile.SpooledTemporaryFile(max_size=64 << 20)  # noqa: SIM115 - lives for the run
            while chunk := sys.stdin.buffer.read(1 << 20):
                self._stdin_copy.write(chunk)
        self._stdin_copy.seek(0)
        return self._stdin_copy

    def _source_name(self, path: str) -> str:
        return (self.options.stdin_filename or "-") if path == "-" else path

    # -- plain text -------------------------------------------------------------------------------------------------
    def _text_document(self, path: str) -> Document:
        return self._read_text(path)[0]

    def _read_text(self, path: str) -> tuple[Document, bytes]:
        """The document and the UTF-8 byte-order mark its bytes start with (b"" if none).

        The BOM is not part of the text (no rule sees it, columns on line 1 count as in editors) and is put back
        when the fixed text is written.
        """
        name = self._source_name(path)
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
            yield DocumentResult(doc, linter.check_document(doc, ignore))
            return
        result = linter.fix_document(doc, ignore=ignore)
        fixed = Document(result.text, doc.source, doc.language)
        changed = result.text != doc.text
        if self.options.diff:
            if changed:
                self.stdout.write(unified_diff(doc.text, result.text, doc.source.path).encode("utf-8"))
        elif path == "-":
            self.stdout.write(bom + result.text.encode("utf-8"))
        elif changed:
            write_atomic(path, bom + result.text.encode("utf-8"))
        yield DocumentResult(fixed, result.remaining, result.applied, result.refused, doc.text if changed else None)

    # -- HTML ---------------------------------------------------------------------------------------------------------
    def _run_html(self, path: str) -> Iterator[Event]:
        doc = Document(inputs.extract_html(inputs.read_bytes(path), path), Source(path, kind="html"))
        linter, ignore = self.linter_for(path)
        if self.options.rewrites:
            yield Problem(f"{path}: --fix does not rewrite HTML; fix the extracted text instead", fatal=False)
        yield DocumentResult(doc, linter.check_document(doc, ignore))

    # -- JSONL --------------------------------------------------------------------------------------------------------
    def _records(self, path: str) -> Iterator[Record]:
        field_name = self.options.text_field
        if path == "-":
            return inputs.read_records(self._stdin_bytes(), self._source_name(path), field_name)
        return inputs.open_records(path, field_name)

    def _run_jsonl(self, path: str) -> Iterator[Event]:
        if not self.options.rewrites:
            yield from self._jsonl_events(path, None)
        elif path == "-" and not self.options.diff:
            yield from self._jsonl_events(path, self.stdout)
        elif self.options.diff:
            yield from self._jsonl_events(path, None)
        else:
            with atomic_writer(path) as pending:
                out = _compressed_writer(path, pending.file)
                changed = yield from self._jsonl_events(path, out)
                out.close()
                if not changed:
                    pending.cancel()

    def _jsonl_events(self, path: str, out: IO[bytes] | None) -> Iterator[Event]:
        """Check or fix each record; with ``out``, write every record (fixed or verbatim) there, in order.

        Returns whether any record changed.
        """
        linter, ignore = self.linter_for(path)
        field_name = self.options.text_field
        changed = False
        for record in self._records(path):
            raw, doc = record.raw, record.document
            if record.problem:
                yield Problem(record.problem)
            if doc is not None and not self.options.rewrites:
                yield DocumentResult(doc, linter.check_document(doc, ignore))
            elif doc is not None:
                result = linter.fix_document(doc, ignore=ignore)
                fixed = Document(result.text, doc.source, doc.language)
                if result.text != doc.text:
                    changed = True
                    raw = inputs.replace_text_field(raw, field_name, result.text)
                    if self.options.diff:
                        self.stdout.write(unified_diff(doc.text, result.text, str(doc.source)).encode("utf-8"))
                original = doc.text if result.text != doc.text else None
                yield DocumentResult(fixed, result.remaining, result.applied, result.refused, original)
            if out is not None:
                out.write(raw)
        return changed


def _compressed_writer(path: str, raw: IO[bytes]) -> IO[bytes]:
    lower = path.lower()
    if lower.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if lower.endswith(".zst"):
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return _Unclosable(raw)


class _Unclosable:
    """Lets the plain-file case share the ``out.close()`` of compressed writers without closing the temp file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.write = raw.write

    def close(self) -> None:
        pass


def unified_diff(before: str, after: str, name: str) -> str:
    name = name.lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


__all__ = ["DocumentResult", "Event", "InputError", "RunOptions", "Runner", "unified_diff"]
