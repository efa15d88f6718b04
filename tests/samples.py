"""Golden samples: ``samples/<case>.txt`` beside ``<case>.expected.json`` (findings) and ``<case>.fixed.txt``.

Run ``python tests/samples.py`` to (re)write the expected files after a deliberate change, then read the diff:
the golden test compares exactly, so every changed line is a behaviour change someone must agree with.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapelint.document import Document, Source
from scrapelint.linter import Linter
from scrapelint.reporters.records import finding_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def cases() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"), key=lambda p: p.name)


def is_input(path: Path) -> bool:
    return not path.name.endswith(".fixed.txt")


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def expected_for(path: Path, linter: Linter) -> tuple[list[dict], str]:
    """What the linter says about one sample today: (findings as JSON records, safe-fixed text)."""
    doc = Document(read_text(path), Source(path.name))
    records = []
    for finding in linter.check_document(doc):
        record = finding_record(doc, finding)
        for key in ("path", "fingerprint"):
            record.pop(key)
        records.append(record)
    return records, linter.fix_document(doc, unsafe=False).text


def main() -> None:
    linter = Linter()
    for path in filter(is_input, cases()):
        records, fixed = expected_for(path, linter)
        stem = path.name[: -len(".txt")]
        (SAMPLES / f"{stem}.expected.json").write_text(
            json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (SAMPLES / f"{stem}.fixed.txt").write_bytes(fixed.encode("utf-8"))
        print(f"{path.name}: {len(records)} findings", file=sys.stderr)


if __name__ == "__main__":
    main()
