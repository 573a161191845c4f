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
    "docx": "doclint.formatters.docx_comments",  # the draft with comments (批注); needs --output
}

# What each format shows of a file's source (FileResult.keep_source); the rest need none
SOURCE_SHOWN = {"text": "lines", "html": "text", "docx": "text"}


def source_shown(fmt: str) -> str:
    return SOURCE_SHOWN.get(fmt, "none")


def prerenderer(fmt: str, **options):
    """A function rendering one FileResult's part of the report ahead, into fr.rendered,
    for formats made of per-file parts (text); None for the others. With -j each
    process then renders the files it linted, instead of the parent rendering all."""
    if fmt != "text":
        return None
    from doclint.formatters.text import file_part, part_key

    color, show_source, width = options.get("color", False), options.get("show_source", True), options.get("width")
    key = part_key(color, show_source, width)

    def prerender(fr) -> None:
        fr.rendered[key] = file_part(fr, color, show_source, width)

    return prerender


def render(fmt: str, report, **options) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, **options)
