"""A batched, picklable function for Hugging Face ``Dataset.map``.

    from datasets import load_dataset
    from scrapelint import Linter
    from scrapelint.integrations.datasets import ScrapelintMap

    ds = load_dataset("json", data_files="raw.jsonl", split="train")
    ds = ds.map(ScrapelintMap(Linter(), fix=True), batched=True, num_proc=4)
    clean = ds.filter(lambda row: not row["scrapelint_drop"])  # with drop_if=[...]

Each row's text is fixed (with ``fix=True``) and its remaining findings are added as a list of
``{code, name, span, message}`` in the ``annotate`` column. With ``drop_if``, a boolean ``<annotate>_drop`` column
says which rows have findings of those rules, so rows are never lost inside ``map``: filter or split on it.
The function pickles as the linter's configuration, so ``num_proc`` workers rebuild the rules once each, and
``datasets`` can fingerprint it for its cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..linter import Linter
from ..stream import DEFAULT_ANNOTATION_FIELD, drop_codes, drop_reasons, finding_attributes


class ScrapelintMap:
    def __init__(
        self,
        linter: Linter | None = None,
        *,
        text_field: str = "text",
        fix: bool = True,
        unsafe: bool = False,
        annotate: str = DEFAULT_ANNOTATION_FIELD,
        drop_if: Sequence[str] = (),
    ) -> None:
        self.linter = linter or Linter()
        self.text_field = text_field
        self.fix = fix
        self.unsafe = unsafe
        self.annotate = annotate
        self.drop_codes = drop_codes(drop_if)

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        texts: list[str] = []
        annotations: list[list[dict[str, Any]]] = []
        drops: list[bool] = []
        for text in batch[self.text_field]:
            if self.fix:
                result = self.linter.fix(text, unsafe=self.unsafe)
                text, findings = result.text, result.remaining
            else:
                findings = self.linter.check(text)
            texts.append(text)
            annotations.append(finding_attributes(findings))
            drops.append(bool(drop_reasons(findings, self.drop_codes)))
        out: dict[str, list[Any]] = {self.text_field: texts, self.annotate: annotations}
        if self.drop_codes:
            out[f"{self.annotate}_drop"] = drops
        return out


__all__ = ["ScrapelintMap"]
