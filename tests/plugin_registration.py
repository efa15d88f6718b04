"""Register the test plugin (``tests/plugin_pkg``) in-process, as its entry point would once installed.

``tests/test_plugin.py`` checks the real thing (pip-installed, discovered in a subprocess); the other tests only need
its rules available, which this does by adding the same entry point to what the registry sees.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from pathlib import Path

from scrapelint import config, registry

PLUGIN_ROOT = Path(__file__).resolve().parent / "plugin_pkg"
ENTRY_POINT = EntryPoint("testplugin", "scrapelint_testplugin:RULES", registry.GROUP)


def clear_caches() -> None:
    """Registry and config lookups are cached per process; tests change both."""
    registry.all_rules.cache_clear()
    config.find_config_file.cache_clear()
    config.load_config.cache_clear()


@contextmanager
def plugin_registered(*extra: EntryPoint) -> Iterator[None]:
    real = registry.entry_points
    if str(PLUGIN_ROOT) not in sys.path:
        sys.path.insert(0, str(PLUGIN_ROOT))

    def entry_points(group: str) -> list[EntryPoint]:
        return [*real(group=group), ENTRY_POINT, *extra]

    registry.entry_points = entry_points  # type: ignore[assignment]
    clear_caches()
    try:
        yield
    finally:
        registry.entry_points = real
        clear_caches()
