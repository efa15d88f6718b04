"""JSONL streams: the stdin filter, --annotate, --drop-if with --rejects, gzip/zstd in and out, flat memory."""

from __future__ import annotations

import gzip
import subprocess
import sys

import orjson
import pytest
import zstandard
from pipeline_data import FOOTER, SELECT, jsonl, read_jsonl, records, write_jsonl
from run_cli import run_cli
from scrapelint.stream import RecordPolicy, apply_policy, set_field

SCRAPELINT = [sys.executable, "-m", "scrapelint.cli"]


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def run(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*SCRAPELINT, *args], input=stdin, capture_output=True, timeout=120)


# -- set_field keeps every other byte ----------------------------------------------------------------------------


def test_set_field_appends_or_replaces_and_keeps_the_rest_byte_for_byte():
    raw = b'{"id": 7,  "text":"caf\\u00e9 \xce\xbf", "meta": {"text": 1}}\r\n'
    assert set_field(raw, "lint", []) == b'{"id": 7,  "text":"caf\\u00e9 \xce\xbf", "meta": {"text": 1},"lint":[]}\r\n'
    again = set_field(set_field(raw, "lint", [1]), "lint", [2])
    assert again == b'{"id": 7,  "text":"caf\\u00e9 \xce\xbf", "meta": {"text": 1},"lint":[2]}\r\n'
    assert set_field(b"{}\n", "lint", None) == b'{"lint":null}\n'
    # "lint" inside a value is not the key
    assert set_field(b'{"text":"\\"lint\\": x"}', "lint", 1) == b'{"text":"\\"lint\\": x","lint":1}'


def test_apply_policy_rejects_only_on_the_chosen_codes():
    from scrapelint import Linter

    raw = orjson.dumps({"text": "the g\u03bfvernment said"}) + b"\n"
    findings = Linter(select=["U001"]).check("the g\u03bfvernment said")
    kept, rejected = apply_policy(raw, findings, RecordPolicy(drop_if=frozenset({"B012"})))
    assert (kept, rejected) == (raw, None)
    kept, rejected = apply_policy(raw[:-1], findings, RecordPolicy(drop_if=frozenset({"U001"})))
    assert kept is None and rejected.endswith(b"\n")
    assert orjson.loads(rejected)["scrapelint"][0]["code"] == "U001"


# -- the stdin filter ---------------------------------------------------------------------------------------------


def test_fix_filter_changes_only_the_text_field():
    rows = records(24)
    data = jsonl(rows)
    proc = run("check", "--fix", "--select", SELECT, "--text-field", "text", "-", stdin=data)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    out = lines(proc.stdout)
    assert len(out) == len(rows)
    changed = 0
    for before, after in zip(lines(data), out, strict=True):
        a, b = orjson.loads(before), orjson.loads(after)
        assert {k: v for k, v in a.items() if k != "text"} == {k: v for k, v in b.items() if k != "text"}
        if a["text"] != b["text"]:
            changed += 1
            assert after.startswith(before[: before.index(b'"text"')])  # bytes before the field untouched
        else:
            assert after == before
    assert changed >= 8
    assert b"\xce\xbf" not in proc.stdout and FOOTER.encode() not in proc.stdout  # homoglyphs and footers gone
    assert proc.stderr  # the report goes to stderr, never into the records


def test_annotate_adds_findings_with_spans_into_the_output_text():
    rows = records(24)
    result = run_cli("check", "--annotate", "lint", "--select", SELECT, "--text-field", "text", "-", stdin=jsonl(rows))
    out = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    assert len(out) == len(rows)
    assert all(isinstance(r["lint"], list) for r in out)
    flagged = [r for r in out if r["lint"]]
    assert {a["code"] for r in flagged for a in r["lint"]} == {"U001", "B012"}
    for r in flagged:
        for a in r["lint"]:
            start, end = a["span"]
            assert set(a) == {"code", "name", "span", "message"}
            if a["code"] == "B012":
                assert r["text"][start:end] == FOOTER
            else:
                assert "\u03bf" in r["text"][start:end]
    clean = [r for r in out if not r["lint"]]
    assert clean and all(r["text"] == rows[int(r["id"][4:])]["text"] for r in clean)


def test_annotate_after_fix_reports_what_is_left():
    rows = records(12)
    result = run_cli(
        "check", "--fix", "--annotate", "lint", "--select", "U001", "--text-field", "text", "-", stdin=jsonl(rows)
    )
    out = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    assert [r["lint"] for r in out] == [[]] * len(rows)
    assert all("\u03bf" not in r["text"] for r in out)


