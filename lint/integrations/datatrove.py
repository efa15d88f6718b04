"""datatrove pipeline steps: fix ``doc.text``, and drop or keep documents by rule.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from scrapelint import Linter
    from scrapelint.integrations.datatrove import ScrapelintFilter, ScrapelintFormatter

    linter = Linter()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("raw/"),
            ScrapelintFormatter(linter),                      # safe fixes applied to doc.text
            ScrapelintFilter(linter, drop_if=["B", "U001"],   # what is left decides
                             exclusion_writer=JsonlWriter("rejected/")),
            JsonlWriter("clean/"),
        ],
        tasks=4, workers=2, logging_dir="logs/",
    ).run()

Stats (``logs/stats.json``) count per rule: ``fixed_<code>`` (fixes applied), ``found_<code>`` (findings left),
``dropped_<codes>`` (datatrove's own count per drop reason). Dropped documents carry their reason in
``metadata["filter_reason"]`` (datatrove) and every document checked by the filter carries its findings in
``metadata["scrapelint"]`` (code, name, span, message).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ..linter import Linter
from ..stream import DEFAULT_ANNOTATION_FIELD, drop_codes, drop_reasons, finding_attributes


class ScrapelintFormatter(BaseFormatter):
    """Apply scrapelint's fixes (safe ones, and unsafe ones with ``unsafe=True``) to each document's text."""

    name = "🧹 scrapelint fix"

    def __init__(self, linter: Linter | None = None, *, unsafe: bool = False) -> None:
        super().__init__()
        self.linter = linter or Linter()
        self.unsafe = unsafe

    def format(self, text: str) -> str:
        result = self.linter.fix(text, unsafe=self.unsafe)
        for code, count in Counter(f.code for f in result.applied).items():
            self.stat_update(f"fixed_{code}", value=count)
        if result.refused:
            self.stat_update("fix_refused")
        return result.text


class ScrapelintFilter(BaseFilter):
    """Drop documents that have findings of the ``drop_if`` rules (codes, prefixes, names or families).

    Every document's findings are recorded in ``metadata[metadata_key]``; a dropped document's reason is the
    sorted codes that dropped it (``"B003,U001"``), so datatrove counts ``dropped_<reason>`` and the exclusion
    writer stores it in ``metadata["filter_reason"]``.
    """

    name = "🧹 scrapelint filter"

    def __init__(
        self,
        linter: Linter | None = None,
        *,
        drop_if: Sequence[str] = ("ALL",),
        exclusion_writer: DiskWriter | None = None,
        metadata_key: str = DEFAULT_ANNOTATION_FIELD,
    ) -> None:
        super().__init__(exclusion_writer)
        self.linter = linter or Linter()
        self.drop_codes = drop_codes(drop_if)
        self.metadata_key = metadata_key

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        findings = self.linter.check(doc.text, source=str(doc.id))
        for code, count in Counter(f.code for f in findings).items():
            self.stat_update(f"found_{code}", value=count)
        doc.metadata[self.metadata_key] = finding_attributes(findings)
        reasons = drop_reasons(findings, self.drop_codes)
        return (False, ",".join(reasons)) if reasons else True


__all__ = ["ScrapelintFilter", "ScrapelintFormatter"]
