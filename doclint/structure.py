"""Document structure in the official-document form of GB/T 9704-2012.

Recognises 发文机关标志, 发文字号, 标题, 主送机关, 正文 with its outline levels
(一、 （一） 1. （1） and 第X章/第X条/款/项), 附件说明, 发文机关署名, 成文日期 and
the attachments (附件1 …).  Drafts are messy: every part is optional, and
nothing here raises on odd input.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from dataclasses import dataclass, field

from doclint.source import Source

CN_DIGITS = "〇零一二三四五六七八九十百千两"
_CN = f"[{CN_DIGITS}]"

DOC_KINDS = (
    "实施意见", "指导意见", "实施细则", "实施方案", "工作方案", "行动计划", "行动方案",
    "通知", "决定", "意见", "办法", "通告", "公告", "规定", "细则", "批复", "报告",
    "请示", "函", "方案", "纪要", "规则", "措施", "决议", "命令", "通报", "规划",
    "计划", "制度", "条例", "要点", "标准", "规范", "预案", "守则", "章程",
)
_KIND_ALT = "|".join(sorted(DOC_KINDS, key=len, reverse=True))
_TRAILER = r"(?:\s*[（(][^（）()]{1,12}[）)])*"  # （试行）（征求意见稿）（草案）…
TITLE_RE = re.compile(rf"^(?P<issuer>.{{0,80}}?)关于.{{2,160}}?(?P<kind>{_KIND_ALT}){_TRAILER}\s*$")
STANDALONE_TITLE_RE = re.compile(
    rf"^[^，。；：:！？]{{4,80}}?(?P<kind>办法|规定|细则|实施细则|实施意见|实施方案|工作方案|若干措施|措施|意见|方案|规则|制度|通告|公告|预案|计划|规划){_TRAILER}\s*$"
)
DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,16}?)\s*(?P<open>[〔\[［（(【〈<{])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]］）)】〉>}])\s*(?P<first>第?)\s*(?P<num>\d{1,5})\s*号"
)
DATE_LINE_RE = re.compile(
    rf"^\s*(?P<y>\d{{2,4}}|{_CN}{{2,4}})\s*年\s*(?P<m>\d{{1,2}}|{_CN}{{1,3}})\s*月\s*(?P<d>\d{{1,2}}|{_CN}{{1,4}})\s*日\s*$"
)
BODY_NAME_TAIL = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "委员会", "管理委员会", "管委会",
    "领导小组", "指挥部", "联席会议", "工作专班", "局", "厅", "委", "部", "署", "办", "中心", "院",
    "政府", "所", "站", "队", "支队", "大队", "科", "处", "股", "室", "会",
)
_NAME_CHARS = r"[\u4e00-\u9fff（）()、·]"
BODY_NAME_RE = re.compile(
    rf"^(?:{_NAME_CHARS}{{2,40}}(?:{'|'.join(BODY_NAME_TAIL)}))(?:[ \u3000]+{_NAME_CHARS}{{2,40}}(?:{'|'.join(BODY_NAME_TAIL)}))*$"
)
RECIPIENT_HINT = re.compile(r"各|人民政府|部门|单位|委员会|管委会|局|厅|办公室|县|区")
ATTACH_NOTE_RE = re.compile(r"^(?:[-*]\s*)?附\s*件\s*(?P<colon>[：:])\s*(?P<rest>.*)$")
# 附件 / 附件1 / 附件 2 / 附件二 / 附件2：标题 (a number may be followed by a colon and the title)
ATTACH_HEAD_RE = re.compile(
    r"^(?:[-*]\s*)?附\s*件\s*(?:(?P<num>\d{1,3})|(?P<cnum>[一二三四五六七八九十]{1,3})(?=$|[\s：:]))?"
    r"\s*(?:(?<=[\d一二三四五六七八九十])(?P<colon>[：:]))?\s*(?P<title>[^：:]{0,80})$"
)

# Outline headings: (kind, rank, regex).  The label is group 'label'.
HEADING_PATTERNS = [
    ("chapter", 0, re.compile(rf"^(?P<label>第{_CN}{{1,5}}章)(?:\s+|$)")),
    ("part", 1, re.compile(rf"^(?P<label>第{_CN}{{1,5}}节)(?:\s+|$)")),
    ("article", 2, re.compile(rf"^(?P<label>第{_CN}{{1,6}}条)")),  # any text may follow: 第一条为规范…
    ("l1", 3, re.compile(rf"^(?P<label>{_CN}{{1,4}}、)")),
    ("l2", 4, re.compile(rf"^(?P<label>[（(]{_CN}{{1,4}}[）)])")),
    ("l3", 5, re.compile(r"^(?P<label>\d{1,3}[\.．、])(?!\d)")),
    ("l4", 6, re.compile(r"^(?P<label>[（(]\d{1,3}[）)])")),
]
# The patterns a line can match, by its first character: each pattern can only match a
# line opening with one of these (l3 with a digit, see match_heading), so most lines try one
# or two regexes instead of seven.  Order within an entry is the order of HEADING_PATTERNS.
_FIRST_CHARS = {"chapter": "第", "part": "第", "article": "第", "l1": CN_DIGITS, "l2": "（(", "l4": "（("}


def _patterns_by_first_char() -> dict[str, tuple]:
    table: dict[str, tuple] = {}
    for pattern in HEADING_PATTERNS:
        for ch in _FIRST_CHARS.get(pattern[0], ""):
            table[ch] = table.get(ch, ()) + (pattern,)
    return table


_HEADINGS_BY_FIRST = _patterns_by_first_char()
_DIGIT_HEADINGS = tuple(p for p in HEADING_PATTERNS if p[0] == "l3")  # lines opening with a digit (\d)
_LIST_PREFIX = re.compile(r"^(?:[-*+]\s+|#{1,6}\s+|>\s*)")
_LIST_MARKS = "-*+#>"  # the first characters _LIST_PREFIX can match
_TERMINAL = "。；：！？…”」』）)!?;:"
_TERMINAL_ENDS = tuple(_TERMINAL)  # for str.endswith


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Heading:
    kind: str  # chapter | part | article | l1 | l2 | l3 | l4
    rank: int
    label: str  # as written, brackets normalised to full width
    line: int
    start: int  # offset of the label
    end: int
    attachment: int | None = None  # attachment index when inside one
    # 0: the main text; 1, 2 …: the texts issued by the notice (印发); -1, -2 …: further parts of the
    # main text or of an attachment, each under its own title (numbering restarts in each)
    document: int = 0

    @property
    def number(self) -> int | None:
        return _label_number(self.label)


@functools.lru_cache(maxsize=1024)
def _label_number(label: str) -> int | None:
    from doclint import cnum  # small numeral helper shared with form checks

    return cnum.to_int(re.sub(r"[第章节条、（）().．]", "", label))


@dataclass
class Issuer:
    name: str
    start: int
    end: int
    source: str  # signature | title | header | doc_number | alone


@dataclass
class AttachmentRef:
    """One item of the 附件说明."""

    index: int | None
    name: str
    line: int
    start: int
    end: int


@dataclass
class Attachment:
    """An attachment actually present after the main text."""

    index: int | None
    title: str
    line: int
    start: int  # offset of its 附件N heading
    end: int  # end of its text


@dataclass
class Structure:
    title: str | None = None
    title_span: Span | None = None
    kind: str | None = None
    doc_number: str | None = None
    doc_number_span: Span | None = None
    doc_number_parts: dict | None = None
    recipients: str | None = None
    issuers: list[Issuer] = field(default_factory=list)
    date: _dt.date | None = None
    date_text: str | None = None
    date_span: Span | None = None
    attachment_note: list[AttachmentRef] = field(default_factory=list)
    attachment_note_span: Span | None = None
    attachments: list[Attachment] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    issued_title: str | None = None  # title of a text issued by a 印发 notice
    zones: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, zone)


def strip_list_prefix(line: str) -> tuple[int, str]:
    """Markdown list/heading markers some exports put before lines."""
    if not line or line[0] not in _LIST_MARKS:
        return 0, line  # most lines: decided on their first character
    m = _LIST_PREFIX.match(line)
    if m:
        return m.end(), line[m.end():]
    return 0, line


def _search_doc_number(line: str) -> re.Match | None:
    # a 发文字号 ends in 号: the costly search (a CJK prefix tried at each position) only runs then
    return DOC_NUMBER_RE.search(line) if "号" in line else None


def _lines_between(lines: list[int], first: int, last: int) -> list[int]:
    """The line numbers of an ascending list that lie in [first, last], found by bisection."""
    return lines[bisect.bisect_left(lines, first): bisect.bisect_right(lines, last)]


def _attachment_number(m: re.Match) -> int | None:
    if m.group("num"):
        return int(m.group("num"))
    if m.group("cnum"):
        from doclint import cnum

        return cnum.to_int(m.group("cnum"))
    return None


def _listing_line(line: str) -> bool:
    """A signature line, a date, or another "附件N：名称" line (what may follow a listed 附件说明)."""
    if _is_issuer_line(line) or DATE_LINE_RE.match(line):
        return True
    m = ATTACH_HEAD_RE.match(strip_list_prefix(line)[1]) if "附" in line else None
    return bool(m and m.group("colon"))


def _is_issuer_line(line: str) -> bool:
    """A line that is only a body's name (or several, space-separated): 某某市人民政府."""
    return bool(line) and len(line) <= 80 and BODY_NAME_RE.match(line) is not None and not match_heading(line)


