"""Configuration: discovery (the closest file wins), validation errors naming the file and the key, per-file
ignores, severity overrides, rule options, extra packs and allowlists."""

from __future__ import annotations

from pathlib import Path

import pytest
from plugin_registration import plugin_registered
from scrapelint import Linter
from scrapelint.config import Config, config_for, parse_config, read_config_file
from scrapelint.errors import ConfigError
from scrapelint.finding import Severity
from scrapelint.linter import ignored_codes
from scrapelint.packs import PackError, packs_for


@pytest.fixture(autouse=True)
def test_plugin():
    with plugin_registered():
        yield


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- discovery ----------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path / "pyproject.toml", '[tool.scrapelint]\nselect = ["X001"]\n')
    write(tmp_path / "docs" / "scrapelint.toml", 'select = ["X002"]\n')
    write(tmp_path / "docs" / "deep" / ".scrapelint.toml", 'select = ["X003"]\n')
    write(tmp_path / "docs" / "deep" / "scrapelint.toml", 'select = ["X004"]\n')  # loses to .scrapelint.toml
    write(tmp_path / "other" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.scrapelint]: skipped
    return tmp_path


@pytest.mark.parametrize(
    ("file", "config_file", "select"),
    [
        ("a.txt", "pyproject.toml", ("X001",)),
        ("docs/a.txt", "docs/scrapelint.toml", ("X002",)),
        ("docs/sub/a.txt", "docs/scrapelint.toml", ("X002",)),
        ("docs/deep/a.txt", "docs/deep/.scrapelint.toml", ("X003",)),
        ("other/a.txt", "pyproject.toml", ("X001",)),
    ],
)
def test_the_closest_config_file_wins(tree, file, config_file, select):
    config = config_for(str(tree / file))
    assert config.path == (tree / config_file).resolve()
    assert config.select == select
    assert config.root == (tree / config_file).resolve().parent


def test_no_config_file_gives_defaults(tmp_path):
    config = config_for(str(tmp_path / "a.txt"))
    if config.path is not None:  # a config above the temporary folder (unusual) would be found: nothing to test
        pytest.skip(f"a config file above {tmp_path}: {config.path}")
    assert config == Config(root=config.root)


def test_pyproject_without_section_reads_as_empty(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.other]\nx = 1\n")
    assert read_config_file(path).select is None


# -- validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selekt = ["X"]', r"scrapelint.toml: unknown key 'selekt'"),
        ('select = ["Q123"]', r"scrapelint.toml: 'select': unknown rule code or name: 'Q123'"),
        ('extend-select = ["nope"]', r"scrapelint.toml: 'extend-select': unknown rule code or name: 'nope'"),
        ('ignore = ["Z"]', r"scrapelint.toml: 'ignore': unknown rule code or name: 'Z'"),
        ('select = "X001"', r"scrapelint.toml: 'select' must be list, got str"),
        ("select = [1]", r"scrapelint.toml: 'select\[\]' must be str, got int"),
        ('unsafe-fixes = "yes"', r"scrapelint.toml: 'unsafe-fixes' must be bool, got str"),
        ("max-passes = true", r"scrapelint.toml: 'max-passes' must be int, got bool"),
        ("max-removed-share = 2", r"scrapelint.toml: 'max-removed-share' must be between 0 and 1"),
        ('max-removed-share = "half"', r"scrapelint.toml: 'max-removed-share' must be int or float, got str"),
        ('[per-file-ignores]\n"*.md" = ["Q1"]', r"scrapelint.toml: 'per-file-ignores.\*.md': unknown rule code"),
        ('[per-file-ignores]\n"*.md" = "X001"', r"scrapelint.toml: 'per-file-ignores.\*.md' must be list"),
        ('exclude = ["raw/[ab"]', r"scrapelint.toml: 'exclude' has an invalid glob 'raw/\[ab'"),
        ('extend-exclude = ["!keep.txt"]', r"scrapelint.toml: 'extend-exclude' has an invalid glob '!keep.txt'"),
        ('[severity]\nX001 = "fatal"', r"scrapelint.toml: 'severity.X001' must be error, warning or info"),
        ('[severity]\nQ9 = "info"', r"scrapelint.toml: 'severity': unknown rule code or name: 'Q9'"),
        ("[rules.no-such-rule]\nx = 1", r"scrapelint.toml: 'rules.no-such-rule': unknown rule"),
        ("[rules.long-word]\nmax-len = 3", r"scrapelint.toml: 'rules.long-word.max-len': unknown option \(known: max"),
        ('[rules.long-word]\nmax-length = "3"', r"scrapelint.toml: 'rules.long-word.max-length' must be int, got str"),
        ("[rules.doubled-word]\nx = 1", r"'rules.doubled-word.x': unknown option \(known: none\)"),
        ('[allowlist]\nletters = ["µ"]', r"scrapelint.toml: unknown key 'allowlist.letters'"),
        ('packs = ["missing.toml"]', r"scrapelint.toml: 'packs': no such pack file .*missing.toml"),
        ("select = [", r"scrapelint.toml: invalid TOML"),
    ],
)
def test_config_errors_name_the_file_and_the_key(tmp_path, toml, message):
    path = write(tmp_path / "scrapelint.toml", toml + "\n")
    with pytest.raises(ConfigError, match=message) as info:
        read_config_file(path)
    assert str(path) in str(info.value)