def test_drop_if_moves_records_to_rejects_and_loses_none(tmp_path):
    rows = records(24)
    rejects = tmp_path / "rejects.jsonl.gz"
    args = ["check", "--drop-if", "B012", "--rejects", str(rejects), "--select", SELECT, "--text-field", "text", "-"]
    result = run_cli(*args, stdin=jsonl(rows))
    kept = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    dropped = [orjson.loads(line) for line in gzip.decompress(rejects.read_bytes()).splitlines()]
    assert len(kept) + len(dropped) == len(rows)
    assert {r["id"] for r in dropped} == {f"bbc-{i:04d}" for i in range(0, 24, 4)}
    assert all(any(a["code"] == "B012" for a in r["scrapelint"]) for r in dropped)
    assert all("scrapelint" not in r for r in kept)  # no --annotate: kept records unchanged
    assert [r["id"] for r in kept] == [r["id"] for r in rows if r["id"] not in {d["id"] for d in dropped}]


def test_drop_if_in_place_keeps_dropped_records_in_rejects(tmp_path):
    rows = records(16)
    data = write_jsonl(tmp_path / "dump.jsonl", rows)
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("check", "-q", "--drop-if", "U", "--rejects", str(rejects), "--select", "U001", str(data))
    assert result.exit_code == 1
    kept, dropped = read_jsonl(data), read_jsonl(rejects)
    assert sorted(r["id"] for r in kept + dropped) == [r["id"] for r in rows]
    assert dropped and all("\u03bf" in r["text"] for r in dropped)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--drop-if", "U001"], "--drop-if needs --rejects"),
        (["--rejects", "r.jsonl"], "--rejects needs --drop-if"),
        (["--diff", "--annotate", "x"], "--diff shows text changes only"),
        (["--records-output", "out/"], "--records-output is for --dask"),
        (["--drop-if", "Q999", "--rejects", "r.jsonl"], "unknown rule code or name: 'Q999'"),
    ],
)
def test_pipeline_option_mistakes_are_one_line_errors(args, message):
    result = run_cli("check", *args, "-", stdin=b"{}\n")
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


# -- compression -------------------------------------------------------------------------------------------------


def test_zstd_stdin_gives_zstd_stdout_and_gzip_likewise():
    rows = records(12)
    plain = run("check", "--fix", "--select", "U001", "--text-field", "text", "-", stdin=jsonl(rows)).stdout
    packed = zstandard.ZstdCompressor().compress(jsonl(rows))
    out = run("check", "--fix", "--select", "U001", "--text-field", "text", "-", stdin=packed).stdout
    assert out.startswith(b"\x28\xb5\x2f\xfd")
    assert zstandard.ZstdDecompressor().decompressobj().decompress(out) == plain
    out = run(
        "check", "--fix", "--select", "U001", "--text-field", "text", "-", stdin=gzip.compress(jsonl(rows))
    ).stdout
    assert gzip.decompress(out) == plain


def test_zstd_file_fixed_in_place(tmp_path):
    rows = records(12)
    path = tmp_path / "dump.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(jsonl(rows)))
    assert run_cli("check", "-q", "--fix", "--select", "U001", str(path)).exit_code == 0
    fixed = zstandard.ZstdDecompressor().decompressobj().decompress(path.read_bytes())
    assert b"\xce\xbf" not in fixed and len(fixed.splitlines()) == len(rows)


# -- flat memory -------------------------------------------------------------------------------------------------


MEASURE = """
import resource, runpy, sys
sys.argv = ["scrapelint", *sys.argv[1:]]
try:
    runpy.run_module("scrapelint.cli", run_name="__main__")
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _peak_kb(size_mb: int, tmp_path) -> int:
    rows = records(200)
    block = jsonl([{**r, "text": r["text"].replace("\u03bf", "o")} for r in rows])
    path = tmp_path / f"{size_mb}.jsonl"
    with open(path, "wb") as f:
        for _ in range((size_mb << 20) // len(block) + 1):
            f.write(block)
    with open(path, "rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-c", MEASURE, "check", "--fix", "--select", "U001", "--text-field", "text", "-"],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
    return int(proc.stderr.decode().split()[-1])


def test_stdin_filter_memory_does_not_grow_with_input(tmp_path):
    """A stream of 4 MB and one of 32 MB peak within a few MB of each other: nothing is buffered per input."""
    small, large = _peak_kb(4, tmp_path), _peak_kb(32, tmp_path)
    assert large - small < 16 << 10, (small, large)


def test_rejects_file_is_never_read_as_an_input(tmp_path):
    data = write_jsonl(tmp_path / "dump.jsonl", records(12))
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_bytes(b"")
    result = run_cli("check", "-q", "--drop-if", "U", "--rejects", str(rejects), "--select", "U001", str(tmp_path))
    assert result.exit_code == 1 and "rejects.jsonl" not in result.stdout
    assert len(read_jsonl(data)) + len(read_jsonl(rejects)) == 12
    before = data.read_bytes()
    result = run_cli("check", "--drop-if", "U", "--rejects", str(data), "--select", "U001", str(data))
    assert result.exit_code == 2 and "the --rejects file is also an input" in result.stderr
    assert data.read_bytes() == before
