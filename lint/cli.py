"""The command line: ``scrapelint check``, ``scrapelint rules``, ``scrapelint explain``.

Exit codes: 0 no finding remains, 1 findings remain, 2 usage, configuration or input error (also when other
files were still checked), 130 interrupted. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--select U,B1 --select C`` -> ("U", "B1", "C"); None when the option was not given."""
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def fail(message: str) -> None:
    say("error", message)


def say(level: str, message: str) -> None:
    """One line on stderr. Messages name files and quote records: their control and bidi characters are shown as
    marks, so a hostile file name cannot retitle or clear the terminal."""
    from .reporters.text import visible

    click.echo(f"scrapelint: {level}: {visible(message)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, "-V", "--version", prog_name="scrapelint")
def main() -> None:
    """scrapelint: find and fix what scraping leaves in text (homoglyphs, hidden characters, boilerplate,
    caption noise)."""


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--fix", is_flag=True, help="Apply safe fixes (and unsafe ones with --unsafe-fixes).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply (or never apply) unsafe fixes.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@click.option("--select", multiple=True, help="Rule codes, prefixes or names to enable (replaces the default set).")
@click.option("--extend-select", multiple=True, help="Rules to enable in addition to the selection.")
@click.option("--ignore", multiple=True, help="Rules to disable.")
@click.option(
    "--output-format",
    type=click.Choice(["text", "json", "jsonl", "sarif", "github", "html"]),
    default="text",
    show_default=True,
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report here, not stdout.")
@click.option("--sarif-output", type=click.Path(dir_okay=False), help="Also write a SARIF report to this file.")
@click.option("--json-output", type=click.Path(dir_okay=False), help="Also write a JSON report to this file.")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain (errors still exit 2).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file only.")
@click.option(
    "--stdin-filename",
    help="The name of the stdin input (for config, per-file ignores, reports); its suffix picks the format.",
)
@click.option("--text-field", default=None, help="JSONL field holding the text  [default: text]")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Store today's findings as a baseline.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help="Worker processes (0: one per core)."
)
@click.option("--annotate", metavar="FIELD", help="JSONL: add each record's findings to this field.")
@click.option("--drop-if", multiple=True, metavar="CODES", help="JSONL: move records with these findings to --rejects.")
@click.option(
    "--rejects", metavar="FILE", help="Where --drop-if puts rejected records (.gz/.zst compress; --dask: a folder)."
)
@click.option(
    "--dask", metavar="ADDRESS", help="Run on a Dask cluster: tcp://host:port, or 'local' for a LocalCluster."
)
@click.option("--records-output", metavar="URL", help="With --dask: where written records go (folder, or *-pattern).")
def check(paths: tuple[str, ...], **opts: Any) -> None:
    """Check PATHS (files, folders, JSONL, HTML; '-' for stdin) and optionally fix them."""
    sys.exit(run_check(paths, opts))


def run_check(paths: tuple[str, ...], opts: dict[str, Any]) -> int:
    from .errors import ScrapelintError

    try:
        return _run_check(paths or (".",), opts)
    except ScrapelintError as exc:
        fail(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("scrapelint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = None  # type: ignore[assignment]  # silence the flush at exit
        return EXIT_ERROR
    except EOFError as exc:  # a compressed stdin cut short (click would print only "Aborted!")
        fail(f"cannot read: {exc}")
        return EXIT_ERROR
    except OSError as exc:  # e.g. the report file's folder is read-only or the disk is full
        fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
        return EXIT_ERROR


@contextlib.contextmanager
def _open_report(path: str | None, default: IO[str]) -> Iterator[IO[str]]:
    if path is None:
        yield default
        return
    from .atomic import atomic_writer, write_errors

    with write_errors(path):  # CI writes reports into folders that do not exist yet (reports/scrapelint.sarif)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as pending, open(pending.file.fileno(), "w", encoding="utf-8", closefd=False) as out:
        yield out


def _run_check(paths: tuple[str, ...], opts: dict[str, Any]) -> int:
    from .baseline import Baseline
    from .inputs import Problem
    from .reporters import Summary, make_reporter
    from .runner import Runner, RunOptions
    from .stream import RecordPolicy, drop_codes

    _check_pipeline_options(opts)
    policy = RecordPolicy(opts["annotate"], drop_codes(_split(opts["drop_if"]) or ()))
    stdin_filter = "-" in paths and (opts["fix"] or policy.writes_records) and not opts["diff"]
    run_options = RunOptions(
        fix=opts["fix"],
        unsafe_fixes=opts["unsafe_fixes"],
        diff=opts["diff"],
        text_field=opts["text_field"] or "text",
        stdin_is_jsonl=opts["text_field"] is not None,
        stdin_filename=opts["stdin_filename"],
        config_path=Path(opts["config_path"]) if opts["config_path"] else None,
        select=_split(opts["select"]),
        extend_select=_split(opts["extend_select"]) or (),
        ignore=_split(opts["ignore"]) or (),
        policy=policy,
        rejects=opts["rejects"],
        jobs=opts["jobs"] or os.cpu_count() or 1,
    )
    if opts["dask"]:
        from .integrations.dask import run_cli

        events = run_cli(run_options, paths, opts["dask"], opts["records_output"])
    else:
        from .progress import Progress

        events = Runner(run_options, progress=Progress.for_terminal()).run(paths)
    baseline = Baseline.load(opts["baseline"]) if opts["baseline"] else None
    to_baseline = Baseline() if opts["write_baseline"] else None
    # The fixed text owns stdout in filter mode (and the diff with --diff), so reports go to stderr.
    default_stream = sys.stderr if stdin_filter or opts["diff"] else sys.stdout
    summary = Summary(dry_run=opts["diff"])
    with contextlib.ExitStack() as stack:
        main_stream = stack.enter_context(_open_report(opts["output_file"], default_stream))
        color = opts["output_file"] is None and main_stream.isatty()
        reporters = [make_reporter(opts["output_format"], main_stream, color=color, statistics=opts["statistics"])]
        for fmt, path in (("sarif", opts["sarif_output"]), ("json", opts["json_output"])):
            if path:
                reporters.append(make_reporter(fmt, stack.enter_context(_open_report(path, sys.stdout))))
        for event in events:
            if isinstance(event, Problem):
                summary.problems += event.fatal
                if event.fatal or not opts["quiet"]:
                    say("error" if event.fatal else "notice", event.message)
                continue
            if to_baseline is not None:
                to_baseline.record(event)
            if baseline is not None:
                event = baseline.filter(event)
            summary.add(event)
            for reporter in reporters:
                reporter.add(event)
        # --quiet drops the text report's closing summary; the extra reports (--sarif-output, --json-output) and a
        # --statistics table are output, not chatter, and are always written whole.
        quiet_text = opts["quiet"] and opts["output_format"] == "text" and not opts["statistics"]
        for index, reporter in enumerate(reporters):
            if not (index == 0 and quiet_text):
                reporter.finish(summary)
    if to_baseline is not None:
        to_baseline.save(opts["write_baseline"])
    if summary.problems:
        return EXIT_ERROR
    # With --diff nothing is written: what would be fixed still is in the files, so it fails the check as ruff does.
    remaining = summary.findings + (summary.fixed if opts["diff"] else 0)
    return EXIT_CLEAN if opts["exit_zero"] or not remaining else EXIT_FINDINGS


def _check_pipeline_options(opts: dict[str, Any]) -> None:
    """Combinations of the record-pipeline options that cannot work, refused before any input is read."""
    from .errors import ScrapelintError as UsageError

    if opts["drop_if"] and not opts["rejects"]:
        raise UsageError("--drop-if needs --rejects FILE: dropped records are kept there, never discarded")
    if opts["rejects"] and not opts["drop_if"]:
        raise UsageError("--rejects needs --drop-if CODES")
    if opts["diff"] and (opts["annotate"] or opts["drop_if"]):
        raise UsageError("--diff shows text changes only; it cannot be combined with --annotate or --drop-if")
    if opts["dask"] and opts["jobs"] != 1:
        raise UsageError("--dask and --jobs exclude each other: the cluster decides the parallelism")
    if opts["records_output"] and not opts["dask"]:
        raise UsageError(
            "--records-output is for --dask runs; without --dask records are written in place or to stdout"
        )


@main.command("rules")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, family, fixable, default on/off."""
    from .errors import ScrapelintError
    from .registry import all_rules

    try:
        rules = all_rules()
    except ScrapelintError as exc:
        fail(str(exc))
        sys.exit(EXIT_ERROR)
    if output_format == "json":
        import orjson

        rows = [
            {
                "code": c,
                "name": r.name,
                "family": r.family,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "default": r.default_enabled,
                "summary": r.summary(),
            }
            for c, r in rules.items()
        ]
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    for code, r in rules.items():
        fixable = "fix" if r.fixable else "   "
        default = "on " if r.default_enabled else "off"
        click.echo(f"{code}  {r.name:<32} {r.family:<12} {fixable} {default}  {r.summary()}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of a rule (by code or name)."""
    from .registry import lookup

    cls = lookup(rule)
    if cls is None:
        fail(f"unknown rule {rule!r} (see `scrapelint rules`)")
        sys.exit(EXIT_ERROR)
    fixable = "fixable" if cls.fixable else "not fixable"
    on = "on by default" if cls.default_enabled else "off by default"
    click.echo(f"{cls.code} [{cls.name}] ({cls.family}, {cls.severity.value}, {fixable}, {on})\n")
    click.echo(cls.documentation())


if __name__ == "__main__":
    main()
