"""Adapters that put a :class:`~scrapelint.linter.Linter` inside other data-processing frameworks.

Each is a thin layer over the same API the CLI uses (``Linter.check``/``fix``, and the record policy of
:mod:`scrapelint.stream`), installed with an extra so the core stays small:

* :mod:`scrapelint.integrations.datatrove` (``scrapelint[datatrove]``): pipeline steps;
* :mod:`scrapelint.integrations.datasets` (``scrapelint[datasets]``): a batched ``Dataset.map`` function;
* :mod:`scrapelint.integrations.dask` (``scrapelint[dask]``): bags, the two-pass corpus job, ``--dask``.
"""
