"""Errors that reach the user as one line, never as a traceback."""


class DoclintError(Exception):
    """A user-facing problem; str() is a single line in Chinese."""


class ReadError(DoclintError):
    """A file could not be read or decoded."""


class RulesetError(DoclintError):
    """A ruleset, config or data file is malformed."""

    def __init__(self, path, line, reason):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")
