"""The Python API every front end is built on: the CLI, the stream filter, datatrove, datasets and Dask.

>>> from scrapelint import Linter
>>> linter = Linter(select=["U"])
>>> [f.code for f in linter.check("the g\u03bfvernment")]
['U001']
>>> linter.fix("the g\u03bfvernment").text
'the government'

A ``Linter`` compiles its rules once. It is thread-safe (rules keep no per-call state) and picklable (it pickles
as its configuration and is rebuilt on the other side, so multiprocessing and Dask can ship it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from . import registry
from .config import Config
from .document import Document, Source
from .errors import ScrapelintError
from .finding import Finding
from .fixer import FixResult, fix_text
from .rule import CorpusRule, CorpusStats, DocumentRule, Gate, RuleBase, RuleSettings

CorpusCounts = dict[str, CorpusStats]  # rule code -> counts of the keys that rule collected


class RuleCrash(ScrapelintError):
    pass


class Linter:
    def __init__(
        self,
        config: Config | None = None,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        corpus: CorpusCounts | None = None,
    ) -> None:
        base = config or Config()
        self.config = base.with_overrides(
            select=tuple(select) if select is not None else None,
            extend_select=tuple(base.extend_select) + tuple(extend_select),
            ignore=tuple(base.ignore) + tuple(ignore),
        )
        cfg = self.config
        where = f"{cfg.path}: " if cfg.path else ""
        codes = registry.select(cfg.select, cfg.extend_select, cfg.ignore, where)
        classes = registry.all_rules()
        self.rules: list[RuleBase] = [classes[code](self._settings(classes[code])) for code in codes]
        self.corpus = corpus
        self._document_codes = _document_codes(self.rules)
        self._groups = _gated_groups(self.rules)
        # looked up per document by the corpus pass: an isinstance check against the ABC costs more than the work
        self._corpus_rules = tuple(r for r in self.rules if isinstance(r, CorpusRule))

    def _settings(self, cls: type[RuleBase]) -> RuleSettings:
        cfg = self.config
        return RuleSettings(
            options=cfg.rules.get(cls.name, {}),
            severity=cfg.severity.get(cls.code),
            extra_packs=cfg.packs,
            allow_characters=cfg.allow_characters,
            allow_words=cfg.allow_words,
        )

    # Pickle as configuration: compiled rule state (regex, hyperscan databases) is rebuilt on the other side.
    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.config, self.corpus))

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.rules]

    @property
    def has_corpus_rules(self) -> bool:
        return bool(self._corpus_rules)

    # -- corpus pass ------------------------------------------------------------------------------------------
    def collect(self, doc: Document) -> CorpusCounts:
        """This document's contribution to the corpus counts (merge them with :func:`merge_counts`)."""
        counts: CorpusCounts = {}
        for rule in self._corpus_rules:
            stats = CorpusStats()
            stats.add(rule.collect(doc))
            counts[rule.code] = stats
        return counts

    def with_corpus(self, corpus: CorpusCounts) -> Linter:
        clone = object.__new__(Linter)  # the same compiled rules (copy.copy would rebuild them through __reduce__)
        clone.__dict__.update(self.__dict__)
        clone.corpus = corpus
        return clone

    # -- checking ---------------------------------------------------------------------------------------------
    def check_document(self, doc: Document, ignore: Iterable[str] = ()) -> list[Finding]:
        """Findings of every enabled rule (minus the ``ignore`` codes) in one document, sorted by position."""
        skip = set(ignore)
        document_codes, corpus = self._document_codes, self.corpus
        out: list[Finding] = []
        for gate, rules in self._groups:
            if skip:
                rules = [rule for rule in rules if rule.code not in skip]
                if not rules:
                    continue
            if gate is not None:
                try:
                    if not gate(doc):
                        continue  # the family's shared test: none of these rules has anything here
                except Exception as exc:  # the family's shared analysis failed: blame its first rule
                    raise _crash(doc, rules[0], exc) from exc
            for rule in rules:
                try:
                    if rule.code in document_codes:
                        out.extend(rule.check(doc))  # type: ignore[call-arg]
                    elif corpus is not None and rule.code in corpus:
                        out.extend(rule.check(doc, corpus[rule.code]))
                except Exception as exc:
                    raise _crash(doc, rule, exc) from exc
        out.sort(key=Finding.sort_key)
        return out

    def check(self, text: str, *, source: Source | str | None = None, language: str | None = None) -> list[Finding]:
        return self.check_document(Document(text, _source(source), language))

    def fix_document(self, doc: Document, *, unsafe: bool | None = None, ignore: Iterable[str] = ()) -> FixResult:
        skip = frozenset(ignore)

        def check(text: str) -> list[Finding]:
            return self.check_document(Document(text, doc.source, doc.language), skip)

        return fix_text(
            doc.text,
            check,
            unsafe=self.config.unsafe_fixes if unsafe is None else unsafe,
            max_passes=self.config.max_passes,
            max_removed_share=self.config.max_removed_share,
        )

    def fix(
        self, text: str, *, unsafe: bool = False, source: Source | str | None = None, language: str | None = None
    ) -> FixResult:
        return self.fix_document(Document(text, _source(source), language), unsafe=unsafe)


