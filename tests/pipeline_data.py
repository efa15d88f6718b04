"""Real news records with real scraping damage, for the pipeline tests (CLI streams, --jobs, datatrove, datasets,
Dask): BBC articles from the eval data, some with a homoglyph (U001) and some with a site footer line that recurs
across documents (B012, the corpus rule). Skips cleanly when the eval data is absent."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from conftest import EVAL

BBC = EVAL / "clean-news" / "en-bbc"
FOOTER = "Follow our live coverage of the election and sign up for the morning briefing at example.com/live"
# U001 and B012 only: fast to build in every worker process, and between them a fixable per-document rule and
# the corpus rule with its two passes.
SELECT = "U001,B012"


def articles(count: int) -> list[str]:
    if not BBC.is_dir():
        pytest.skip(f"eval data not found: {BBC}")
    texts: list[str] = []
    for path in sorted(BBC.glob("*/*.txt")):
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:  # sport/199.txt is Latin-1 on purpose
            continue
        if len(texts) == count:
            break
    return texts


def damage(index: int, text: str) -> str:
    """Every third article gets a Greek omicron inside a Latin word; every fourth the recurring footer."""
    if index % 3 == 0:
        head, sep, tail = text.partition(" the ")
        text = head + sep + tail.replace("o", "\u03bf", 1) if sep else text
    if index % 4 == 0:
        text = text.rstrip("\n") + "\n\n" + FOOTER + "\n"
    return text


def records(count: int) -> list[dict[str, object]]:
    return [{"id": f"bbc-{i:04d}", "lang": "en", "text": damage(i, t)} for i, t in enumerate(articles(count))]


def jsonl(rows: list[dict[str, object]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in rows)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(jsonl(rows))
    return path


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