def _is_attachment_note(line: str) -> bool:
    return "附" in line and ATTACH_NOTE_RE.match(strip_list_prefix(line)[1]) is not None


def _norm_label(label: str) -> str:
    return label.replace("(", "（").replace(")", "）").replace("．", ".")


def cn_date(y: str, m: str, d: str) -> _dt.date | None:
    from doclint import cnum

    def num(s: str, year: bool = False) -> int | None:
        if s.isdigit():
            return int(s)
        if year:
            return cnum.digits_to_int(s)
        return cnum.to_int(s)

    try:
        year, month, day = num(y, True), num(m), num(d)
        if year is None or month is None or day is None:
            return None
        if year < 100:
            year += 2000
        return _dt.date(year, month, day)
    except (ValueError, TypeError):
        return None


def match_heading(text: str) -> tuple[str, int, str, int] | None:
    """(kind, rank, label, label_end) for a line that opens with a heading."""
    if not text:
        return None
    patterns = _HEADINGS_BY_FIRST.get(text[0])
    if patterns is None:
        if not text[0].isdecimal():  # isdecimal: what \d matches
            return None  # most lines: decided on their first character
        patterns = _DIGIT_HEADINGS
    for kind, rank, rx in patterns:
        m = rx.match(text)
        if m:
            return kind, rank, _norm_label(m.group("label")), m.end("label")
    return None


