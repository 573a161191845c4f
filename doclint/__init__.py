"""doclint: legality-review linter for Chinese draft administrative normative documents."""

__version__ = "0.1.0"
