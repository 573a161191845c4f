"""Human-readable text: grouped by file, with the source line and a caret underline.

Fitted to a width when one is given (``width=N``): every line is at most N terminal columns,
measured in display width (East-Asian wide and full-width characters take two columns).
A quoted source line too long for the width is shown as a window around the finding, cut
with "…" on the cut sides, so the carets stay on the row under their text; messages, legal
bases and suggestions wrap with a hanging indent.  With no width (``--no-wrap``, or output
that is not a terminal and no ``COLUMNS``) lines are not wrapped, and a long quoted line is
windowed to a fixed number of characters around the finding, as before; see
:func:`output_width` for how the CLI chooses.
"""

from __future__ import annotations

import os
import shutil
import unicodedata

import click

from doclint.categories import CATEGORIES, SEVERITY_LABELS

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}

INDENT = "      "  # quoted source, carets, basis and suggestion
HANG = " " * 8  # continuation of a finding's first line
MIN_WIDTH = 40  # narrower requests are treated as this: below it nothing useful fits


def char_width(ch: str) -> int:
    """Terminal columns of one character: 0 for combining marks and controls, 2 for wide."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Cc", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Terminal columns: full-width and wide characters take two."""
    return sum(char_width(ch) for ch in s)


def output_width(no_wrap: bool = False, isatty: bool | None = None) -> int | None:
    """The width the text report is fitted to, or None for unwrapped output.

    ``--no-wrap``: None.  Otherwise a numeric ``COLUMNS`` in the environment wins; else the
    terminal's width when standard output is a terminal; else None, so that logs, pipes and
    files keep one line per finding and stay stable from run to run.
    """
    if no_wrap:
        return None
    cols = os.environ.get("COLUMNS", "").strip()
    if cols.isdigit() and int(cols) > 0:
        return max(MIN_WIDTH, int(cols))
    if isatty is None:
        try:
            isatty = os.isatty(1)
        except OSError:  # pragma: no cover
            isatty = False
    if isatty:
        return max(MIN_WIDTH, shutil.get_terminal_size((100, 24)).columns)
    return None


# ---------------------------------------------------------------- quoted line and carets

CONTEXT = 30  # unwrapped output: characters of source shown on each side of a finding
MAX_SPAN = 60  # unwrapped output: underline at most this many characters of the finding


def caret_line(line_text: str, col: int, end_col: int | None, width: int | None = None) -> tuple[str, str]:
    """The source around the finding (tabs shown as one space) and its underline.

    With ``width`` (display columns available for the quoted line) the window is chosen so the
    quoted text, "…" marks included, fits in it and the carets sit under the finding's text; a
    finding wider than the window is underlined as far as it is shown.  Without, a fixed window
    of characters: lines of a .docx paragraph can run to thousands of characters.
    """
    shown = line_text.replace("\t", " ")
    a = max(0, min(col - 1, len(shown)))
    b = (end_col - 1) if end_col else col
    if width is None:
        b = max(a + 1, min(b, a + MAX_SPAN, len(shown)))
        lo = max(0, a - CONTEXT)
        hi = min(len(shown), b + CONTEXT)
    else:
        b = max(a, min(b, len(shown)))
        lo, hi, b = _window(shown, a, b, max(4, width))
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(shown) else ""
    before = head + shown[lo:a]
    span = shown[a:b] or " "
    return head + shown[lo:hi] + tail, " " * display_width(before) + "^" * max(1, display_width(span))


def _window(s: str, a: int, b: int, room: int) -> tuple[int, int, int]:
    """(lo, hi, b'): the slice s[lo:hi] to show, with "…" where cut, in `room` columns,
    holding s[a:b'] (b' <= b: the finding cut to what fits)."""
    if display_width(s) <= room:
        return 0, len(s), b
    w = [char_width(ch) for ch in s]
    # the finding itself first: as much of it as fits beside the marks ("…" both sides)
    budget = room - (1 if a > 0 else 0) - 1  # a tail "…" is needed unless the line ends in view
    end = a
    used = 0
    while end < b and used + w[end] <= budget:
        used += w[end]
        end += 1
    if end == a and a < len(s) and w[a] <= budget:  # never nothing under a non-empty span
        used, end = w[a], a + 1
    b2 = end
    lo, hi = a, b2
    # then context: alternately one character to the left and to the right while it fits
    def fits(lo_, hi_):
        marks = (1 if lo_ > 0 else 0) + (1 if hi_ < len(s) else 0)
        return sum(w[lo_:hi_]) + marks <= room

    grew = True
    while grew:
        grew = False
        if b2 == b and hi < len(s) and fits(lo, hi + 1):  # right context only once the span is whole
            hi += 1
            grew = True
        if lo > 0 and fits(lo - 1, hi):
            lo -= 1
            grew = True
    return lo, hi, b2


# ---------------------------------------------------------------- wrapping

_NO_LINE_START = set("，。、；：？！）》」』】〕”’,.;:?!)]}%…·")
_NO_LINE_END = set("（《「『【〔“‘([{")


def wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    """``first + text`` broken into lines of at most ``width`` display columns, the following
    lines prefixed with ``rest`` (a hanging indent).  CJK text breaks between any two
    characters, except before closing punctuation; a run of Latin letters or digits (a path,
    a rule id, a number) is kept whole when it fits on a line.  None: one line."""
    if width is None:
        return [first + text]
    lines: list[str] = []
    cur, cur_w = first, display_width(first)
    base = len(first)  # characters of the current line that are its prefix
    limit = width
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        tw = display_width(tok)
        if tok.isspace() and lines and len(cur) == base:  # no spaces at the start of a continuation
            i += 1
            continue
        if cur_w + tw <= limit:
            cur, cur_w = cur + tok, cur_w + tw
            i += 1
            continue
        if tok.isspace():  # a break at a space: drop the space
            lines.append(cur.rstrip())
            cur, cur_w, base = rest, display_width(rest), len(rest)
            i += 1
            continue
        fresh = display_width(rest)
        if tw > limit - fresh or cur_w == fresh:
            # too long for any line (or the line is empty): split it by character
            for ch in tok:
                cw = char_width(ch)
                if cur_w + cw > limit and cur_w > fresh:
                    lines.append(cur.rstrip())
                    cur, cur_w, base = rest, fresh, len(rest)
                cur, cur_w = cur + ch, cur_w + cw
            i += 1
            continue
        # closing punctuation may not start a line nor opening punctuation end one:
        # carry the last characters over (a few at most)
        carry = ""
        while (len(cur) > base + 1 and len(carry) < 4 and not cur[-1].isspace()
               and ((carry or tok)[0] in _NO_LINE_START or cur[-1] in _NO_LINE_END)):
            carry, cur = cur[-1] + carry, cur[:-1]
        lines.append(cur.rstrip())
        cur = rest + carry
        cur_w = display_width(cur)
        base = len(rest)
    if cur.strip() or not lines:
        lines.append(cur.rstrip() if lines else cur)
    return lines


def _tokens(text: str) -> list[str]:
    """Words of Latin letters/digits/ASCII punctuation, single spaces, single other characters."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


# ---------------------------------------------------------------- report


def render(report, color: bool = False, show_source: bool = True, width: int | None = None, **_options) -> str:
    key = part_key(color, show_source, width)
    parts = [fr.rendered.get(key) for fr in report.files]
    body = "".join(p if p is not None else file_part(fr, color, show_source, width) for p, fr in zip(parts, report.files))
    return body + "\n".join(wrap(summary_line(report), width, "", "  ")) + "\n"


def part_key(color: bool, show_source: bool, width: int | None = None) -> str:
    """Under which key a file's part rendered ahead (FileResult.rendered) fits these options."""
    return f"text:{int(color)}{int(show_source)}:{width or 0}"


def file_part(fr, color: bool = False, show_source: bool = True, width: int | None = None) -> str:
    """One file's part of the report: its findings with their source lines, or its error;
    and the file's notices (e.g. unaccepted Word revisions), also when there is no finding."""
    def style(s, **kw):
        return click.style(s, **kw) if color and s else s

    if fr.error:
        head = f"{fr.path}: 错误："
        lines = wrap(head + fr.error.removeprefix(f"{fr.path}: "), width, "", INDENT)
        if lines[0].startswith(head):
            lines[0] = style(head, fg="red", bold=True) + lines[0][len(head):]
        return "\n".join(lines) + "\n"
    if fr.skipped:
        head = f"{fr.path}: 跳过："
        lines = wrap(head + fr.skipped, width, "", INDENT)
        if lines[0].startswith(head):
            lines[0] = style(head, fg="yellow") + lines[0][len(head):]
        return "\n".join(lines) + "\n"
    if not fr.findings and not fr.notices:
        return ""
    out: list[str] = []
    lines = fr.source_lines() if show_source else {}
    for f in fr.findings:
        loc = f"{fr.path}:{f.line}:{f.column}"
        sev = f"{f.severity:<7}"
        where = f"  [{f.section}]" if f.section else ""
        rule = f"{f.rule} {f.title}" if f.title else f.rule
        prefix = f"{loc}  {rule}  {sev} "
        head = wrap(prefix + f.message.replace("。；", "；") + where, width, "", HANG)
        if head[0].startswith(prefix):
            head[0] = (f"{style(loc, bold=True)}  {style(rule, bold=True)}  {style(sev, fg=_COLORS[f.severity])} "
                       + head[0][len(prefix):])
        out.extend(head)
        line = lines.get(f.line)
        if line is not None:
            end_col = f.end_column if f.end_line == f.line else len(line) + 1
            room = None if width is None else width - len(INDENT)
            src, carets = caret_line(line, f.column, end_col, room)
            out.append(f"{INDENT}{src}")
            out.append(f"{INDENT}{style(carets, fg=_COLORS[f.severity])}")
        basis = "；".join(f.basis)
        out.extend(wrap(basis, width, f"{INDENT}依据：", INDENT + "      "))
        if f.suggestion:
            out.extend(wrap(f.suggestion, width, f"{INDENT}建议：", INDENT + "      "))
    if fr.notices and not fr.findings:
        out.append(style(fr.path, bold=True))
    for n in fr.notices:
        out.extend(style(x, fg="magenta") for x in wrap(n, width, "  注意：", "        "))
    out.append("")
    return "\n".join(out) + "\n"


def summary_line(report) -> str:
    s = report.summary()
    unreadable = sum(1 for fr in report.files if fr.error)
    tail = f"，{unreadable} 个文件无法读取" if unreadable else ""
    skipped = f"，跳过 {s['skipped']} 个" if s.get("skipped") else ""
    if s["errors"] + s["warnings"] + s["infos"] == 0 and not unreadable:
        return f"已检查 {s['files']} 个文件{skipped}，未发现问题。"
    return f"已检查 {s['files']} 个文件{skipped}：{s['errors']} 个错误，{s['warnings']} 个警告，{s['infos']} 个提示{tail}。"


def category_label(cat: str) -> str:
    return CATEGORIES.get(cat, cat)


def severity_label(sev: str) -> str:
    return SEVERITY_LABELS.get(sev, sev)
