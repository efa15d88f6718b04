"""The Python API pipelines build on: one Linter, shared by threads, shipped to processes by pickling."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ThreadPoolExecutor

from pipeline_data import SELECT, records
from scrapelint import FixResult, Linter
from scrapelint.document import Document
from scrapelint.linter import merge_counts


def _codes(linter: Linter, texts: list[str]) -> list[list[tuple[str, int, int]]]:
    return [[(f.code, f.start, f.end) for f in linter.check(t)] for t in texts]


def _fixed(linter: Linter, text: str) -> str:
    return linter.fix(text).text


def test_fix_returns_text_applied_and_remaining():
    text = records(1)[0]["text"]
    result = Linter(select=["U001"]).fix(text)
    assert isinstance(result, FixResult)
    assert "\u03bf" in text and "\u03bf" not in result.text
    assert [f.code for f in result.applied] == ["U001"]
    assert result.remaining == [] and result.refused is None and result.passes == 1
    assert Linter(select=["U001"]).fix(result.text).applied == []  # a fixed text stays fixed


def test_pickle_round_trip_keeps_configuration_and_corpus():
    texts = [r["text"] for r in records(24)]
    linter = Linter(select=SELECT.split(","))
    counts: dict = {}
    for text in texts:
        counts = merge_counts(counts, linter.collect(Document(text)))
    ready = linter.with_corpus(counts)
    clone = pickle.loads(pickle.dumps(ready))
    assert clone.codes == ready.codes and clone.config == ready.config
    assert clone.corpus["B012"].frequency == counts["B012"].frequency
    assert _codes(clone, texts) == _codes(ready, texts)
    assert any(code == "B012" for doc in _codes(clone, texts) for code, _, _ in doc)


def test_one_linter_shared_by_threads_gives_the_sequential_results():
    texts = [r["text"] for r in records(30)] * 4
    linter = Linter()
    expected = _codes(linter, texts)
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(lambda t: _codes(linter, [t])[0], texts)) == expected
        assert list(pool.map(lambda t: linter.fix(t).text, texts)) == [linter.fix(t).text for t in texts]


def test_linter_ships_to_worker_processes():
    texts = [r["text"] for r in records(12)]
    linter = Linter(select=["U001"])
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        fixed = pool.starmap(_fixed, [(linter, t) for t in texts])
    assert fixed == [linter.fix(t).text for t in texts]
    assert any(a != b for a, b in zip(fixed, texts, strict=True))
