"""Inputs: JSONL (and .jsonl.gz) round trips that touch only the text field, HTML through trafilatura, folder walks
that honour .gitignore and exclude globs, and atomic writes that an interruption cannot half-do."""

from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

import pytest
from homoglyph import homoglyph_column, homoglyph_in
from plugin_registration import plugin_registered
from run_cli import run_cli
from scrapelint import atomic, inputs
from scrapelint.atomic import atomic_writer, write_atomic
from scrapelint.errors import InputError
from scrapelint.inputs import Problem, discover, replace_text_field

DAMAGED = "The g\u03bfvernment approved the budget on Monday."
FIXED = "The government approved the budget on Monday."


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, data: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- JSONL ------------------------------------------------------------------------------------------------------------

# Every record keeps its own spacing, key order, escapes and raw non-ASCII; only the text field of the damaged ones
# changes. Record 2 escapes non-ASCII as \uXXXX (Python's json.dumps default): its fixed text keeps that style.
JSONL_LINES = [
    '{"id": 1, "url": "https:\\/\\/example.org\\/a?x=1&y=\\"2\\"", "text": "' + DAMAGED + '\\nSecond line.", '
    '"title": "Caf\u00e9 \U0001f600", "meta": {"text": "nested, not the text field"}}\n',
    '{"text":"Le g\\u03bfuvernement a vot\\u00e9.\\tFin.","lang":"fr","score":0.5e1}\n',
    '{ "id" : 3 , "text" : "Clean text with \\"quotes\\" and a back\\\\slash." , "tags" : [ "a" , "b" ] }\r\n',
    "\n",
    '{"text": "' + DAMAGED + '", "id": 5}',  # last line without a line break
]
JSONL_FIXED = [
    '{"id": 1, "url": "https:\\/\\/example.org\\/a?x=1&y=\\"2\\"", "text": "' + FIXED + '\\nSecond line.", '
    '"title": "Caf\u00e9 \U0001f600", "meta": {"text": "nested, not the text field"}}\n',
    '{"text":"Le gouvernement a vot\\u00e9.\\tFin.","lang":"fr","score":0.5e1}\n',
    JSONL_LINES[2],
    "\n",
    '{"text": "' + FIXED + '", "id": 5}',
]


def test_jsonl_fix_rewrites_only_the_text_field_byte_for_byte():
    path = write("dump.jsonl", "".join(JSONL_LINES))
    result = run_cli("check", "--fix", "dump.jsonl")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert path.read_bytes().decode("utf-8") == "".join(JSONL_FIXED)
    assert "3 fixed" in result.stdout


def test_jsonl_findings_are_located_by_record_line_and_column():
    write("dump.jsonl", "".join(JSONL_LINES))
    result = run_cli("check", "--output-format", "json", "dump.jsonl")
    where = [
        (f["path"], f["record"], f["start"]["line"], f["start"]["column"])
        for f in json.loads(result.stdout)["findings"]
    ]
    texts = {n: json.loads(JSONL_LINES[n - 1])["text"] for n in (1, 2, 5)}
    columns = {n: homoglyph_in(text).start + 1 for n, text in texts.items()}  # all on the text's first line
    assert where == [("dump.jsonl", n, 1, columns[n]) for n in (1, 2, 5)]
    text = run_cli("check", "dump.jsonl").stdout
    assert text.startswith(f"dump.jsonl:1:1:{columns[1]}: ")


def test_jsonl_text_field_option():
    path = write("dump.jsonl", json.dumps({"text": "untouched g\u03bfvernment", "body": DAMAGED}) + "\n")
    assert run_cli("check", "--fix", "--text-field", "body", "dump.jsonl").exit_code == 0
    assert json.loads(path.read_text()) == {"text": "untouched g\u03bfvernment", "body": FIXED}


