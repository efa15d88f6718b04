"""Does the corpus rule (B012) find a site's repeated furniture? CleanPortalEval: 71 pages of 4 sites, with gold.

Two dumps of the same pages: ``trafilatura.extract`` (a good extractor: little furniture left) and a full-page text
(every block element a line, scripts and styles dropped: the worst case a scraper produces). For each, the corpus
pass counts normalised lines over all pages, then B012 reports the lines that recur; the table says how many of
the non-gold lines it flags and how many flagged lines are in the gold text.

    python bench/cleanportal.py [--output bench/results/cleanportal.md]
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapelint.document import Document
from scrapelint.linter import Linter, merge_counts

from bench.aeb_lines import normalize
from bench.corpora import EVAL

FOLDER = EVAL / "cleanportaleval"
RESULTS = Path(__file__).resolve().parent / "results" / "cleanportal.md"
_BLOCKS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br", "article", "section", "header",
    "footer", "nav", "ul", "ol", "table", "blockquote", "dt", "dd", "figcaption", "form", "aside",
)  # fmt: skip


def page_text(raw: str) -> str:
    """Full-page text: one line per block element, like the full-page baselines of extraction benchmarks."""
    import lxml.html  # trafilatura's dependency

    tree = lxml.html.fromstring(raw)
    for element in tree.xpath("//script|//style|//noscript"):
        element.drop_tree()
    for element in tree.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def gold_text(path: Path) -> str:
    """CleanEval-style gold (``<h>``/``<p>``/``<l>`` blocks, HTML entities), normalised."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    return normalize(html.unescape(re.sub(r"<[hpl]>", " ", text)))


def load(kind: str) -> list[tuple[str, str, str]]:
    """(page name, dump text, normalised gold) for every page; ``kind`` is "trafilatura" or "full-page"."""
    import trafilatura

    out = []
    for path in sorted((FOLDER / "input").glob("*.html.gz")):
        raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        text = (trafilatura.extract(raw) or "") if kind == "trafilatura" else page_text(raw)
        out.append((path.name, text, gold_text(FOLDER / "gold" / path.name.replace(".html.gz", ".txt.gz"))))
    return out


def flagged(pages: list[tuple[str, str, str]]) -> tuple[Counter[str], int, int, int]:
    """Corpus pass + check: (flagged lines by text, flagged lines in gold, non-gold lines, non-gold flagged)."""
    linter = Linter(select=["B012"])
    counts: dict = {}
    for _, text, _ in pages:
        counts = merge_counts(counts, linter.collect(Document(text)))
    checker = linter.with_corpus(counts)
    lines: Counter[str] = Counter()
    in_gold = other = other_flagged = 0
    for _, text, gold in pages:
        doc = Document(text)
        hit = {doc.position(f.start)[0] for f in checker.check_document(doc)}
        for line in doc.lines:
            text_ = normalize(line.text)
            if not text_:
                continue
            is_gold = len(text_.split()) >= 3 and text_ in gold
            other += not is_gold
            if line.number in hit:
                lines[text_] += 1
                in_gold += is_gold
                other_flagged += not is_gold
    return lines, in_gold, other, other_flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not FOLDER.is_dir():
        print(f"cleanportaleval not found ({FOLDER})", file=sys.stderr)
        return 2
    rows = [
        "| dump | non-gold lines | flagged by B012 | share | flagged lines in gold | most frequent flagged lines |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind in ("trafilatura", "full-page"):
        lines, in_gold, other, other_flagged = flagged(load(kind))
        top = "; ".join(f"{text[:40]} ({n})" for text, n in lines.most_common(5))
        share = other_flagged / other if other else 0.0
        rows.append(f"| {kind} | {other} | {other_flagged} | {100 * share:.1f}% | {in_gold} | {top} |")
    table = "\n".join(["# B012 corpus-repeated-line on CleanPortalEval (71 pages, 4 sites)", "", *rows, ""])
    print(table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
