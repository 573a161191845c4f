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


def render(fmt: str, report, **options) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, **options)
