"""Word list numbering (word/numbering.xml) rendered as Word shows it: 第一条, 一、, （一）, 1.

A paragraph is numbered by ``w:numPr`` (numId, ilvl), given directly or by its
paragraph style (``w:basedOn`` chains followed).  ``w:num`` instances point at an
``w:abstractNum`` holding up to nine levels (start, numFmt, lvlText, lvlRestart,
suff, isLgl).  As in Word, counters belong to the abstract definition: two
``w:num`` sharing one abstractNum continue one list, and a ``w:lvlOverride /
w:startOverride`` restarts its level when that instance is first used (this is
what Word writes for "重新开始编号").  A level restarts whenever a higher level is
used, unless ``w:lvlRestart`` says otherwise (0: never).
"""

from __future__ import annotations

from dataclasses import dataclass

from doclint.cnum import int_to_cn

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = 9


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, tag: str) -> str | None:
    child = el.find(q(tag)) if el is not None else None
    return child.get(q("val")) if child is not None else None


def _int(s: str | None, default: int | None = None) -> int | None:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # lvlText template, %1..%9
    restart: int | None = None  # lvlRestart (1-based level after which it restarts; 0 never)
    suff: str = "tab"
    legal: bool = False  # isLgl: every number in the label in decimal
    style: str | None = None  # pStyle linked to this level


def _level(lvl) -> Level:
    lg = lvl.find(q("isLgl"))
    return Level(
        start=_int(_val(lvl, "start"), 1),
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText"),
        restart=_int(_val(lvl, "lvlRestart")),
        suff=_val(lvl, "suff") or "tab",
        legal=lg is not None and lg.get(q("val"), "true") not in ("0", "false", "off"),
        style=_val(lvl, "pStyle"),
    )


# -- number formats ---------------------------------------------------------------------------
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL_DIGITS = str.maketrans("一二三四五六七八九十百千零", "壹贰叁肆伍陆柒捌玖拾佰仟零")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_CN_DIGIT = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    return int_to_cn(n) if 0 <= n <= 9999 else str(n)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _enclosed(chars: str, n: int) -> str:
    return chars[n - 1] if 1 <= n <= len(chars) else str(n)


def format_number(n: int, fmt: str) -> str:
    """One number in a Word numFmt (unknown formats fall back to decimal)."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return _cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _cn(n).translate(_LEGAL_DIGITS)
    if fmt in ("ideographDigital", "taiwaneseDigital", "koreanDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGIT[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(_CIRCLED, n)
    if fmt == "decimalEnclosedParen":
        return _enclosed(_PAREN, n)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(_FULLSTOP, n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, decimalHalfWidth, ordinal… in digits


class Numbering:
    """Renders the labels of numbered paragraphs in document order (it keeps the counters)."""

    def __init__(self, numbering_root=None, styles_root=None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum id -> numbering style it follows (numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}  # id -> (basedOn, numId, ilvl)
        self.default_style: str | None = None
        self.style_abs: dict[str, str] = {}  # numbering style id (styleLink) -> abstractNum id
        self.counters: dict[str, list[int | None]] = {}
        self.pending: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        if styles_root is not None:
            for st in styles_root.iterfind(q("style")):
                if st.get(q("type")) not in (None, "paragraph", "numbering"):
                    continue
                sid = st.get(q("styleId"))
                if not sid:
                    continue
                ppr = st.find(q("pPr"))
                numpr = ppr.find(q("numPr")) if ppr is not None else None
                self.styles[sid] = (_val(st, "basedOn"), _val(numpr, "numId"), _int(_val(numpr, "ilvl")))
                if st.get(q("default")) in ("1", "true", "on") and st.get(q("type")) == "paragraph":
                    self.default_style = sid
        if numbering_root is None:
            return
        for an in numbering_root.iterfind(q("abstractNum")):
            aid = an.get(q("abstractNumId"))
            if aid is None:
                continue
            levels = {}
            for lvl in an.iterfind(q("lvl")):
                ilvl = _int(lvl.get(q("ilvl")))
                if ilvl is not None and 0 <= ilvl < LEVELS:
                    levels[ilvl] = _level(lvl)
            self.abstract[aid] = levels
            link, own = _val(an, "numStyleLink"), _val(an, "styleLink")
            if link:
                self.links[aid] = link
            if own:
                self.style_abs[own] = aid
        for num in numbering_root.iterfind(q("num")):
            nid = num.get(q("numId"))
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for ov in num.iterfind(q("lvlOverride")):
                ilvl = _int(ov.get(q("ilvl")))
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    continue
                so = _int(_val(ov, "startOverride"))
                if so is not None:
                    starts[ilvl] = so
                lvl = ov.find(q("lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[nid] = (aid, starts, levels)

    @property
    def empty(self) -> bool:
        return not self.nums

    # -- which list and level a paragraph is in ---------------------------------------------
    def _style_numpr(self, sid: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        seen = set()
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            based, s_num, s_ilvl = self.styles[sid]
            if num_id is None and s_num is not None:
                num_id = s_num
            if ilvl is None and s_ilvl is not None:
                ilvl = s_ilvl
            sid = based
        return num_id, ilvl

    def _abstract_of(self, num_id: str) -> str | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        aid = entry[0]
        for _ in range(4):  # numStyleLink → the style's list → its abstractNum
            link = self.links.get(aid)
            if not link:
                break
            target = self.style_abs.get(link)
            if target is None:
                s_num, _ = self._style_numpr(link)
                target = self.nums.get(s_num, (None,))[0] if s_num else None
            if target is None or target == aid:
                break
            aid = target
        return aid if aid in self.abstract else None

    def _levels(self, num_id: str, aid: str) -> dict[int, Level]:
        levels = dict(self.abstract.get(aid, {}))
        levels.update(self.nums[num_id][2])
        return levels

    def label(self, ppr) -> tuple[str, str] | None:
        """(label, suffix) of a paragraph with these properties, advancing the counters."""
        if not self.nums:
            return None
        numpr = ppr.find(q("numPr")) if ppr is not None else None
        style = _val(ppr, "pStyle") or self.default_style
        num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
        s_num, s_ilvl = self._style_numpr(style)
        if num_id is None:
            num_id = s_num
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        aid = self._abstract_of(num_id)
        if aid is None:
            return None
        levels = self._levels(num_id, aid)
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        ilvl = max(0, min(LEVELS - 1, ilvl))
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, [None] * LEVELS)
        pending = self.pending.setdefault(aid, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for i, start in self.nums[num_id][1].items():
                counters[i] = None
                pending[i] = start
        if counters[ilvl] is None:
            counters[ilvl] = pending.pop(ilvl, level.start)
        else:
            counters[ilvl] += 1
        for k in range(ilvl + 1, LEVELS):  # deeper levels restart when this one is used
            lv = levels.get(k)
            restart = lv.restart if lv is not None and lv.restart is not None else k
            if restart != 0 and ilvl < restart:
                counters[k] = None
        if level.fmt == "bullet" or level.text is None:
            return None

        def number(i: int) -> str:
            lv = levels.get(i) or Level()
            n = counters[i] if counters[i] is not None else pending.get(i, lv.start)
            return str(n) if level.legal and lv.fmt not in ("none", "bullet") else format_number(n, lv.fmt)

        out, text, i = [], level.text, 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                out.append(number(int(text[i + 1]) - 1))
                i += 2
                continue
            out.append(ch)
            i += 1
        label = "".join(out)
        if not label.strip():
            return None
        return label, {"nothing": ""}.get(level.suff, " ")  # a tab's width means nothing in text
