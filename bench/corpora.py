"""Benchmark and evaluation inputs, read from ``../shared/eval`` (never copied into the repository).

Set ``SCRAPELINT_EVAL`` to point elsewhere. Every loader returns an empty list when the data is absent, so
callers can skip cleanly.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("SCRAPELINT_EVAL", ROOT.parent / "shared" / "eval"))
SEEDS = ROOT / "samples"
FR_SENTENCES_PER_DOC = 20  # the French set is one sentence per line; group them into article-sized documents


def clean_news(lang: str) -> list[str]:
    """Clean news articles: ``en`` (BBC, 2,225), ``de`` (10kGNAD test, 1,028), ``fr`` (Sequoia sentences)."""
    base = EVAL / "clean-news"
    if lang == "en":
        files = sorted((base / "en-bbc").glob("*/*.txt"))
        return [f.read_bytes().decode("utf-8", errors="replace") for f in files]
    if lang == "de":
        return [f.read_text(encoding="utf-8") for f in sorted((base / "de-10kgnad" / "articles").glob("*.txt"))]
    if lang == "fr":
        files = sorted((base / "fr-sequoia-estrepublicain").glob("*.txt"))
        sentences = [s for f in files for s in f.read_text(encoding="utf-8").splitlines() if s.strip()]
        step = FR_SENTENCES_PER_DOC
        return ["\n\n".join(sentences[i : i + step]) for i in range(0, len(sentences), step)]
    raise ValueError(lang)


def _load_gz_json(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return data.get("output", data) if isinstance(data, dict) and "version" in data else data


def aeb_gold() -> dict[str, str]:
    """Scrapinghub article-extraction benchmark: page id -> hand-made gold article text."""
    path = EVAL / "scrapinghub-aeb" / "ground-truth.json.gz"
    if not path.is_file():
        return {}
    return {k: v.get("articleBody") or "" for k, v in _load_gz_json(path).items()}


def aeb_outputs() -> dict[str, dict[str, str]]:
    """Extractor name -> page id -> extracted text (a ready-made leaky dump per extractor)."""
    folder = EVAL / "scrapinghub-aeb" / "output"
    out = {}
    for path in sorted(folder.glob("*.json.gz")):
        data = _load_gz_json(path)
        out[path.name.removesuffix(".json.gz")] = {k: (v or {}).get("articleBody") or "" for k, v in data.items()}
    return out


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("seed-*.txt")) if ".fixed" not in p.name]
