"""scrapelint: a linter for text that came from the web."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("scrapelint")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "Applicability",
    "Config",
    "CorpusRule",
    "Document",
    "DocumentRule",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "Linter",
    "Severity",
    "Source",
    "__version__",
]


def __getattr__(name: str) -> object:
    # Lazy exports keep `scrapelint --version` and plain `import scrapelint` fast.
    if name in ("Applicability", "Edit", "Finding", "Fix", "Severity"):
        from . import finding

        return getattr(finding, name)
    if name in ("Document", "Source"):
        from . import document

        return getattr(document, name)
    if name in ("CorpusRule", "DocumentRule"):
        from . import rule

        return getattr(rule, name)
    if name == "Config":
        from .config import Config

        return Config
    if name == "FixResult":
        from .fixer import FixResult

        return FixResult
    if name == "Linter":
        from .linter import Linter

        return Linter
    raise AttributeError(f"module 'scrapelint' has no attribute {name!r}")
