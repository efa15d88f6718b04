"""What a rule is.

Every rule is a small class with a stable ``code`` (family letter + three digits), a kebab-case ``name``, a
``family``, a default severity, and a docstring with four sections, as ruff's rule pages have:
**What it does**, **Why is this bad?**, **Example**, **Fix safety**. ``scrapelint explain`` prints that docstring,
and the README's rule table is generated from these class attributes.

Two kinds:

* :class:`DocumentRule` sees one document and yields findings.
* :class:`CorpusRule` first sees every document once (``collect`` returns the keys the document contributes; the
  engine counts in how many documents each key occurs), then checks each document against those counts. The
  counting is a plain reduction, so it runs the same in one process, in a pool, or on a Dask cluster.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .document import Document
from .finding import Finding, Fix, Severity

Gate = Callable[[Document], bool]  # see RuleBase.gate


@dataclass(frozen=True)
class RuleSettings:
    """What configuration gives a rule instance."""

    options: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # None: the rule's default
    extra_packs: tuple[Path, ...] = ()  # user pack files, all families; a rule keeps those of its own family
    allow_characters: frozenset[str] = frozenset()
    allow_words: frozenset[str] = frozenset()


@dataclass
class CorpusStats:
    """Document frequencies of the keys corpus rules collected, over ``documents`` documents."""

    documents: int = 0
    frequency: Counter[str] = field(default_factory=Counter)

    def add(self, keys: Iterable[str]) -> None:
        self.documents += 1
        self.frequency.update(set(keys))

    def update(self, other: CorpusStats) -> None:
        """Add ``other`` into this one, in place."""
        self.documents += other.documents
        self.frequency.update(other.frequency)


class RuleBase(ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[bool] = False  # can this rule ever offer a fix?
    default_enabled: ClassVar[bool] = True
    # Option name -> default value. Config values must have the default's type.
    options: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, settings: RuleSettings | None = None) -> None:
        self.settings = settings or RuleSettings()
        self.level = self.settings.severity or type(self).severity
        self.opts: dict[str, Any] = {**type(self).options, **self.settings.options}

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring: the one-line description used in tables."""
        return cls.documentation().split("\n", 1)[0]

    def finding(self, start: int, end: int, message: str, fix: Fix | None = None, **data: Any) -> Finding:
        return Finding(self.code, self.name, self.level, start, end, message, fix, data)

    def gate(self) -> Gate | None:
        """A cheap test the rule shares with other rules of its family, or None (the rule always runs).

        When the gate returns False for a document, no rule that returns an equal gate reports anything there: the
        linter asks it once per document and skips them all. A family whose rules share one analysis (fourteen
        Unicode rules, one first scan) then costs one call on clean text, not one per rule.
        """
        return None


class DocumentRule(RuleBase):
    @abstractmethod
    def check(self, doc: Document) -> Iterable[Finding]:
        """Yield the findings of one document."""


class CorpusRule(RuleBase):
    @abstractmethod
    def collect(self, doc: Document) -> Iterable[str]:
        """Keys this document contributes to the corpus counts (each counted once per document)."""

    @abstractmethod
    def check(self, doc: Document, corpus: CorpusStats) -> Iterable[Finding]:
        """Yield the findings of one document, given the counts over the whole corpus."""
