"""Human-readable text: grouped by file, with the source line and a caret underline."""

from __future__ import annotations

import unicodedata

import click

from doclint.categories import CATEGORIES, SEVERITY_LABELS

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def display_width(s: str) -> int:
    """Terminal columns: full-width and wide characters take two."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


CONTEXT = 30  # characters of source shown on each side of a finding in a long line
MAX_SPAN = 60  # underline at most this many characters of the finding itself


def caret_line(line_text: str, col: int, end_col: int | None) -> tuple[str, str]:
    """The source around the finding (tabs shown as one space) and its underline.

    Lines of a .docx paragraph can run to thousands of characters; only a window
    around the finding is shown, cut with "…", so the carets stay on screen.
    """
    shown = line_text.replace("\t", " ")
    a = col - 1
    b = (end_col - 1) if end_col else col
    b = max(a + 1, min(b, a + MAX_SPAN, len(shown)))
    lo = max(0, a - CONTEXT)
    hi = min(len(shown), b + CONTEXT)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(shown) else ""
    before = head + shown[lo:a]
    span = shown[a:b] or " "
    return head + shown[lo:hi] + tail, " " * display_width(before) + "^" * max(1, display_width(span))


def render(report, color: bool = False, show_source: bool = True, **_options) -> str:
    key = part_key(color, show_source)
    parts = [fr.rendered.get(key) for fr in report.files]
    body = "".join(p if p is not None else file_part(fr, color, show_source) for p, fr in zip(parts, report.files))
    return body + summary_line(report) + "\n"


def part_key(color: bool, show_source: bool) -> str:
    """Under which key a file's part rendered ahead (FileResult.rendered) fits these options."""
    return f"text:{int(color)}{int(show_source)}"


def file_part(fr, color: bool = False, show_source: bool = True) -> str:
    """One file's part of the report: its findings with their source lines, or its error."""
    def style(s, **kw):
        return click.style(s, **kw) if color else s

    if fr.error:
        return style(f"{fr.path}: 错误：", fg="red", bold=True) + fr.error.removeprefix(f"{fr.path}: ") + "\n"
    if not fr.findings:
        return ""
    out: list[str] = []
    lines = fr.source_lines() if show_source else {}
    for f in fr.findings:
        sev = style(f"{f.severity:<7}", fg=_COLORS[f.severity])
        where = f"  [{f.section}]" if f.section else ""
        loc = style(f"{fr.path}:{f.line}:{f.column}", bold=True)
        out.append(f"{loc}  {style(f.rule, bold=True)}  {sev} {f.message}{where}")
        line = lines.get(f.line)
        if line is not None:
            end_col = f.end_column if f.end_line == f.line else len(line) + 1
            src, carets = caret_line(line, f.column, end_col)
            out.append(f"      {src}")
            out.append(f"      {style(carets, fg=_COLORS[f.severity])}")
        out.append(f"      依据：{'；'.join(f.basis)}")
        if f.suggestion:
            out.append(f"      建议：{f.suggestion}")
    for n in fr.notices:
        out.append(style(f"  注意：{n}", fg="magenta"))
    out.append("")
    return "\n".join(out) + "\n"


def summary_line(report) -> str:
    s = report.summary()
    unreadable = sum(1 for fr in report.files if fr.error)
    tail = f"，{unreadable} 个文件无法读取" if unreadable else ""
    if s["errors"] + s["warnings"] + s["infos"] == 0 and not unreadable:
        return f"已检查 {s['files']} 个文件，未发现问题。"
    return f"已检查 {s['files']} 个文件：{s['errors']} 个错误，{s['warnings']} 个警告，{s['infos']} 个提示{tail}。"


def category_label(cat: str) -> str:
    return CATEGORIES.get(cat, cat)


def severity_label(sev: str) -> str:
    return SEVERITY_LABELS.get(sev, sev)