def parse(source: Source) -> Structure:
    st = Structure()
    text = source.text
    n = source.line_count
    lines = text.split("\n")  # the same as source.line_text(1..n): lines end at "\n" only
    stripped = [ln.strip() for ln in lines]
    nonempty = [i for i in range(1, n + 1) if stripped[i - 1]]
    if not nonempty:
        return st

    def off(line: int, col0: int = 0) -> int:
        return source.line_starts[line - 1] + col0

    def lstrip_off(line: int) -> int:
        raw = lines[line - 1]
        return off(line, len(raw) - len(raw.lstrip()))

    # ---- attachments present: "附件" / "附件1" heading lines, after some text
    attach_heads: list[tuple[int, int | None, str]] = []
    for i in nonempty:
        if "附" not in stripped[i - 1]:
            continue  # both attachment patterns need 附: most lines are decided here
        s = strip_list_prefix(stripped[i - 1])[1]
        if ATTACH_NOTE_RE.match(s):
            continue
        m = ATTACH_HEAD_RE.match(s)
        if m and i != nonempty[0] and len(s) <= 90:
            num = _attachment_number(m)
            title = m.group("title").strip()
            if title and num is None and not title.startswith((" ", "\u3000")) and not s[2:3].isspace():
                continue  # "附件材料如下" etc.
            attach_heads.append((i, num, title, bool(m.group("colon"))))
    # "附件1：名称" lines with nothing but other such lines, names or a date after them are a
    # list of attachments (a 附件说明 written that way), not the attachments themselves
    for k in range(len(attach_heads) - 1, -1, -1):
        i, _num, _title, colon = attach_heads[k]
        if not colon:
            continue
        nxt = attach_heads[k + 1][0] if k + 1 < len(attach_heads) else n + 1
        content = _lines_between(nonempty, i + 1, nxt - 1)
        if not content or all(_listing_line(stripped[j - 1]) for j in content):
            del attach_heads[k]
    attach_heads = [(i, num, title) for i, num, title, _colon in attach_heads]
    main_end_line = attach_heads[0][0] - 1 if attach_heads else n

    # ---- header: 发文字号 and title in the first lines
    head_lines = _lines_between(nonempty, 1, main_end_line)[:12]
    title_line = None
    for i in head_lines:
        s = stripped[i - 1]
        m = _search_doc_number(s) if st.doc_number is None and len(s) <= 60 else None
        if m:
            st.doc_number = m.group(0).replace(" ", "")
            st.doc_number_parts = {k: m.group(k) for k in ("prefix", "open", "year", "close", "first", "num")}
            base = off(i, lines[i - 1].find(s))
            st.doc_number_span = Span(base + m.start(), base + m.end())
            continue
        if title_line is None and len(s) <= 200 and not s.endswith(("。", "：", ":")):
            t = re.sub(r"[ \u3000]+", "", s)
            if "关于" in t and TITLE_RE.match(t):  # the pattern needs 关于: skip its backtracking otherwise
                title_line = i
    # A title wrapped over two lines: "…关于…" then "…的通知".
    if title_line is None:
        for a, b in zip(head_lines, head_lines[1:]):
            joined = re.sub(r"[ \u3000]+", "", stripped[a - 1] + stripped[b - 1])
            if "关于" in stripped[a - 1] and TITLE_RE.match(joined) and len(joined) <= 200:
                title_line = a
                st.title = joined
                st.title_span = Span(lstrip_off(a), off(b) + len(lines[b - 1].rstrip()))
                break
    if title_line is None:
        for i in head_lines[:4]:
            s = stripped[i - 1]
            t = re.sub(r"[ \u3000]+", "", s)
            if (
                not match_heading(s)
                and not _search_doc_number(s)
                and STANDALONE_TITLE_RE.match(t)
                and len(t) <= 60
            ):
                title_line = i
                break
    if title_line is not None and st.title is None:
        s = stripped[title_line - 1]
        st.title = re.sub(r"[ \u3000]+", "", s)
        st.title_span = Span(lstrip_off(title_line), lstrip_off(title_line) + len(s))
    title_end_line = title_line
    if st.title:
        m = TITLE_RE.match(st.title) or STANDALONE_TITLE_RE.match(st.title)
        st.kind = m.group("kind") if m else None
        if st.title_span and title_line is not None:
            title_end_line = source.line_col(st.title_span.end)[0]
        issuer_part = TITLE_RE.match(st.title)
        if issuer_part and issuer_part.group("issuer"):
            # the issuer as written on the title line (joint issuers keep their separating spaces)
            raw_title = text[st.title_span.start: st.title_span.end]
            cut = raw_title.find("关于")
            name = raw_title[:cut].strip() if cut > 0 else issuer_part.group("issuer")
            st.issuers.append(Issuer(name, st.title_span.start, st.title_span.start + len(name), "title"))
    # 发文机关标志: a body name alone above the title
    if title_line is not None:
        for i in head_lines:
            if i >= title_line:
                break
            s = re.sub(r"文件$", "", stripped[i - 1])
            if BODY_NAME_RE.match(s) and not st.issuers:
                st.issuers.append(Issuer(s, lstrip_off(i), lstrip_off(i) + len(s), "header"))
                if st.title and st.title.startswith("关于"):
                    st.title = re.sub(r"[ \u3000]+", "", s) + st.title  # 发文机关名称 + 事由 + 文种

    # 发文机关标志 without a title: a draft whose first line is an issuer's name and whose next
    # lines are its text ("某某市人民政府" / "第一条 ……").  The name is a header; the rest is body,
    # however short the text.  (A text made only of names and a date is a signature: see below.)
    head_end_line = title_end_line or 0
    if title_line is None and len(nonempty) > 1:
        first = nonempty[0]
        s = re.sub(r"文件$", "", stripped[first - 1])
        rest = [i for i in nonempty[1:] if i <= main_end_line]
        if (
            first <= main_end_line
            and _is_issuer_line(s)
            and rest
            and not all(_is_issuer_line(stripped[i - 1]) or DATE_LINE_RE.match(stripped[i - 1]) for i in rest)
        ):
            st.issuers.append(Issuer(s, lstrip_off(first), lstrip_off(first) + len(s), "header"))
            head_end_line = first

    # ---- 主送机关: first line(s) after title/number ending with a colon
    body_start_line = head_end_line + 1
    if st.doc_number_span is not None:
        dn_line = source.line_col(st.doc_number_span.start)[0]
        if dn_line >= body_start_line and dn_line <= body_start_line + 3:
            body_start_line = dn_line + 1
    after = _lines_between(nonempty, body_start_line, main_end_line)[:3]
    rec_first = None
    for k, i in enumerate(after):
        s = stripped[i - 1]
        if s.endswith(("：", ":")) and len(s) <= 150 and RECIPIENT_HINT.search(s) and not match_heading(s):
            rec_first = after[0]
            st.recipients = "".join(stripped[j - 1] for j in after[: k + 1]).rstrip("：:")
            body_start_line = i + 1
            break
        if s.endswith(("。", "；")):
            break

    # ---- signature block and 成文日期: a date line preceded by body-name lines
    sig_first = sig_last = None
    main_lines = _lines_between(nonempty, body_start_line, main_end_line)
    for pos, i in enumerate(main_lines):
        if "年" not in stripped[i - 1]:
            continue  # not a date line: most lines are decided here
        m = DATE_LINE_RE.match(stripped[i - 1])
        if not m:
            continue
        prev = main_lines[max(0, pos - 3):pos]  # main_lines is ascending: the three lines before i
        names = []
        for j in reversed(prev):
            cand = stripped[j - 1]
            if BODY_NAME_RE.match(cand) and len(cand) <= 80:
                names.insert(0, j)
            else:
                break
        if names or st.date is None:
            st.date = cn_date(m.group("y"), m.group("m"), m.group("d"))
            st.date_text = stripped[i - 1]
            st.date_span = Span(lstrip_off(i), lstrip_off(i) + len(stripped[i - 1]))
            if names:
                sig_first, sig_last = names[0], i
                for j in names:
                    line_start = lstrip_off(j)
                    cursor = 0
                    for part in re.split(r"([ \u3000]+)", stripped[j - 1]):
                        if part and not part.isspace():
                            st.issuers.append(Issuer(part, line_start + cursor, line_start + cursor + len(part), "signature"))
                        cursor += len(part)
                break
    # A document that is only an issuer's name (one line, or a signature alone).
    if not st.issuers and len(nonempty) <= 2:
        s = stripped[nonempty[0] - 1]
        if BODY_NAME_RE.match(s) and not DATE_LINE_RE.match(s):
            st.issuers.append(Issuer(s, lstrip_off(nonempty[0]), lstrip_off(nonempty[0]) + len(s), "alone"))
    # Issuer implied by the 发文字号 prefix is resolved against a subject list later.

    # ---- 附件说明 (before the signature, or at the end of the main text)
    # A 印发 notice may carry it after the issued text instead: then it runs to the attachments.
    note_limit = sig_first if sig_first else main_end_line + 1
    before = _lines_between(main_lines, 1, note_limit - 1)
    if sig_last and not any(_is_attachment_note(stripped[i - 1]) for i in before):
        note_limit = main_end_line + 1
        before = _lines_between(main_lines, sig_last + 1, main_end_line)
    for i in before:
        s0 = stripped[i - 1]
        if "附" not in s0:
            continue
        pre, s = strip_list_prefix(s0)
        m = ATTACH_NOTE_RE.match(s)
        if not m:
            continue
        start = lstrip_off(i)
        refs_lines = [(i, m.group("rest"), start + pre + m.start("rest"))]
        for j in _lines_between(main_lines, i + 1, note_limit - 1):
            sj = stripped[j - 1]
            if re.match(r"^\d{1,2}\s*[\.．、]", sj) and len(sj) <= 120:
                refs_lines.append((j, sj, lstrip_off(j)))
            else:
                break
        for j, raw, pos in refs_lines:
            mm = re.match(r"^(?P<idx>\d{1,2})\s*[\.．、]\s*(?P<name>.*)$", raw)
            idx = int(mm.group("idx")) if mm else None
            name = (mm.group("name") if mm else raw).strip()
            if name:
                name_start = pos + (mm.start("name") if mm else 0)
                st.attachment_note.append(AttachmentRef(idx, name, j, name_start, name_start + len(name)))
        last = refs_lines[-1][0]
        st.attachment_note_span = Span(start, off(last) + len(lines[last - 1]))
        break

    # ---- attachments present
    for k, (i, num, title) in enumerate(attach_heads):
        end_line = attach_heads[k + 1][0] - 1 if k + 1 < len(attach_heads) else n
        if not title:
            p = bisect.bisect_right(nonempty, i)  # first non-empty line after the heading
            title = stripped[nonempty[p] - 1] if p < len(nonempty) and nonempty[p] <= end_line else ""
        a_end = off(end_line) + len(lines[end_line - 1])
        st.attachments.append(Attachment(num, title, i, lstrip_off(i), a_end))

    # ---- zones
    zones: list[tuple[int, int, str]] = []

    def zone(a_line: int, b_line: int, kind: str) -> None:
        if a_line > b_line:
            return
        zones.append((off(a_line), off(b_line) + len(lines[b_line - 1]) + 1, kind))

    if title_line is not None:
        zone(1, title_line - 1, "header")
        zone(title_line, title_end_line, "title")
    elif head_end_line:
        zone(1, head_end_line, "header")
    rec_end = body_start_line - 1
    head_from = head_end_line + 1
    if st.recipients and rec_first is not None:
        zone(head_from, rec_first - 1, "header")
        zone(rec_first, rec_end, "recipients")
    elif rec_end >= head_from:
        zone(head_from, rec_end, "header")
    sig_zone = (sig_first, sig_last) if sig_first else None
    body_a = body_start_line
    issued_start = None
    if sig_zone:
        zone(body_a, sig_zone[0] - 1, "body")
        zone(sig_zone[0], sig_zone[1], "signature")
        rest = _lines_between(nonempty, sig_zone[1] + 1, main_end_line)
        if rest:
            issued_start = rest[0]
            zone(sig_zone[1] + 1, main_end_line, "body")
            s = re.sub(r"[ \u3000]+", "", stripped[rest[0] - 1])
            if not match_heading(s) and len(s) <= 80 and not s.endswith("。"):
                st.issued_title = s
    else:
        zone(body_a, main_end_line, "body")
        if title_line is None and not st.recipients and st.issuers and st.issuers[0].source == "alone":
            zones = [(0, len(text) + 1, "signature")]
    if attach_heads:
        zone(attach_heads[0][0], n, "attachments")
    if st.attachment_note_span:
        # carve the 附件说明 out of the body zone
        a, b = st.attachment_note_span.start, st.attachment_note_span.end + 1
        carved = []
        for zs, ze, zk in zones:
            if zk == "body" and zs < b and a < ze:
                if zs < a:
                    carved.append((zs, a, "body"))
                carved.append((a, b, "attachment_note"))
                if b < ze:
                    carved.append((b, ze, "body"))
            else:
                carved.append((zs, ze, zk))
        zones = carved
    st.zones = sorted(zones)

    # ---- outline headings (in body and attachments)
    attach_starts = [(a.line, a.index if a.index is not None else k + 1) for k, a in enumerate(st.attachments)]
    attach_lines = [a_line for a_line, _ in attach_starts]  # ascending
    extra_docs = 0
    splits: dict[int | None, int] = {}  # further parts of the main text / of an attachment, by attachment
    last_number: dict[tuple[int | None, int, str], int] = {}

    def titled(line: int) -> bool:
        """Is the line before ``line`` the title of a new part (…工作方案, 关于…的通知)?"""
        p = bisect.bisect_left(nonempty, line) - 1
        if p < 0:
            return False
        prev = strip_list_prefix(stripped[nonempty[p] - 1])[1]
        t = re.sub(r"[ \u3000]+", "", prev)
        if not t or len(t) > 80 or t.endswith(_TERMINAL_ENDS) or match_heading(t):
            return False
        return bool(STANDALONE_TITLE_RE.match(t) or ("关于" in t and TITLE_RE.match(t)))
    first_outline_line = max(head_end_line, body_start_line - 1) + 1
    for i in nonempty[bisect.bisect_left(nonempty, first_outline_line):]:
        body = lines[i - 1].lstrip()
        pre, s = strip_list_prefix(body)
        h = match_heading(s)
        if not h:
            continue
        if st.attachment_note_span and st.attachment_note_span.start <= off(i) <= st.attachment_note_span.end:
            continue  # "2. 某某表" in the 附件说明 is a list item, not an outline heading
        lead = len(lines[i - 1]) - len(body)
        kind, rank, label, label_end = h
        p = bisect.bisect_right(attach_lines, i) - 1  # the last attachment starting at or before line i
        a_idx = attach_starts[p][1] if p >= 0 else None
        issued = issued_start is not None and i >= issued_start and a_idx is None
        doc_no = (1 + extra_docs) if issued else -splits.get(a_idx, 0)
        if kind in ("chapter", "article", "l1"):
            # Numbering restarts in each part: a notice that issues several texts (…等三个办法),
            # or a second text under its own title in the main text or in one attachment.
            # 第一章/第一条 after a later chapter or article of an issued text, or a 第一条/一、
            # right after a title line, starts the next part and is not a numbering error.
            number = _label_number(label)
            prev = last_number.get((a_idx, doc_no, kind), 0)
            if number == 1 and prev >= 1:
                if issued and (kind != "l1" and prev > 1 or titled(i)):
                    extra_docs += 1
                    doc_no += 1
                elif not issued and titled(i):
                    splits[a_idx] = splits.get(a_idx, 0) + 1
                    doc_no = -splits[a_idx]
            if number is not None:
                last_number[(a_idx, doc_no, kind)] = number
        start = off(i, lead + pre)
        st.headings.append(Heading(kind, rank, label, i, start, start + label_end, a_idx, doc_no))
    return st


