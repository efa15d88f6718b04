"""The ``scrapelint`` command: exit codes, subcommands, rule selection, fixing, --diff, the stdin filter, reports
written from one run, --statistics, --quiet, --config and per-file ignores."""

from __future__ import annotations

import json
import os
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from homoglyph import DAMAGED, FIXED, homoglyph_code, homoglyph_column, homoglyph_in
from plugin_registration import plugin_registered
from run_cli import run_cli
from scrapelint import __version__
from scrapelint.registry import GROUP, all_rules
from scrapelint.rule import DocumentRule

CLEAN = "The council approved the budget on Monday.\n"
COL = homoglyph_column()  # where the homoglyph finding on DAMAGED starts


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def test_plugin():
    with plugin_registered():
        yield


def write(name: str, text: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


# -- exit codes -----------------------------------------------------------------------------------------------------


def test_exit_0_when_clean():
    write("clean.txt", CLEAN)
    result = run_cli("check", "clean.txt")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed.\n"


def test_a_run_with_an_unreadable_input_does_not_say_all_checks_passed():
    write("clean.txt", CLEAN)
    result = run_cli("check", "clean.txt", "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt: no such file or folder" in result.stderr
    assert result.stdout == "No findings, but 1 input could not be checked (see the errors above).\n"


def test_exit_1_with_findings_and_0_with_exit_zero():
    write("news.txt", DAMAGED)
    assert run_cli("check", "news.txt").exit_code == 1
    assert run_cli("check", "--exit-zero", "news.txt").exit_code == 0


def test_default_path_is_the_current_folder():
    write("sub/news.txt", DAMAGED)
    result = run_cli("check")
    assert result.exit_code == 1 and f"sub/news.txt:1:{COL}:" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--no-such-option"], "No such option '--no-such-option'"),
        (["check", "--output-format", "xml", "a.txt"], "Invalid value for '--output-format'"),
        (["check", "--select", "Q999", "a.txt"], "unknown rule code or name: 'Q999'"),
        (["check", "missing.txt"], "missing.txt: no such file or folder"),
        (["check", "--config", "missing.toml", "a.txt"], "missing.toml: cannot read config"),
        (["check", "--baseline", "missing.json", "a.txt"], "missing.json: cannot read baseline"),
        (["nonsense"], "No such command 'nonsense'"),
    ],
)
def test_exit_2_on_usage_config_and_input_errors(args, message):
    write("a.txt", CLEAN)
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_exit_2_on_a_bad_config_file_naming_file_and_key():
    write("scrapelint.toml", "selekt = ['U']\n")
    write("a.txt", CLEAN)
    result = run_cli("check", "a.txt")
    assert result.exit_code == 2
    assert "scrapelint.toml: unknown key 'selekt'" in result.stderr
    assert result.stderr.startswith("scrapelint: error: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"caf\xe9 au lait\n", "not valid UTF-8 (byte 0xE9 at offset 3)"),
        (b"\xff\xfeh\x00i\x00", "UTF-16 text"),
        (b"PK\x03\x04\x00\x00binary", "binary file"),
    ],
)
def test_exit_2_on_unreadable_input_and_the_other_files_are_still_checked(data, message):
    write("bad.txt", data)
    write("news.txt", DAMAGED)
    result = run_cli("check", "bad.txt", "news.txt")
    assert result.exit_code == 2  # an input error wins over findings
    assert f"bad.txt: {message}" in result.stderr
    assert f"news.txt:1:{COL}:" in result.stdout


def test_exit_zero_does_not_hide_errors():
    write("news.txt", DAMAGED)
    assert run_cli("check", "--exit-zero", "news.txt", "missing.txt").exit_code == 2


def test_exit_130_when_interrupted(monkeypatch):
    from scrapelint import runner

    def interrupted(self, paths):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(runner.Runner, "run", interrupted)
    write("news.txt", DAMAGED)
    result = run_cli("check", "news.txt")
    assert result.exit_code == 130 and "interrupted" in result.stderr


# -- rules, explain, --version ----------------------------------------------------------------------------------------


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"scrapelint, version {__version__}"


