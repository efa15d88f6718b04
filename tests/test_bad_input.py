"""Bad input gets a clear answer: one line naming the file (and record), exit code 2 when the run could not do what
was asked, never a traceback, the other files still processed, and ``--fix`` never touching what it could not read.

Each case runs beside a good file that has something to fix, so "the other files are still processed" is checked
every time. The 200 MB one-line file runs in a subprocess, to measure its time and peak memory.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
import zstandard
from conftest import EVAL
from run_cli import run_cli
from scrapelint import Linter

# A news sentence whose "government" has a Greek omicron: the homoglyph rule finds and fixes it.
DAMAGED = "The g\u03bfvernment approved the budget on Monday.\n"
ROOT_CAN_READ_ANYTHING = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fixed(text: str) -> str:
    return Linter().fix(text).text


def write(name: str, data: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def messages(stderr: str, level: str = "error") -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"scrapelint: {level}: ")]


def assert_one_clear_line(stderr: str, name: str, fragment: str) -> None:
    """Exactly one error line about ``name`` (a file, or ``file:record``), saying ``fragment``; no traceback."""
    assert "Traceback" not in stderr
    about = [line for line in messages(stderr) if f"{name}: " in line]
    assert len(about) == 1, stderr
    assert fragment in about[0], about[0]


# -- files that cannot be read as UTF-8 text -----------------------------------------------------------------------

UNREADABLE_AS_TEXT = [
    ("latin1.txt", b"The caf\xe9 said \xa3100.\n", "not valid UTF-8 (byte 0xE9 at offset 7)"),
    ("cut.txt", b"A cut character \xe2\x82", "not valid UTF-8 (byte 0xE2 at offset 16)"),
    ("bom-latin1.txt", b"\xef\xbb\xbfna\xefve\n", "not valid UTF-8 (byte 0xEF at offset 5)"),  # offset in the file
    ("utf16le.txt", "\ufeffHello".encode("utf-16-le"), "UTF-16 text (byte-order mark)"),
    ("utf16be.txt", "\ufeffHello".encode("utf-16-be"), "UTF-16 text (byte-order mark)"),
    ("nul.txt", b"text\x00with a NUL byte\n", "binary file (NUL bytes)"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
]


@pytest.mark.parametrize(("name", "data", "message"), UNREADABLE_AS_TEXT, ids=[c[0] for c in UNREADABLE_AS_TEXT])
@pytest.mark.parametrize("walk", [False, True], ids=["named", "walked"])
def test_undecodable_files_are_reported_and_never_rewritten(name, data, message, walk):
    write(f"in/{name}", data)
    write("in/news.txt", DAMAGED)
    result = run_cli("check", "--fix", *(["in"] if walk else [f"in/{name}", "in/news.txt"]))
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, name, message)
    assert Path(f"in/{name}").read_bytes() == data  # --fix never writes a file it could not decode exactly
    assert Path("in/news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)  # the other file is still fixed
    assert sorted(os.listdir("in")) == sorted([name, "news.txt"])  # no temp file left


def test_the_bbc_file_with_a_stray_pound_byte():
    path = EVAL / "clean-news" / "en-bbc" / "sport" / "199.txt"
    if not path.is_file():
        pytest.skip("eval data not available")
    write("news.txt", DAMAGED)
    result = run_cli("check", str(path), "news.txt")
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "199.txt", "not valid UTF-8 (byte 0xA3 at offset")
    assert "news.txt:1:" in result.stdout


def test_an_empty_file_is_clean_and_left_alone():
    write("empty.txt", b"")
    write("news.txt", DAMAGED)
    result = run_cli("check", "--fix", ".")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" or not messages(result.stderr)
    assert Path("empty.txt").read_bytes() == b""


# -- line endings, BOM, final newline: --fix changes only the edited spans ---------------------------------------------

LAYOUTS = {
    "lf": b"Headline\n\nThe g\xce\xbfvernment approved the budget.\nLast line\n",
    "crlf": b"Headline\r\n\r\nThe g\xce\xbfvernment approved the budget.\r\nLast line\r\n",
    "cr": b"Headline\r\rThe g\xce\xbfvernment approved the budget.\rLast line\r",
    "mixed": b"Headline\r\n\nThe g\xce\xbfvernment approved the budget.\rLast line",
    "bom-crlf": b"\xef\xbb\xbfThe g\xce\xbfvernment approved the budget.\r\nLast line",
    "no-final-newline": b"The g\xce\xbfvernment approved the budget.",
    "bom-only-line": b"\xef\xbb\xbfThe g\xce\xbfvernment",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fix_keeps_line_endings_bom_and_final_newline(layout):
    data = LAYOUTS[layout]
    write("doc.txt", data)
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    text = data[len(bom) :].decode("utf-8")
    check = run_cli("check", "doc.txt")
    line = next(
        i for i, t in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1) if "g\u03bf" in t
    )
    column = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[line - 1].index("\u03bf") + 1
    assert f"doc.txt:{line}:{column}:" in check.stdout  # the BOM is not a column; CR, LF and CRLF each end a line
    result = run_cli("check", "--fix", "doc.txt")
    assert result.exit_code in (0, 1), result.stderr
    after = Path("doc.txt").read_bytes()
    assert after == bom + fixed(text).encode("utf-8")
    # Only the homoglyph changed: the bytes around it (every line break, the BOM, the end) are the same.
    i = data.index(b"\xce\xbf")
    assert after[:i] == data[:i] and after[i] == ord("o") and after[i + 1 :] == data[i + 2 :]


def test_fix_through_the_stdin_filter_keeps_crlf_and_bom():
    data = b"\xef\xbb\xbfThe g\xce\xbfvernment approved it.\r\nEnd\r\n"
    result = run_cli("check", "--fix", "-", stdin=data)
    assert result.stdout_bytes == data.replace(b"\xce\xbf", b"o")


def test_the_stdin_filter_passes_undecodable_input_through_untouched():
    data = b"The caf\xe9 said g\xce\xbfvernment.\n"
    result = run_cli("check", "--fix", "-", stdin=data)
    assert result.exit_code == 2
    assert result.stdout_bytes == data  # a filter in a pipeline must not swallow the document
    assert_one_clear_line(result.stderr, "-", "not valid UTF-8")


# -- unreadable files, links, folders, FIFOs ---------------------------------------------------------------------------


def test_an_unreadable_file_is_reported_and_the_others_are_processed(monkeypatch):
    """chmod 000 does not stop root, so the read is made to fail the way it would (PermissionError); when not root,
    a real chmod 000 file is added too."""
    import builtins

    from scrapelint import inputs

    write("locked.txt", DAMAGED)
    write("news.txt", DAMAGED)
    real_open = builtins.open

    def open_(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(inputs, "open", open_, raising=False)
    paths = ["locked.txt", "news.txt"]
    if not ROOT_CAN_READ_ANYTHING:
        write("mode000.txt", DAMAGED).chmod(0)
        paths.append("mode000.txt")
    result = run_cli("check", "--fix", *paths)
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "locked.txt", "cannot read: Permission denied")
    if not ROOT_CAN_READ_ANYTHING:
        assert_one_clear_line(result.stderr, "mode000.txt", "cannot read: Permission denied")
    assert Path("locked.txt").read_bytes() == DAMAGED.encode()
    assert Path("news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_with_an_io_error():
    """Reading /proc/self/mem at offset 0 fails with EIO for anyone, root included: a real unreadable file."""
    os.symlink("/proc/self/mem", "memory.txt")
    write("news.txt", DAMAGED)
    result = run_cli("check", "memory.txt", "news.txt")
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "memory.txt", "cannot read: Input/output error")
    assert "news.txt:1:" in result.stdout


def test_a_fix_that_cannot_be_written_is_reported_and_the_others_are_fixed(monkeypatch):
    import tempfile

    write("readonly/news.txt", DAMAGED)
    write("news.txt", DAMAGED)
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if "readonly" in str(kwargs.get("dir", "")):
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = run_cli("check", "--fix", "readonly/news.txt", "news.txt")
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "readonly/news.txt", "cannot write: Permission denied")
    assert Path("readonly/news.txt").read_text(encoding="utf-8") == DAMAGED
    assert Path("news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


def test_fix_writes_through_a_symbolic_link_and_keeps_the_link():
    write("real/news.txt", DAMAGED)
    os.symlink("real/news.txt", "link.txt")
    assert run_cli("check", "--fix", "link.txt").exit_code == 0
    assert os.path.islink("link.txt")
    assert Path("real/news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


@pytest.mark.parametrize("walk", [False, True], ids=["named", "walked"])
def test_broken_links_and_link_loops(walk):
    write("in/news.txt", DAMAGED)
    os.symlink("nowhere.txt", "in/broken.txt")
    os.symlink("loop-b.txt", "in/loop-a.txt")
    os.symlink("loop-a.txt", "in/loop-b.txt")
    paths = ["in"] if walk else ["in/broken.txt", "in/loop-a.txt", "in/news.txt"]
    result = run_cli("check", "--fix", *paths)
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "broken.txt", "broken symbolic link")
    assert_one_clear_line(result.stderr, "loop-a.txt", "symbolic link loop")
    assert Path("in/news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


def test_a_folder_named_like_a_dump_is_walked_not_read():
    write("dump.jsonl/part-1.jsonl", orjson.dumps({"text": DAMAGED}) + b"\n")
    write("dump.jsonl/notes.txt", DAMAGED)
    result = run_cli("check", "--text-field", "text", "dump.jsonl")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and not messages(result.stderr)
    assert "part-1.jsonl:1:1:" in result.stdout and "notes.txt:1:" in result.stdout


def test_an_empty_folder_checks_nothing():
    os.mkdir("empty")
    result = run_cli("check", "empty")
    assert result.exit_code == 0 and "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_skipped_never_read():
    """Reading a FIFO with no writer blocks forever: walked, it is skipped with a notice; named, it is an error."""
    os.mkfifo("pipe.txt")
    write("news.txt", DAMAGED)
    walked = run_cli("check", ".")
    assert walked.exit_code == 1
    assert any("pipe.txt: not a regular file, skipped" in m for m in messages(walked.stderr, "notice"))
    named = run_cli("check", "pipe.txt", "news.txt")
    assert named.exit_code == 2
    assert_one_clear_line(named.stderr, "pipe.txt", "not a regular file")


# -- JSONL: bad records, bad compression -------------------------------------------------------------------------------

# Distinct texts: a line shared by several documents of one run is corpus boilerplate to the corpus rule (B012).
FIRST, LAST = f"First record. {DAMAGED}", f"Last record, another story. {DAMAGED}"
RECORDS = [
    orjson.dumps({"id": 1, "text": FIRST}),
    b"not json at all",
    b'{"id": 3, "body": "no text field"}',
    b'{"id": 4, "text": 42}',
    b'{"id": 5, "text": null}',
    b'["an", "array"]',
    b"",
    b'{"id": 8, "text": "lone surrogate \\udc80 escape"}',
    b'{"id": 9, "text": "caf\xe9 in Latin-1"}',
    b'{"id": 10, "text": "cut off',
    orjson.dumps({"id": 11, "text": "Clean sentence.", "meta": {"nested": [1, 2]}}),
    orjson.dumps({"id": 12, "text": LAST}),
]
BAD_RECORDS = {
    2: "not valid JSON",
    3: "no 'text' field",
    4: "field 'text' is int, not a string",
    5: "field 'text' is NoneType, not a string",
    6: "record is not a JSON object",
    8: "not valid JSON",
    9: "not valid JSON",
    10: "not valid JSON",
}


@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_jsonl_records_are_reported_one_line_each_and_kept_in_place(final_newline, jobs):
    data = b"\n".join(RECORDS) + (b"\n" if final_newline else b"")
    write("dump.jsonl", data)
    write("news.txt", DAMAGED)
    result = run_cli("check", "--fix", "--jobs", jobs, "dump.jsonl", "news.txt")
    assert result.exit_code == 2
    for line, reason in BAD_RECORDS.items():
        assert_one_clear_line(result.stderr, f"dump.jsonl:{line}", reason)
    assert len(messages(result.stderr)) == len(BAD_RECORDS)
    after = Path("dump.jsonl").read_bytes().split(b"\n")
    before = data.split(b"\n")
    assert len(after) == len(before)  # no record dropped or added, the final newline (or its absence) kept
    for i, (old, new) in enumerate(zip(before, after, strict=True), 1):
        if i in (1, 12):
            assert orjson.loads(new) == {**orjson.loads(old), "text": fixed(FIRST if i == 1 else LAST)}
        else:
            assert new == old  # bad records, blank lines and clean records byte for byte
    assert Path("news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


def test_jsonl_fix_replaces_only_the_text_value():
    raw = b'\xef\xbb\xbf{ "text" : "The g\\u03bfvernment",  "id":1, "text": "The g\xce\xbfvernment"\t}\r\n'
    write("dump.jsonl", raw)
    assert run_cli("check", "--fix", "dump.jsonl").exit_code == 0
    # A BOM opening the file, spacing, key order, the \r\n ending: kept. With a duplicated key, JSON parsers read
    # the last value, so that is the one checked and fixed; the first stays as it was.
    assert Path("dump.jsonl").read_bytes() == raw.replace(b"\xce\xbf", b"o")


def _story(i: int) -> str:
    """A distinct text per record (digits would not do: line normalisation maps every digit to 0)."""
    name = "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in str(i))
    return f"Story {name}. {DAMAGED}"


def _jsonl(records: int) -> bytes:
    return b"".join(orjson.dumps({"text": _story(i)}) + b"\n" for i in range(records))


def _jsonl_gz(records: int) -> bytes:
    return gzip.compress(_jsonl(records))


def _jsonl_zst(records: int) -> bytes:
    return zstandard.ZstdCompressor().compress(_jsonl(records))


def _corrupt(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0x55 for b in data[middle : middle + 16]) + data[middle + 16 :]


COMPRESSED = [
    ("cut.jsonl.gz", lambda: _jsonl_gz(3000)[:-200], "cannot read"),
    ("corrupt.jsonl.gz", lambda: _corrupt(_jsonl_gz(3000)), "cannot read"),
    ("plain.jsonl.gz", lambda: b'{"text": "not gzip"}\n', "cannot read: Not a gzipped file"),
    ("cut.jsonl.zst", lambda: _jsonl_zst(3000)[:-200], "cannot read: compressed file ended before the end"),
    ("corrupt.jsonl.zst", lambda: b"\x28\xb5\x2f\xfd" + b"garbage" * 10, "cannot read: corrupt zstd data"),
]


@pytest.mark.parametrize(("name", "make", "message"), COMPRESSED, ids=[c[0] for c in COMPRESSED])
def test_truncated_or_corrupt_compressed_jsonl_is_never_rewritten(name, make, message):
    data = make()
    write(name, data)
    write("news.txt", DAMAGED)
    result = run_cli("check", "--fix", name, "news.txt")
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, name, message)  # (garbage decompressed before a CRC check fails shows as
    # bad records before that line: real, and harmless, as nothing is written)
    assert Path(name).read_bytes() == data  # the records read before the damage are not written back alone
    assert sorted(os.listdir(".")) == sorted([name, "news.txt"])
    assert Path("news.txt").read_text(encoding="utf-8") == fixed(DAMAGED)


@pytest.mark.parametrize(("name", "make", "message"), COMPRESSED, ids=[c[0] for c in COMPRESSED])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_truncated_or_corrupt_compressed_jsonl_on_stdin_and_with_workers(name, make, message, jobs):
    data = make()
    write(name, data)
    named = run_cli("check", "--fix", "--jobs", jobs, name)
    assert named.exit_code == 2 and "Traceback" not in named.stderr
    assert_one_clear_line(named.stderr, name, message)
    assert Path(name).read_bytes() == data
    if name.startswith("plain"):
        return  # on stdin compression is sniffed from the bytes: this one is plain JSON Lines
    piped = run_cli("check", "--fix", "--jobs", jobs, "--text-field", "text", "-", stdin=data)
    assert piped.exit_code == 2 and "Traceback" not in piped.stderr
    assert "-: cannot read" in messages(piped.stderr)[-1]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_compressed_jsonl_round_trips_through_fix(suffix):
    data = _jsonl_gz(500) if suffix.endswith("gz") else _jsonl_zst(500)
    write(f"dump{suffix}", data)
    assert run_cli("check", "--fix", f"dump{suffix}").exit_code == 0
    raw = Path(f"dump{suffix}").read_bytes()
    text = gzip.decompress(raw) if suffix.endswith("gz") else zstandard.ZstdDecompressor().stream_reader(raw).read()
    assert [orjson.loads(line)["text"] for line in text.splitlines()] == [fixed(_story(i)) for i in range(500)]


# -- a huge file with no newline ------------------------------------------------------------------------------------

# 64 MB keeps the suite fast; the code path is the same at any size (SCRAPELINT_HUGE_MB=200 for the full measure).
HUGE_MB = int(os.environ.get("SCRAPELINT_HUGE_MB", "64"))
_MEASURE = """
import resource, sys, time
from scrapelint.cli import main
start = time.perf_counter()
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(f"{code} {time.perf_counter() - start:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""


def test_a_huge_file_without_a_newline(tmp_path):
    """One huge line of news words (with one fixable word): checked and fixed in bounded time and memory.

    Bounds: under 60 s, and peak memory under 5 bytes per input byte (the bytes, the decoded text and the fixed
    text each hold the file once)."""
    sentence = "The council approved the new budget on Monday after a long debate about schools and roads. "
    size = HUGE_MB << 20
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.write(DAMAGED.rstrip("\n").encode("utf-8") + b" ")
        block = (sentence * ((1 << 20) // len(sentence))).encode()
        for _ in range(size // len(block)):
            f.write(block)
    size = path.stat().st_size
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, "check", "--fix", "-q", str(path)], capture_output=True, text=True, timeout=300
    )
    elapsed = time.perf_counter() - started
    *_, last = proc.stderr.strip().splitlines()
    code, seconds, peak_kb = last.split()
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert code in ("0", "1"), proc.stderr[-3000:]
    with open(path, "rb") as f:
        assert f.read(len(DAMAGED)) == fixed(DAMAGED).rstrip("\n").encode() + b" "
    peak = int(peak_kb) * 1024
    print(f"\n{size / 1e6:.0f} MB one-line file: {float(seconds):.1f} s in the CLI, peak RSS {peak / 1e6:.0f} MB")
    assert elapsed < 60, f"{size / 1e6:.0f} MB took {elapsed:.0f} s"
    assert peak < 5 * size, f"peak memory {peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB file"


# -- bad configuration: fails fast, before any file is touched --------------------------------------------------------

BAD_CONFIGS = [
    ('selekt = ["U"]\n', "unknown key 'selekt'"),
    ('unsafe-fixes = "yes"\n', "'unsafe-fixes' must be bool, got str"),
    ('exclude = ["raw/[ab"]\n', "'exclude' has an invalid glob 'raw/[ab'"),
    ("max-passes = 1.5\n", "'max-passes' must be int, got float"),
    ("[rules.mixed-script-word]\nno-such-option = 1\n", "'rules.mixed-script-word.no-such-option': unknown option"),
    ('packs = ["missing.toml"]\n', "'packs': no such pack file"),
    ("select = [\n", "invalid TOML"),
]


@pytest.mark.parametrize(("toml", "message"), BAD_CONFIGS, ids=[m for _, m in BAD_CONFIGS])
@pytest.mark.parametrize("explicit", [False, True], ids=["discovered", "--config"])
def test_a_bad_config_fails_fast_naming_file_key_and_reason(toml, message, explicit):
    write("scrapelint.toml", toml)
    write("news.txt", DAMAGED)
    result = run_cli("check", "--fix", *(["--config", "scrapelint.toml"] if explicit else []), "news.txt")
    assert result.exit_code == 2
    assert_one_clear_line(result.stderr, "scrapelint.toml", message)
    assert result.stdout == ""  # nothing was checked
    assert Path("news.txt").read_text(encoding="utf-8") == DAMAGED  # nor fixed
