"""Errors a user can act on. Raised at the edge, shown once as one line, exit code 2."""


class ScrapelintError(Exception):
    """Base class: ``str(error)`` is the whole one-line message shown to the user."""


class ConfigError(ScrapelintError):
    pass


class InputError(ScrapelintError):
    pass