def test_rules_lists_every_rule(test_plugin):
    result = run_cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(all_rules())
    row = next(line for line in lines if line.startswith("X001"))
    assert row.split()[:5] == ["X001", "doubled-word", "testplugin", "fix", "on"]
    row = next(line for line in lines if line.startswith("X004"))
    assert row.split()[:4] == ["X004", "repeated-line-test", "testplugin", "off"]  # not fixable, off by default


def test_rules_as_json(test_plugin):
    rows = json.loads(run_cli("rules", "--output-format", "json").stdout)
    assert {r["code"] for r in rows} == set(all_rules())
    assert next(r for r in rows if r["code"] == "X002") == {
        "code": "X002",
        "name": "long-word",
        "family": "testplugin",
        "severity": "info",
        "fixable": False,
        "default": True,
        "summary": "A word longer than `max-length` letters.",
    }


@pytest.mark.parametrize("key", ["X001", "x001", "doubled-word"])
def test_explain_by_code_or_name(test_plugin, key):
    result = run_cli("explain", key)
    assert result.exit_code == 0
    assert result.stdout.startswith("X001 [doubled-word] (testplugin, warning, fixable, on by default)\n\n")
    assert "## What it does" in result.stdout and "## Fix safety" in result.stdout


def test_explain_a_builtin_rule_and_an_unknown_one():
    assert run_cli("explain", homoglyph_code()).exit_code == 0
    result = run_cli("explain", "no-such-rule")
    assert result.exit_code == 2 and "unknown rule 'no-such-rule'" in result.stderr


# -- selection ------------------------------------------------------------------------------------------------------


TWO_PROBLEMS = "The g\u03bfvernment said the the budget passed.\n"


def codes_reported(*args: str) -> set[str]:
    result = run_cli("check", "--output-format", "json", *args, "two.txt")
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"U", "X001"}),
        (["--select", "X001"], {"X001"}),
        (["--select", "doubled-word"], {"X001"}),  # a name
        (["--select", "X0"], {"X001"}),  # a prefix
        (["--select", "testplugin"], {"X001"}),  # a family
        (["--select", "X001,U"], {"U", "X001"}),  # comma-separated
        (["--select", "X001", "--select", "U"], {"U", "X001"}),  # repeated
        (["--ignore", "X"], {"U"}),
        (["--ignore", "doubled-word"], {"U"}),
        (["--select", "U", "--extend-select", "X001"], {"U", "X001"}),
        (["--select", "X001", "--ignore", "X001"], set()),
    ],
)
def test_select_ignore_and_extend_select(test_plugin, args, expected):
    write("two.txt", TWO_PROBLEMS)
    u = homoglyph_code()
    assert codes_reported(*args) == {u if code == "U" else code for code in expected}


# -- text output ------------------------------------------------------------------------------------------------------


def test_text_output_format_with_caret_and_fix_preview():
    write("news.txt", "Intro line.\r\n" + DAMAGED)
    result = run_cli("check", "news.txt")
    code = homoglyph_code()
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"news.txt:2:{COL}: {code} [")
    finding = homoglyph_in(DAMAGED)
    caret = " " * finding.start + "^" * (finding.end - finding.start)
    assert lines[1:4] == ["  |", "2 | The g\u03bfvernment approved the budget on Monday.", f"  | {caret}"]
    assert lines[4].startswith("  = fix: replace ")
    assert result.stdout.endswith("Found 1 finding (1 fixable).\n[*] 1 fixable with --fix.\n")


def test_text_caret_accounts_for_wide_characters_and_hides_control_characters():
    text = "\U0001f600\u202e g\u03bfvernment\n"
    into_word = homoglyph_in(text).start - text.index("g")  # 0 if the rule flags the word, 1 for the letter
    write("news.txt", text)
    lines = run_cli("check", "--select", homoglyph_code(), "news.txt").stdout.splitlines()
    assert lines[0].startswith(f"news.txt:1:{4 + into_word}: ")  # emoji and bidi override: one column each
    assert lines[2] == "1 | \U0001f600\u00a4 g\u03bfvernment"  # the bidi override is shown as a visible mark
    assert lines[3].startswith("  | " + " " * (4 + into_word) + "^")  # the emoji takes two terminal cells


