"""Speed of the default rule set beside the libraries a user would otherwise run, in one run.

    python bench/bench_speed.py [--size-mb 100] [--repeat 3] [--quick]

In-process contenders on the same texts (clean news in English, German and French, and dirty dumps: the
scrapinghub-aeb extractor outputs plus the seed samples replicated): scrapelint through the API (default rules;
the corpus rule B012 needs a corpus pass, so it also runs as collect + check), ``ftfy.fix_text``,
``confusable_homoglyphs`` ``is_dangerous`` on every word (timed on a sample: it is slow), datatrove's
``C4QualityFilter`` (its sentence count needs spaCy and is switched off, which only makes it faster) and the floor:
one ``regex`` scan for non-ASCII characters. They are timed in CPU time of this process (``time.process_time``,
best of ``--repeat``): the machine may be shared, and CPU time is what other load disturbs least.

Whole processes, timed with ``os.wait4`` (wall time best of ``--repeat``, CPU time user + system, peak RSS):
``scrapelint check`` on a JSONL of about ``--size-mb`` MB of clean English news (default rules minus B012:
replicating the articles makes every line recur, which B012 rightly flags everywhere), the default rules with
B012's two passes on the unreplicated articles, the same floor as a process, and start-up (``--version``, ``check``
of one small file). Child processes get a private bytecode cache (as an installed package has), warmed first.

Writes a Markdown table to ``bench/results/speed.md`` (not with ``--quick``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_pipeline import machine
from bench.contenders import ftfy_fix_text, is_dangerous_per_word
from bench.contenders import megabytes as mb
from bench.corpora import aeb_outputs, clean_news, seeds

RESULTS = Path(__file__).resolve().parent / "results"
NON_ASCII = regex.compile(r"[^\x00-\x7f]")
SEED_COPIES = 50  # the seed samples are a few KB: replicated so that they weigh in the dirty set
FLOOR_SCRIPT = (
    "import orjson, regex, sys; p = regex.compile(r'[^\\x00-\\x7f]')\n"
    "for line in open(sys.argv[1], 'rb'): p.search(orjson.loads(line)['text'])"
)
LAZY_MODULES = ("ftfy", "trafilatura", "datatrove")  # what a check of clean text must not import


def lines_per_mb(texts: list[str]) -> float:
    """Non-blank lines per MB: most rule work is per line, so this is what makes a dump slower than news."""
    return sum(1 for t in texts for line in t.split("\n") if line.strip()) / mb(texts)


def best_cpu_rate(fn: Callable[[list[str]], object], texts: list[str], repeat: int) -> float:
    """MB/s of CPU time, fastest of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn(texts)
        times.append(time.process_time() - t0)
    return mb(texts) / max(min(times), 1e-9)


# -- in-process contenders -------------------------------------------------------------------------------------------
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


def make_api_with_corpus() -> Callable[[list[str]], None]:
    """Every default rule: the corpus pass (B012 counts lines over all texts), then the check with the counts."""
    from scrapelint import Document, Linter
    from scrapelint.linter import add_counts

    linter = Linter()

    def api(texts: list[str]) -> None:
        counts: dict = {}
        for t in texts:
            add_counts(counts, linter.collect(Document(t)))
        checker = linter.with_corpus(counts)
        for t in texts:
            checker.check(t)

    return api


def make_c4() -> tuple[str, Callable[[list[str]], None]]:
    """datatrove's C4QualityFilter (line mode, the paper's defaults but the sentence count); else the copy."""
    try:
        from datatrove.data import Document as DatatroveDocument
        from datatrove.pipeline.filters.c4_filters import C4QualityFilter

        c4_filter = C4QualityFilter(min_num_sentences=-1)
        c4_filter.filter(DatatroveDocument(text="A line that ends well enough.\nmenu", id="0"))
    except Exception:  # not installed, or wants a download: the faithful copy of its line rules
        from bench.c4_filter import c4_clean

        def c4_copy(texts: list[str]) -> None:
            for t in texts:
                c4_clean(t)

        return "C4 line rules (copy of datatrove's)", c4_copy

    def c4(texts: list[str]) -> None:
        for i, t in enumerate(texts):
            c4_filter.filter(DatatroveDocument(text=t, id=str(i)))

    return "datatrove C4QualityFilter", c4


# -- whole processes -------------------------------------------------------------------------------------------------
@dataclass
class Run:
    walls: list[float]  # seconds, one per run
    cpu: float  # user + system seconds, least of the runs
    rss: float  # peak resident MB, largest of the runs

    @property
    def wall(self) -> float:
        """The best run: the one other load on the machine disturbed least."""
        return min(self.walls)


