"""Speed of the default rule set beside the libraries a user would otherwise run, in one run.

    python bench/bench_speed.py [--size-mb 100] [--quick]

Contenders on the same text: scrapelint through the API and through the CLI (whole process, on a JSONL of about
``--size-mb`` MB built from the clean news), ``ftfy.fix_text``, ``confusable_homoglyphs`` ``is_dangerous`` on every
word (timed on a sample: it is slow), a C4-style line filter (datatrove's line rules) and the floor: one ``regex``
scan for non-ASCII characters. Writes a Markdown table to ``bench/results/speed.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.c4_filter import c4_clean
from bench.corpora import aeb_outputs, clean_news, seeds

RESULTS = Path(__file__).resolve().parent / "results"
NON_ASCII = regex.compile(r"[^\x00-\x7f]")
WORD = regex.compile(r"\w+")


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_rate(fn: Callable[[list[str]], object], texts: list[str], repeat: int = 3) -> float:
    """MB/s of the fastest of ``repeat`` runs (the least disturbed by the rest of the machine)."""
    size = mb(texts)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        times.append(time.perf_counter() - t0)
    return size / min(times)


def floor(texts: list[str]) -> None:
    for t in texts:
        NON_ASCII.search(t)


def make_api() -> Callable[[list[str]], None]:
    from scrapelint import Linter

    linter = Linter()

    def api(texts: list[str]) -> None:
        for t in texts:
            linter.check(t)

    return api


def ftfy_fix(texts: list[str]) -> None:
    import ftfy

    for t in texts:
        ftfy.fix_text(t)


def is_dangerous_words(texts: list[str]) -> None:
    from confusable_homoglyphs import confusables

    for t in texts:
        for w in WORD.findall(t):
            confusables.is_dangerous(w)


def c4(texts: list[str]) -> None:
    for t in texts:
        c4_clean(t)


def peak_rss_mb(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{cmd} failed with {status}")
    return elapsed, usage.ru_maxrss / 1024


def build_jsonl(texts: list[str], size_mb: float, path: Path) -> float:
    written = 0
    with path.open("wb") as out:
        i = 0
        while written < size_mb * 1e6:
            line = orjson.dumps({"id": i, "text": texts[i % len(texts)]}) + b"\n"
            out.write(line)
            written += len(line)
            i += 1
    return written / 1e6


def median_seconds(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat (a smoke run)")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    corpora = {lang: clean_news(lang) for lang in ("en", "de", "fr")}
    if not corpora["en"]:
        raise SystemExit("clean-news not found under ../shared/eval: nothing to measure")
    dirty = [t for texts in aeb_outputs().values() for t in texts.values() if t] + seeds() * 50
    if args.quick:
        corpora = {k: v[:200] for k, v in corpora.items()}
        dirty = dirty[:400]
    api = make_api()
    api(corpora["en"][:50])  # warm up: compile rule tables, import lazily loaded modules

    rows = []
    rows.append(
        "| Input | MB | scrapelint API MB/s | floor MB/s | ftfy.fix_text MB/s | is_dangerous/word MB/s | C4 lines MB/s "
        "| API ÷ ftfy | API ÷ is_dangerous | API ÷ C4 | floor ÷ API |"
    )
    rows.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rates_api = {}
    for name, texts in [*corpora.items(), ("dirty (aeb outputs + seeds)", dirty)]:
        r_api = best_rate(api, texts, repeat)
        r_floor = best_rate(floor, texts, repeat)
        r_ftfy = best_rate(ftfy_fix, texts, 1)
        sample = texts[: max(1, len(texts) // (20 if not args.quick else 4))]
        r_dang = best_rate(is_dangerous_words, sample, 1)
        r_c4 = best_rate(c4, texts, repeat)
        rates_api[name] = r_api
        rows.append(
            f"| {name} | {mb(texts):.1f} | {r_api:.1f} | {r_floor:.0f} | {r_ftfy:.2f} | {r_dang:.3f} | {r_c4:.1f} | "
            f"{r_api / r_ftfy:.1f}× | {r_api / r_dang:.0f}× | {r_api / r_c4:.2f}× | {r_floor / r_api:.0f}× |"
        )
    dirty_ratio = rates_api["dirty (aeb outputs + seeds)"] / rates_api["en"]

    cli = [sys.executable, "-m", "scrapelint.cli"]
    exe = str(Path(sys.executable).with_name("scrapelint"))
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "clean-en.jsonl"
        size = build_jsonl(corpora["en"], args.size_mb if not args.quick else 5, jsonl)
        t_cli, rss_cli = peak_rss_mb([exe, "check", "--exit-zero", "--statistics", "--quiet", str(jsonl)])
        floor_code = (
            "import orjson, regex, sys; p = regex.compile(r'[^\\x00-\\x7f]')\n"
            "for line in open(sys.argv[1], 'rb'): p.search(orjson.loads(line)['text'])"
        )
        t_floor, rss_floor = peak_rss_mb([sys.executable, "-c", floor_code, str(jsonl)])
        small = Path(tmp) / "small.txt"
        small.write_text(corpora["en"][0], encoding="utf-8")
        t_version = median_seconds([exe, "--version"])
        t_small = median_seconds([exe, "check", "--exit-zero", str(small)])
    del cli

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"`python bench/bench_speed.py{' --quick' if args.quick else ''}`.",
        "",
        "In-process, on the same texts (default rules, check only; is_dangerous timed on a 5% sample):",
        "",
        *rows,
        "",
        f"Dirty dumps run at {dirty_ratio:.2f}× the clean English speed.",
        "",
        "Whole process on a JSONL of clean English news:",
        "",
        "| Command | MB | seconds | MB/s | peak RSS MB |",
        "|---|---:|---:|---:|---:|",
        f"| `scrapelint check` (CLI, default rules) | {size:.0f} | {t_cli:.1f} | {size / t_cli:.1f} | {rss_cli:.0f} |",
        f"| floor: read + orjson + non-ASCII scan | {size:.0f} | {t_floor:.1f} | {size / t_floor:.1f} "
        f"| {rss_floor:.0f} |",
        "",
        f"Start-up: `scrapelint --version` {t_version * 1000:.0f} ms; `scrapelint check` of one small file "
        f"{t_small * 1000:.0f} ms (medians of 5).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "speed.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