def test_statistics_counts_per_rule(test_plugin):
    write("a.txt", TWO_PROBLEMS + "the the end\n")
    result = run_cli("check", "--statistics", "a.txt")
    assert result.exit_code == 1
    assert "     2  X001  [*] doubled-word\n" in result.stdout
    assert f"     1  {homoglyph_code()}  [*] " in result.stdout
    assert "a.txt:1:" not in result.stdout  # counts instead of each finding
    assert "Found 3 findings (3 fixable)." in result.stdout


def test_quiet_prints_findings_only():
    write("news.txt", DAMAGED)
    write("page.html", "<html><body><article><p>" + "A real paragraph of text here. " * 20 + "</p></article></html>")
    result = run_cli("check", "--quiet", "news.txt")
    assert f"news.txt:1:{COL}:" in result.stdout and "Found" not in result.stdout
    result = run_cli("check", "--quiet", "--fix", "page.html")
    assert result.stderr == "" and "All checks passed" not in result.stdout  # no notice, no summary


# -- fixing ---------------------------------------------------------------------------------------------------------


def test_fix_rewrites_the_file_and_exits_0_when_nothing_remains():
    path = write("news.txt", "Intro.\r\n" + DAMAGED.replace("\n", "\r\n"))
    result = run_cli("check", "--fix", "news.txt")
    assert result.exit_code == 0
    assert path.read_bytes() == ("Intro.\r\n" + FIXED.replace("\n", "\r\n")).encode()  # CRLF kept
    assert "Found 0 findings (0 fixable; 1 fixed)." in result.stdout


def test_fix_never_rewrites_a_file_with_nothing_to_change(test_plugin):
    clean = write("clean.txt", CLEAN)
    unfixable = write("long.txt", "A supercalifragilisticexpialidocious word.\n")  # X002 has no fix
    os.utime(clean, (1_000_000_000, 1_000_000_000))
    os.utime(unfixable, (1_000_000_000, 1_000_000_000))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clean, unfixable)}
    result = run_cli("check", "--fix", "clean.txt", "long.txt")
    assert result.exit_code == 1  # the long word remains
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (clean, unfixable)} == before
    assert sorted(os.listdir(".")) == ["clean.txt", "long.txt"]  # no temporary file left behind


def test_fix_keeps_a_utf8_byte_order_mark():
    path = write("bom.txt", b"\xef\xbb\xbf" + DAMAGED.encode())
    run_cli("check", "--fix", "bom.txt")
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_diff_writes_nothing_and_shows_the_change():
    path = write("news.txt", DAMAGED)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    result = run_cli("check", "--diff", "news.txt")
    assert path.read_bytes() == DAMAGED.encode() and path.stat().st_mtime == 1_000_000_000
    assert result.stdout == f"--- a/news.txt\n+++ b/news.txt\n@@ -1 +1 @@\n-{DAMAGED}+{FIXED}"
    assert "1 would be fixed" in result.stderr  # the report goes to stderr: stdout is the diff
    assert result.exit_code == 1  # something to fix: a CI check with --diff fails


def test_diff_on_a_clean_file_is_empty_and_exits_0():
    write("clean.txt", CLEAN)
    result = run_cli("check", "--diff", "clean.txt")
    assert result.exit_code == 0 and result.stdout == ""