def test_pyproject_errors_name_the_file(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.scrapelint]\ncolour = true\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: unknown key 'colour'"):
        read_config_file(path)


def test_unreadable_config_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        read_config_file(tmp_path / "missing.toml")
    path = tmp_path / "scrapelint.toml"
    path.write_bytes(b"select = ['\xff']\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        read_config_file(path)


# -- what the settings do ------------------------------------------------------------------------------------------


def test_valid_config_reads_every_key(tmp_path):
    write(tmp_path / "phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "Subscribe now"\n')
    path = write(
        tmp_path / "scrapelint.toml",
        """
select = ["X00"]
extend-select = ["X004"]
ignore = ["X001"]
exclude = ["raw/**"]
extend-exclude = ["*.bak.txt"]
unsafe-fixes = true
max-removed-share = 0.25
max-passes = 3
packs = ["phrases.toml"]
[per-file-ignores]
"notes/*.md" = ["long-word"]
[severity]
X00 = "info"
[rules.long-word]
max-length = 5
[rules.repeated-line-test]
min-documents = 3
[allowlist]
characters = ["µ", "Ω"]
words = ["Ωmega"]
""",
    )
    config = read_config_file(path)
    assert config.select == ("X00",) and config.extend_select == ("X004",) and config.ignore == ("X001",)
    assert config.exclude == ("raw/**",) and config.extend_exclude == ("*.bak.txt",)
    assert config.unsafe_fixes and config.max_removed_share == 0.25 and config.max_passes == 3
    assert config.packs == ((tmp_path / "phrases.toml").resolve(),)
    assert config.per_file_ignores == {"notes/*.md": ("long-word",)}
    assert config.severity == {c: Severity.INFO for c in ("X001", "X002", "X003", "X004")}
    assert config.rules == {"long-word": {"max-length": 5}, "repeated-line-test": {"min-documents": 3}}
    assert config.allow_characters == frozenset("µΩ") and config.allow_words == frozenset({"Ωmega"})


def test_float_options_accept_integers(tmp_path):
    assert parse_config({"max-removed-share": 1}, None).max_removed_share == 1.0


def test_rule_options_reach_the_rule(tmp_path):
    text = "A supercalifragilisticexpialidocious word."
    assert [f.code for f in Linter(select=["long-word"]).check(text)] == ["X002"]
    strict = parse_config({"rules": {"long-word": {"max-length": 40}}}, None)
    assert Linter(strict, select=["long-word"]).check(text) == []
    by_code = parse_config({"rules": {"X002": {"max-length": 3}}}, None)  # a code works as the table name too
    assert len(Linter(by_code, select=["long-word"]).check(text)) == 2


def test_severity_override_changes_the_reported_severity():
    config = parse_config({"severity": {"doubled-word": "error"}}, None)
    finding = Linter(config, select=["X001"]).check("the the end")[0]
    assert finding.severity is Severity.ERROR
    assert Linter(select=["X001"]).check("the the end")[0].severity is Severity.WARNING


def test_select_ignore_and_extend_select_from_config_and_api_combine():
    config = parse_config({"select": ["X001"], "extend-select": ["X002"]}, None)
    assert Linter(config).codes == ["X001", "X002"]
    assert Linter(config, ignore=["X001"]).codes == ["X002"]
    assert Linter(config, select=["X003"]).codes == ["X002", "X003"]  # extend-select still applies


def test_extra_pack_files_extend_a_rule_without_python(tmp_path):
    write(tmp_path / "phrases.toml", 'family = "testphrases"\nlanguage = "en"\n[[entry]]\ntext = "Subscribe now"\n')
    write(tmp_path / "unrelated.toml", 'family = "otherfamily"\n[[entry]]\ntext = "Story"\n')
    path = write(tmp_path / "scrapelint.toml", 'packs = ["phrases.toml", "unrelated.toml"]\n')
    config = read_config_file(path)
    assert [p.family for p in packs_for("testphrases", config.packs)] == ["testphrases"]
    text = "The council approved the budget on Monday.\n\nSubscribe now for more!\n"
    linter = Linter(config, select=["pack-phrase-line"])
    assert [(f.code, text[f.start : f.end]) for f in linter.check(text)] == [("X003", "Subscribe now")]
    assert linter.fix(text).text == text  # the fix is unsafe
    assert linter.fix(text, unsafe=True).text == "The council approved the budget on Monday.\n"
    assert Linter(select=["pack-phrase-line"]).check(text) == []  # without the pack, nothing to find


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("language = 'en'\n", "missing string key 'family'"),
        ("family = 'testphrases'\nlanguage = 3\n", "'language' must be a string"),
        ("family = 'testphrases'\nentry = 3\n", "'entry' must be an array of tables"),
        ("family = [\n", "invalid TOML"),
    ],
)
def test_bad_pack_files_name_the_file(tmp_path, toml, message):
    pack = write(tmp_path / f"bad-{abs(hash(toml))}.toml", toml)
    with pytest.raises(PackError, match=message) as info:
        packs_for("testphrases", (pack,))
    assert str(pack) in str(info.value)


