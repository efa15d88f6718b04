"""Findings and the fixes they carry.

A rule reports a :class:`Finding`: where (code-point offsets into the document text), what (rule code, name,
message, severity) and optionally how to repair it (a :class:`Fix`, a tuple of :class:`Edit` plus an
applicability, as in ruff: safe fixes run with ``--fix``, unsafe ones only with ``--unsafe-fixes``).
Offsets are the single source of truth; line and column are derived from the document when reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (for sorting annotations, most severe first)."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Applicability(StrEnum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (an empty replacement deletes)."""

    start: int
    end: int
    replacement: str = ""

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")

    @classmethod
    def insert(cls, at: int, text: str) -> Edit:
        return cls(at, at, text)


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    message: str = ""

    @classmethod
    def safe(cls, *edits: Edit, message: str = "") -> Fix:
        return cls(tuple(edits), Applicability.SAFE, message)

    @classmethod
    def unsafe(cls, *edits: Edit, message: str = "") -> Fix:
        return cls(tuple(edits), Applicability.UNSAFE, message)

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one document. ``start``/``end`` are code-point offsets into the document text."""

    code: str
    name: str
    severity: Severity
    start: int
    end: int
    message: str
    fix: Fix | None = None
    # Free-form extra facts a rule wants in machine-readable output (code points, decoded hidden text, category).
    data: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def is_fixable(self, unsafe: bool = False) -> bool:
        return self.fix is not None and (unsafe or self.fix.is_safe)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)
