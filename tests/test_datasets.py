"""Hugging Face datasets: the batched function runs in Dataset.map(batched=True, num_proc=2), for real."""

from __future__ import annotations

import pickle

import pytest
from pipeline_data import records
from scrapelint import Linter

pytest.importorskip("datasets")

from datasets import Dataset
from scrapelint.integrations.datasets import ScrapelintMap


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.from_list(records(40))


def test_map_with_two_processes_fixes_and_annotates(dataset, tmp_path):
    fn = ScrapelintMap(Linter(select=["U001"]), fix=False)
    assert pickle.loads(pickle.dumps(fn)).linter.codes == ["U001"]
    checked = dataset.map(fn, batched=True, batch_size=8, num_proc=2, cache_file_name=str(tmp_path / "a.arrow"))
    assert checked["id"] == dataset["id"] and checked["text"] == dataset["text"]
    flagged = {row["id"] for row in checked if row["scrapelint"]}
    assert flagged == {row["id"] for row in dataset if "\u03bf" in row["text"]}
    for row in checked:
        for finding in row["scrapelint"]:
            assert finding["code"] == "U001" and "\u03bf" in row["text"][slice(*finding["span"])]

    fixed = dataset.map(
        ScrapelintMap(Linter(select=["U001"])), batched=True, num_proc=2, cache_file_name=str(tmp_path / "b.arrow")
    )
    assert fixed["text"] == [t.replace("\u03bf", "o") for t in dataset["text"]]
    assert all(row["scrapelint"] == [] for row in fixed)


def test_drop_if_marks_rows_so_none_is_lost(dataset, tmp_path):
    fn = ScrapelintMap(Linter(select=["U001"]), fix=False, annotate="lint", drop_if=["U"])
    marked = dataset.map(fn, batched=True, batch_size=8, num_proc=2, cache_file_name=str(tmp_path / "c.arrow"))
    keep = marked.filter(lambda row: not row["lint_drop"])
    drop = marked.filter(lambda row: row["lint_drop"])
    assert len(keep) + len(drop) == len(dataset) and len(drop) > 0
    assert all("\u03bf" in text for text in drop["text"]) and all("\u03bf" not in text for text in keep["text"])
