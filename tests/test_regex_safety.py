"""Regular expressions cannot be made to backtrack catastrophically: not ours, not the ones built from packs.

Packs hold phrases, not regular expressions: the boilerplate and captions families turn each phrase into a pattern
of escaped literals with a few fixed constructs (a run of spaces, an apostrophe class, a number for ``#``, an
ellipsis, the line's decoration). A user pack therefore cannot supply a catastrophic pattern: its regex syntax is
matched literally (tested below). What remains is to prove the shipped patterns and the phrase-built ones run in
linear time on adversarial input: long runs of every character a pattern mentions, the phrases themselves
repeated, decoration runs around them.

Every compiled pattern is collected from the rule modules and from rule instances after they ran over the fuzz
corpus (so lazily built ones are there too), plus every pattern built from every shipped pack entry, and the
no-Hyperscan fallback alternation. A run that takes more than ``LIMIT`` seconds on a ``SIZE``-character input is
super-linear (a linear scan takes well under a millisecond); a hang is cut by a timer.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
import scrapelint.rules
from oddities import every_rule_linter, fuzz_corpus
from run_cli import run_cli
from scrapelint import Linter
from scrapelint.packs import packs_for

SIZE = 10_000
LIMIT = 0.1  # seconds for one pass over SIZE characters: a linear scan takes well under a millisecond
HANG = 5.0  # seconds before a pass is cut short as a hang
GENERIC = " \t\n.-/&<a0é"
# Patterns that are quadratic on an unbounded adversarial string, and why that cannot happen where they are used.
# Checked by reading the call sites; the end-to-end test below runs the rules themselves on such strings.
BOUNDED = {
    "scrapelint.rules.boilerplate_analysis._DOMAIN": "searched only in lines no longer than the phrase's max-length",
    "scrapelint.rules.boilerplate_menus._MARKS": "match()ed once, at the start of a stripped line of at most 52 chars",
    "scrapelint.rules.captions_credit._DOMAIN": "only fullmatch()ed against one token: a single start position",
    "scrapelint.rules.captions_credit._LINK_SPLIT": "splits credit candidates of at most MAX_CREDIT_CHARS + 20",
    "scrapelint.rules.captions_credit._CHAIN_SPLIT": "splits credit candidates of at most MAX_CREDIT_CHARS + 20",
    "scrapelint.rules.captions_credit._PART_SPLIT": "splits credit candidates of at most MAX_CREDIT_CHARS + 20",
}

Pattern = re.Pattern[str] | regex.Pattern[str]


class Hang(Exception):
    pass


def _alarm(*_: object) -> None:
    raise Hang


def scan_time(pattern: Pattern, text: str) -> float:
    """Seconds to find every match of ``pattern`` in ``text`` (a hang raises Hang)."""
    started = time.perf_counter()
    if isinstance(pattern, regex.Pattern):
        try:
            for _ in pattern.finditer(text, timeout=HANG):
                pass
        except TimeoutError:
            raise Hang from None
    else:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG)
        try:
            for _ in pattern.finditer(text):
                pass
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - started


def best_time(pattern: Pattern, text: str, runs: int = 3) -> float:
    """The fastest of a few runs: a loaded machine or a garbage collection can stall any single one."""
    return min(scan_time(pattern, text) for _ in range(runs))


def adversarial(pattern: Pattern) -> Iterator[str]:
    """Long runs of each character the pattern mentions (and some it may not), alone, spaced, and cut by a
    character that makes a near-match fail at the very end."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    chars = {ch for ch in source if ch.isprintable() or ch in "\t\n"} | set(GENERIC)
    for ch in sorted(chars):
        yield ch * SIZE + "\x00"
        yield (ch + " ") * (SIZE // 2) + "!"
        yield "a" + (ch + "a") * (SIZE // 2) + "\n"


def module_patterns() -> dict[str, Pattern]:
    """Compiled patterns in the rule modules and in rule instances that have checked and fixed the fuzz corpus."""
    found: dict[tuple[object, ...], tuple[str, Pattern]] = {}

    def walk(obj: object, where: str, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern | regex.Pattern):
            if isinstance(obj.pattern, str):
                found.setdefault((type(obj), obj.pattern, obj.flags), (where, obj))
            return
        if depth > 4 or obj is None or isinstance(obj, str | bytes | int | float | bool):
            return
        if isinstance(obj, dict):
            for key, value in list(obj.items()):
                walk(value, f"{where}[{key!r}]"[:120], depth + 1)
        elif isinstance(obj, list | tuple | set | frozenset):
            for i, value in enumerate(list(obj)):
                walk(value, f"{where}[{i}]", depth + 1)
        elif type(obj).__module__.startswith("scrapelint"):
            names = list(getattr(obj, "__dict__", {})) + list(getattr(type(obj), "__slots__", ()))
            for name in names:
                if hasattr(obj, name):
                    walk(getattr(obj, name), f"{where}.{name}", depth + 1)

    for info in pkgutil.iter_modules(scrapelint.rules.__path__):
        module = importlib.import_module(f"scrapelint.rules.{info.name}")
        for name, value in vars(module).items():
            if not name.startswith("__"):
                walk(value, f"{module.__name__}.{name}")
    corpus = fuzz_corpus(size=200)
    linter = every_rule_linter(corpus)
    for text in corpus:
        linter.fix(text, unsafe=True)
    for rule in linter.rules:
        walk(rule, f"{rule.code} [{rule.name}]")
    return {where: pattern for where, pattern in found.values()}


def pack_patterns() -> dict[str, Pattern]:
    """The pattern of every shipped boilerplate phrase and caption entry, compiled as the rules compile them."""
    from scrapelint.rules import boilerplate_phrases as bp
    from scrapelint.rules import captions_vocab as cv

    out: dict[str, Pattern] = {}
    for pack in packs_for(bp.FAMILY):
        for phrase in bp.phrases_from_pack(pack):
            out[f"{phrase.origin} {phrase.text!r}"] = re.compile(phrase.pattern, re.IGNORECASE)
    vocabulary = cv.vocabulary()
    for entry in vocabulary.entries:
        for pattern, caseless in cv.scan_patterns(entry) if entry.kind in cv.SCANNED else ():
            out[f"captions {entry.kind} {entry.text!r}"] = re.compile(pattern, re.IGNORECASE if caseless else 0)
    return out


def captions_fallback() -> Pattern:
    """The captions scan without Hyperscan: one alternation of every phrase (platforms without wheels)."""
    from scrapelint.rules import captions_vocab as cv

    fallback = cv.Scanner(list(cv.vocabulary().entries), use_hyperscan=False).regex
    assert fallback is not None
    return fallback


def phrase_inputs(name: str) -> Iterator[str]:
    """The phrase repeated (glued and spaced), and long runs of line decoration before and after it."""
    text = name.rsplit(" ", 1)[-1].strip("'\"") or "x"
    from scrapelint.rules.boilerplate_phrases import LEAD, TRAIL

    yield (text + " ") * (SIZE // (len(text) + 1)) + "x"
    yield text * (SIZE // len(text)) + "\x00"
    yield LEAD * (SIZE // len(LEAD)) + text + "x"
    yield text + TRAIL * (SIZE // len(TRAIL)) + "x"
    yield "1" * SIZE + " " + text + " " + "1," * (SIZE // 2) + "x"


def slow_cases(patterns: dict[str, Pattern], inputs) -> list[str]:
    """Patterns that hang, or take over LIMIT seconds on one of their inputs and grow faster than linearly."""
    slow = []
    for where, pattern in patterns.items():
        for text in inputs(where, pattern):
            shown = f"{where}: /{pattern.pattern[:80]}/ on {text[:20]!r}... ({len(text)} chars)"
            try:
                if scan_time(pattern, text) <= LIMIT:
                    continue
                seconds, half = best_time(pattern, text), best_time(pattern, text[: len(text) // 2])  # not a hiccup
            except Hang:
                slow.append(f"{shown}: hangs")
                break
            if seconds > 3 * max(half, LIMIT / 10):
                slow.append(f"{shown}: {seconds:.2f} s (half the input: {half:.2f} s)")
                break
    return slow


def test_every_pattern_in_the_rules_is_linear_on_adversarial_input():
    patterns = module_patterns()
    assert len(patterns) > 30
    assert set(BOUNDED) <= set(patterns), "a bounded pattern moved: update BOUNDED"
    unbounded = {where: pattern for where, pattern in patterns.items() if where not in BOUNDED}
    slow = slow_cases(unbounded, lambda where, pattern: adversarial(pattern))
    print(f"\n{len(patterns)} rule patterns ({len(BOUNDED)} bounded by their call sites), inputs of {SIZE} characters")
    assert not slow, "\n".join(slow)


def test_every_pattern_built_from_the_shipped_packs_is_linear():
    patterns = pack_patterns()
    assert len(patterns) > 300
    slow = slow_cases(patterns, lambda where, pattern: phrase_inputs(where))
    print(f"\n{len(patterns)} pack patterns, phrase-based inputs of {SIZE} characters")
    assert not slow, "\n".join(slow)


def test_the_captions_fallback_scan_is_linear():
    """Without Hyperscan every caption phrase is tried at every position: slow, but it must stay linear."""
    fallback = captions_fallback()
    size = SIZE // 4  # it scans at about 10 KB/s
    for text in ("1" * size + "x", "Photo " * (size // 6), "é" * size, "a " * (size // 2)):
        whole, half = best_time(fallback, text), best_time(fallback, text[: len(text) // 2])
        assert whole < 3 * max(half, LIMIT / 10), f"{text[:12]!r}...: {whole:.2f} s, half the input {half:.2f} s"
    print(f"\ncaptions fallback scan: {len(text) / whole / 1e3:.0f} KB/s on {text[:8]!r}...")


CONTEXTS = [
    "{}",
    "Photo: {}",
    "(Photo: {} / AFP)",
    "© 2024 {}",
    "Image caption {}",
    "Share this article {}",
    "The minister said on Monday. Getty Images {}",
    "{} Read more",
    "Copyright {} All rights reserved.",
]


def test_every_rule_stays_linear_on_long_adversarial_lines():
    """The rules themselves (every one, corpus rules included) on lines of SIZE adversarial characters in the
    contexts that wake the caption and boilerplate parsers: each document in well under a second, and the slowest
    ones growing linearly with their line."""
    chars, size = GENERIC + "\u00a0|:,;©", SIZE // 2
    runs = [run for ch in chars for run in (ch * size, (ch + " ") * (size // 2), ("a" + ch) * (size // 2))]
    docs = [(context, run) for context in CONTEXTS for run in runs]
    linter = every_rule_linter([adversarial_document(c, r) for c, r in docs[:50]])

    def seconds(context: str, run: str) -> float:
        # Timed with the garbage collector off, as timeit does: its collections grow with the heap and made a
        # linear rule on 20,000 "©" look superlinear next to the 5,000-character run.
        text = adversarial_document(context, run)
        gc.disable()
        try:
            started = time.perf_counter()
            linter.check(text)
            linter.fix(text, unsafe=True)
            return time.perf_counter() - started
        finally:
            gc.enable()

    timed = sorted(((seconds(c, r), c, r) for c, r in docs), reverse=True)
    print(f"\n{len(docs)} adversarial documents of {size} characters: slowest check+fix {timed[0][0]:.2f} s")
    for took, context, run in timed[:3]:
        shown = adversarial_document(context, run)[10:40]
        assert took < 1.0, f"check and fix took {took:.2f} s on {shown!r}..."
        # best of three on both sides: a busy machine only ever adds time
        took = min(took, *(seconds(context, run) for _ in range(2)))
        longer = min(seconds(context, run * 4) for _ in range(3))  # linear: about 4 times as long; quadratic: 16
        assert longer < 6 * max(took, 0.02), f"{shown!r}...: {took:.2f} s, {longer:.2f} s with a 4 times longer line"


def adversarial_document(context: str, run: str) -> str:
    return f"Headline\n\n{context.format(run)}\n\nThe end.\n"


# -- user packs: regex syntax is text -----------------------------------------------------------------------------

REGEX_SYNTAX = ["(a+)+$", "(.*)*x", "[unclosed", "(?<name", "\\", "a{1,99999}", "(x|x)*y", "*"]


def _write_user_packs(folder: Path) -> Path:
    boilerplate = ["family = 'boilerplate'", "language = '*'"]
    captions = ["family = 'captions'", "language = '*'"]
    for text in REGEX_SYNTAX:
        literal = text.replace("\\", "\\\\").replace('"', '\\"')
        boilerplate += ["[[entry]]", f'text = "Share {literal}"', "category = 'social'", "anchor = 'prefix'"]
        captions += ["[[entry]]", "kind = 'label'", f'text = "Pic {literal}"']
    (folder / "bp.toml").write_text("\n".join(boilerplate) + "\n", encoding="utf-8")
    (folder / "cap.toml").write_text("\n".join(captions) + "\n", encoding="utf-8")
    config = folder / "scrapelint.toml"
    config.write_text('packs = ["bp.toml", "cap.toml"]\n', encoding="utf-8")
    return config


def test_regex_syntax_in_a_user_pack_is_matched_literally_and_quickly(tmp_path):
    from scrapelint.config import read_config_file

    linter = Linter(read_config_file(_write_user_packs(tmp_path)), select=["B", "C"])
    text = "The council met on Monday.\n\nShare (a+)+$ and more\n"
    assert any(text[f.start : f.end].startswith("Share (a+)+$") for f in linter.check(text))
    assert not any("Share a" in text[f.start : f.end] for f in linter.check("Share aaaa and more\n"))
    for attack in ("Share " + "a" * SIZE + "!", "Share " + "(" * SIZE, "Pic " + "x" * SIZE + "y", "Share " * 3000):
        started = time.perf_counter()
        linter.check(attack + "\n")
        assert time.perf_counter() - started < 2 * LIMIT + 0.5


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("text = 'Share'\ncategory = 'nonsense'", "'category' must be one of"),
        ("text = ''\ncategory = 'social'", "'text' must be a non-empty string"),
        ("text = 'Share'\ncategory = 'social'\npattern = '(a+)+$'", "unknown key(s) pattern"),
    ],
)
def test_a_bad_user_pack_entry_fails_fast_naming_file_and_entry(tmp_path, monkeypatch, entry, reason):
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text(f"family = 'boilerplate'\n[[entry]]\n{entry}\n", encoding="utf-8")
    Path("scrapelint.toml").write_text('packs = ["bad.toml"]\n', encoding="utf-8")
    Path("news.txt").write_text("The g\u03bfvernment said.\n", encoding="utf-8")
    result = run_cli("check", "--fix", "news.txt")
    assert result.exit_code == 2
    assert f"bad.toml: entry 1: {reason}" in result.stderr and "Traceback" not in result.stderr
    assert Path("news.txt").read_text(encoding="utf-8") == "The g\u03bfvernment said.\n"  # nothing was done
