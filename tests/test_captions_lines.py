"""The caption analysis reads lines on demand (``captions_scan._Lines``) instead of ``Document.lines``: the lines,
findings and fixes must be the same whatever the line breaks and whichever line tables another family built."""

from __future__ import annotations

import re

import pytest
from scrapelint import Linter
from scrapelint.document import Document
from scrapelint.rules import captions_scan, captions_vocab
from scrapelint.rules.captions_vocab import scan_patterns

from samples import SAMPLES, read_text

LINTER = Linter(select=["C"])
CAPTION_SAMPLES = sorted(p for p in SAMPLES.glob("captions-*.txt") if not p.name.endswith(".fixed.txt"))
SEED = SAMPLES / "seed-001_40d47f5dcec76a4f.txt"
EDGES = ["", "\n", "\n\n", "Photo: AP", "Photo: AP\n", "\nGetty Images\n\n", "a\n\nb\n"]


def texts() -> list[str]:
    return [read_text(p) for p in [*CAPTION_SAMPLES, SEED]] + EDGES


def with_breaks(text: str, brk: str) -> str:
    return text.replace("\n", brk)


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_lines_on_demand_match_the_document_lines(brk: str):
    for text in texts():
        text = with_breaks(text, brk)
        doc = Document(text)
        expected = Document(text).lines
        # read in the analysis' orders: from the hits forward, stepping up and down, and jumping far
        lines = captions_scan._Lines(doc)
        offsets = sorted({line.start for line in expected} | {line.end for line in expected})
        assert [lines.holding(o) for o in offsets] == [expected[Document(text).position(o)[0] - 1] for o in offsets]
        for order in (range(len(expected)), range(len(expected) - 1, -1, -1), range(0, len(expected), 7)):
            fresh = captions_scan._Lines(Document(text))
            assert [fresh[i] for i in order] == [expected[i] for i in order]
        fresh = captions_scan._Lines(Document(text))
        assert fresh.size() == len(expected)
        blank = captions_scan._PerLine(fresh, captions_scan._is_blank)
        assert [blank[i] for i in range(len(expected))] == [line.is_blank for line in expected]
        with pytest.raises(IndexError):
            fresh[len(expected)]


def findings(doc: Document) -> list[tuple]:
    out = []
    for f in LINTER.check_document(doc):
        edits = [(e.start, e.end, e.replacement) for e in f.fix.edits] if f.fix else []
        out.append((f.code, f.start, f.end, f.message, edits))
    return out


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("built", [(), ("lines",), ("line_starts",)])
def test_same_findings_whichever_line_tables_exist(brk: str, built: tuple[str, ...]):
    """Another family may have built ``doc.lines`` or ``doc.line_starts`` before the caption rules run."""
    for text in texts():
        text = with_breaks(text, brk)
        doc = Document(text)
        for name in built:
            getattr(doc, name)
        assert findings(doc) == findings(Document(text))


@pytest.mark.parametrize("brk", ["\r\n", "\r"])
def test_findings_and_fixes_do_not_depend_on_the_line_break(brk: str):
    for text in texts():
        other = with_breaks(text, brk)
        assert [(f.code, text[f.start : f.end]) for f in LINTER.check(text)] == [
            (f.code, other[f.start : f.end].replace(brk, "\n")) for f in LINTER.check(other)
        ]
        assert LINTER.fix(other).text.replace(brk, "\n") == LINTER.fix(text).text


MIXED = [
    "Lead — “quoted”.\nФото:\u00a0Владимир Сухов\nCrédit photo : AFP\n© Reuters / David Mercado\n",
    "Image 3 of 12\nФото 2 из 5\n…in Sanya. GREG BAKER / AFP\nimage\tcaption Scooter 😀 Braun (AP Photo/Alan Diaz)\n",
    "Ça « coûte ».\nJason Cipriani/ZDNet\n  Amy K. Dragoo / AIMMEDIA\n",  # line shapes after non-ASCII text
]


def test_hit_offsets_are_code_points():
    """Hyperscan reports UTF-8 byte offsets; each hit, converted, must span exactly what its pattern matches."""
    vocab = captions_scan.vocabulary()
    scanner = vocab.scanner
    assert scanner is not None
    patterns = {}
    for text in [*MIXED, *texts()]:
        hits = scanner.scan(text, text.encode("utf-8", "replace"))
        plain = text.replace("\t", " ").replace("\u00a0", " ")
        for index, start, end in hits:
            if index == captions_vocab.COPYRIGHT:
                assert text[start:end] == "©"
                continue
            if index == captions_vocab.PHOTOGRAPHER:  # scanned without its start: the match's last character
                line_start = plain.rfind("\n", 0, start) + 1
                assert end == start + 1 and re.fullmatch(captions_vocab.PHOTOGRAPHER_LINE, plain[line_start:end])
                continue
            entry = vocab.entries[index]
            if entry not in patterns:
                patterns[entry] = [
                    re.compile(p, re.IGNORECASE if caseless else 0) for p, caseless in scan_patterns(entry)
                ]
            assert any(p.fullmatch(plain[start:end]) for p in patterns[entry]), (entry.text, text[start:end])
    assert any(not t.isascii() and scanner.scan(t) for t in MIXED)
    assert sum(index == captions_vocab.PHOTOGRAPHER for index, *_ in scanner.scan(MIXED[-1])) == 2
