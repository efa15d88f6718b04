"""Run the ``scrapelint`` command in-process (click's runner), with stdout and stderr kept apart."""

from __future__ import annotations

from click.testing import CliRunner, Result
from plugin_registration import clear_caches
from scrapelint.cli import main


def run_cli(*args: str, stdin: str | bytes | None = None) -> Result:
    clear_caches()
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
