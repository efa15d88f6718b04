"""Pipeline benchmark: --jobs 1 vs --jobs 2, a Dask LocalCluster beside one process, and peak memory on 1 GB.

    python bench/bench_pipeline.py                 # ~100 MB throughput runs, 1 GB memory run
    python bench/bench_pipeline.py --size-mb 20 --memory-mb 200 --repeat 1   # quick

Inputs are JSONL records built from ../shared/eval/clean-news/ (English BBC articles, German DER STANDARD
articles, French sentences grouped by twenty), replicated to the chosen size in a temporary folder (never in the
repository). Replicating makes every line recur across documents, which the corpus rule B012 would rightly
report everywhere, so throughput runs use the default rules minus B012; one row runs the default rules with the
corpus rule's two passes on the unreplicated base set instead.

Every figure is the whole `scrapelint` process as a user runs it (start-up, reading, writing, reporting): wall
time (best of --repeat), CPU time of the main process and of its workers (least of --repeat: other load on the
machine only adds to it), and peak memory (RSS) of the process tree, polled every 20 ms, and of the main process
exactly (wait4). Python bytecode is cached (in the work folder) as in an installed package, even where the
environment sets PYTHONDONTWRITEBYTECODE. Writes a Markdown table to bench/results/pipeline.md.

`--jobs 2` against `--jobs 1` is given three ways: wall time (what a user sees, start-up included); wall time after
start-up (the start-up of each run, measured on 20 records, subtracted); and from CPU time, which other load on the
machine barely changes: the one-process CPU time over what the parallel run needs on 2 free cores (the larger of
half its total CPU and its busiest process's CPU).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
import psutil

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "clean-news"
RESULTS = ROOT / "bench" / "results" / "pipeline.md"
SCRAPELINT = [sys.executable, "-m", "scrapelint.cli"]


# -- inputs ------------------------------------------------------------------------------------------------------


def base_records() -> list[bytes]:
    """One JSON line per clean article (en, de) or per twenty French sentences."""
    if not EVAL.is_dir():
        sys.exit(f"eval data not found: {EVAL}")
    out: list[bytes] = []
    for folder, lang in (("en-bbc", "en"), ("de-10kgnad/articles", "de")):
        for path in sorted((EVAL / folder).rglob("*.txt")):
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            out.append(orjson.dumps({"id": f"{lang}/{path.stem}", "lang": lang, "text": text}))
    french = [p for p in (EVAL / "fr-sequoia-estrepublicain").glob("*") if p.is_file() and p.suffix != ".md"]
    for path in french:
        sentences = path.read_text(encoding="utf-8").splitlines()
        for i in range(0, len(sentences), 20):
            text = " ".join(sentences[i : i + 20]) + "\n"
            out.append(orjson.dumps({"id": f"fr/{path.stem}/{i}", "lang": "fr", "text": text}))
    return out


def build(path: Path, size: int, records: list[bytes]) -> Path:
    """Replicate the records (ids made unique) until the file holds ``size`` bytes."""
    if path.is_file() and path.stat().st_size >= size:
        return path
    written, copy = 0, 0
    with open(path, "wb") as f:
        while written < size:
            for line in records:
                line = line.replace(b'{"id":"', f'{{"id":"{copy}/'.encode(), 1) + b"\n"
                f.write(line)
                written += len(line)
                if written >= size:
                    break
            copy += 1
    return path


# -- measuring ---------------------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the whole process tree
    busiest: float  # CPU seconds of the busiest single process (the critical path when each has a core)
    tree_peak: int  # bytes, sum over the process tree, polled
    main_peak: int  # bytes, the main process (exact)
    main_cpu: float = 0.0  # CPU seconds of the main process alone (polled)

    @property
    def workers_cpu(self) -> float:
        return max(self.cpu - self.main_cpu, 0.0)


def bench_env(workdir: Path) -> dict[str, str]:
    """The environment of measured runs: bytecode cached in the work folder, as an installed package has it (a
    sandbox that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module of every run, ~60 ms of start-up)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


ENV: dict[str, str] = dict(os.environ)  # set by main()


