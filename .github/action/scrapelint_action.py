"""The steps of the scrapelint GitHub Action (``action.yml``): ``install`` and ``run``.

Inputs arrive as environment variables (``INPUT_*``), never spliced into shell code, so a value such as
``$(touch pwned)`` is only ever a string. ``args`` is split with :func:`shlex.split` (no shell, no eval) and every
path goes after ``--``, so neither can smuggle in an option the action owns.

This script needs only the standard library and talks to scrapelint through its command line and its JSON report
(``schema_version`` 1), so it works with whichever scrapelint version the ``version`` input installs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import tempfile
import unicodedata
import venv
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

FAIL_ON = ("error", "warning", "never")
SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
FAILING = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}
# Options whose value the action decides: the annotations, the summary and the outputs depend on them.
OWNED_OPTIONS = ("--output-format", "--output-file", "--sarif-output", "--json-output", "--diff")
SUMMARY_LIMIT = 1024 * 1024  # GitHub rejects a step summary over 1 MiB
SUMMARY_RESERVE = 16 * 1024  # room kept for the closing note
CELL_LIMIT = 300  # characters of a message shown in a summary cell
VERSION = re.compile(r"(==|>=|<=|~=|!=|>|<)?\s*[0-9][0-9A-Za-z.+!*-]*")
# Characters with a meaning in Markdown or HTML, shown literally in summary cells.
_MARKDOWN = {ch: f"&#{ord(ch)};" for ch in "&<>|\\`*_[]~@:#!$"}


class InputError(Exception):
    """A bad action input: reported as one annotation, exit code 2."""


# -- workflow commands and files --------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    # The runner's own rule for workflow command values (as @actions/core does it).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command(name: str, message: str, **props: str) -> None:
    head = ",".join(f"{k}={escape_data(v).replace(':', '%3A').replace(',', '%2C')}" for k, v in props.items())
    print(f"::{name}{' ' + head if head else ''}::{escape_data(message)}", flush=True)


def print_untrusted(text: str) -> None:
    """Print text that may contain ``::`` lines (file names, scraped text) with workflow commands switched off."""
    if not text:
        return
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    print(f"::{token}::", flush=True)


def set_outputs(values: dict[str, str]) -> None:
    """Append step outputs to ``$GITHUB_OUTPUT`` in the multi-line form (a value can never end the record)."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


# -- install ----------------------------------------------------------------------------------------------------------


def requirement(version: str, action_path: str) -> str:
    """What pip installs: the action's own checkout, or scrapelint at the ``version`` input."""
    version = version.strip()
    if not version:
        if not action_path:
            raise InputError("GITHUB_ACTION_PATH is not set: cannot install the action's own checkout")
        return action_path
    if not VERSION.fullmatch(version):
        raise InputError(f"version must be a version such as 0.2.1 or a specifier such as >=0.2 (got {version!r})")
    return f"scrapelint{version}" if version[0] in "=<>~!" else f"scrapelint=={version}"


def install() -> int:
    spec = requirement(os.environ.get("INPUT_VERSION", ""), os.environ.get("GITHUB_ACTION_PATH", ""))
    home = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "scrapelint-action"
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = next(p for p in (bin_dir / "python", bin_dir / "python.exe") if p.exists())
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", spec]
    if subprocess.run(pip, stdin=subprocess.DEVNULL).returncode != 0:
        raise InputError(f"could not install {spec}")
    executable = next(p for p in (bin_dir / "scrapelint", bin_dir / "scrapelint.exe") if p.exists())
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Installed {version} from {spec}")
    set_outputs({"scrapelint": str(executable)})
    return 0


# -- run --------------------------------------------------------------------------------------------------------------


def parse_paths(raw: str) -> list[str]:
    paths = [line.strip() for line in raw.splitlines() if line.strip()]
    if not paths:
        raise InputError("the paths input is required: one or more files or folders, one per line")
    for path in paths:
        if path == "-" or "\x00" in path:
            raise InputError(f"paths: {path!r} is not a file or folder name")
    return paths


def parse_args(raw: str) -> list[str]:
    try:
        args = shlex.split(raw)
    except ValueError as exc:
        raise InputError(f"args: {exc} in {raw!r}") from None
    for arg in args:
        name = arg.split("=", 1)[0]
        short_o = arg.startswith("-") and not arg.startswith("--") and "o" in arg[1:]
        if name in OWNED_OPTIONS or short_o or "\x00" in arg:
            raise InputError(f"args: {arg!r} is set by the action (use its inputs: fail-on, sarif-file)")
    return args


def parse_fail_on(raw: str) -> str:
    value = raw.strip()
    if value not in FAIL_ON:
        raise InputError(f"fail-on must be one of {', '.join(FAIL_ON)} (got {raw!r})")
    return value


def parse_sarif_file(raw: str) -> str:
    if any(ch in raw for ch in "\x00\r\n"):
        raise InputError(f"sarif-file: {raw!r} is not a file name")
    return raw.strip()


