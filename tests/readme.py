"""The README's generated blocks: rule table, CLI reference, config reference, benchmark tables.

``python tests/readme.py`` rewrites the blocks between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
``tests/test_readme.py`` fails when the README drifts from what this produces.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from scrapelint.cli import main
from scrapelint.config import KEYS
from scrapelint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BENCH_RESULTS = ROOT / "bench" / "results"


def rules_table() -> str:
    rows = ["| Code | Name | Family | Severity | Fix | Default | What it catches |", "|---|---|---|---|---|---|---|"]
    for code, cls in all_rules().items():
        fix = "yes" if cls.fixable else ""
        default = "on" if cls.default_enabled else "off"
        summary = cls.summary().replace("|", "\\|")
        rows.append(
            f"| `{code}` | `{cls.name}` | {cls.family} | {cls.severity.value} | {fix} | {default} | {summary} |"
        )
    return "\n".join(rows)


def cli_reference() -> str:
    result = CliRunner().invoke(main, ["check", "--help"], terminal_width=110)
    text = result.output.replace("Usage: main check", "Usage: scrapelint check")
    return f"```text\n{text.rstrip()}\n```"


def config_reference() -> str:
    rows = ["| Key | Type | Meaning |", "|---|---|---|"]
    rows += [f"| `{key}` | {kind} | {meaning} |" for key, (kind, meaning) in KEYS.items()]
    return "\n".join(rows)


def bench_block(name: str) -> str:
    path = BENCH_RESULTS / f"{name}.md"
    if not path.is_file():
        return "_not measured yet_"
    # A results file is a document of its own (a level-1 title); in the README it sits under a level-3 heading.
    return re.sub(
        r"^(#+) ", lambda m: "#" * (len(m.group(1)) + 3) + " ", path.read_text(encoding="utf-8").strip(), flags=re.M
    )


def blocks() -> dict[str, str]:
    out = {"rules": rules_table(), "cli": cli_reference(), "config": config_reference()}
    for name in ("speed", "unicode", "aeb", "pipeline"):
        out[f"bench-{name}"] = bench_block(name)
    return out


def render(readme: str) -> str:
    for name, body in blocks().items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        readme = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), readme)
    return readme


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
