"""scrapelint's built-in rule families, one module per family, registered through the ``scrapelint.rules``
entry-point group exactly as third-party plugins are. Phrase lists live as data in ``packs/<family>/``."""