def measure(args: list[str], stdin: Path | None = None, stdout: Path | None = None) -> Run:
    # The run's stderr (its report, in filter mode) goes to a file: a pipe read only at the end fills up and blocks it.
    with (
        open(stdin or os.devnull, "rb") as fin,
        open(stdout or os.devnull, "wb") as fout,
        tempfile.NamedTemporaryFile(prefix="scrapelint-bench-", suffix=".err") as ferr,
    ):
        # A wrapper process so that its children's rusage is exactly this run's (workers included); it prints the
        # CPU seconds on its own stderr.
        wrapper = (
            "import resource, subprocess, sys\n"
            "with open(sys.argv[1], 'wb') as err:\n"
            "    p = subprocess.run(sys.argv[2:], stderr=err)\n"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(r.ru_utime + r.ru_stime, file=sys.stderr)\n"
            "sys.exit(p.returncode)\n"
        )
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", wrapper, ferr.name, *args], stdin=fin, stdout=fout, stderr=subprocess.PIPE, env=ENV
        )
        peak = [0]
        main_pid = [0]  # the scrapelint process: the wrapper's only child
        cpu_seen: dict[int, float] = {}  # pid -> CPU seconds at the last poll (forkserver workers are not
        done = threading.Event()  # children of the main process, so rusage alone misses them)

        def poll() -> None:
            parent = psutil.Process(proc.pid)
            while not done.is_set():
                total = 0
                try:
                    tree = parent.children(recursive=True)  # the wrapper itself is left out
                    main_pid[0] = main_pid[0] or next((p.pid for p in parent.children()), 0)
                except psutil.Error:  # the run just ended
                    break
                for p in tree:
                    try:
                        total += p.memory_info().rss
                        times = p.cpu_times()
                        cpu_seen[p.pid] = times.user + times.system
                    except psutil.Error:
                        continue
                peak[0] = max(peak[0], total)
                time.sleep(0.02)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        watcher.join()
        cpu_line = proc.stderr.read().decode() if proc.stderr else ""
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{Path(ferr.name).read_text()[-2000:]}")
    cpu = max(float(cpu_line.strip().splitlines()[-1]), sum(cpu_seen.values()))
    busiest = max(cpu_seen.values(), default=cpu)
    main_peak = usage.ru_maxrss * 1024  # the largest single process of the tree (Linux folds in waited children)
    main_cpu = cpu_seen.get(main_pid[0], cpu)
    return Run(wall, cpu, busiest, max(peak[0], main_peak), main_peak, min(main_cpu, cpu))


def best(runs: list[Run]) -> Run:
    """The fastest run's wall time and memory, with the least CPU figures seen over all runs (other load on a shared
    machine only adds CPU time: cache misses, frequency)."""
    fastest = min(runs, key=lambda r: r.wall)
    least = min(runs, key=lambda r: r.cpu)
    return replace(fastest, cpu=least.cpu, busiest=least.busiest, main_cpu=least.main_cpu)


def repeat(n: int, args: list[str], **kw: Path | None) -> Run:
    return best([measure(args, **kw) for _ in range(n)])


# -- the table ---------------------------------------------------------------------------------------------------


def mb(n: int | float) -> float:
    return n / (1 << 20)


