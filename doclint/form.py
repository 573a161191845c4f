"""Form checks after GB/T 9704—2012《党政机关公文格式》, as pure functions over strings.

Every check returns a list of ``FormIssue(start, end, code, message, basis)``: ``start``/``end`` are
0-based code-point offsets into the string given (or absolute offsets when the caller passes them in),
``code`` is a stable identifier (``docno.bracket`` …), ``message`` is Chinese, ``basis`` names the clause.
``DEFAULT_SEVERITY`` suggests a severity per code; rule classes decide.

Clauses (numbering per the project's verification notes, secondary copies that agree):
7.2.5 发文字号, 7.3.3 正文层次序数, 7.3.4 附件说明, 7.3.5.4 成文日期, 7.3.7 附件.
施行日期/有效期 limits are local rules whose Shanxi/Shuozhou texts were not found: configurable, info.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, Iterable, NamedTuple

from doclint import cnum

__all__ = [
    "FormIssue", "DEFAULT_SEVERITY", "BASIS_DOC_NUMBER", "BASIS_DATE", "BASIS_ATTACHMENT_NOTE", "BASIS_ATTACHMENT",
    "BASIS_OUTLINE", "BASIS_EFFECTIVE", "AttachmentItem", "EffectiveDateConfig",
    "check_doc_number", "check_date", "parse_date", "parse_attachment_note", "check_attachment_note",
    "compare_attachments", "check_outline_sequence", "check_effective_dates", "heading_label",
]


class FormIssue(NamedTuple):
    start: int | None
    end: int | None
    code: str
    message: str
    basis: str


BASIS_DOC_NUMBER = "GB/T 9704—2012 7.2.5"
BASIS_DATE = "GB/T 9704—2012 7.3.5.4"
BASIS_ATTACHMENT_NOTE = "GB/T 9704—2012 7.3.4"
BASIS_ATTACHMENT = "GB/T 9704—2012 7.3.7"
BASIS_OUTLINE = "GB/T 9704—2012 7.3.3"
BASIS_EFFECTIVE = "地方规范性文件管理规定（山西省、朔州市办法原文未核实；限值可配置）"

DEFAULT_SEVERITY = {
    "docno.bracket": "warning",
    "docno.year-short": "warning",
    "docno.year-not-arabic": "warning",
    "docno.first-char": "warning",
    "docno.zero-padded": "warning",
    "date.not-arabic": "warning",
    "date.year-short": "warning",
    "date.zero-padded": "warning",
    "date.invalid": "warning",
    "date.incomplete": "warning",
    "attach.colon": "info",
    "attach.number-format": "info",
    "attach.numbering": "warning",
    "attach.single-numbered": "info",
    "attach.trailing-punct": "info",
    "attach.count": "warning",
    "attach.index": "warning",
    "attach.name": "warning",
    "outline.start": "warning",
    "outline.gap": "warning",
    "outline.repeat": "warning",
    "outline.order": "warning",
    "outline.level-inversion": "warning",
    "outline.level-skip": "info",
    "effective.missing-date": "info",
    "effective.missing-validity": "info",
    "effective.validity-too-long": "info",
    "effective.provisional-too-long": "info",
    "effective.too-soon": "info",
}

_CN_DIGIT = "〇○零一二三四五六七八九"
_CN = cnum.CN_NUM_CHARS

# --- 发文字号 (7.2.5) ---------------------------------------------------------------------------

_OPENERS = "〔[［（(【〖{<〈"
_CLOSERS = "〕]］）)】〗}>〉"
_DOCNO_RE = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,16}}?)[ \u3000]*"
    rf"(?:(?P<open>[{re.escape(_OPENERS)}])[ \u3000]*(?P<year>\d{{2,4}}|[{_CN_DIGIT}]{{2,4}})[ \u3000]*(?P<close>[{re.escape(_CLOSERS)}])?"
    rf"|(?P<year2>\d{{2,4}}|[{_CN_DIGIT}]{{2,4}})[ \u3000]*(?P<close2>[{re.escape(_CLOSERS)}]))"
    rf"[ \u3000]*(?P<di>第)?[ \u3000]*(?P<num>\d{{1,5}})[ \u3000]*号"
)


def check_doc_number(s: str) -> list[FormIssue]:
    """发文字号: 年份标全称、用六角括号〔〕; 顺序号不加“第”、不编虚位 (GB/T 9704—2012 7.2.5).

    Works on a 文号 alone or on a line holding one or more.  令号 (国务院令第746号) are not 文号
    and are left alone.
    """
    out: list[FormIssue] = []
    if not s:
        return out
    for m in _DOCNO_RE.finditer(s):
        if m.group("prefix").endswith("令"):
            continue
        y = m.group("year") or m.group("year2")
        if y.isdigit() and len(y) == 4 and not y.startswith(("19", "20")):
            continue  # not a year: (0349) area codes and the like
        open_ch = m.group("open")
        close_ch = m.group("close") or m.group("close2")
        year = m.group("year") or m.group("year2")
        ys = m.start("year") if m.group("year") else m.start("year2")
        ye = ys + len(year)
        bs = m.start("open") if open_ch else ys
        be = (m.end("close") if m.group("close") else m.end("close2")) if close_ch else ye
        if open_ch != "〔" or close_ch != "〕":
            shown = f"{open_ch or ''}{year}{close_ch or ''}"
            out.append(FormIssue(bs, be, "docno.bracket",
                                 f"发文字号中的年份应用六角括号“〔〕”括入，不应写作“{shown}”", BASIS_DOC_NUMBER))
        if not year.isdigit():
            value = cnum.digits_to_int(year)
            hint = f"，应写作“{value}”" if value else ""
            out.append(FormIssue(ys, ye, "docno.year-not-arabic",
                                 f"发文字号中的年份应用阿拉伯数字标注{hint}", BASIS_DOC_NUMBER))
        elif len(year) != 4:
            out.append(FormIssue(ys, ye, "docno.year-short",
                                 f"发文字号中的年份应标全称（四位），“{year}”不全", BASIS_DOC_NUMBER))
        if m.group("di"):
            out.append(FormIssue(m.start("di"), m.end("di"), "docno.first-char",
                                 "发文顺序号前不加“第”字", BASIS_DOC_NUMBER))
        num = m.group("num")
        if len(num) > 1 and num.startswith("0"):
            out.append(FormIssue(m.start("num"), m.end("num"), "docno.zero-padded",
                                 f"发文顺序号不编虚位，“{num}”应写作“{int(num)}”", BASIS_DOC_NUMBER))
    return out


# --- 成文日期 (7.3.5.4) -------------------------------------------------------------------------

_DATE_RE = re.compile(
    rf"(?<![\d０-９{_CN_DIGIT}])(?P<y>\d{{2,4}}|[{_CN_DIGIT}]{{2,4}})[ \u3000]*年[ \u3000]*"
    rf"(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[ \u3000]*月"
    rf"(?:[ \u3000]*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,4}})[ \u3000]*日)?"
)


def _date_parts(y: str, m: str, d: str | None) -> tuple[int | None, int | None, int | None]:
    yy = int(y) if y.isdigit() else cnum.digits_to_int(y)
    mm = int(m) if m.isdigit() else cnum.to_int(m)
    dd = None if d is None else (int(d) if d.isdigit() else cnum.to_int(d))
    return yy, mm, dd


def parse_date(s: str) -> _dt.date | None:
    """The first complete date in s (2019年12月10日 or 二〇一九年十二月十日), or None."""
    for m in _DATE_RE.finditer(s or ""):
        if m.group("d") is None:
            continue
        y, mo, d = _date_parts(m.group("y"), m.group("m"), m.group("d"))
        if y is None or mo is None or d is None:
            continue
        if y < 100:
            y += 2000
        try:
            return _dt.date(y, mo, d)
        except ValueError:
            continue
    return None


def check_date(s: str) -> list[FormIssue]:
    """成文日期: 用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位 (GB/T 9704—2012 7.3.5.4).

    Flags 二〇一九年十二月十日, 2019年05月06日, 19年…; a string that is only a year and month is
    reported as incomplete.  Meant for the 成文日期 line; on body text, dates in Chinese numerals
    are still reported (the rule decides where to apply it).
    """
    out: list[FormIssue] = []
    if not s:
        return out
    whole = s.strip()
    for m in _DATE_RE.finditer(s):
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        if d is None and m.group(0).strip() != whole:
            continue  # "2019年12月" in running text is not a 成文日期
        yv, mv, dv = _date_parts(y, mo, d)
        arabic = y.isdigit() and mo.isdigit() and (d is None or d.isdigit())
        if not arabic:
            if yv is not None and mv is not None and (d is None or dv is not None):
                fixed = f"{yv}年{mv}月" + (f"{dv}日" if dv is not None else "")
                msg = f"成文日期应用阿拉伯数字标注，应写作“{fixed}”"
            else:
                msg = "成文日期应用阿拉伯数字标注年、月、日"
            out.append(FormIssue(m.start(), m.end(), "date.not-arabic", msg, BASIS_DATE))
        if y.isdigit() and len(y) != 4:
            out.append(FormIssue(m.start("y"), m.end("y"), "date.year-short",
                                 f"年份应标全称（四位），“{y}年”不全", BASIS_DATE))
        for g, label in (("m", "月"), ("d", "日")):
            v = m.group(g)
            if v and v.isdigit() and len(v) > 1 and v.startswith("0"):
                out.append(FormIssue(m.start(g), m.end(g), "date.zero-padded",
                                     f"{label}份不编虚位，“{v}{label}”应写作“{int(v)}{label}”" if g == "m"
                                     else f"日不编虚位，“{v}日”应写作“{int(v)}日”", BASIS_DATE))
        if d is None:
            out.append(FormIssue(m.start(), m.end(), "date.incomplete", "成文日期应将年、月、日标全", BASIS_DATE))
            continue
        if yv is not None and mv is not None and dv is not None and (not y.isdigit() or len(y) == 4):
            try:
                _dt.date(yv, mv, dv)
            except ValueError:
                out.append(FormIssue(m.start(), m.end(), "date.invalid", f"日期“{m.group(0)}”不存在", BASIS_DATE))
    return out


# --- 附件说明 (7.3.4) and 附件 (7.3.7) -----------------------------------------------------------


@dataclass(frozen=True)
class AttachmentItem:
    number: int | None  # the 顺序号 as written (None when unnumbered)
    name: str
    start: int  # offset of the name
    end: int
    number_text: str | None = None  # e.g. "1." / "1、" / "（1）"
    number_start: int | None = None


_NOTE_HEAD = re.compile(r"^(?P<lead>[ \t\u3000]*)附[ \u3000]*件(?P<sep>[ \t\u3000]*(?P<colon>[：:])?[ \t\u3000]*)(?P<rest>.*)$")
_ITEM_NUM = re.compile(
    r"^(?P<num>(?P<arabic>\d{1,2})(?P<p>[.．、,，])|[（(](?P<paren>\d{1,2})[）)]|(?P<cn>[一二三四五六七八九十]{1,3})、)[ \t\u3000]*"
)
_TRAILING_PUNCT = "。，、；;,.．：:！!？?"


def _lines_with_offsets(lines: Iterable[Any]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for ln in lines:
        if isinstance(ln, tuple):
            pos, ln = int(ln[0]), ln[1]
        for part in ln.split("\n"):  # a block given as one string
            out.append((pos, part))
            pos += len(part) + 1
    return out


def parse_attachment_note(lines: Iterable[Any]) -> list[AttachmentItem]:
    """The items of a 附件说明. ``lines`` are strings (offsets counted as if joined by newlines)
    or (offset, text) pairs with absolute offsets.  The first line must start with 附件."""
    items, _ = _parse_note(_lines_with_offsets(lines))
    return items


def _parse_note(lines: list[tuple[int, str]]) -> tuple[list[AttachmentItem], dict]:
    info: dict = {}
    items: list[AttachmentItem] = []
    if not lines:
        return items, info
    off0, first = lines[0]
    m = _NOTE_HEAD.match(first)
    if not m:
        return items, info
    info["head"] = (off0 + m.start(), off0 + m.end("sep"))
    info["colon"] = m.group("colon")
    info["colon_pos"] = off0 + m.start("colon") if m.group("colon") else off0 + m.start("sep")
    segments = [(off0 + m.start("rest"), m.group("rest"))] + [
        (off + (len(t) - len(t.lstrip())), t.strip()) for off, t in lines[1:]
    ]
    for pos, text in segments:
        text = text.rstrip()
        if not text:
            continue
        nm = _ITEM_NUM.match(text)
        if nm:
            if nm.group("arabic"):
                number = int(nm.group("arabic"))
            elif nm.group("paren"):
                number = int(nm.group("paren"))
            else:
                number = cnum.to_int(nm.group("cn"))
            name = text[nm.end():]
            items.append(AttachmentItem(number, name, pos + nm.end(), pos + len(text), nm.group("num"), pos))
        elif items and pos != off0 + m.start("rest"):
            prev = items[-1]  # a wrapped long name continues the previous item
            items[-1] = AttachmentItem(prev.number, prev.name + text, prev.start, pos + len(text),
                                       prev.number_text, prev.number_start)
        else:
            items.append(AttachmentItem(None, text, pos, pos + len(text)))
    return items, info


def check_attachment_note(lines: Iterable[Any]) -> list[FormIssue]:
    """附件说明: “附件”后标全角冒号；多个附件用阿拉伯数字标注顺序号（附件：1.××）；附件名称后不加标点
    (GB/T 9704—2012 7.3.4).  ``lines`` as for ``parse_attachment_note``."""
    lines_o = _lines_with_offsets(lines)
    items, info = _parse_note(lines_o)
    out: list[FormIssue] = []
    if not info:
        return out
    colon = info.get("colon")
    hs, he = info["head"]
    if colon == ":":
        p = info["colon_pos"]
        out.append(FormIssue(p, p + 1, "attach.colon", "“附件”二字后应标全角冒号“：”，不应使用半角冒号", BASIS_ATTACHMENT_NOTE))
    elif colon is None and items:
        out.append(FormIssue(hs, he, "attach.colon", "“附件”二字后应标全角冒号“：”，再写附件名称", BASIS_ATTACHMENT_NOTE))
    numbered = [it for it in items if it.number is not None]
    if len(items) > 1:
        if len(numbered) < len(items):
            for it in items:
                if it.number is None:
                    out.append(FormIssue(it.start, it.end, "attach.numbering",
                                         "有多个附件时，应使用阿拉伯数字标注附件顺序号（如“附件：1.××”）",
                                         BASIS_ATTACHMENT_NOTE))
        expected = 1
        for it in items:
            if it.number is None:
                expected += 1
                continue
            if it.number != expected:
                out.append(FormIssue(it.number_start, it.start, "attach.numbering",
                                     f"附件顺序号不连续：此处应为“{expected}.”，实为“{it.number_text.strip()}”",
                                     BASIS_ATTACHMENT_NOTE))
            expected = it.number + 1 if it.number >= expected else expected + 1
    elif len(items) == 1 and items[0].number is not None:
        it = items[0]
        out.append(FormIssue(it.number_start, it.start, "attach.single-numbered",
                             "只有一个附件时不需标注附件顺序号", BASIS_ATTACHMENT_NOTE))
    for it in numbered:
        nt = it.number_text or ""
        if not re.fullmatch(r"\d{1,2}[.．]", nt.strip()):
            out.append(FormIssue(it.number_start, it.start, "attach.number-format",
                                 f"附件顺序号应写作“{it.number}.”（阿拉伯数字加下脚点），不应写作“{nt.strip()}”",
                                 BASIS_ATTACHMENT_NOTE))
    for it in items:
        if it.name and it.name[-1] in _TRAILING_PUNCT:
            out.append(FormIssue(it.end - 1, it.end, "attach.trailing-punct",
                                 f"附件名称后不加标点符号（“{it.name[-1]}”）", BASIS_ATTACHMENT_NOTE))
    return out


def _norm_attachment_name(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"\s+", "", s)
    s = s.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    s = s.strip("《》<>“”\"'‘’「」")
    return s.rstrip(_TRAILING_PUNCT + "。")


def _listed_item(x: Any, i: int) -> tuple[int | None, str, int | None, int | None]:
    """(number, name, start, end) from a str, an AttachmentItem / structure.AttachmentRef, or a tuple."""
    if isinstance(x, str):
        return None, x, None, None
    if isinstance(x, tuple):
        if len(x) >= 3:
            return None, x[0], x[1], x[2]
        return None, x[0], None, None
    number = getattr(x, "number", None)
    if number is None:
        number = getattr(x, "index", None)
    return number, getattr(x, "name", ""), getattr(x, "start", None), getattr(x, "end", None)


def _present_item(x: Any) -> tuple[int | None, str, int | None, int | None]:
    if isinstance(x, tuple):
        idx, title = x[0], x[1]
        start, end = (x[2], x[3]) if len(x) >= 4 else (None, None)
        return idx, title or "", start, end
    return getattr(x, "index", None), getattr(x, "title", "") or "", getattr(x, "start", None), getattr(x, "end", None)


def compare_attachments(listed: list[Any], present: list[Any]) -> list[FormIssue]:
    """附件顺序号和附件标题应当与附件说明的表述一致 (GB/T 9704—2012 7.3.7).

    ``listed``: the 附件说明 items (strings, AttachmentItem, structure.AttachmentRef or (name, start, end)).
    ``present``: the attachments after the text, as (index, title[, start, end]) or objects with
    ``index``/``title``/``start``/``end``.  Offsets are None when not known.
    Names are compared ignoring spaces, full/half-width forms, 《》 and trailing punctuation.
    """
    out: list[FormIssue] = []
    L = [_listed_item(x, i) for i, x in enumerate(listed or [])]
    P = [_present_item(x) for x in (present or [])]
    if not L and not P:
        return out
    anchor_l = (L[0][2], L[-1][3]) if L else (None, None)
    if not L:
        s, e = P[0][2], P[0][3]
        out.append(FormIssue(s, e, "attach.count",
                             f"正文后附有{len(P)}个附件，但正文下没有附件说明", BASIS_ATTACHMENT_NOTE))
        return out
    if not P:
        out.append(FormIssue(anchor_l[0], anchor_l[1], "attach.count",
                             f"附件说明列出{len(L)}个附件，但正文后未见附件", BASIS_ATTACHMENT))
        return out
    if len(L) != len(P):
        out.append(FormIssue(anchor_l[0], anchor_l[1], "attach.count",
                             f"附件说明列出{len(L)}个附件，正文后实有{len(P)}个附件", BASIS_ATTACHMENT))
    # the attachments' own 顺序号
    if len(P) > 1:
        for k, (idx, title, s, e) in enumerate(P, start=1):
            if idx is not None and idx != k:
                out.append(FormIssue(s, e, "attach.index",
                                     f"第{k}个附件的顺序号应为“附件{k}”，实为“附件{idx}”", BASIS_ATTACHMENT))
            elif idx is None:
                out.append(FormIssue(s, e, "attach.index",
                                     f"有多个附件时，第{k}个附件应标注顺序号“附件{k}”", BASIS_ATTACHMENT))
    # pair by 顺序号 when both sides have one, otherwise by position
    by_index = {idx: (idx, title, s, e) for idx, title, s, e in P if idx is not None}
    for k, (num, name, s, e) in enumerate(L, start=1):
        key = num if num is not None else k
        target = by_index.get(key) if by_index else None
        if target is None and k <= len(P):
            target = P[k - 1]
        if target is None:
            continue
        tidx, title, ps, pe = target
        if not title.strip() or not name.strip():
            continue
        if _norm_attachment_name(name) != _norm_attachment_name(title):
            where = (s, e) if s is not None else (ps, pe)
            shown = f"附件{tidx}" if tidx is not None else "附件"
            out.append(FormIssue(where[0], where[1], "attach.name",
                                 f"附件说明第{k}项“{name.strip()}”与{shown}的标题“{title.strip()}”不一致",
                                 BASIS_ATTACHMENT))
    return out


# --- 层次序数 (7.3.3) ---------------------------------------------------------------------------

RANK = {"chapter": 0, "part": 1, "section": 1, "article": 2, "l1": 3, "l2": 4, "l3": 5, "l4": 6}
_OUTLINE_KINDS = ("l1", "l2", "l3", "l4")
# the kinds whose sequence a heading of each rank closes (articles run through the whole text)
_CLOSED_BY_RANK = {r: tuple(k for k, v in RANK.items() if v > r and k != "article") for r in set(RANK.values())}


def heading_label(kind: str, n: int) -> str:
    """How number n is written at a level: chapter 第三章, article 第三条, l1 三、, l2 （三）, l3 3., l4 （3）."""
    try:
        cn = cnum.int_to_cn(n)
    except ValueError:
        cn = str(n)
    return {
        "chapter": f"第{cn}章", "part": f"第{cn}节", "section": f"第{cn}节", "article": f"第{cn}条",
        "l1": f"{cn}、", "l2": f"（{cn}）", "l3": f"{n}.", "l4": f"（{n}）",
    }.get(kind, str(n))


def _heading(h: Any) -> tuple[str, int | None, int | None, int | None, Any]:
    if isinstance(h, tuple):
        kind, num = h[0], h[1]
        start, end = (h[2], h[3]) if len(h) >= 4 else (None, None)
        group = h[4] if len(h) >= 5 else None
        return kind, num, start, end, group
    group = (getattr(h, "document", 0), getattr(h, "attachment", None))
    return h.kind, h.number, getattr(h, "start", None), getattr(h, "end", None), group


def check_outline_sequence(headings: Iterable[Any]) -> list[FormIssue]:
    """Numbering of 第X章/第X节/第X条 and of 一、（一）1.（1） (GB/T 9704—2012 7.3.3).

    ``headings`` in document order: (kind, number[, start, end[, group]]) tuples or objects with
    ``kind``/``number``/``start``/``end`` (structure.Heading); a change of ``group`` (or of
    document/attachment on objects) starts a new sequence.  kinds: chapter, part, article, l1–l4.

    Reported: a sequence not starting at 1, gaps, repeats, numbers going back; a higher-level
    marker used after lower-level ones under the same parent (1. … then （一） under 一、, “层次倒置”);
    and, as info only, skipping a level (1. directly under 一、). 7.3.3 says the levels are used
    “依次”; common drafting practice allows skipping a level when fewer levels are needed, so a skip
    is not treated as an error.  Articles are numbered through the whole text (not per chapter).
    """
    out: list[FormIssue] = []
    last: dict[str, int] = {}
    stack: list[tuple[str, int]] = []  # (kind, index in the sequence)
    children: dict[int, set[int]] = {}  # parent index (-1: top) -> ranks used directly under it
    skip_reported: set[tuple[str, str]] = set()  # (parent kind, child kind) already reported
    chapter_since_article = False  # a 章/节 heading came after the last article
    group_prev = object()
    items = [_heading(h) for h in headings]
    for i, (kind, num, start, end, group) in enumerate(items):
        if kind not in RANK:
            continue
        if group != group_prev:
            last.clear()
            stack.clear()
            children.clear()
            skip_reported.clear()
            group_prev = group
            chapter_since_article = False
        r = RANK[kind]
        if kind in ("chapter", "part", "section"):
            chapter_since_article = True
        while stack and RANK[stack[-1][0]] >= r:
            stack.pop()
        parent = stack[-1] if stack else None
        prev = last.get(kind)
        if num is not None:
            if prev is None:
                if num != 1:
                    out.append(FormIssue(start, end, "outline.start",
                                         f"层次序号应从“{heading_label(kind, 1)}”开始，此处为“{heading_label(kind, num)}”",
                                         BASIS_OUTLINE))
            elif kind == "article" and num == 1 and chapter_since_article:
                out.append(FormIssue(start, end, "outline.order",
                                     f"条的序号应全文连续编排，不随章节重新编号：“{heading_label(kind, prev)}”之后应为“{heading_label(kind, prev + 1)}”",
                                     BASIS_OUTLINE))
            elif num == prev:
                out.append(FormIssue(start, end, "outline.repeat",
                                     f"层次序号重复：“{heading_label(kind, num)}”已出现", BASIS_OUTLINE))
            elif num < prev:
                out.append(FormIssue(start, end, "outline.order",
                                     f"层次序号倒序：“{heading_label(kind, prev)}”之后出现“{heading_label(kind, num)}”，应为“{heading_label(kind, prev + 1)}”",
                                     BASIS_OUTLINE))
            elif num > prev + 1:
                missing = "、".join(f"“{heading_label(kind, k)}”" for k in range(prev + 1, min(num, prev + 4)))
                more = "等" if num - prev - 1 > 3 else ""
                out.append(FormIssue(start, end, "outline.gap",
                                     f"层次序号不连续：“{heading_label(kind, prev)}”之后缺少{missing}{more}",
                                     BASIS_OUTLINE))
            last[kind] = max(num, prev or 0) if prev is not None and num < prev else num
        else:
            last[kind] = (prev or 0) + 1
        if kind == "article":
            chapter_since_article = False
        if kind in _OUTLINE_KINDS:
            pkey = parent[1] if parent else -1
            used = children.setdefault(pkey, set())
            if parent is not None and any(u > r for u in used if u >= RANK["l1"]):
                deeper = min(u for u in used if u > r)
                deeper_kind = next(k for k, v in RANK.items() if v == deeper and k in _OUTLINE_KINDS)
                out.append(FormIssue(start, end, "outline.level-inversion",
                                     f"层次倒置：同一层级下先用了“{heading_label(deeper_kind, 1)}”一级序号，后又用“{heading_label(kind, num or 1)}”",
                                     BASIS_OUTLINE))
            used.add(r)
            if (parent is not None and parent[0] in _OUTLINE_KINDS and r - RANK[parent[0]] > 1
                    and (parent[0], kind) not in skip_reported):
                skip_reported.add((parent[0], kind))  # once per sequence and pair of levels
                skipped = [k for k in _OUTLINE_KINDS if RANK[parent[0]] < RANK[k] < r]
                out.append(FormIssue(start, end, "outline.level-skip",
                                     f"层次越级：“{heading_label(parent[0], 1)}”下直接使用“{heading_label(kind, num or 1)}”，"
                                     f"未用“{heading_label(skipped[0], 1)}”一级（结构层次序数依次为“一、”“（一）”“1.”“（1）”）",
                                     BASIS_OUTLINE))
        for k in _CLOSED_BY_RANK[r]:
            last.pop(k, None)
        stack.append((kind, i))
    return out


# --- 施行日期 / 有效期 ---------------------------------------------------------------------------


@dataclass
class EffectiveDateConfig:
    """Local rules on 施行日期 and 有效期; the Shanxi/Shuozhou texts were not found, so all are settings."""

    require_effective_date: bool = True  # report a text with no 施行/实施 date
    require_validity: bool = False  # report a text with no 有效期 (off: no verified rule)
    max_validity_years: float | None = 5  # 有效期一般不超过5年
    max_validity_years_provisional: float | None = 2  # 暂行、试行 不超过2年
    min_days_after_publication: int | None = None  # e.g. 30: 自公布之日起30日后施行 (off by default)
    title: str | None = None  # to tell 暂行/试行; default: the first non-empty line
    doc_date: _dt.date | None = None  # 成文/公布 date, to measure absolute dates against

    @classmethod
    def from_any(cls, config: Any) -> "EffectiveDateConfig":
        if config is None:
            return cls()
        if isinstance(config, cls):
            return config
        if isinstance(config, dict):
            names = {f.name for f in fields(cls)}
            unknown = set(config) - names
            if unknown:
                raise ValueError(f"unknown effective-date option(s): {', '.join(sorted(unknown))}")
            cfg = cls(**config)
            if isinstance(cfg.doc_date, str):
                cfg.doc_date = _dt.date.fromisoformat(cfg.doc_date)
            return cfg
        raise TypeError(f"EffectiveDateConfig expected, got {type(config).__name__}")


_DATE_ANY = rf"(?:\d{{4}}[ \u3000]*年[ \u3000]*\d{{1,2}}[ \u3000]*月[ \u3000]*\d{{1,2}}[ \u3000]*日|[{_CN_DIGIT}]{{4}}年[一二三四五六七八九十]{{1,3}}月[一二三四五六七八九十]{{1,4}}日)"
_EFFECTIVE_RE = re.compile(
    rf"(?:自|从|于)[ \u3000]*(?:(?P<date>{_DATE_ANY})|(?P<event>公布|印发|发布|颁布|下发|签发|发文|公告)之日)[ \u3000]*"
    rf"(?:起[ \u3000]*(?P<after>\d{{1,3}}|[{_CN}]{{1,4}})[ \u3000]*(?:日|天)(?:后|以后)|起)?[ \u3000]*"
    rf"(?P<verb>施行|实施|执行|生效)"
)
_VALIDITY_N = re.compile(rf"有效期(?:限)?(?:为|是)?[ \u3000]*(?P<n>\d{{1,3}}|[{_CN}]{{1,3}})[ \u3000]*(?P<unit>年|个月)")
_VALIDITY_TO = re.compile(
    rf"有效期(?:限)?(?:自[ \u3000]*(?P<from>{_DATE_ANY})[ \u3000]*起?)?[ \u3000]*(?:至|到|截至|截止到?)[ \u3000]*(?P<to>{_DATE_ANY})"
)


def _line_span_at(text: str, i: int) -> tuple[int, int]:
    """[start, end) of the line holding offset i, without its line break."""
    end = text.find("\n", i)
    return text.rfind("\n", 0, i) + 1, len(text) if end < 0 else end


def _first_last_nonblank_lines(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Spans of the first and of the last line that holds a non-space character; None if none does.

    Found from the text's ends (str.strip removes exactly what \\s matches), not line by line."""
    last = len(text.rstrip())
    if not last:
        return None
    first = len(text) - len(text.lstrip())
    return _line_span_at(text, first), _line_span_at(text, last - 1)


