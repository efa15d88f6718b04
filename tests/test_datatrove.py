"""datatrove: a real LocalPipelineExecutor run, JsonlReader -> our steps -> JsonlWriter and an exclusion writer."""

from __future__ import annotations

import gzip
import json

import orjson
import pytest
from pipeline_data import records, write_jsonl
from scrapelint import Linter

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from scrapelint.integrations.datatrove import ScrapelintFilter, ScrapelintFormatter


def _read(folder) -> list[dict]:
    return [orjson.loads(line) for path in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(path)]


def _stats(logs) -> dict[str, dict[str, int]]:
    """Each step's counters from stats.json, by step name ("scrapelint fix"): {stat: total}."""
    steps = json.loads((logs / "stats.json").read_text())
    out = {}
    for step in steps:
        name = step["name"].split("🧹 ")[-1]
        out[name] = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
    return out


def test_fix_then_filter_pipeline_with_two_workers(tmp_path):
    rows = records(40)
    (tmp_path / "raw").mkdir()
    write_jsonl(tmp_path / "raw" / "part-0.jsonl", rows[:20])
    write_jsonl(tmp_path / "raw" / "part-1.jsonl", rows[20:])
    linter = Linter(select=["U001"])
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "raw")),
            ScrapelintFormatter(linter),
            ScrapelintFilter(linter, drop_if=["U"], exclusion_writer=JsonlWriter(str(tmp_path / "rejected"))),
            JsonlWriter(str(tmp_path / "clean")),
        ],
        tasks=2,
        workers=2,  # the steps (and their linter) are pickled into worker processes
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    clean = _read(tmp_path / "clean")
    assert sorted(d["id"] for d in clean) == [r["id"] for r in rows]  # fixed, so nothing left to drop
    assert not (tmp_path / "rejected").exists() or _read(tmp_path / "rejected") == []
    by_id = {r["id"]: r["text"] for r in rows}
    for doc in clean:
        assert "\u03bf" not in doc["text"] and doc["metadata"]["scrapelint"] == []
        assert doc["text"] == by_id[doc["id"]].replace("\u03bf", "o")
    stats = _stats(tmp_path / "logs")
    damaged = sum("\u03bf" in r["text"] for r in rows)
    assert stats["scrapelint fix"] == {"total": 40, "fixed_U001": damaged}
    assert stats["scrapelint filter"]["forwarded"] == 40 and "dropped" not in stats["scrapelint filter"]


def test_filter_drops_by_rule_and_records_the_reason(tmp_path):
    rows = records(40)
    (tmp_path / "raw").mkdir()
    write_jsonl(tmp_path / "raw" / "part-0.jsonl", rows)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "raw")),
            ScrapelintFilter(
                Linter(select=["U001"]),
                drop_if=["mixed-script-word"],
                exclusion_writer=JsonlWriter(str(tmp_path / "rejected")),
            ),
            JsonlWriter(str(tmp_path / "clean")),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    clean, rejected = _read(tmp_path / "clean"), _read(tmp_path / "rejected")
    damaged = {r["id"] for r in rows if "\u03bf" in r["text"]}
    assert {d["id"] for d in rejected} == damaged and len(clean) + len(rejected) == 40
    for doc in rejected:
        assert doc["metadata"]["filter_reason"] == "U001"
        (finding,) = doc["metadata"]["scrapelint"]
        assert finding["code"] == "U001" and "\u03bf" in doc["text"][slice(*finding["span"])]
    assert all(d["metadata"]["scrapelint"] == [] for d in clean)
    stats = _stats(tmp_path / "logs")["scrapelint filter"]
    assert stats["dropped"] == stats["dropped_U001"] == stats["found_U001"] == len(damaged)
    assert stats["forwarded"] == 40 - len(damaged)
