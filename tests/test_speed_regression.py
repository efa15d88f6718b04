"""Speed regression checks: the default rule set's cost against a floor measured in the same process.

A ratio, in CPU time and best of several runs, so it holds on a loaded machine: the floor is one ``regex`` pass
over the same texts for non-ASCII characters (``findall``: a full pass, whose cost does not depend on where the
first such character is). Today the rules cost about 17× that floor on clean news and 25× on page dumps; the
limits leave three to four times that, so they catch a new per-character loop or a quadratic step, not noise.
``bench/bench_speed.py`` measures the real figures.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from conftest import EVAL
from scrapelint import Linter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the bench/ helpers

from bench.corpora import aeb_outputs, clean_news

NON_ASCII = regex.compile(r"[^\x00-\x7f]")
CLEAN_LIMIT = 60  # default rules ÷ floor on clean English news
DIRTY_LIMIT = 100  # on extractor outputs (page dumps: menus, footers, one-line pages)
RUNS = 5


def best_cpu(fn: Callable[[list[str]], object], texts: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        fn(texts)
        times.append(time.process_time() - start)
    return min(times)


def floor(texts: list[str]) -> None:
    for text in texts:
        NON_ASCII.findall(text)


def cost_ratio(texts: list[str]) -> float:
    linter = Linter()
    linter.check(texts[0])  # tables compiled and lazy imports done before timing

    def check(batch: list[str]) -> None:
        for text in batch:
            linter.check(text)

    return best_cpu(check, texts) / max(best_cpu(floor, texts), 1e-6)


def clean_english() -> list[str]:
    texts = clean_news("en")[:600]
    if not texts:
        pytest.skip(f"clean-news eval data not found under {EVAL}")
    return texts


def page_dumps() -> list[str]:
    outputs = aeb_outputs()
    if not outputs:
        pytest.skip(f"scrapinghub-aeb eval data not found under {EVAL}")
    return [text for name in sorted(outputs) for text in list(outputs[name].values())[:25] if text]


def test_default_rules_on_clean_news_cost_a_bounded_multiple_of_the_floor():
    ratio = cost_ratio(clean_english())
    assert ratio < CLEAN_LIMIT, f"default rules cost {ratio:.0f}× the non-ASCII scan (limit {CLEAN_LIMIT}×)"


def test_default_rules_on_page_dumps_cost_a_bounded_multiple_of_the_floor():
    ratio = cost_ratio(page_dumps())
    assert ratio < DIRTY_LIMIT, f"default rules cost {ratio:.0f}× the non-ASCII scan (limit {DIRTY_LIMIT}×)"


def test_a_one_line_page_full_of_mojibake_is_not_quadratic():
    # Some extractors put a whole page on one line; a character-level diff of a 24,000-character line took seconds.
    line = "Itâ€™s the cafÃ© where we donâ€™t stop. " * 600
    linter = Linter(select=["U040"])
    start = time.process_time()
    findings = linter.check(line)
    assert time.process_time() - start < 2.0
    assert len(findings) == 1800 and findings[0].fix is not None


def test_a_clean_line_of_text_is_checked_without_the_optional_heavy_modules():
    code = (
        "import sys\nfrom scrapelint import Linter\nLinter().check('A plain sentence about nothing at all.\\n')\n"
        "print(' '.join(m for m in ('ftfy', 'trafilatura', 'datatrove') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("text", ["", "one", "a\nb\n", "a\r\nb\rc\n\nd", "\n\n", "x\u2028y\x85z\n", "é\r\n"])
def test_the_cheap_line_texts_agree_with_the_lines(text):
    from scrapelint import Document

    doc = Document(text)
    assert doc.line_texts == [line.text for line in doc.lines]
    assert doc.line_starts == [line.start for line in Document(text).lines]
