"""Phrase packs: rule vocabulary kept as data (TOML), so users extend rules without writing Python.

A pack file names its ``family`` (which rule family reads it) and ``language`` ("*" for any), and holds a list of
``[[entry]]`` tables whose keys the family defines (the boilerplate family reads ``text``, ``category``,
``anchor``, ``max-length``...). This module only loads and validates the envelope; each family validates its entries
and reports errors through :class:`PackError`, which always names the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import cache
from .errors import ConfigError


class PackError(ConfigError):
    pass


@dataclass(frozen=True)
class Pack:
    path: str
    family: str
    language: str
    entries: tuple[dict[str, Any], ...]
    meta: dict[str, Any]

    def error(self, index: int | None, reason: str) -> PackError:
        where = self.path if index is None else f"{self.path}: entry {index + 1}"
        return PackError(f"{where}: {reason}")


def parse_pack(text: str, path: str) -> Pack:
    try:
        data = cache.toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: invalid TOML: {exc}") from None
    family, language, entries = data.pop("family", None), data.pop("language", "*"), data.pop("entry", [])
    if not isinstance(family, str):
        raise PackError(f"{path}: missing string key 'family'")
    if not isinstance(language, str):
        raise PackError(f"{path}: 'language' must be a string")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PackError(f"{path}: 'entry' must be an array of tables ([[entry]])")
    return Pack(path, family, language, tuple(entries), data)


@lru_cache(maxsize=256)
def load_pack(path: str) -> Pack:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read pack: {exc}") from None
    return parse_pack(text, path)


@lru_cache(maxsize=32)
def builtin_packs(family: str) -> tuple[Pack, ...]:
    """The packs shipped in ``scrapelint/rules/packs/<family>/``, sorted by file name."""
    folder = resources.files("scrapelint.rules") / "packs" / family
    if not folder.is_dir():
        return ()
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return tuple(parse_pack(f.read_text(encoding="utf-8"), f"scrapelint/rules/packs/{family}/{f.name}") for f in files)


def packs_for(family: str, extra: tuple[Path, ...] = ()) -> tuple[Pack, ...]:
    """Built-in packs of a family plus the user's extra packs that declare that family."""
    user = tuple(p for p in (load_pack(str(path)) for path in extra) if p.family == family)
    return builtin_packs(family) + user