HEADER = [
    "| Run | Input | Wall s | MB/s | Start-up s | MB/s after start-up | CPU s (main + workers) | Peak RSS (tree) | "
    "Speed-up | Speed-up after start-up | Speed-up from CPU time |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def ratios(one: Run, one_startup: float, two: Run, two_startup: float) -> dict[str, float]:
    """A run against a one-process baseline: wall, wall after start-up, from CPU time (on 2 cores a run lasts at
    least as long as its busiest process, and at least half its total CPU); and the best wall ratio 2 cores allow
    with these start-ups (Amdahl: start-up is one process's work, the rest is halved at best)."""
    return {
        "wall": one.wall / two.wall,
        "after start-up": (one.wall - one_startup) / max(two.wall - two_startup, 1e-9),
        "CPU": one.cpu / max(two.cpu / 2, two.busiest),
        "wall bound": one.wall / (two_startup + (one.wall - one_startup) / 2),
    }


def row(name: str, size: int, run: Run, startup: float, baseline: tuple[Run, float] | None = None) -> str:
    """A table row; ``startup`` is the wall time of the same command on a few records (the rules' set-up)."""
    work = max(run.wall - startup, 1e-9)
    shown = "1.00× | 1.00× | 1.00×"
    if baseline is not None:
        r = ratios(*baseline, run, startup)
        shown = f"{r['wall']:.2f}× | {r['after start-up']:.2f}× | {r['CPU']:.2f}×"
    cpu = f"{run.cpu:.2f}" if run.workers_cpu < 0.05 else f"{run.cpu:.2f} ({run.main_cpu:.2f} + {run.workers_cpu:.2f})"
    return (
        f"| {name} | {mb(size):.0f} MB | {run.wall:.2f} | {mb(size) / run.wall:.1f} | {startup:.2f} | "
        f"{mb(size) / work:.1f} | {cpu} | {mb(run.tree_peak):.0f} MB | {shown} |"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {mb(psutil.virtual_memory().total) / 1024:.0f} GB RAM, "
        f"Python {platform.python_version()}; load average at start {load}"
    )


def _cluster_cpu() -> dict[int, float]:
    """CPU seconds so far of this process's children: the LocalCluster's nanny and worker processes."""
    out = {}
    for p in psutil.Process().children(recursive=True):
        try:
            times = p.cpu_times()
            out[p.pid] = times.user + times.system
        except psutil.Error:
            continue
    return out


def dask_run(path: Path, n: int, rules: list[str]) -> tuple[Run, float]:
    """``scrapelint check --dask`` against a LocalCluster of 2 worker processes started here; the workers' CPU
    is added to the client process's."""
    from distributed import LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        startup = time.perf_counter() - started
        args = [*SCRAPELINT, "check", "-q", "--exit-zero", *rules, "--dask", cluster.scheduler_address, str(path)]
        measure(args)  # warm-up: workers import scrapelint and build their rules
        runs = []
        for _ in range(n):
            before = _cluster_cpu()
            run = measure(args)
            spent = [cpu - before.get(pid, 0.0) for pid, cpu in _cluster_cpu().items()]
            runs.append(replace(run, cpu=run.cpu + sum(spent), busiest=max([run.busiest, *spent])))
        return best(runs), startup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=100, help="throughput input size")
    parser.add_argument("--memory-mb", type=int, default=1024, help="streaming-memory input size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best wall time, least CPU kept)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "scrapelint-bench")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    opts = parser.parse_args()
    opts.workdir.mkdir(parents=True, exist_ok=True)

    records = base_records()
    base = build(opts.workdir / "base.jsonl", sum(len(r) + 1 for r in records), records)
    tiny = build(opts.workdir / "tiny.jsonl", sum(len(r) + 1 for r in records[:20]), records[:20])
    big = build(opts.workdir / f"news-{opts.size_mb}MB.jsonl", opts.size_mb << 20, records)
    size, base_size = big.stat().st_size, base.stat().st_size
    rules = ["--ignore", "B012"]
    check = [*SCRAPELINT, "check", "-q", "--exit-zero", *rules]
    fix = [*SCRAPELINT, "check", "-q", "--exit-zero", "--fix", "--text-field", "text", *rules, "-"]
    corpus = [*SCRAPELINT, "check", "-q", "--exit-zero"]
    n = opts.repeat
    print(f"{len(records)} base records, {mb(base_size):.1f} MB; throughput input {mb(size):.0f} MB", flush=True)

    global ENV
    ENV = bench_env(opts.workdir)
    for jobs in ("1", "2"):  # fills the bytecode cache
        measure([*check, "--jobs", jobs, str(tiny)])

    def pair(name: str, command: list[str], path: Path, size: int, stdin: bool = False) -> list[str]:
        """--jobs 1 and --jobs 2 rows of one command, each with its start-up measured on 20 records. The four
        measurements take turns, so that a change in other load on the machine falls on both sides."""
        runs: dict[str, list[Run]] = {}
        for _ in range(n):
            for jobs in ("1", "2"):
                args = [*command, "--jobs", jobs] if stdin else [*command, "--jobs", jobs, str(path)]
                startup = measure(args, stdin=tiny) if stdin else measure([*args[:-1], str(tiny)])
                runs.setdefault(f"startup {jobs}", []).append(startup)
                runs.setdefault(jobs, []).append(measure(args, stdin=path) if stdin else measure(args))
        one, one_startup = best(runs["1"]), best(runs["startup 1"]).wall
        two, two_startup = best(runs["2"]), best(runs["startup 2"]).wall
        out = [
            row(f"{name}, `--jobs 1`", size, one, one_startup),
            row(f"{name}, `--jobs 2`", size, two, two_startup, (one, one_startup)),
        ]
        print("\n".join(out), flush=True)
        figures[name] = ratios(one, one_startup, two, two_startup)
        return out

    figures: dict[str, dict[str, float]] = {}
    lines = list(HEADER)
    lines += pair("check", check, big, size)
    lines += pair("`--fix` stdin → stdout filter", fix, big, size, stdin=True)
    lines += pair("check, default rules with corpus rule B012 (two passes)", corpus, base, base_size)

    notes = []
    if not opts.skip_dask:
        dask, cluster_startup = dask_run(big, n, rules)
        one = repeat(n, [*check, "--jobs", "1", str(big)])
        one_startup = repeat(n, [*check, "--jobs", "1", str(tiny)]).wall
        lines.append(
            row("check, `--dask` LocalCluster, 2 worker processes (warm)", size, dask, 0.0, (one, one_startup))
        )
        notes.append(
            f"Dask row: the cluster's start-up ({cluster_startup:.1f} s) and a warm-up run (the workers build their "
            "rules) are not counted, so its speed-up is against `--jobs 1` after start-up."
        )
        print(lines[-1], flush=True)

    if not opts.skip_memory:
        huge = build(opts.workdir / f"news-{opts.memory_mb}MB.jsonl", opts.memory_mb << 20, records)
        huge_size = huge.stat().st_size
        stream = measure([*fix, "--jobs", "1"], stdin=huge)
        lines.append(row("memory: `--fix` stdin → stdout filter, `--jobs 1`", huge_size, stream, 0.0))
        print(lines[-1], flush=True)
        stream_two = measure([*fix, "--jobs", "2"], stdin=huge)
        lines.append(row("memory: `--fix` stdin → stdout filter, `--jobs 2`", huge_size, stream_two, 0.0))
        print(lines[-1], flush=True)
        notes.append(
            f"Peak memory streaming {mb(huge_size) / 1024:.2f} GB through the `--fix` filter: "
            f"{mb(stream.main_peak):.0f} MB in one process; {mb(stream_two.tree_peak):.0f} MB for the whole "
            "process tree with `--jobs 2` (main process and two workers). Target: under 300 MB."
        )

    r = figures["check"]
    notes.insert(
        0,
        f"`--jobs 2` against `--jobs 1`, check of {mb(size):.0f} MB (target 1.8×): {r['wall']:.2f}× wall, "
        f"{r['after start-up']:.2f}× after start-up, {r['CPU']:.2f}× from CPU time. With these start-ups the best "
        f"wall ratio 2 cores allow is {r['wall bound']:.2f}× (start-up runs in one process before work is shared).",
    )
    notes.insert(0, f"Machine: {machine()}.")
    notes.append(
        "Rows other than the corpus one: default rules minus B012 on replicated clean news (replication repeats "
        f"every line, which B012 would flag); the corpus row: every default rule on the {mb(base_size):.0f} MB "
        f"unreplicated base set. Wall time: best of {n} runs of the whole command, `--jobs 1` and `--jobs 2` "
        "taking turns. Start-up: the same command on 20 records (interpreter, imports, building and compiling the "
        "rules, forking workers); 'after start-up' figures subtract it. CPU: user+system of the main process and "
        f"of its workers, the least of {n} runs. 'Speed-up from CPU time' is what the CPU accounting allows on 2 "
        "free cores: the one-process CPU time over the larger of half the parallel run's total CPU and its busiest "
        "process's CPU (other load on the machine changes it little). Python bytecode is cached, as in an installed "
        f"package. Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}."
    )
    text = "\n".join(lines) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
