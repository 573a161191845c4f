"""Output formats.  Each takes a Report and returns text; none of them evaluates rules."""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "doclint.formatters.text",
    "json": "doclint.formatters.json_format",
    "sarif": "doclint.formatters.sarif",
    "github": "doclint.formatters.github",
    "html": "doclint.formatters.html",
    "markdown": "doclint.formatters.markdown",
}

# What each format shows of a file's source (FileResult.keep_source); the rest need none
SOURCE_SHOWN = {"text": "lines", "html": "text"}


def source_shown(fmt: str) -> str:
    return SOURCE_SHOWN.get(fmt, "none")


def render(fmt: str, report, **options) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, **options)
