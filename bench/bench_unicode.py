"""Speed of the Unicode family (U rules) beside the libraries it replaces, on the same clean news, in one run.

    python bench/bench_unicode.py [--quick] [--repeat 3] [--dangerous-sample 0.05]

Contenders, per corpus (clean-news en = BBC, de = 10kGNAD, fr = Sequoia sentences grouped into documents):

* the family: ``Linter(select=["U"]).check`` on every document (best of ``--repeat`` runs);
* ``ftfy.fix_text`` on every document (one run; it does far less than the family and more to the text);
* ``confusable_homoglyphs.confusables.is_dangerous`` on every word: what per-word homoglyph checking costs with
  that library. It is slow, so it is timed on a sample of the documents (``--dangerous-sample``, 5% by default),
  and the table says so.

Targets (issue 3), on BBC: the family at least 10x faster than ``ftfy.fix_text`` and 100x faster than
``is_dangerous`` per word. Prints a Markdown table and writes it to ``bench/results/unicode.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.contenders import ftfy_fix_text, is_dangerous_per_word, megabytes
from bench.corpora import clean_news

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"ftfy": 10.0, "is_dangerous": 100.0}


def best_seconds(fn: Callable[[list[str]], object], texts: list[str], repeat: int) -> float:
    """The fastest of ``repeat`` runs: the one the rest of the machine disturbed least."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        times.append(time.perf_counter() - t0)
    return min(times)


def family(texts: list[str]) -> None:
    from scrapelint import Linter

    check = _LINTER.setdefault("linter", Linter(select=["U"])).check
    for t in texts:
        check(t)


_LINTER: dict[str, object] = {}


def sample(texts: list[str], share: float) -> list[str]:
    step = max(1, round(1 / share))
    return texts[::step]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a quarter of each corpus, one repeat")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the family per corpus (best one counts)")
    parser.add_argument("--dangerous-sample", type=float, default=0.05, help="share of documents for is_dangerous")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    corpora = {lang: clean_news(lang) for lang in ("en", "de", "fr")}
    if not corpora["en"]:
        raise SystemExit("clean-news not found under ../shared/eval: nothing to measure")
    if args.quick:
        corpora = {k: v[: max(1, len(v) // 4)] for k, v in corpora.items()}

    # warm up: load the tables, compile the patterns, import ftfy and confusable_homoglyphs
    family(corpora["en"][:50] + corpora["de"][:20])
    ftfy_fix_text(corpora["en"][:5])
    is_dangerous_per_word(corpora["en"][:2])

    rows = [
        "| Corpus | docs | MB | U family MB/s | µs/doc | ftfy.fix_text MB/s | is_dangerous/word MB/s "
        "| family ÷ ftfy | family ÷ is_dangerous |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    names = {"en": "en (BBC)", "de": "de (10kGNAD)", "fr": "fr (Sequoia)"}
    for lang, texts in corpora.items():
        size = megabytes(texts)
        t_family = best_seconds(family, texts, repeat)
        t_ftfy = best_seconds(ftfy_fix_text, texts, 1)
        few = sample(texts, args.dangerous_sample)
        r_dangerous = megabytes(few) / best_seconds(is_dangerous_per_word, few, 1)
        r_family, r_ftfy = size / t_family, size / t_ftfy
        ratio_ftfy, ratio_dangerous = r_family / r_ftfy, r_family / r_dangerous
        rows.append(
            f"| {names[lang]} | {len(texts)} | {size:.2f} | {r_family:.1f} | {t_family / len(texts) * 1e6:.1f} "
            f"| {r_ftfy:.2f} | {r_dangerous:.3f} | {ratio_ftfy:.1f}× | {ratio_dangerous:.0f}× |"
        )
        if lang == "en":
            verdicts.append(
                f"BBC targets: family ÷ ftfy.fix_text {ratio_ftfy:.1f}× (target ≥ {TARGETS['ftfy']:.0f}×: "
                f"{'met' if ratio_ftfy >= TARGETS['ftfy'] else 'NOT met'}); family ÷ is_dangerous per word "
                f"{ratio_dangerous:.0f}× (target ≥ {TARGETS['is_dangerous']:.0f}×: "
                f"{'met' if ratio_dangerous >= TARGETS['is_dangerous'] else 'NOT met'})."
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.1f} at the end; `python bench/bench_unicode.py{' --quick' if args.quick else ''}`.",
        "",
        f"All contenders on the same texts in one run. The family: best of {repeat} run(s) of "
        "`Linter(select=['U']).check` (check only). ftfy.fix_text: one run on every document. "
        f"is_dangerous: every word of a {args.dangerous_sample:.0%} sample of the documents (it is slow).",
        "",
        *rows,
        "",
        *verdicts,
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "unicode.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