def _crash(doc: Document, rule: RuleBase, exc: Exception) -> RuleCrash:
    return RuleCrash(f"{doc.source}: rule {rule.code} [{rule.name}] crashed: {exc!r}")


def _gated_groups(rules: list[RuleBase]) -> list[tuple[Gate | None, list[RuleBase]]]:
    """The rules in their order, document rules that share a gate grouped where the first of them stands."""
    groups: list[tuple[Gate | None, list[RuleBase]]] = []
    by_gate: dict[Gate, list[RuleBase]] = {}
    for rule in rules:
        gate = rule.gate() if isinstance(rule, DocumentRule) else None
        if gate is None:
            groups.append((None, [rule]))
        elif gate in by_gate:
            by_gate[gate].append(rule)
        else:
            by_gate[gate] = [rule]
            groups.append((gate, by_gate[gate]))
    return groups


def _document_codes(rules: list[RuleBase]) -> frozenset[str]:
    """Codes of the document rules (found once: an isinstance test on an ABC per rule per document adds up)."""
    return frozenset(rule.code for rule in rules if isinstance(rule, DocumentRule))


def _source(source: Source | str | None) -> Source | None:
    return Source(source) if isinstance(source, str) else source


def _rebuild(config: Config, corpus: CorpusCounts | None) -> Linter:
    return Linter(config, corpus=corpus)


def merge_counts(a: CorpusCounts, b: CorpusCounts) -> CorpusCounts:
    """Combine two corpus-count tables into a new one (associative and commutative, so any reduction tree works);
    neither input is changed."""
    return add_counts(add_counts({}, a), b)


def add_counts(total: CorpusCounts, part: CorpusCounts) -> CorpusCounts:
    """Add ``part`` into ``total`` in place and return ``total``: the loop form of :func:`merge_counts`.

    ``total = merge_counts(total, part)`` once per document copies the growing total every time (quadratic: minutes
    for a few thousand documents); this costs only the size of ``part``. ``part`` is never shared or changed.
    """
    for code, stats in part.items():
        if code in total:
            total[code].update(stats)
        else:
            total[code] = CorpusStats(stats.documents, Counter(stats.frequency))
    return total


def ignored_codes(config: Config, path: str) -> frozenset[str]:
    """Codes that ``per-file-ignores`` switches off for one file."""
    selectors = config.ignored_for(path)
    return frozenset().union(*(registry.matching(s) for s in selectors)) if selectors else frozenset()


__all__ = ["CorpusCounts", "Linter", "RuleCrash", "add_counts", "ignored_codes", "merge_counts"]