def test_jsonl_gz_round_trip():
    path = Path("dump.jsonl.gz")
    path.write_bytes(gzip.compress("".join(JSONL_LINES).encode()))
    assert run_cli("check", "--fix", "dump.jsonl.gz").exit_code == 0
    assert gzip.decompress(path.read_bytes()).decode() == "".join(JSONL_FIXED)


def test_jsonl_with_nothing_to_fix_is_not_rewritten():
    path = write("dump.jsonl", '{"text": "Clean."}\n{"text": "Also clean."}\n')
    os.utime(path, (1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert run_cli("check", "--fix", "dump.jsonl").exit_code == 0
    assert path.stat().st_mtime == 1_000_000_000 and path.stat().st_ino == inode
    assert sorted(os.listdir(".")) == ["dump.jsonl"]


def test_jsonl_diff_writes_nothing():
    path = write("dump.jsonl", "".join(JSONL_LINES))
    result = run_cli("check", "--diff", "dump.jsonl")
    assert path.read_bytes().decode() == "".join(JSONL_LINES)
    assert "--- a/dump.jsonl:1\n+++ b/dump.jsonl:1\n" in result.stdout
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json}", "dump.jsonl:2: not valid JSON"),
        ("[1, 2]", "dump.jsonl:2: record is not a JSON object"),
        ('{"body": "x"}', "dump.jsonl:2: no 'text' field"),
        ('{"text": 42}', "dump.jsonl:2: field 'text' is int, not a string"),
    ],
)
def test_bad_jsonl_records_are_errors_and_are_kept_verbatim_by_fix(line, message):
    path = write("dump.jsonl", json.dumps({"text": DAMAGED}) + "\n" + line + "\n")
    result = run_cli("check", "--fix", "dump.jsonl")
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_text() == json.dumps({"text": FIXED}) + "\n" + line + "\n"


def test_replace_text_field_keeps_everything_else():
    raw = b'{"a": "x", "text": "old \\u00e9", "z": [1, {"text": "n"}]}\r\n'
    assert (
        replace_text_field(raw, "text", "new \u00e9\n")
        == b'{"a": "x", "text": "new \\u00e9\\n", "z": [1, {"text": "n"}]}\r\n'
    )
    raw = '{"text": "old é", "b": 1}\n'.encode()
    assert replace_text_field(raw, "text", "new \u00e9 \U0001f600") == '{"text": "new é 😀", "b": 1}\n'.encode()


def test_corrupt_gzip_is_an_input_error():
    write("dump.jsonl.gz", gzip.compress(b'{"text": "a"}\n' * 50)[:30])
    result = run_cli("check", "dump.jsonl.gz")
    assert result.exit_code == 2 and "dump.jsonl.gz: cannot read" in result.stderr


# -- HTML -------------------------------------------------------------------------------------------------------------

PAGE = """<html><head><title>Budget news</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves budget</h1>
<p>The city council approved the new budget on Monday after a long debate that lasted into the evening.</p>
<p>The g\u03bfvernment said the plan would fund schools, roads and parks for the next three years.</p>
</article>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
</body></html>
"""


def test_html_is_checked_on_the_text_trafilatura_extracts():
    write("page.html", PAGE)
    result = run_cli("check", "--output-format", "json", "page.html")
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [(f["path"], f["start"]["column"]) for f in findings] == [("page.html", homoglyph_column())]
    assert "Home" not in run_cli("check", "page.html").stdout  # navigation is not part of the main text


def test_fix_on_html_is_refused_with_a_clear_message():
    path = write("page.htm", PAGE)
    result = run_cli("check", "--fix", "page.htm")
    assert path.read_text() == PAGE
    assert "page.htm: --fix does not rewrite HTML; fix the extracted text instead" in result.stderr
    assert result.exit_code == 1  # the finding is still there


def test_html_without_main_text_is_an_input_error():
    write("empty.html", "<html><body></body></html>")
    result = run_cli("check", "empty.html")
    assert result.exit_code == 2 and "empty.html: no main text found" in result.stderr


# -- walking folders --------------------------------------------------------------------------------------------------