def test_a_bad_pack_entry_is_a_config_error_naming_file_and_entry(tmp_path):
    write(tmp_path / "phrases.toml", 'family = "testphrases"\n[[entry]]\ntext = "ok"\n[[entry]]\ntext = 3\n')
    config = read_config_file(write(tmp_path / "scrapelint.toml", 'packs = ["phrases.toml"]\n'))
    with pytest.raises(PackError, match=r"phrases\.toml: entry 2: 'text' must be a non-empty string"):
        Linter(config, select=["pack-phrase-line"])


def test_an_unreadable_pack_is_a_config_error(tmp_path):
    pack = tmp_path / "latin1.toml"
    pack.write_bytes(b"family = 'testphrases'\n# caf\xe9\n")
    with pytest.raises(PackError, match=r"latin1\.toml: cannot read pack"):
        packs_for("testphrases", (pack,))


def test_allowlists_reach_the_rules():
    config = parse_config({"allowlist": {"words": ["bye"], "characters": ["µ"]}}, None)
    linter = Linter(config, select=["X001"])
    assert linter.rules[0].settings.allow_characters == frozenset("µ")
    assert linter.check("bye bye now") == []  # the test rule honours allow_words
    assert len(linter.check("the the now")) == 1


# -- per-file ignores and excludes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "ignored"),
    [
        ("*.md", "notes/today.md", True),  # a pattern without "/" matches the name anywhere
        ("*.md", "today.txt", False),
        ("notes/*.md", "notes/today.md", True),
        ("notes/*.md", "other/notes/today.md", False),  # with "/", relative to the config's folder
        ("notes/", "notes/deep/today.txt", True),  # a folder covers everything under it
        ("notes/**", "notes/deep/today.txt", True),
        ("legacy", "archive/legacy/a.txt", True),  # a bare folder name anywhere
        ("**/*.md", "today.md", True),  # "**/" spans any number of folders, none included
        ("**/*.md", "a/b/today.md", True),
        ("notes/**/*.md", "notes/today.md", True),
        ("/notes/*.md", "notes/today.md", True),  # anchored, as in .gitignore
        ("./notes/*.md", "notes/today.md", True),
        ("notes/*.md", "notes/deep/today.md", False),  # "*" stays inside one folder
    ],
)
def test_per_file_ignores_globs(tmp_path, pattern, path, ignored):
    config = parse_config({"per-file-ignores": {pattern: ["X001"]}}, tmp_path / "scrapelint.toml")
    assert (ignored_codes(config, str(tmp_path / path)) == {"X001"}) is ignored


def test_per_file_ignores_with_a_prefix_expand_to_codes(tmp_path):
    config = parse_config({"per-file-ignores": {"*.txt": ["X0", "long-word"]}}, tmp_path / "scrapelint.toml")
    assert ignored_codes(config, str(tmp_path / "a.txt")) == {"X001", "X002", "X003", "X004"}
    assert ignored_codes(config, str(tmp_path / "a.md")) == frozenset()


def test_exclude_and_extend_exclude_globs(tmp_path):
    config = parse_config({"exclude": ["raw/**"], "extend-exclude": ["*.bak.txt"]}, tmp_path / "scrapelint.toml")
    assert config.is_excluded(str(tmp_path / "raw" / "a.txt"))
    assert config.is_excluded(str(tmp_path / "clean" / "a.bak.txt"))
    assert not config.is_excluded(str(tmp_path / "clean" / "a.txt"))


def test_cli_overrides_leave_unset_values_alone():
    config = Config(select=("X001",), unsafe_fixes=True)
    assert config.with_overrides(select=None, unsafe_fixes=False) == Config(
        root=config.root, select=("X001",), unsafe_fixes=False
    )


def test_a_linter_pickles_as_its_configuration():
    import pickle

    config = parse_config({"select": ["X002"], "rules": {"long-word": {"max-length": 5}}}, None)
    clone = pickle.loads(pickle.dumps(Linter(config)))
    assert clone.codes == ["X002"]
    assert [f.code for f in clone.check("A longish sentence.")] == ["X002", "X002"]
