"""Rule discovery and selection: codes, code prefixes, names and family names; broken plugins fail clearly."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest
from plugin_registration import plugin_registered
from scrapelint import registry
from scrapelint.errors import ConfigError
from scrapelint.rule import DocumentRule


@pytest.fixture(autouse=True)
def test_plugin():
    with plugin_registered():
        yield


def test_builtin_and_plugin_rules_register_through_the_entry_point_group():
    rules = registry.all_rules()
    assert {"X001", "X002", "X003", "X004"} <= set(rules)
    assert any(cls.family == "unicode" for cls in rules.values())
    assert list(rules) == sorted(rules)


def test_every_rule_is_well_formed_and_documented():
    names = set()
    for code, cls in registry.all_rules().items():
        assert cls.code == code and cls.name not in names
        names.add(cls.name)
        doc = cls.documentation()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Fix safety"):
            assert section in doc, f"{code} [{cls.name}] lacks {section!r}"
        assert cls.summary() and "\n" not in cls.summary()


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("X001", {"X001"}),
        ("x001", {"X001"}),  # codes are case-insensitive
        ("X00", {"X001", "X002", "X003", "X004"}),  # a prefix
        ("X", {"X001", "X002", "X003", "X004"}),
        ("long-word", {"X002"}),  # a rule name
        ("testplugin", {"X001", "X002", "X003", "X004"}),  # a family name
    ],
)
def test_matching_codes_prefixes_names_and_families(selector, expected):
    assert registry.matching(selector) == expected


def test_all_selects_every_rule_and_unknown_selectors_are_errors():
    assert registry.matching("ALL") == set(registry.all_rules())
    with pytest.raises(ConfigError, match="unknown rule code or name: 'Q999'"):
        registry.matching("Q999")
    with pytest.raises(ConfigError, match=r"^cfg\.toml: 'select': unknown rule code or name: 'nonsense'"):
        registry.select(["nonsense"], where="cfg.toml: 'select': ")


def test_select_extend_select_and_ignore():
    default = registry.select()
    assert "X001" in default and "X004" not in default  # X004 is off by default
    assert registry.select(["X"], ignore=["long-word"]) == ["X001", "X003", "X004"]
    assert registry.select(extend_select=["X004"]) == sorted({*default, "X004"})
    assert registry.select([]) == []
    assert registry.select(["X001"], extend_select=["X002"], ignore=["X0"]) == []


def test_lookup_by_code_or_name():
    assert registry.lookup("x002").name == "long-word"
    assert registry.lookup(" Long-Word ").code == "X002"
    assert registry.lookup("X999") is None


class NotARule:
    pass


class BadCode(DocumentRule):
    """Bad code."""

    code, name, family = "XX1", "bad-code", "test"

    def check(self, doc):
        return ()


class Clash(DocumentRule):
    """Takes the code of a registered rule."""

    code, name, family = "X001", "another-name", "test"

    def check(self, doc):
        return ()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("test_registry:NotARule", "is not a scrapelint rule class"),
        ("test_registry:BadCode", "needs a code like 'X123' and a kebab-case name"),
        ("test_registry:Clash", "rule X001 \\[another-name\\] clashes with a registered rule"),
        ("no_such_module_xyz:RULES", "plugin broken \\(no_such_module_xyz:RULES\\) failed to load"),
    ],
)
def test_broken_plugins_are_reported_by_name(value, message):
    with plugin_registered(EntryPoint("broken", value, registry.GROUP)), pytest.raises(ConfigError, match=message):
        registry.all_rules()


def test_the_public_api_is_importable_from_the_package():
    import scrapelint

    for name in scrapelint.__all__:
        assert getattr(scrapelint, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        scrapelint.Nope  # noqa: B018