# A fresh interpreter starts each measured command and reports on it: a child forked straight from this process
# would inherit its peak RSS (the corpora, a few hundred MB) as its own starting point.
LAUNCHER = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - t0
code = os.waitstatus_to_exitcode(status)
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code]))
"""


def run_process(cmd: list[str], env: dict[str, str], repeat: int) -> Run:
    walls: list[float] = []
    cpus: list[float] = []
    rss: list[float] = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], capture_output=True, env=env, check=True)
        wall, cpu, peak, code = orjson.loads(out.stdout)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
        walls.append(wall)
        cpus.append(cpu)
        rss.append(peak)
    return Run(walls, min(cpus), max(rss))


def child_env(cache: Path) -> dict[str, str]:
    """The environment of a user's install: bytecode cached (here in a private folder, warmed by a first run)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def build_jsonl(texts: list[str], size_mb: float, path: Path) -> float:
    """``texts`` as JSONL records, repeated until the file holds ``size_mb`` MB (0: each text once)."""
    written = 0
    with path.open("wb") as out:
        i = 0
        while i < len(texts) or written < size_mb * 1e6:
            line = orjson.dumps({"id": i, "text": texts[i % len(texts)]}) + b"\n"
            out.write(line)
            written += len(line)
            i += 1
    return written / 1e6


