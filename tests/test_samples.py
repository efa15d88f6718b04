"""Golden tests: every sample's findings and fixed text match the files beside it exactly."""

from __future__ import annotations

import json

import pytest
from scrapelint.linter import Linter

from samples import SAMPLES, cases, expected_for, is_input, read_text

INPUTS = [p for p in cases() if is_input(p)]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_sample_matches_golden_files(path, linter):
    stem = path.name[: -len(".txt")]
    records, fixed = expected_for(path, linter)
    expected = json.loads((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    assert records == expected
    assert fixed == read_text(SAMPLES / f"{stem}.fixed.txt")


def test_every_sample_has_golden_files():
    for path in INPUTS:
        stem = path.name[: -len(".txt")]
        assert (SAMPLES / f"{stem}.expected.json").is_file(), stem
        assert (SAMPLES / f"{stem}.fixed.txt").is_file(), stem


def test_seeds_are_samples():
    names = {p.name for p in INPUTS}
    assert {"seed-000_f0d171d2014aab24.txt", "seed-001_40d47f5dcec76a4f.txt"} <= names
