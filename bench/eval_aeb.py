"""How much leaked furniture does ``Linter().fix`` remove from real extractor output, and what does it cost?

On the Scrapinghub article-extraction benchmark (181 pages, hand-made gold article text, the outputs of 20
extractors), for each extractor: the share of output lines NOT in the gold text that the fix removes, and the share
of gold lines it keeps — beside the same two figures for a C4-style line filter (datatrove's ``C4QualityFilter``
line rules, ``bench/c4_filter.py``). All default rule families run (boilerplate, captions, unicode); removals are
broken down by the rule whose first-pass finding covered the line.

    python bench/eval_aeb.py [--jobs N] [--output bench/results/aeb.md]

Reads ``../shared/eval/scrapinghub-aeb`` (never copied into the repository).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapelint.document import Document
from scrapelint.linter import Linter
from scrapelint.registry import all_rules

from bench.aeb_lines import Tally, normalize
from bench.c4_filter import c4_clean
from bench.corpora import aeb_gold, aeb_outputs

RESULTS = Path(__file__).resolve().parent / "results" / "aeb.md"
TARGET = 0.995


def line_owners(linter: Linter, doc: Document) -> list[str | None]:
    """For each line that counts (``bench.aeb_lines.lines_of``): the first-pass fixable finding covering it."""
    owner: dict[int, str] = {}
    for finding in linter.check_document(doc):
        if not finding.is_fixable():
            continue
        first, last = doc.position(finding.start)[0], doc.position(finding.end)[0]
        for number in range(first, last + 1):
            owner.setdefault(number, finding.code)
    return [owner.get(line.number) for line in doc.lines if normalize(line.text)]


def evaluate(name: str, outputs: dict[str, str], gold: dict[str, str]) -> tuple[str, Tally, Tally]:
    linter = Linter()
    ours, c4 = Tally(), Tally()
    for page, text in outputs.items():
        if page not in gold or not text.strip():
            continue
        doc = Document(text)
        result = linter.fix_document(doc, unsafe=False)
        ours.refused += result.refused is not None
        ours.add(gold[page], text, result.text, line_owners(linter, doc) if result.refused is None else None)
        c4.add(gold[page], text, c4_clean(text))
    return name, ours, c4


def percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def render(results: list[tuple[str, Tally, Tally]], seconds: float) -> str:
    rules = all_rules()
    total_ours, total_c4 = Tally(), Tally()
    rows = [
        "| extractor | lines | not gold | scrapelint: not-gold removed | scrapelint: gold kept "
        "| (strict substring gold kept) | refused docs | C4 lines: not-gold removed | C4 lines: gold kept |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, ours, c4 in results:
        total_ours.merge(ours)
        total_c4.merge(c4)
        flag = "" if ours.gold_kept_share >= TARGET else " ⚠"
        rows.append(
            f"| {name} | {ours.gold + ours.other} | {ours.other} | {percent(ours.other_removed_share)} "
            f"| {percent(ours.gold_kept_share)}{flag} | {percent(ours.strict_gold_kept_share)} | {ours.refused} "
            f"| {percent(c4.other_removed_share)} "
            f"| {percent(c4.gold_kept_share)} |"
        )
    rows.append(
        f"| **all** | {total_ours.gold + total_ours.other} | {total_ours.other} "
        f"| {percent(total_ours.other_removed_share)} | {percent(total_ours.gold_kept_share)} "
        f"| {percent(total_ours.strict_gold_kept_share)} | {total_ours.refused} "
        f"| {percent(total_c4.other_removed_share)} | {percent(total_c4.gold_kept_share)} |"
    )
    worst = min(results, key=lambda r: r[1].gold_kept_share)
    breakdown = ["| rule | category | not-gold lines removed | gold lines removed |", "|---|---|---:|---:|"]
    for code, (other, gold) in sorted(total_ours.removed_by.items()):
        cls = rules.get(code)
        category = getattr(cls, "category", cls.family if cls else "?")
        breakdown.append(f"| {code} {cls.name if cls else ''} | {category} | {other} | {gold} |")
    per_extractor = ["| extractor | " + " | ".join(sorted(total_ours.removed_by)) + " |"]
    per_extractor.append("|---|" + "---:|" * len(total_ours.removed_by))
    for name, ours, _ in results:
        cells = [str(ours.removed_by.get(code, [0, 0])[0]) for code in sorted(total_ours.removed_by)]
        per_extractor.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(
        [
            "# scrapelint `--fix` on the Scrapinghub article-extraction benchmark",
            "",
            "Lines of each extractor's output (181 pages) are gold when they occur in the hand-made gold article text",
            "(whitespace and invisible format characters normalised, at word boundaries; a line of one or two words",
            "must be a whole gold line, else every menu entry 'News' of a full-page dump would be gold because the",
            "article uses the word; the *strict substring* column counts any substring occurrence as gold).",
            "*not-gold removed*: share of the other lines the fix deletes (higher is better);",
            "*gold kept*: share of gold lines left intact (target >= 99.5% for every extractor). `Linter().fix` with",
            "all default rules, safe fixes; *refused docs*: documents whose fix the safety valve refused (it would",
            "have removed over half the words; mostly full-page dumps). C4 lines = datatrove's C4QualityFilter line",
            "rules (terminal punctuation, >= 3 words, 'javascript', policy phrases).",
            "",
            *rows,
            "",
            f"Lowest gold-line survival: {worst[0]} {percent(worst[1].gold_kept_share)}. Run time {seconds:.0f} s.",
            "",
            "## Removed lines by rule (first-pass finding covering the line), all extractors",
            "",
            *breakdown,
            "",
            "## Not-gold lines removed, by extractor and rule",
            "",
            *per_extractor,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--extractor", action="append", help="only these extractors (repeatable)")
    args = parser.parse_args(argv)
    gold, outputs = aeb_gold(), aeb_outputs()
    if not gold:
        print("scrapinghub-aeb data not found (../shared/eval/scrapinghub-aeb)", file=sys.stderr)
        return 2
    names = [n for n in outputs if not args.extractor or n in args.extractor]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        results = list(pool.map(evaluate, names, [outputs[n] for n in names], [gold] * len(names)))
    table = render(results, time.perf_counter() - started)
    print(table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    return 0 if all(r[1].gold_kept_share >= TARGET for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