def imported_by_check(small: Path, env: dict[str, str]) -> list[str]:
    """Which of :data:`LAZY_MODULES` a ``scrapelint check`` of ``small`` imports."""
    code = (
        "import sys\nfrom scrapelint.cli import main\n"
        f"try:\n    main(['check', '--exit-zero', '-q', {str(small)!r}])\nexcept SystemExit:\n    pass\n"
        f"sys.stderr.write(' '.join(m for m in {LAZY_MODULES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    return out.stderr.split()


# -- the report ------------------------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "holds" if ok else "**missed**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=100.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat, nothing written")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    machine_line = machine()  # the load average before this run adds to it
    corpora = {lang: clean_news(lang) for lang in ("en", "de", "fr")}
    if not corpora["en"]:
        raise SystemExit("clean-news not found under ../shared/eval: nothing to measure")
    dirty = [t for texts in aeb_outputs().values() for t in texts.values() if t] + seeds() * SEED_COPIES
    if args.quick:
        corpora = {k: v[:200] for k, v in corpora.items()}
        dirty = dirty[:400]
    inputs = {**corpora, "dirty": dirty}

    api, api_corpus = make_api(), make_api_with_corpus()
    c4_name, c4 = make_c4()
    api(corpora["en"][:50] + dirty[:50])  # warm up: compile the rule tables, import what rules load lazily
    ftfy_fix_text(corpora["en"][:5])
    is_dangerous_per_word(corpora["en"][:5])

    rates: dict[str, dict[str, float]] = {}
    for name, texts in inputs.items():
        sample = texts[:: 20 if not args.quick else 4]  # is_dangerous: 5% of the texts
        rates[name] = {
            "api": best_cpu_rate(api, texts, repeat),
            "corpus": best_cpu_rate(api_corpus, texts, repeat),
            "floor": best_cpu_rate(floor, texts, repeat),
            "ftfy": best_cpu_rate(ftfy_fix_text, texts, repeat),
            "dangerous": best_cpu_rate(is_dangerous_per_word, sample, repeat),
            "c4": best_cpu_rate(c4, texts, repeat),
        }
        print(name, {k: round(v, 2) for k, v in rates[name].items()}, flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp / "pycache")
        exe = str(Path(sys.executable).with_name("scrapelint"))
        big, base = tmp / "clean-en-replicated.jsonl", tmp / "clean-en.jsonl"
        big_mb = build_jsonl(corpora["en"], args.size_mb if not args.quick else 5, big)
        base_mb = build_jsonl(corpora["en"], 0, base)
        small = tmp / "small.txt"
        small.write_text(corpora["en"][0], encoding="utf-8")
        check = [exe, "check", "--exit-zero", "--statistics", "--quiet"]
        run_process([exe, "check", "--exit-zero", str(small)], env, 1)  # warm the bytecode cache
        processes = [
            ("`scrapelint check`, default rules minus B012", big_mb, [*check, "--ignore", "B012", str(big)], repeat),
            (
                "`scrapelint check`, default rules with B012 (two passes), unreplicated",
                base_mb,
                [*check, str(base)],
                repeat,
            ),
            (
                "`scrapelint check`, default rules with B012, replicated (flags every line)",
                big_mb,
                [*check, str(big)],
                1,
            ),
            ("floor: read + orjson + non-ASCII scan", big_mb, [sys.executable, "-c", FLOOR_SCRIPT, str(big)], repeat),
        ]
        runs = [(name, size, run_process(cmd, env, n)) for name, size, cmd, n in processes]
        starts = 1 if args.quick else 7
        version = run_process([exe, "--version"], env, starts)
        small_check = run_process([exe, "check", "--exit-zero", str(small)], env, starts)
        lazy_imported = imported_by_check(small, env)

    en, dirty_rates = rates["en"], rates["dirty"]
    cli = runs[0]
    cli_wall, cli_cpu = cli[1] / cli[2].wall, cli[1] / cli[2].cpu
    table = [
        f"| Input | MB | scrapelint API | API with corpus pass | floor | ftfy.fix_text | is_dangerous/word | {c4_name} "
        "| API ÷ ftfy | API ÷ is_dangerous | API ÷ C4 | floor ÷ API |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rates.items():
        label = "dirty (aeb outputs + seeds)" if name == "dirty" else f"clean news, {name}"
        table.append(
            f"| {label} | {mb(inputs[name]):.1f} | {r['api']:.1f} | {r['corpus']:.1f} | {r['floor']:.0f} | "
            f"{r['ftfy']:.2f} | {r['dangerous']:.3f} | {r['c4']:.1f} | {r['api'] / r['ftfy']:.1f}× | "
            f"{r['api'] / r['dangerous']:.0f}× | {r['api'] / r['c4']:.2f}× | {r['floor'] / r['api']:.0f}× |"
        )
    whole = [
        "| Command | MB | wall s (best) | MB/s wall | CPU s | MB/s CPU | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, size, run in runs:
        whole.append(
            f"| {name} | {size:.1f} | {run.wall:.2f} | {size / run.wall:.1f} | {run.cpu:.2f} | {size / run.cpu:.1f} "
            f"| {run.rss:.0f} |"
        )
    dirty_ratio = dirty_rates["api"] / en["api"]
    version_ms, small_ms = version.wall * 1000, small_check.wall * 1000
    targets = [
        "| Target | Measured | |",
        "|---|---|---|",
        f"| API >= 30 MB/s per core (clean English) | {en['api']:.1f} MB/s of CPU time | {verdict(en['api'] >= 30)} |",
        f"| CLI >= 20 MB/s on the {cli[1]:.0f} MB JSONL (default rules minus B012) | {cli_wall:.1f} MB/s wall, "
        f"{cli_cpu:.1f} MB/s of CPU time | {verdict(cli_cpu >= 20)} by CPU time, {verdict(cli_wall >= 20)} by wall |",
        f"| >= 8× ftfy.fix_text | {en['api'] / en['ftfy']:.1f}× | {verdict(en['api'] / en['ftfy'] >= 8)} |",
        f"| >= 100× is_dangerous per word | {en['api'] / en['dangerous']:.0f}× "
        f"| {verdict(en['api'] / en['dangerous'] >= 100)} |",
        f"| dirty dumps >= 1/3 of clean speed | {dirty_ratio:.2f}× ({dirty_rates['api']:.1f} vs {en['api']:.1f} MB/s) "
        f"| {verdict(dirty_ratio >= 1 / 3)} |",
        f"| `scrapelint --version` < 150 ms | {version_ms:.0f} ms wall (best of {starts}; median "
        f"{statistics.median(version.walls) * 1000:.0f}), {version.cpu * 1000:.0f} ms CPU "
        f"| {verdict(version_ms < 150)} |",
        f"| `scrapelint check` of one small file < 400 ms | {small_ms:.0f} ms wall (best of {starts}; median "
        f"{statistics.median(small_check.walls) * 1000:.0f}), {small_check.cpu * 1000:.0f} ms CPU, "
        f"{small_check.rss:.0f} MB | {verdict(small_ms < 400)} |",
        f"| ftfy, trafilatura, datatrove imported lazily | a small clean file imports: "
        f"{', '.join(lazy_imported) or 'none of them'} | {verdict(not lazy_imported)} |",
    ]
    lines = [
        f"Machine: {machine_line} (a shared machine: judge by CPU time). "
        f"`python bench/bench_speed.py{' --quick' if args.quick else ''}`.",
        "",
        "In-process, MB/s of CPU time on the same texts (every contender best of "
        f'{repeat}; is_dangerous on 5% of the texts). "API": `Linter().check(text)` with '
        'the default rules (B012 needs corpus counts and stays idle); "with corpus pass": `collect` over all the '
        "texts, then `check` with the counts (every default rule, B012 included).",
        "",
        *table,
        "",
        f"The dirty set has {lines_per_mb(dirty):,.0f} non-blank lines per MB, the English news "
        f"{lines_per_mb(corpora['en']):,.0f}: the rules' work is mostly per line.",
        "",
        "Whole process (`os.wait4`: wall best of the runs, CPU user + system, peak RSS of the process):",
        "",
        *whole,
        "",
        *targets,
        "",
        "`--jobs 2` against `--jobs 1` is measured by `bench/bench_pipeline.py` (`bench/results/pipeline.md`).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "speed.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