def found(*paths: str) -> list[str]:
    return sorted(str(p) for p in discover(list(paths)) if isinstance(p, str))


def test_walk_respects_gitignore_at_every_level():
    write(".gitignore", "*.log.txt\nbuild/\n/top-only.txt\n")
    write("sub/.gitignore", "private.txt\n!keep.log.txt\n")
    for name in [
        "a.txt",
        "b.md",
        "c.jsonl",
        "d.jsonl.gz",
        "e.html",
        "f.csv",  # not a text suffix: skipped in walks
        "x.log.txt",
        "top-only.txt",
        "build/g.txt",
        "sub/top-only.txt",
        "sub/private.txt",
        "sub/keep.log.txt",
        "sub/deep/private.txt",
        "other/private.txt",
        ".git/h.txt",
        "node_modules/i.txt",
    ]:
        write(name, "x")
    assert found(".") == [
        "a.txt",
        "b.md",
        "c.jsonl",
        "d.jsonl.gz",
        "e.html",
        "other/private.txt",
        "sub/keep.log.txt",
        "sub/top-only.txt",
    ]


def test_gitignore_above_the_walked_folder_applies_however_the_folder_is_named(in_tmp):
    write(".git/HEAD", "ref")
    write(".gitignore", "build/\nsecret.txt\n")
    for name in ["docs/ok.txt", "docs/secret.txt", "docs/build/b.txt", "docs/sub/c.txt"]:
        write(name, "x")
    assert found("docs") == ["docs/ok.txt", "docs/sub/c.txt"]
    assert found(str(in_tmp / "docs")) == [str(in_tmp / "docs/ok.txt"), str(in_tmp / "docs/sub/c.txt")]
    os.chdir("docs/sub")
    assert found("..") == ["../ok.txt", "../sub/c.txt"]


def test_explicitly_named_files_are_always_checked():
    write(".gitignore", "ignored.txt\n")
    write("scrapelint.toml", 'exclude = ["excluded.txt"]\n')
    write("ignored.txt", "x")
    write("excluded.txt", "x")
    write("data.csv", "x")
    assert found(".") == []
    assert found("ignored.txt", "excluded.txt", "data.csv") == ["data.csv", "excluded.txt", "ignored.txt"]


def test_exclude_and_extend_exclude_from_config():
    write("pyproject.toml", '[tool.scrapelint]\nexclude = ["raw/"]\nextend-exclude = ["*.draft.txt", "gen/**"]\n')
    for name in ["a.txt", "a.draft.txt", "raw/b.txt", "gen/deep/c.txt", "notes/d.txt", "notes/e.draft.txt"]:
        write(name, "x")
    assert found(".") == ["a.txt", "notes/d.txt"]


def test_exclude_of_a_nested_config_applies_below_it():
    write("archive/scrapelint.toml", 'exclude = ["old"]\n')
    for name in ["old/a.txt", "archive/old/b.txt", "archive/new/c.txt"]:
        write(name, "x")
    assert found(".") == ["archive/new/c.txt", "old/a.txt"]


def test_a_file_reached_twice_is_checked_once(in_tmp):
    write("docs/a.txt", "x")
    write("docs/b.txt", "x")
    os.symlink("a.txt", "docs/link.txt")
    assert list(discover(["docs/a.txt", "./docs/a.txt", str(in_tmp / "docs/a.txt"), "docs", "docs/link.txt"])) == [
        "docs/a.txt",
        "docs/b.txt",
    ]


def test_naming_a_file_twice_does_not_fool_corpus_rules(in_tmp):
    write("story.txt", "Only this story has this line.\n")
    with plugin_registered():
        result = run_cli("check", "--select", "X004", "story.txt", "./story.txt", ".")
    assert result.exit_code == 0, result.stdout


