"""Rule discovery and selection.

Built-in rules and third-party plugins register the same way: an entry point in the ``scrapelint.rules`` group
whose value is a rule class or an iterable of rule classes (conventionally a module's ``RULES`` tuple)::

    [project.entry-points."scrapelint.rules"]
    my_rules = "my_package.rules:RULES"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import entry_points

from .errors import ConfigError
from .rule import RuleBase

GROUP = "scrapelint.rules"
_CODE = re.compile(r"[A-Z][0-9]{3}")
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _rule_classes(obj: object, origin: str) -> list[type[RuleBase]]:
    items = [obj] if isinstance(obj, type) else list(obj) if isinstance(obj, Iterable) else [obj]
    for item in items:
        if not (isinstance(item, type) and issubclass(item, RuleBase)):
            raise ConfigError(f"plugin {origin}: {item!r} is not a scrapelint rule class")
        if not _CODE.fullmatch(getattr(item, "code", "")) or not _NAME.fullmatch(getattr(item, "name", "")):
            raise ConfigError(f"plugin {origin}: {item.__name__} needs a code like 'X123' and a kebab-case name")
    return items


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[RuleBase]]:
    """Every registered rule by code, sorted by code."""
    found: dict[str, type[RuleBase]] = {}
    names: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:  # a broken plugin must not take the whole linter down silently
            raise ConfigError(f"plugin {ep.name} ({ep.value}) failed to load: {exc}") from None
        for cls in _rule_classes(loaded, f"{ep.name} ({ep.value})"):
            if found.get(cls.code, cls) is not cls or names.get(cls.name, cls.code) != cls.code:
                raise ConfigError(f"plugin {ep.name}: rule {cls.code} [{cls.name}] clashes with a registered rule")
            found[cls.code], names[cls.name] = cls, cls.code
    return dict(sorted(found.items()))


def lookup(code_or_name: str) -> type[RuleBase] | None:
    rules = all_rules()
    key = code_or_name.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    return next((cls for cls in rules.values() if cls.name == key.lower()), None)


def matching(selector: str, where: str = "") -> set[str]:
    """Codes a selector names: ``ALL``, a code, a code prefix (``U``, ``B1``), a rule name or a family name."""
    rules = all_rules()
    key = selector.strip()
    if key.upper() == "ALL":
        return set(rules)
    hits = {
        code for code, cls in rules.items() if code.startswith(key.upper()) or key.lower() in (cls.name, cls.family)
    }
    if not hits:
        raise ConfigError(f"{where}unknown rule code or name: {selector!r}")
    return hits


def select(
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    where: str = "",
) -> list[str]:
    """Enabled codes: ``select`` (default: rules on by default) plus ``extend_select`` minus ``ignore``."""
    rules = all_rules()
    if select is None:
        chosen = {code for code, cls in rules.items() if cls.default_enabled}
    else:
        chosen = set().union(*(matching(s, where) for s in select)) if select else set()
    for s in extend_select:
        chosen |= matching(s, where)
    for s in ignore:
        chosen -= matching(s, where)
    return sorted(chosen)
