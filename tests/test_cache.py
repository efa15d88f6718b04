"""The start-up cache: a hit gives what a build gives, a damaged entry or an unwritable folder is only a miss."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapelint import Linter, cache
from scrapelint.packs import parse_pack

PACK = """family = "boilerplate"
language = "en"

[[entry]]
text = "Sign up for our newsletter"
category = "newsletter"
seen = "a test"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SCRAPELINT_NO_CACHE", raising=False)
    return tmp_path


def entries(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"{kind}-*"))


def test_a_parsed_pack_is_stored_once_and_read_back_equal(folder: Path):
    first = parse_pack(PACK, "a.toml")
    assert len(entries(folder, "toml")) == 1
    second = parse_pack(PACK, "a.toml")
    assert second == first and second.entries[0]["text"] == "Sign up for our newsletter"
    assert len(entries(folder, "toml")) == 1


def test_a_changed_pack_is_a_new_entry(folder: Path):
    parse_pack(PACK, "a.toml")
    changed = parse_pack(PACK.replace('newsletter"\nseen', 'cookie"\nseen'), "a.toml")
    assert changed.entries[0]["category"] == "cookie"
    assert len(entries(folder, "toml")) == 2


def test_a_loaded_hyperscan_database_matches_as_the_compiled_one(folder: Path):
    hyperscan = pytest.importorskip("hyperscan")

    def matches(database: object) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        scratch = hyperscan.Scratch(database)
        database.scan(
            b"Read also: the cookie policy",
            match_event_handler=lambda i, s, e, f, c: found.append((i, e)),
            scratch=scratch,
        )
        return found

    args = ([b"read also", b"cookie"], [0, 1], [hyperscan.HS_FLAG_CASELESS, 0])
    compiled = cache.hyperscan_database(*args)
    assert len(entries(folder, "hyperscan")) == 1
    loaded = cache.hyperscan_database(*args)
    assert matches(loaded) == matches(compiled) == [(0, 9), (1, 21)]


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_entry_is_rebuilt(folder: Path, damage: bytes | None):
    first = parse_pack(PACK, "a.toml")
    (entry,) = entries(folder, "toml")
    data = entry.read_bytes()
    # truncated, replaced, or a payload whose checksum no longer matches
    entry.write_bytes(damage if damage is not None else data[:32] + data[33:] + b"x")
    assert parse_pack(PACK, "a.toml") == first
    assert entry.read_bytes() == data  # written again, whole


def test_an_entry_the_loader_rejects_is_rebuilt(folder: Path):
    hyperscan = pytest.importorskip("hyperscan")
    args = ([b"cookie"], [0], [0])
    cache.hyperscan_database(*args)
    (entry,) = entries(folder, "hyperscan")
    payload = b"not a database"
    import hashlib

    entry.write_bytes(hashlib.sha256(payload).digest() + payload)  # a valid checksum over a bad payload
    database = cache.hyperscan_database(*args)
    assert isinstance(database, hyperscan.Database)


def test_a_folder_that_cannot_be_made_costs_speed_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("SCRAPELINT_CACHE_DIR", str(blocker / "cache"))
    assert parse_pack(PACK, "a.toml").entries[0]["category"] == "newsletter"
    assert Linter().check("Sign up for our newsletter\n\nA sentence.") is not None


def test_no_cache_writes_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SCRAPELINT_NO_CACHE", "1")
    parse_pack(PACK, "a.toml")
    assert list(folder.iterdir()) == []


def test_a_cold_and_a_warm_run_report_the_same(tmp_path: Path):
    """The whole rule set through the CLI, first building every entry, then reading them all."""
    sample = Path(__file__).resolve().parents[1] / "samples" / "seed-000_f0d171d2014aab24.txt"
    env = {**os.environ, "SCRAPELINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SCRAPELINT_NO_CACHE", None)
    command = [sys.executable, "-m", "scrapelint.cli", "check", "--output-format", "json", "--exit-zero", str(sample)]
    cold = subprocess.run(command, capture_output=True, env=env, check=True)
    assert entries(tmp_path / "cache", "toml") and entries(tmp_path / "cache", "hyperscan")
    warm = subprocess.run(command, capture_output=True, env=env, check=True)
    assert warm.stdout == cold.stdout and b'"code"' in cold.stdout