def test_unsafe_fixes_only_with_the_option(test_plugin):
    write("phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "Subscribe now"\n')
    write("scrapelint.toml", 'packs = ["phrases.toml"]\nselect = ["X003"]\n')
    story = "The council approved the budget on Monday after a long debate.\n\nSubscribe now!\n"
    path = write("news.txt", story)
    result = run_cli("check", "--fix", "news.txt")
    assert result.exit_code == 1 and path.read_text() == story
    assert "= unsafe fix: delete" in result.stdout
    result = run_cli("check", "--fix", "--unsafe-fixes", "news.txt")
    assert result.exit_code == 0
    assert path.read_text() == "The council approved the budget on Monday after a long debate.\n"


def test_unsafe_fixes_from_config_and_no_unsafe_fixes_overrides_it(test_plugin):
    write("phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "Subscribe now"\n')
    write("scrapelint.toml", 'packs = ["phrases.toml"]\nselect = ["X003"]\nunsafe-fixes = true\n')
    story = "The council approved the budget on Monday after a long debate.\n\nSubscribe now!\n"
    path = write("news.txt", story)
    assert run_cli("check", "--fix", "--no-unsafe-fixes", "news.txt").exit_code == 1
    assert path.read_text() == story
    assert run_cli("check", "--fix", "news.txt").exit_code == 0
    assert "Subscribe" not in path.read_text()


def test_fixable_count_follows_the_fix_mode_of_the_config(test_plugin):
    # the finding's only fix is unsafe: "fixable" means fixable by `--fix` under the config that checked the file
    write("phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "Subscribe now"\n')
    write("news.txt", "The council approved the budget on Monday after a long debate.\n\nSubscribe now!\n")
    write("scrapelint.toml", 'packs = ["phrases.toml"]\nselect = ["X003"]\n')
    assert "Found 1 finding (0 fixable)." in run_cli("check", "news.txt").stdout
    assert "Found 1 finding (1 fixable)." in run_cli("check", "--unsafe-fixes", "news.txt").stdout
    write("scrapelint.toml", 'packs = ["phrases.toml"]\nselect = ["X003"]\nunsafe-fixes = true\n')
    result = run_cli("check", "news.txt")
    assert "Found 1 finding (1 fixable)." in result.stdout and "[*] 1 fixable with --fix." in result.stdout
    assert "Found 1 finding (0 fixable)." in run_cli("check", "--no-unsafe-fixes", "news.txt").stdout


def test_safety_valve_refuses_and_says_why(test_plugin):
    write("phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "Subscribe"\n')
    write("scrapelint.toml", 'packs = ["phrases.toml"]\nselect = ["X003"]\nunsafe-fixes = true\n')
    text = "Short story.\nSubscribe to our newsletter today\nSubscribe for free gifts\n"
    path = write("news.txt", text)
    result = run_cli("check", "--fix", "news.txt")
    assert path.read_text() == text
    assert result.exit_code == 1
    assert "news.txt: fix refused: it would remove 82% of the document's words (limit 50%" in result.stdout
    config = 'packs = ["phrases.toml"]\nselect = ["X003"]\nunsafe-fixes = true\n'
    write("scrapelint.toml", config + "max-removed-share = 0.9\n")
    assert run_cli("check", "--fix", "news.txt").exit_code == 0
    assert path.read_text() == "Short story.\n"


# -- the stdin filter -------------------------------------------------------------------------------------------------


def test_stdin_filter_prints_the_fixed_text_and_reports_on_stderr():
    result = run_cli("check", "--fix", "-", stdin=("Intro.\r\n" + DAMAGED).encode())
    assert result.stdout_bytes == ("Intro.\r\n" + FIXED).encode()
    assert "Found 0 findings (0 fixable; 1 fixed)." in result.stderr
    assert result.exit_code == 0


def test_stdin_filter_passes_clean_text_through_unchanged():
    text = "Caf\u00e9 \u00abna\u00efve\u00bb \U0001f600\r\u041f\u0440\u0438\u0432\u0435\u0442, no newline at the end"
    result = run_cli("check", "--fix", "-", stdin=text.encode())
    assert result.stdout_bytes == text.encode() and result.exit_code == 0


def test_stdin_filter_passes_undecodable_input_through_and_exits_2():
    data = b"caf\xe9 " + DAMAGED.encode()
    result = run_cli("check", "--fix", "-", stdin=data)
    assert result.stdout_bytes == data  # a filter never eats what it cannot read
    assert result.exit_code == 2 and "-: not valid UTF-8" in result.stderr


def test_stdin_filter_for_jsonl_records():
    records = [
        {"id": 1, "text": DAMAGED, "url": "https://example.org/a"},
        {"id": 2, "text": CLEAN, "meta": {"lang": "en"}},
    ]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    result = run_cli("check", "--fix", "--text-field", "text", "-", stdin=data)
    out = [json.loads(line) for line in result.stdout_bytes.splitlines()]
    assert out == [{**records[0], "text": FIXED}, records[1]]
    assert result.stdout_bytes.splitlines()[1] == data.splitlines()[1]  # the untouched record is byte-identical
    assert "1 fixed" in result.stderr


def test_stdin_filename_names_the_input_and_picks_the_kind_and_config():
    write("scrapelint.toml", '[per-file-ignores]\n"legacy/*" = ["U"]\n')
    record = json.dumps({"text": DAMAGED}).encode() + b"\n"
    result = run_cli("check", "--stdin-filename", "dump.jsonl", "-", stdin=record)
    assert result.stdout.startswith(f"dump.jsonl:1:1:{COL}: {homoglyph_code()} ")
    result = run_cli("check", "--stdin-filename", "legacy/old.txt", "-", stdin=DAMAGED)
    assert result.exit_code == 0  # per-file-ignores apply to the stdin name


def test_stdin_filename_with_an_html_suffix_checks_the_page_main_text():
    body = "A real paragraph of text here about the city council. " * 6
    page = f"<html><body><nav>Home</nav><article><p>{body}</p><p>{DAMAGED}</p></article></body></html>"
    result = run_cli("check", "--stdin-filename", "page.html", "-", stdin=page)
    assert result.exit_code == 1 and f"page.html:2:{COL}: {homoglyph_code()} " in result.stdout
    # a filter does not rewrite HTML: the page goes through byte for byte, with a notice
    result = run_cli("check", "--fix", "--stdin-filename", "page.html", "-", stdin=page)
    assert result.stdout_bytes == page.encode()
    assert "page.html: --fix does not rewrite HTML" in result.stderr


def test_stdin_check_only_reports_on_stdout():
    result = run_cli("check", "-", stdin=DAMAGED)
    assert result.exit_code == 1 and result.stdout.startswith(f"-:1:{COL}: ")


# -- reports from one run -------------------------------------------------------------------------------------------


def test_output_file_sarif_output_and_json_output_from_one_run():
    write("news.txt", DAMAGED)
    result = run_cli(
        "check",
        "--output-format",
        "github",
        "--output-file",
        "annotations.txt",
        "--sarif-output",
        "out/report.sarif",
        "--json-output",
        "report.json",
        "news.txt",
    )
    assert result.exit_code == 1
    assert result.stdout == ""  # everything went to files
    assert Path("annotations.txt").read_text().startswith("::error file=news.txt,line=1,")
    sarif = json.loads(Path("out/report.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [homoglyph_code()]
    report = json.loads(Path("report.json").read_text())
    assert [(f["path"], f["start"]["line"], f["start"]["column"]) for f in report["findings"]] == [("news.txt", 1, COL)]
    for name in ("annotations.txt", "out/report.sarif", "report.json"):
        assert Path(name).stat().st_mode & 0o777 == 0o666 & ~_umask()  # a new report gets the usual file mode


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_extra_reports_are_complete_with_quiet():
    write("news.txt", DAMAGED)
    run_cli("check", "--quiet", "--sarif-output", "r.sarif", "--json-output", "r.json", "news.txt")
    assert json.loads(Path("r.sarif").read_text())["runs"][0]["results"]
    assert json.loads(Path("r.json").read_text())["summary"]["findings"] == 1


def test_report_after_fix_describes_the_fixed_text():
    write("news.txt", DAMAGED)
    run_cli("check", "--fix", "--json-output", "r.json", "news.txt")
    assert json.loads(Path("r.json").read_text())["summary"] | {"by_rule": {}} == {
        "documents": 1,
        "findings": 0,
        "fixable": 0,
        "fixed": 1,
        "refused": 0,
        "problems": 0,
        "by_rule": {},
    }


# -- configuration through the CLI ----------------------------------------------------------------------------------


def test_config_option_overrides_discovery():
    write("scrapelint.toml", 'ignore = ["U"]\n')
    write("strict.toml", 'select = ["U"]\n')
    write("news.txt", DAMAGED)
    assert run_cli("check", "news.txt").exit_code == 0
    assert run_cli("check", "--config", "strict.toml", "news.txt").exit_code == 1


def test_closest_config_applies_per_file():
    write("pyproject.toml", '[tool.scrapelint]\nselect = ["U"]\n')
    write("archive/.scrapelint.toml", 'ignore = ["U"]\n')
    write("news.txt", DAMAGED)
    write("archive/old.txt", DAMAGED)
    result = run_cli("check", ".")
    assert f"news.txt:1:{COL}:" in result.stdout and "archive" not in result.stdout


def test_per_file_ignores_through_the_cli():
    write("pyproject.toml", '[tool.scrapelint.per-file-ignores]\n"raw/**" = ["U"]\n"*.md" = ["unicode"]\n')
    write("raw/a.txt", DAMAGED)
    write("notes.md", DAMAGED)
    write("news.txt", DAMAGED)
    result = run_cli("check", "--select", "U", ".")
    assert result.exit_code == 1
    assert f"news.txt:1:{COL}:" in result.stdout
    assert "raw/a.txt" not in result.stdout and "notes.md" not in result.stdout


def test_severity_override_shows_in_reports():
    code = homoglyph_code()
    write("scrapelint.toml", f'[severity]\n{code} = "info"\n')
    write("news.txt", DAMAGED)
    result = run_cli("check", "--output-format", "github", "news.txt")
    assert result.stdout.startswith("::notice file=news.txt,")


# -- corpus rules -----------------------------------------------------------------------------------------------------


def test_corpus_rule_sees_every_document_first(test_plugin):
    write("a.txt", "First story.\nShare this article\n")
    write("b.txt", "Second story.\nShare this article\n")
    write("c.txt", "Third story.\n")
    result = run_cli("check", "--select", "X004", "--output-format", "json", ".")
    found = [(f["path"], f["start"]["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("a.txt", 2), ("b.txt", 2)]
    write("scrapelint.toml", "[rules.repeated-line-test]\nmin-documents = 3\n")
    assert run_cli("check", "--select", "X004", ".").exit_code == 0


# -- broken plugins and crashing rules ------------------------------------------------------------------------------


class CrashingRule(DocumentRule):
    """Crashes on every document.

    ## What it does
    Nothing useful.

    ## Why is this bad?
    It is a test.

    ## Example
    Any text.

    ## Fix safety
    No fix.
    """

    code, name, family = "X090", "crashing-rule", "testplugin"

    def check(self, doc):
        raise ZeroDivisionError("boom")


def test_a_broken_plugin_is_an_error_not_a_traceback():
    broken = EntryPoint("broken", "no_such_module_xyz:RULES", GROUP)
    write("news.txt", CLEAN)
    with plugin_registered(broken):
        for args in (["rules"], ["check", "news.txt"]):
            result = run_cli(*args)
            assert result.exit_code == 2
            assert "plugin broken (no_such_module_xyz:RULES) failed to load" in result.stderr


def test_a_crashing_rule_names_itself_and_the_document_and_exits_2():
    write("news.txt", CLEAN)
    write("other.txt", DAMAGED)
    with plugin_registered(EntryPoint("crash", "test_cli:CrashingRule", GROUP)):
        result = run_cli("check", "--extend-select", "X090", "news.txt", "other.txt")
    assert result.exit_code == 2
    assert "news.txt: rule X090 [crashing-rule] crashed: ZeroDivisionError('boom')" in result.stderr
    assert "Traceback" not in result.stderr


def test_stdin_diff_shows_the_change_and_reports_on_stderr():
    result = run_cli("check", "--diff", "--stdin-filename", "story.txt", "-", stdin=DAMAGED)
    assert result.stdout == f"--- a/story.txt\n+++ b/story.txt\n@@ -1 +1 @@\n-{DAMAGED}+{FIXED}"
    assert "1 would be fixed" in result.stderr and result.exit_code == 1
