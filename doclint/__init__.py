"""doclint: legality-review linter for Chinese draft administrative normative documents."""

from doclint import speedups as _speedups

__version__ = "0.1.0"

_speedups.install()  # compiled pipeline modules, where built from the current source