def cell(text: str) -> str:
    """Text from a finding as a Markdown table cell: literal, one line, invisible characters named."""
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "\u2026"
    out = []
    for ch in text:
        if ch in _MARKDOWN:
            out.append(_MARKDOWN[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(f"&lt;U+{ord(ch):04X}&gt;")
        else:
            out.append(ch)
    return "".join(out)


def _count(n: int, noun: str, plural: str = "") -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _location(finding: dict[str, Any]) -> tuple[str, str]:
    """(shown location, link target or "") of a finding in the JSON report."""
    path, record = finding["path"], finding.get("record")
    line, column = finding["start"]["line"], finding["start"]["column"]
    shown = f"{path}:{record} (text {line}:{column})" if record is not None else f"{path}:{line}:{column}"
    server, repo, sha = (os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    relative = Path(path)
    if relative.is_absolute():
        try:
            relative = relative.relative_to(Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve())
        except ValueError:
            return shown, ""
    if not (server and repo and sha) or ".." in relative.parts:
        return shown, ""
    anchor = record if record is not None else line
    return shown, f"{server}/{repo}/blob/{sha}/{quote(relative.as_posix())}#L{anchor}"


def summary_markdown(report: dict[str, Any], fail_on: str, failed: bool, limit: int = SUMMARY_LIMIT) -> str:
    """The step summary: totals, a table per rule, then every finding (most severe first) while it fits."""
    findings: list[dict[str, Any]] = report.get("findings", [])
    totals = report.get("summary", {})
    by_severity = Counter(f["severity"] for f in findings)
    lines = ["## scrapelint", ""]
    if not findings:
        lines.append(f"No findings in {_count(totals.get('documents', 0), 'document')}.")
    else:
        severities = ", ".join(_count(by_severity[s], s) for s in SEVERITY_RANK if by_severity[s])
        lines.append(
            f"**{_count(len(findings), 'finding')}** in {_count(totals.get('documents', 0), 'document')} "
            f"({severities}); {totals.get('fixable', 0):,} fixable with `scrapelint check --fix`."
        )
    if totals.get("fixed"):
        lines.append(f"{_count(totals['fixed'], 'fix', 'fixes')} applied.")
    if totals.get("problems"):
        lines.append(f"{_count(totals['problems'], 'input')} could not be read (see the log).")
    verdict = "failed" if failed else "passed"
    lines += ["", f"Result: **{verdict}** (fail-on: `{fail_on}`).", ""]
    if findings:
        rules: dict[str, tuple[str, str]] = {}
        for f in findings:
            rules.setdefault(f["code"], (f["name"], f["severity"]))
        counts = Counter(f["code"] for f in findings)
        lines += ["| Rule | Name | Severity | Findings |", "| --- | --- | --- | ---: |"]
        for code, n in sorted(counts.items(), key=lambda kv: (-SEVERITY_RANK.get(rules[kv[0]][1], 0), -kv[1], kv[0])):
            name, severity = rules[code]
            lines.append(f"| {cell(code)} | {cell(name)} | {cell(severity)} | {n:,} |")
        lines += ["", "| Severity | Location | Rule | Message |", "| --- | --- | --- | --- |"]
    text = "\n".join(lines) + "\n"
    size = len(text.encode("utf-8"))
    ordered = sorted(findings, key=lambda f: -SEVERITY_RANK.get(f["severity"], 0))  # stable: file order within
    rows: list[str] = []
    for shown_count, f in enumerate(ordered):
        shown, link = _location(f)
        where = f"[{cell(shown)}]({link})" if link else cell(shown)
        row = f"| {cell(f['severity'])} | {where} | {cell(f['code'])} {cell(f['name'])} | {cell(f['message'])} |\n"
        size += len(row.encode("utf-8"))
        if size > limit - SUMMARY_RESERVE:
            rest = len(ordered) - shown_count
            rows.append(
                f"\n… and {rest:,} more findings not shown here: a step summary holds at most 1 MiB. "
                "Every finding is in the step log, the SARIF file and code scanning.\n"
            )
            break
        rows.append(row)
    return text + "".join(rows)


def run() -> int:
    paths = parse_paths(os.environ.get("INPUT_PATHS", ""))
    args = parse_args(os.environ.get("INPUT_ARGS", ""))
    fail_on = parse_fail_on(os.environ.get("INPUT_FAIL_ON", "error"))
    sarif_file = parse_sarif_file(os.environ.get("INPUT_SARIF_FILE", ""))
    executable = os.environ.get("SCRAPELINT") or "scrapelint"
    with tempfile.TemporaryDirectory(prefix="scrapelint-action-") as tmp:
        json_file = Path(tmp) / "report.json"
        cmd = [executable, "check", *args, "--output-format=github", f"--json-output={json_file}"]
        if sarif_file:
            Path(sarif_file).parent.mkdir(parents=True, exist_ok=True)
            cmd.append(f"--sarif-output={sarif_file}")
        cmd += ["--", *paths]
        print_untrusted(f"Running: {shlex.join(cmd)}")  # args may hold a quoted newline and a "::" line
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
        print_untrusted(done.stderr)
        try:
            report = json.loads(json_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            command("error", f"scrapelint stopped without a report (exit code {done.returncode}); see the log")
            return done.returncode or 2
    severities = {f["severity"] for f in report.get("findings", [])}
    failed = bool(severities & FAILING[fail_on]) or done.returncode not in (0, 1)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8", errors="replace") as out:
            out.write(summary_markdown(report, fail_on, failed, SUMMARY_LIMIT - _size(summary_path)))
    set_outputs({"findings": str(len(report.get("findings", []))), "sarif-file": sarif_file})
    if done.returncode not in (0, 1):
        command("error", f"scrapelint could not check every input (exit code {done.returncode}); see the log")
        return done.returncode
    if failed:
        print(f"scrapelint: failing because of findings at fail-on level {fail_on!r} or above")
        return 1
    return 0


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def main(argv: list[str]) -> int:
    steps = {"install": install, "run": run}
    if len(argv) != 2 or argv[1] not in steps:
        print(f"usage: {argv[0]} install|run", file=sys.stderr)
        return 2
    try:
        return steps[argv[1]]()
    except InputError as exc:
        command("error", str(exc), title="scrapelint action")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