def test_walk_reports_missing_paths_broken_links_and_leftover_temp_files():
    write("real.txt", "x")
    os.symlink("nowhere.txt", "broken.txt")
    write(".real.txt.abc123" + atomic.TEMP_SUFFIX, "half")
    problems = [p for p in discover([".", "missing.txt"]) if isinstance(p, Problem)]
    messages = sorted((p.message, p.fatal) for p in problems)
    assert ("broken.txt: broken symbolic link", True) in messages
    assert ("missing.txt: no such file or folder", True) in messages
    assert any("temporary file left by a killed --fix run" in m and not fatal for m, fatal in messages)


def test_unreadable_encodings_are_clear_errors():
    with pytest.raises(InputError, match=r"x\.txt: not valid UTF-8 \(byte 0xFF at offset 2\)"):
        inputs.decode(b"ab\xffcd", "x.txt")
    assert inputs.decode(b"\xef\xbb\xbfBOM", "x.txt") == "BOM"


# -- atomic writes ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("interruption", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_original_intact(interruption):
    path = write("news.txt", "original\n")
    with pytest.raises(type(interruption)), atomic_writer(path) as pending:
        pending.file.write(b"half of the new con")
        raise interruption
    assert path.read_text() == "original\n"
    assert sorted(os.listdir(".")) == ["news.txt"]


def test_a_failing_flush_leaves_the_original_intact(monkeypatch):
    path = write("news.txt", "original\n")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(InputError, match=r"news\.txt: cannot write: No space left on device"):
        write_atomic(path, b"new content\n")
    assert path.read_text() == "original\n"
    assert sorted(os.listdir(".")) == ["news.txt"]


def test_atomic_write_keeps_the_file_mode_and_writes_through_symbolic_links():
    path = write("news.txt", "original\n")
    path.chmod(0o640)
    os.symlink("news.txt", "link.txt")
    write_atomic("link.txt", b"new\n")
    assert Path("link.txt").is_symlink()
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(".")) == ["link.txt", "news.txt"]


def test_cancelled_write_leaves_the_original_untouched():
    path = write("news.txt", "original\n")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    with atomic_writer(path) as pending:
        pending.file.write(b"whatever")
        pending.cancel()
    assert path.read_text() == "original\n" and path.stat().st_mtime == 1_000_000_000
    assert sorted(os.listdir(".")) == ["news.txt"]


def test_ctrl_c_in_the_middle_of_a_jsonl_fix_leaves_the_file_intact(monkeypatch):
    from scrapelint.linter import Linter

    lines = [json.dumps({"text": DAMAGED, "n": n}) + "\n" for n in range(5)]
    path = write("dump.jsonl", "".join(lines))
    real = Linter.fix_document
    calls = []

    def interrupted(self, doc, **kwargs):
        calls.append(doc.source.record)
        if len(calls) == 3:  # records 1 and 2 are already in the temporary file
            raise KeyboardInterrupt
        return real(self, doc, **kwargs)

    monkeypatch.setattr(Linter, "fix_document", interrupted)
    result = run_cli("check", "--fix", "dump.jsonl")
    assert result.exit_code == 130
    assert path.read_text() == "".join(lines)
    assert sorted(os.listdir(".")) == ["dump.jsonl"]


def test_a_rule_crash_in_the_middle_of_a_jsonl_fix_leaves_the_file_intact(monkeypatch):
    from scrapelint.linter import Linter, RuleCrash

    lines = [json.dumps({"text": DAMAGED, "n": n}) + "\n" for n in range(3)]
    path = write("dump.jsonl", "".join(lines))
    real = Linter.fix_document

    def crash_on_last(self, doc, **kwargs):
        if doc.source.record == 3:
            raise RuleCrash(f"{doc.source}: rule U999 [test] crashed: ValueError()")
        return real(self, doc, **kwargs)

    monkeypatch.setattr(Linter, "fix_document", crash_on_last)
    result = run_cli("check", "--fix", "dump.jsonl")
    assert result.exit_code == 2 and "dump.jsonl:3: rule U999 [test] crashed" in result.stderr
    assert path.read_text() == "".join(lines)
    assert sorted(os.listdir(".")) == ["dump.jsonl"]