def _years_between(a: _dt.date, b: _dt.date) -> float:
    return (b - a).days / 365.25


def check_effective_dates(text: str, config: Any = None) -> list[FormIssue]:
    """施行日期 and 有效期: presence (施行 on by default, 有效期 off), 有效期 over the configured limit
    (5 years; 2 for 暂行/试行), and — only when ``min_days_after_publication`` is set — a text that
    takes effect sooner than that after publication.  All limits are local and configurable;
    suggested severity is info.  A missing date is reported on the last non-empty line."""
    cfg = EffectiveDateConfig.from_any(config)
    out: list[FormIssue] = []
    text = text or ""
    nonblank = _first_last_nonblank_lines(text)
    anchor = nonblank[1] if nonblank else (0, 0)
    title = cfg.title
    if title is None and nonblank:
        title = text[nonblank[0][0]: nonblank[0][1]]
    provisional = bool(title and re.search(r"暂行|试行", title))

    effects = list(_EFFECTIVE_RE.finditer(text))
    effective_date = None
    for m in effects:
        if m.group("date"):
            effective_date = parse_date(m.group("date"))
            break
    validity_to = list(_VALIDITY_TO.finditer(text))
    validity_from = [m for m in validity_to if m.group("from")]
    if effective_date is None and validity_from:
        effective_date = parse_date(validity_from[0].group("from"))
    if not effects and not validity_from and cfg.require_effective_date:
        out.append(FormIssue(anchor[0], anchor[1], "effective.missing-date",
                             "未见施行日期（如“本办法自××××年×月×日起施行”）", BASIS_EFFECTIVE))

    limit = cfg.max_validity_years_provisional if provisional else cfg.max_validity_years
    validity_found = False
    for m in _VALIDITY_N.finditer(text):
        validity_found = True
        n = 2 if m.group("n") == "两" else cnum.to_int(m.group("n"))
        if n is None or limit is None:
            continue
        years = n if m.group("unit") == "年" else n / 12
        if years > limit:
            out.append(_too_long(m.start(), m.end(), years, limit, provisional))
    for m in validity_to:
        validity_found = True
        to = parse_date(m.group("to"))
        frm = parse_date(m.group("from")) if m.group("from") else (effective_date or cfg.doc_date)
        if to is None or frm is None or limit is None:
            continue
        years = _years_between(frm, to)
        if years > limit + 1 / 365.25 * 2:  # a day or two of slack for "至……前一日"
            out.append(_too_long(m.start(), m.end(), years, limit, provisional))
    if not validity_found and cfg.require_validity:
        out.append(FormIssue(anchor[0], anchor[1], "effective.missing-validity",
                             "未见有效期（如“有效期×年”）" + ("；暂行、试行文件有效期一般不超过2年" if provisional else ""),
                             BASIS_EFFECTIVE))

    min_days = cfg.min_days_after_publication
    if min_days:
        for m in effects:
            if m.group("event"):
                after = m.group("after")
                days = 0 if after is None else (int(after) if after.isdigit() else (cnum.to_int(after) or 0))
                if days < min_days:
                    out.append(FormIssue(m.start(), m.end(), "effective.too-soon",
                                         f"规范性文件一般应自公布之日起{min_days}日后施行（因保障国家安全、重大公共利益等需要立即施行的除外），此处为“{m.group(0)}”",
                                         BASIS_EFFECTIVE))
            elif m.group("date") and cfg.doc_date is not None:
                d = parse_date(m.group("date"))
                if d is not None and (d - cfg.doc_date).days < min_days:
                    out.append(FormIssue(m.start(), m.end(), "effective.too-soon",
                                         f"施行日期距成文日期{(d - cfg.doc_date).days}日，一般应自公布之日起{min_days}日后施行",
                                         BASIS_EFFECTIVE))
    return out


def _too_long(s: int, e: int, years: float, limit: float, provisional: bool) -> FormIssue:
    shown = f"{round(years)}" if abs(years - round(years)) < 0.05 else f"{years:.1f}"
    if provisional:
        return FormIssue(s, e, "effective.provisional-too-long",
                         f"暂行、试行的规范性文件有效期一般不超过{limit:g}年，此处约为{shown}年", BASIS_EFFECTIVE)
    return FormIssue(s, e, "effective.validity-too-long",
                     f"规范性文件有效期一般不超过{limit:g}年，此处约为{shown}年", BASIS_EFFECTIVE)
