"""Generate the tables the Unicode rules ship (run by hand when the sources change; the output is committed).

    python rules/data/generate_unicode_data.py            # writes confusables.json and english_words.txt.gz

Sources, all offline:

* ``confusables.json`` of the ``confusable-homoglyphs`` package (a runtime dependency anyway): its bundled copy of
  Unicode's ``confusables.txt`` (UTS #39), which it stores as a symmetric "looks like" graph. The data is
  **Unicode 13.0**: it maps characters new in 13.0 (U+1FBF0 SEGMENTED DIGIT ZERO) and none new in 14.0.
  The graph's connected components are the confusable classes; each is a star around its prototype (checked
  below). Where a class has only two single characters the file no longer says which one is the prototype; we
  take the one that occurs inside a multi-character prototype, else ASCII, else the lowest code point. Skeleton
  *equality*, the only thing the rules use, does not depend on that choice.
* ``wordfreq`` (installed only to run this script, not a dependency): the most frequent English words.
* Python's ``unicodedata`` (NFD, categories, names) and the ``regex`` module (scripts).
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

import regex
from scrapelint.rules.confusables import script_of

HERE = Path(__file__).resolve().parent
CONFUSABLES_UNICODE_VERSION = "13.0.0"
WORDS = 50_000
LRM = "\u200e"  # confusables.txt wraps right-to-left characters in LRM for display; they are not data
_DEFAULT_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
ASCII_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def load_graph() -> dict[str, set[str]]:
    path = resources.files("confusable_homoglyphs") / "confusables.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    graph: dict[str, set[str]] = {}
    for key, entries in raw.items():
        a = key.replace(LRM, "")
        for entry in entries:
            b = entry["c"].replace(LRM, "")
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set()).add(a)
    return graph


def prototypes(graph: dict[str, set[str]]) -> dict[str, str]:
    """Source character -> prototype string, for every character that is not its own prototype."""
    in_multi = {c for node in graph if len(node) > 1 for c in node}
    seen: set[str] = set()
    mapping: dict[str, str] = {}
    for start in graph:
        if start in seen:
            continue
        component, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node not in component:
                component.add(node)
                stack.extend(graph[node])
        seen |= component
        centres = [n for n in component if len(graph[n]) > 1]
        if len(component) > 2:
            assert len(centres) == 1, f"not a star: {sorted(component)}"
            proto = centres[0]
        else:
            multi = [n for n in component if len(n) > 1]
            proto = multi[0] if multi else min(component, key=lambda n: (n not in in_multi, not n.isascii(), n))
        for node in component:
            if node != proto:
                assert len(node) == 1, f"multi-character source {node!r}"
                mapping[node] = proto
    return mapping


def skeleton(text: str, mapping: dict[str, str]) -> str:
    text = _DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", "".join(mapping.get(c, c) for c in text))


def pick_reading(char: str, candidates: list[str]) -> str | None:
    """The ASCII letter a look-alike letter stands for, matching its case (Greek Ι -> I), or None.

    Letters that only look like digits (Cyrillic З ~ 3, б ~ 6) get no reading: nobody writes a Latin word with
    a digit in place of a letter, so replacing them would not restore anything.
    """
    order = (str.isupper, str.islower) if unicodedata.category(char) == "Lu" else (str.islower, str.isupper)
    for test in order:
        for c in candidates:
            if test(c):
                return c
    return None


_SMALL_CAPITAL = regex.compile(r"LATIN (?:CAPITAL )?LETTER SMALL CAPITAL ([A-Z])")


def name_reading(char: str) -> str | None:
    """Small capitals and kra: the ASCII letter their name says they are (LATIN LETTER SMALL CAPITAL K -> k)."""
    name = unicodedata.name(char, "")
    if name == "LATIN SMALL LETTER KRA":
        return "k"
    match = _SMALL_CAPITAL.fullmatch(name)
    return match.group(1).lower() if match else None


def classify(mapping: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    """Per-character tables for the homoglyph rules.

    * ``lookalikes``: letters that are not ASCII but whose skeleton is an ASCII letter or digit's:
      char -> [ASCII reading, script, flags] (flag ``w``: a weak Greek lowercase letter, also used as a symbol).
    * ``latin_like``: letters of other scripts that look like a non-ASCII Latin letter (Cyrillic т ~ ᴛ):
      char -> [that Latin letter, script, flags].
    * ``uncommon``: Latin letters with no ASCII skeleton that nobody writes English with (small capitals, kra):
      char -> the ASCII letter their name says they are.
    """
    by_skeleton: dict[str, list[str]] = {}
    for a in ASCII_ALNUM:
        by_skeleton.setdefault(skeleton(a, mapping), []).append(a)
    members: dict[str, list[str]] = {}
    for src, proto in mapping.items():
        members.setdefault(proto, []).append(src)
    lookalikes: dict[str, list[str]] = {}
    latin_like: dict[str, list[str]] = {}
    uncommon: dict[str, str] = {}
    for cp in range(0x80, sys.maxunicode + 1):
        char = chr(cp)
        cat = unicodedata.category(char)
        if not cat.startswith("L"):
            continue
        script = script_of(char)
        sk = skeleton(char, mapping)
        reading = pick_reading(char, by_skeleton[sk]) if sk in by_skeleton else None
        if reading:
            # Greek lowercase letters other than omicron are also symbols (10μs, Hα, 3σ): weaker evidence
            weak = script == "Greek" and cat == "Ll" and char != "\u03bf"
            lookalikes[char] = [reading, script, "w" if weak else ""]
            continue
        if script == "Latin":
            if name_reading(char):
                uncommon[char] = name_reading(char)  # type: ignore[assignment]
            continue
        if script in ("Common", "Inherited") or len(sk) != 1:
            continue
        latin_members = sorted(m for m in (sk, *members.get(sk, ())) if script_of(m) == "Latin" and not m.isascii())
        if latin_members:
            weak = script == "Greek" and cat == "Ll"
            latin_like[char] = [latin_members[0], script, "w" if weak else ""]
    return lookalikes, latin_like, uncommon


def english_words() -> list[str]:
    import wordfreq  # generation only

    words = [w for w in wordfreq.top_n_list("en", WORDS * 2) if w.isascii() and w.isalpha() and w.islower()]
    return words[:WORDS]


def main() -> None:
    mapping = prototypes(load_graph())
    lookalikes, latin_like, uncommon = classify(mapping)
    hv = metadata.version("confusable-homoglyphs")
    data = {
        "about": (
            f"UTS #39 confusables (confusables.txt, Unicode {CONFUSABLES_UNICODE_VERSION}) as bundled by "
            f"confusable-homoglyphs {hv}, with scripts and names from Python {sys.version.split()[0]} "
            f"(unicodedata {unicodedata.unidata_version}) and regex {regex.__version__}. "
            "Generated by rules/data/generate_unicode_data.py; do not edit."
        ),
        "unicode_version": CONFUSABLES_UNICODE_VERSION,
        "prototypes": dict(sorted(mapping.items())),
        "lookalikes": dict(sorted(lookalikes.items())),
        "latin_like": dict(sorted(latin_like.items())),
        "uncommon": dict(sorted(uncommon.items())),
    }
    out = HERE / "confusables.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out.name}: {len(mapping)} prototypes, {len(lookalikes)} look-alikes, {len(latin_like)} Latin-like")

    words = english_words()
    source = f"wordfreq {metadata.version('wordfreq')}"
    header = f"# {len(words)} most frequent English words (lowercase ASCII) from {source}\n"
    payload = (header + "\n".join(words) + "\n").encode("utf-8")
    with (HERE / "english_words.txt.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(payload)  # mtime=0: the same input gives the same bytes
    print(f"english_words.txt.gz: {len(words)} words")


if __name__ == "__main__":
    main()