class SectionIndex:
    """Answers "where in the document is this offset" as 第三条第二款 / 二、（三） / 附件2."""

    def __init__(self, source: Source, st: Structure):
        self.source = source
        self.st = st
        self._lines = [h.line for h in st.headings]
        self._attach_lines = [a.line for a in st.attachments]
        self._cache: dict[int, str | None] = {}
        self._stacks: list[tuple[Heading, ...]] | None = None  # outline stack at each heading
        self._parts: list[int] = []  # attachment position of each heading (-1: main text)
        self._articles: dict[int, tuple[list[int], list[tuple[int, str | None, str | None]], int]] = {}
        self._stripped: list[str] | None = None  # each line stripped, index line - 1; built on first need

    def _stripped_lines(self) -> list[str]:
        if self._stripped is None:
            self._stripped = [ln.strip() for ln in self.source.text.split("\n")]
        return self._stripped

    def _is_continuation(self, line: int) -> bool:
        """A line that continues the previous paragraph (e.g. after a page-break split)."""
        stripped = self._stripped_lines()
        prev = line - 1
        while prev >= 1 and not stripped[prev - 1]:
            prev -= 1
        if prev < 1:
            return False
        p = stripped[prev - 1]
        return len(p) >= 20 and not p.endswith(_TERMINAL_ENDS) and not match_heading(strip_list_prefix(stripped[line - 1])[1])

    def section_at(self, offset: int) -> str | None:
        line = self.source.line_col(offset)[0]
        if line in self._cache:
            return self._cache[line]
        result = self._compute(line)
        self._cache[line] = result
        return result

    def _compute(self, line: int) -> str | None:
        st = self.st
        a_pos = bisect.bisect_right(self._attach_lines, line) - 1
        attachment = st.attachments[a_pos] if a_pos >= 0 else None
        prefix = ""
        if attachment is not None:
            prefix = f"附件{attachment.index}" if attachment.index is not None else "附件"
        idx = bisect.bisect_right(self._lines, line) - 1
        # headings of the same part (same attachment, same issued document)
        if self._stacks is None:
            self._build_stacks()
        stack = list(self._stacks[idx]) if idx >= 0 and self._parts[idx] == a_pos else []
        parts = self._label(stack, line)
        if prefix and parts:
            return f"{prefix} {parts}"
        return prefix or parts or None

    def _build_stacks(self) -> None:
        """The outline stack after each heading, in one pass (a part restarts the stack)."""
        stacks: list[tuple[Heading, ...]] = []
        parts: list[int] = []
        stack: list[Heading] = []
        cur_part = cur_doc = None
        for h in self.st.headings:
            part = bisect.bisect_right(self._attach_lines, h.line) - 1
            if part != cur_part:
                stack, cur_part, cur_doc = [], part, None
            if cur_doc is not None and h.document != cur_doc:
                stack = []
            cur_doc = h.document
            while stack and stack[-1].rank >= h.rank:
                stack.pop()
            stack.append(h)
            stacks.append(tuple(stack))
            parts.append(part)
        self._stacks, self._parts = stacks, parts

    def _article_states(self, article: Heading):
        """(lines, states, total): the 款/项/目 position from each line of the article on."""
        key = article.start
        if key in self._articles:
            return self._articles[key]
        end_line = self.source.line_count
        stripped = self._stripped_lines()
        headings = self.st.headings
        k = bisect.bisect_right(self._lines, article.line)
        while k < len(headings) and not (headings[k].line > article.line and headings[k].rank <= article.rank):
            k += 1
        if k < len(headings):
            end_line = headings[k].line - 1
        a = bisect.bisect_right(self._attach_lines, article.line)
        if a < len(self._attach_lines):
            end_line = min(end_line, self._attach_lines[a] - 1)
        # 款: paragraphs of the article that are not items
        kuan = total = 1
        item_label = sub_label = None
        lines, states = [article.line], [(1, None, None)]
        in_item = False
        for ln in range(article.line + 1, end_line + 1):
            s = stripped[ln - 1]
            if not s or s.startswith("<!--") or self._is_continuation(ln):  # directives are not 款
                continue
            h = match_heading(strip_list_prefix(s)[1])
            if h and h[0] == "l2":
                in_item = True
                item_label, sub_label = h[2], None
            elif h and h[0] in ("l3", "l4") and in_item:
                sub_label = h[2]
            else:
                in_item = False
                total += 1
                kuan, item_label, sub_label = total, None, None
            lines.append(ln)
            states.append((kuan, item_label, sub_label))
        self._articles[key] = (lines, states, total)
        return self._articles[key]

    def _label(self, stack: list[Heading], line: int) -> str:
        if not stack:
            return ""
        article = next((h for h in stack if h.kind == "article"), None)
        if article is None:
            top = [h for h in stack if h.kind not in ("chapter", "part")] or stack
            return "".join(h.label for h in top)
        lines, states, total = self._article_states(article)
        kuan, item_label, sub_label = states[max(0, bisect.bisect_right(lines, line) - 1)]
        label = article.label
        if total > 1:
            label += f"第{_cn_small(kuan)}款"
        if item_label:
            label += f"第{item_label}项"
            if sub_label:
                label += f"第{sub_label.rstrip('.、')}目"
        return label


def _cn_small(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
