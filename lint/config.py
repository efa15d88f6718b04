"""Configuration: ``[tool.scrapelint]`` in ``pyproject.toml``, or ``scrapelint.toml`` / ``.scrapelint.toml``.

The closest configuration file to a checked file wins (searching upwards from its folder); ``--config PATH``
overrides discovery. Unknown keys, unknown rule codes and values of the wrong type are errors that name the file
and the key, raised before any file is checked.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import pathspec

from .errors import ConfigError
from .finding import Severity

CONFIG_FILES = (".scrapelint.toml", "scrapelint.toml", "pyproject.toml")

_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude", "packs")

# Every configuration key, its type and what it does (the README's config reference is generated from this).
KEYS: dict[str, tuple[str, str]] = {
    "select": ("list of codes, prefixes or names", "Rules to enable; replaces the default set (`ALL` for every rule)."),
    "extend-select": ("list", "Rules to enable on top of `select` or the default set."),
    "ignore": ("list", "Rules to disable."),
    "per-file-ignores": ("table: glob -> list", "Rules to disable for files matching a glob (relative to the config)."),
    "exclude": ("list of globs", "Paths never checked when walking folders (replaces nothing: there is no default)."),
    "extend-exclude": ("list of globs", "More paths to skip when walking folders."),
    "severity": ("table: code/prefix -> level", "Override a rule's severity: `error`, `warning` or `info`."),
    "unsafe-fixes": ("bool", "Apply unsafe fixes with `--fix` (default false)."),
    "max-removed-share": ("float 0-1", "Safety valve: refuse a document's fix that removes more of its words (0.5)."),
    "max-passes": ("int", "Fix-loop bound: re-check and re-fix at most this many times (10)."),
    "packs": ("list of paths", "Extra phrase-pack TOML files (relative to the config file)."),
    "allowlist": ("table", '`characters = ["µ"]` and `words = ["Ωmega"]` that Unicode rules never flag.'),
    "rules": ("table: rule name -> options", "Rule options, e.g. `[tool.scrapelint.rules.repeated-line]`."),
}


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from, None for defaults
    root: Path = field(default_factory=Path.cwd)  # folder globs are relative to
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code -> severity
    unsafe_fixes: bool = False
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # rule name -> options
    packs: tuple[Path, ...] = ()
    allow_characters: frozenset[str] = frozenset()
    allow_words: frozenset[str] = frozenset()
    max_removed_share: float = 0.5
    max_passes: int = 10

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with CLI options applied (``None`` values leave the setting as it is)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def ignored_for(self, path: str) -> frozenset[str]:
        """Rule selectors ignored for one file by ``per-file-ignores``."""
        rel = _relative(path, self.root)
        out: set[str] = set()
        for pattern, selectors in self.per_file_ignores.items():
            if _glob_match(rel, pattern):
                out.update(selectors)
        return frozenset(out)

    def is_excluded(self, path: str, is_dir: bool = False) -> bool:
        rel = _relative(path, self.root) + ("/" if is_dir else "")  # "build/" patterns match folders only
        return any(_glob_match(rel, p) for p in (*self.exclude, *self.extend_exclude))


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when a symbolic-link loop makes it unresolvable."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python < 3.13 raises RuntimeError on a loop
        return path.absolute()


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    try:
        return PurePosixPath(_resolved(p).relative_to(root.resolve())).as_posix()
    except (ValueError, OSError):
        return PurePosixPath(p).as_posix()


def _glob_match(rel: str, pattern: str) -> bool:
    """Match a path relative to the config folder with a glob, as ``.gitignore`` does (and ruff's examples assume).

    A pattern without ``/`` matches a name at any depth (``*.jsonl``, ``legacy``); one with ``/`` is relative to the
    config's folder (``raw/*.txt``, ``/docs``); ``**/`` spans any number of folders, none included (``**/*.md``
    matches ``a.md``); a match on a folder covers everything under it (``raw/``, ``raw/**``).
    """
    return _glob_spec(pattern).match_file(rel)


@lru_cache(maxsize=1024)
def _glob_spec(pattern: str) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines([pattern.removeprefix("./")])


def _expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool) and bool not in _tuple(kind)):
        names = " or ".join(t.__name__ for t in _tuple(kind))
        raise ConfigError(f"{where}: '{what}' must be {names}, got {type(value).__name__}")
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    _expect(value, list, where, key)
    for item in value:
        _expect(item, str, where, f"{key}[]")
    return tuple(value)


def _check_globs(patterns: tuple[str, ...], where: str, key: str) -> None:
    for p in patterns:
        try:
            valid = bool(p) and p.count("[") == p.count("]") and not p.startswith("!")
            _glob_spec(p)
        except ValueError:  # pathspec's GitWildMatchPatternError
            valid = False
        if not valid:
            raise ConfigError(f"{where}: '{key}' has an invalid glob {p!r}")


def parse_config(data: Mapping[str, Any], path: Path | None) -> Config:
    """Validate a ``[tool.scrapelint]`` table."""
    from . import registry  # rules are only needed to validate codes and options

    where = str(path) if path else "<config>"
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _LIST_KEYS:
            items = _strings(value, where, key)
            if key in ("exclude", "extend-exclude"):
                _check_globs(items, where, key)
            if key in ("select", "extend-select", "ignore"):
                for sel in items:
                    registry.matching(sel, f"{where}: '{key}': ")
            values[key.replace("-", "_")] = items
        elif key == "per-file-ignores":
            _expect(value, dict, where, key)
            table = {}
            for glob, selectors in value.items():
                _check_globs((glob,), where, key)
                table[glob] = _strings(selectors, where, f"{key}.{glob}")
                for sel in table[glob]:
                    registry.matching(sel, f"{where}: '{key}.{glob}': ")
            values["per_file_ignores"] = table
        elif key == "severity":
            _expect(value, dict, where, key)
            levels = {}
            for sel, level in value.items():
                if level not in ("error", "warning", "info"):
                    raise ConfigError(f"{where}: 'severity.{sel}' must be error, warning or info")
                for code in registry.matching(sel, f"{where}: 'severity': "):
                    levels[code] = Severity(level)
            values["severity"] = levels
        elif key == "unsafe-fixes":
            values["unsafe_fixes"] = _expect(value, bool, where, key)
        elif key == "max-removed-share":
            share = float(_expect(value, (int, float), where, key))
            if not 0 <= share <= 1:
                raise ConfigError(f"{where}: 'max-removed-share' must be between 0 and 1")
            values["max_removed_share"] = share
        elif key == "max-passes":
            values["max_passes"] = _expect(value, int, where, key)
        elif key == "allowlist":
            _expect(value, dict, where, key)
            for sub, items in value.items():
                if sub == "characters":
                    values["allow_characters"] = frozenset("".join(_strings(items, where, "allowlist.characters")))
                elif sub == "words":
                    values["allow_words"] = frozenset(_strings(items, where, "allowlist.words"))
                else:
                    raise ConfigError(f"{where}: unknown key 'allowlist.{sub}' (expected characters, words)")
        elif key == "rules":
            values["rules"] = _rule_options(_expect(value, dict, where, key), where)
        else:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(KEYS)})")
    root = path.parent if path else Path.cwd()
    if "packs" in values:
        values["packs"] = tuple((root / p).resolve() for p in values["packs"])
        for p in values["packs"]:
            if not p.is_file():
                raise ConfigError(f"{where}: 'packs': no such pack file {p}")
    return Config(path=path, root=root, **values)


def _rule_options(table: Mapping[str, Any], where: str) -> dict[str, dict[str, Any]]:
    from . import registry

    out: dict[str, dict[str, Any]] = {}
    for name, options in table.items():
        cls = registry.lookup(name)
        if cls is None:
            raise ConfigError(f"{where}: 'rules.{name}': unknown rule")
        _expect(options, dict, where, f"rules.{name}")
        for opt, value in options.items():
            if opt not in cls.options:
                known = ", ".join(cls.options) or "none"
                raise ConfigError(f"{where}: 'rules.{name}.{opt}': unknown option (known: {known})")
            default = cls.options[opt]
            expected = (int, float) if isinstance(default, float) else type(default)
            _expect(value, expected, where, f"rules.{name}.{opt}")
        out[cls.name] = dict(options)
    return out


def read_config_file(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("scrapelint", {})
    return parse_config(data, path.resolve())


def _has_section(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        return "scrapelint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


@lru_cache(maxsize=1024)
def find_config_file(folder: Path) -> Path | None:
    """The closest configuration file at or above ``folder``."""
    for directory in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and _has_section(candidate):
                return candidate
    return None


@lru_cache(maxsize=256)
def load_config(path: Path | None) -> Config:
    return read_config_file(path) if path else Config()


def config_for(file: str) -> Config:
    """The configuration that applies to ``file`` (the closest config file, else defaults)."""
    folder = _resolved(Path(file)).parent if file != "-" else Path.cwd()
    return load_config(find_config_file(folder))
