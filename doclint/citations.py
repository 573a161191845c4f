"""Citations of laws and documents (《…》) in a draft, and the repealed-law table.

* ``find_citations(text)`` parses every 《…》 title (nested titles such as
  《北京市实施《消费者权益保护法》办法》 stay one citation), a trailing 文号 in parentheses
  (（国办发〔2018〕115号）, （国务院令第746号）), a version note (（2021年修订）) and the article
  references right after (第十七条, 第十七条第二款第（三）项, 第十条、第十二条, 第五条至第八条).
* ``RepealedLaws.load(path).lookup(citation, on_date)`` tells whether the cited act had been repealed
  on or before ``on_date`` (with the 国家安全法 namesake handled: see rulesets/data/repealed-laws.yaml).
* ``looks_like_normative_document(name)`` — is the title that of a 公文 (通知/意见/办法/方案/决定 …
  issued by a government body) rather than a law, regulation or rule, so that it should carry its 文号.

Offsets are 0-based code-point offsets into the text given; spans are half-open.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from doclint import cnum
from doclint.errors import RulesetError
from doclint.yamlutil import LineDict, load_yaml

__all__ = [
    "ArticleRef", "Citation", "RepealInfo", "RepealedLaws",
    "find_citations", "normalize_title", "looks_like_normative_document", "PRC_PREFIX",
]

PRC_PREFIX = "中华人民共和国"
FORMAT = "doclint-repealed-laws/1"

_OPEN, _CLOSE = "《〈", "》〉"
_MAX_TITLE = 200
_SENTENCE_PUNCT = "。；！？，;!?"
# the characters the search for a title's closing 》 stops at; it skips everything else at once
_TITLE_STOP = re.compile(f"[{_OPEN}{_CLOSE}\n{re.escape(_SENTENCE_PUNCT)}]")
_NUM = rf"[{cnum.CN_NUM_CHARS}\d０-９]+"

# 第十七条 / 第十七条第二款 / 第十七条第二款第（三）项 / 第三款 (article inherited) / 第（三）项第1目
_ARTICLE_RE = re.compile(
    rf"第\s*(?P<art>{_NUM})\s*条(?:之(?P<sub>{_NUM}))?"
    rf"(?:\s*第\s*(?P<para>{_NUM})\s*款)?"
    rf"(?:\s*第\s*[（(]?\s*(?P<item>{_NUM})\s*[）)]?\s*项)?"
    rf"(?:\s*第\s*(?P<mu>{_NUM})\s*目)?"
    rf"|第\s*(?P<para2>{_NUM})\s*款(?:\s*第\s*[（(]?\s*(?P<item2>{_NUM})\s*[）)]?\s*项)?"
    rf"|第\s*[（(]?\s*(?P<item3>{_NUM})\s*[）)]?\s*项"
)
_JOINER_RE = re.compile(r"\s*(、|以及|和|及|与|或者|或|至|到|，?并)\s*(?=第)")
_DOCNO_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,16}\s*[〔\[［（(【]\s*\d{2,4}\s*[〕\]］）)】]\s*第?\s*\d{1,5}\s*号$"
    r"|^[\u4e00-\u9fff]{1,20}令\s*(?:[〔\[［（(【]\s*\d{4}\s*[〕\]］）)】]\s*)?第?\s*\d{1,5}\s*号$"
)
_VERSION_RE = re.compile(r"\d{4}\s*年|[一二〇○零]{4}年|修正|修订|修改|试行|草案|征求意见稿|施行|公布")
_TITLE_VERSION = re.compile(r"（\s*(?:\d{4}\s*年?\s*)?(?:修正|修订|修改|版|修正本|修订本)?\s*）$|（\d{4}年[^（）]{0,12}）$")


@dataclass(frozen=True)
class ArticleRef:
    text: str  # as written, e.g. 第十七条第二款
    start: int
    end: int
    article: int | None  # None when the ref only names a 款/项 of the previous article
    paragraph: int | None = None  # 款
    item: int | None = None  # 项
    sub_item: int | None = None  # 目
    article_sub: int | None = None  # 第X条之一
    joined_by: str | None = None  # 、 和 至 … linking it to the previous ref


@dataclass(frozen=True)
class Citation:
    name: str  # text inside the outer 《》, as written (nested marks kept)
    normalized: str  # for look-ups: no spaces, no 中华人民共和国 prefix, no version note
    start: int  # offset of 《
    end: int  # offset after 》
    has_prc_prefix: bool
    doc_number: str | None = None  # 文号 or 令号 in the parentheses after the title
    doc_number_span: tuple[int, int] | None = None
    version: str | None = None  # （2021年修订） or a version note inside the title
    articles: tuple[ArticleRef, ...] = ()
    nested: tuple[str, ...] = ()  # titles quoted inside this title
    full_end: int = 0  # end of the whole citation (title + parentheses + article refs)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def full_name(self) -> str:
        """The normalised name with the 中华人民共和国 prefix when it was written."""
        return (PRC_PREFIX + self.normalized) if self.has_prc_prefix else self.normalized


# compiled once: these run for every citation
_BLANKS = re.compile(r"[\s\u3000\u200b\ufeff]+")
_SPACES = re.compile(r"[\s\u3000]+")
_TRAILING_NOTES = re.compile(r"(（[^（）]{1,10}）)+$")


def normalize_title(name: str) -> str:
    """Look-up form of a cited title: no spaces, full-width brackets, 〈〉 → 《》, no 中华人民共和国
    prefix, no trailing version note such as （2019年修正）."""
    s = _BLANKS.sub("", name or "")
    s = s.replace("(", "（").replace(")", "）").replace("〈", "《").replace("〉", "》")
    if s.startswith(PRC_PREFIX) and len(s) > len(PRC_PREFIX):
        s = s[len(PRC_PREFIX):]
    s2 = _TITLE_VERSION.sub("", s)
    return s2 or s


_WS_RE = re.compile(r"[ \t\u3000]*")


def _matching_paren(text: str, i: int, limit: int = 40) -> int | None:
    """Index after the parenthesis closing the one at text[i], nesting allowed; None if not within limit."""
    depth = 0
    for j in range(i, min(len(text), i + limit)):
        ch = text[j]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0:
                return j + 1
        elif ch == "\n":
            return None
    return None


def _num(s: str | None) -> int | None:
    if not s:
        return None
    return cnum.to_int(re.sub(r"\s+", "", s))


def _parse_articles(text: str, pos: int) -> tuple[list[ArticleRef], int]:
    refs: list[ArticleRef] = []
    joiner = None
    while True:
        p = _WS_RE.match(text, pos).end()
        m = _ARTICLE_RE.match(text, p)
        if not m:
            break
        art = _num(m.group("art"))
        para = _num(m.group("para") or m.group("para2"))
        item = _num(m.group("item") or m.group("item2") or m.group("item3"))
        refs.append(ArticleRef(
            text=m.group(0), start=m.start(), end=m.end(), article=art, paragraph=para, item=item,
            sub_item=_num(m.group("mu")), article_sub=_num(m.group("sub")), joined_by=joiner,
        ))
        pos = m.end()
        j = _JOINER_RE.match(text, pos)
        if not j:
            break
        joiner = j.group(1).lstrip("，")
        pos = j.end()
    return refs, pos


def find_citations(text: str) -> list[Citation]:
    """Every 《…》 citation in text, in order."""
    out: list[Citation] = []
    n = len(text)
    i = 0
    while i < n:
        i = text.find("《", i)
        if i < 0:
            break
        # find the matching 》, allowing nested 《》 / 〈〉
        depth = 0
        close = None
        newlines = 0
        nested_starts: list[int] = []
        nested: list[str] = []
        j, limit = i, min(n, i + _MAX_TITLE + 1)
        while (stop := _TITLE_STOP.search(text, j, limit)) is not None:
            j = stop.start()
            ch = text[j]
            if ch in _OPEN:
                depth += 1
                if depth == 2:
                    nested_starts.append(j)
            elif ch in _CLOSE:
                depth -= 1
                if depth == 1 and nested_starts:
                    nested.append(normalize_title(text[nested_starts.pop() + 1: j]))
                if depth == 0:
                    close = j
                    break
            elif ch == "\n":
                newlines += 1
                if newlines > 1:
                    break
            elif ch in _SENTENCE_PUNCT and depth == 1:
                break  # a title holds no sentence punctuation: this 《 is not closed
            j += 1
        if close is None:
            i += 1  # an unmatched 《: skip it
            continue
        raw = text[i + 1: close]
        if not raw.strip():
            i = close + 1
            continue
        flat = _SPACES.sub("", raw)
        has_prc = flat.startswith(PRC_PREFIX)
        version = None
        vm = _TITLE_VERSION.search(flat.replace("(", "（").replace(")", "）"))
        if vm:
            version = vm.group(0)[1:-1]
        end = close + 1
        pos = end
        doc_number = None
        doc_span = None
        # parentheses right after: 文号 / 令号 or a version note
        p = _WS_RE.match(text, pos).end()
        if p < n and text[p] in "（(":
            q = _matching_paren(text, p)
            if q is not None:
                inner = text[p + 1: q - 1]
                inner_s = inner.strip()
                if _DOCNO_RE.match(inner_s):
                    lead = len(inner) - len(inner.lstrip())
                    doc_number = re.sub(r"\s+", "", inner_s)
                    doc_span = (p + 1 + lead, p + 1 + lead + len(inner_s))
                    pos = q
                elif _VERSION_RE.search(inner_s) and len(inner_s) <= 30:
                    version = version or inner_s
                    pos = q
        refs, pos2 = _parse_articles(text, pos)
        full_end = refs[-1].end if refs else pos
        out.append(Citation(
            name=raw, normalized=normalize_title(raw), start=i, end=end, has_prc_prefix=has_prc,
            doc_number=doc_number, doc_number_span=doc_span, version=version, articles=tuple(refs),
            nested=tuple(nested), full_end=max(full_end, end),
        ))
        i = end
    return out


# --- what kind of title ------------------------------------------------------------------------

_DOC_KIND_END = re.compile(
    r"(通知|意见|实施意见|指导意见|办法|实施办法|方案|实施方案|工作方案|决定|规定|细则|实施细则|通报|批复|函|复函|纪要|"
    r"计划|行动计划|规划|要点|工作要点|措施|若干措施|公告|通告|报告|请示|命令|令)$"
)
_STANDALONE_DOC_END = re.compile(r"(方案|计划|行动计划|意见|实施意见|措施|若干措施|要点|工作要点)$")
_LEGISLATURE = re.compile(r"人民代表大会|人大常委会|全国人大")
_STATUTE_END = re.compile(r"(法|法典|条例|规则|章程|标准|规范)$")


def looks_like_normative_document(name: str) -> bool:
    """Is this the title of a 公文 (a 通知/意见/办法/方案/决定 … of a government body) rather than a law,
    regulation or rule?  Such a citation should be followed by its 文号 (引用公文应当先引标题，后引发文字号).

    * 《国务院办公厅关于…的指导意见》, 《市人民政府关于…的通知》 → True (issuer + 关于 + 事由 + 文种);
    * 《山西省促进某产业发展行动计划》 (a plan or opinion issued without 关于) → True;
    * 《中华人民共和国行政许可法》, 《市场主体登记管理条例》, 《个体工商户登记管理办法》 → False;
    * 《全国人民代表大会常务委员会关于…的决定》 (legislative decision) → False;
    * 《国务院关于…的特别规定》 (an administrative regulation in 关于 form) → False.
    """
    t = normalize_title(name)
    if not t or len(t) < 4:
        return False
    # version/trial notes at the end: （试行） （征求意见稿）
    t = _TRAILING_NOTES.sub("", t) or t
    if "关于" in t:
        issuer, _, rest = t.partition("关于")
        if _LEGISLATURE.search(issuer):
            return False
        if issuer.startswith("国务院") and not issuer.startswith("国务院办公厅") and t.endswith("规定"):
            return False
        if _STATUTE_END.search(t):
            return False
        return bool(_DOC_KIND_END.search(t)) and len(rest) >= 2
    if _STATUTE_END.search(t):
        return False
    return bool(_STANDALONE_DOC_END.search(t))


# --- repealed laws -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RepealInfo:
    name: str
    full_name: str
    repealed_on: _dt.date | None
    replaced_by: str | None
    verified: bool
    source: str
    status: str = "repealed"
    aliases: tuple[str, ...] = ()
    note: str = ""
    in_force_namesake_from: _dt.date | None = None
    line: int = 0


def _as_date(v) -> _dt.date:
    if v is None:
        return _dt.date.today()
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    return _dt.date.fromisoformat(str(v))


_LAW_KEYS = {"name", "full_name", "aliases", "status", "repealed_on", "replaced_by", "source", "verified", "note", "in_force_namesake_from"}
_TOP_KEYS = {"format", "as_of", "source", "laws"}
_STATUSES = {"repealed", "repeal_scheduled"}


class RepealedLaws:
    """The repealed-law table: ``lookup(citation, on_date)``."""

    def __init__(self, entries: list[RepealInfo], as_of: str | None = None, path: str | None = None):
        self.entries = list(entries)
        self.as_of = as_of
        self.path = path
        self._index: dict[str, RepealInfo] = {}
        for e in self.entries:
            for key in (e.name, e.full_name, *e.aliases):
                self._index.setdefault(normalize_title(key), e)

    @classmethod
    def load(cls, path: str | Path) -> "RepealedLaws":
        """Read and validate the table; a malformed file raises RulesetError (``file:line: reason``)."""
        path = str(path)
        data = load_yaml(path)

        def fail(line, reason):
            raise RulesetError(path, line, reason)

        if not isinstance(data, LineDict):
            fail(None, "应为映射，含 laws 列表")
        unknown = [k for k in data if k not in _TOP_KEYS]
        if unknown:
            fail(data.line_of(unknown[0]), f"未知的键 {unknown[0]!r}（允许：{', '.join(sorted(_TOP_KEYS))}）")
        if data.get("format") not in (None, FORMAT):
            fail(data.line_of("format"), f"format 应为 {FORMAT!r}")
        laws = data.get("laws")
        if not isinstance(laws, list):
            fail(data.line_of("laws") if "laws" in data else data.line, "缺少 laws 列表")
        entries: list[RepealInfo] = []
        for i, e in enumerate(laws):
            line = laws.item_lines[i] if hasattr(laws, "item_lines") else 0
            where = f"laws 第{i + 1}项"
            if not isinstance(e, LineDict):
                fail(line, f"{where} 应为映射")
            bad = [k for k in e if k not in _LAW_KEYS]
            if bad:
                fail(e.line_of(bad[0]), f"{where} 中有未知的键 {bad[0]!r}（允许：{', '.join(sorted(_LAW_KEYS))}）")
            for k in ("name", "full_name", "source"):
                if not isinstance(e.get(k), str) or not e.get(k).strip():
                    fail(e.line_of(k), f"{where} 的 {k} 应为非空字符串")
            if not isinstance(e.get("verified"), bool):
                fail(e.line_of("verified"), f"{where}（{e['name']}）必须写明 verified: true 或 false")
            status = e.get("status", "repealed")
            if status not in _STATUSES:
                fail(e.line_of("status"), f"{where} 的 status 应为 {' 或 '.join(sorted(_STATUSES))}")
            dates = {}
            for k in ("repealed_on", "in_force_namesake_from"):
                v = e.get(k)
                if v is None:
                    dates[k] = None
                    continue
                try:
                    dates[k] = _as_date(v)
                except (TypeError, ValueError):
                    fail(e.line_of(k), f"{where} 的 {k} 应为 YYYY-MM-DD 日期")
            aliases = e.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                fail(e.line_of("aliases"), f"{where} 的 aliases 应为字符串列表")
            replaced = e.get("replaced_by")
            if replaced is not None and not isinstance(replaced, str):
                fail(e.line_of("replaced_by"), f"{where} 的 replaced_by 应为字符串或 null")
            entries.append(RepealInfo(
                name=e["name"].strip(), full_name=e["full_name"].strip(), repealed_on=dates["repealed_on"],
                replaced_by=replaced, verified=e["verified"], source=e["source"].strip(), status=status,
                aliases=tuple(a.strip() for a in aliases), note=(e.get("note") or "").strip(),
                in_force_namesake_from=dates["in_force_namesake_from"], line=line,
            ))
        seen: dict[str, RepealInfo] = {}
        for en in entries:
            for key in {normalize_title(k) for k in (en.name, en.full_name, *en.aliases)}:
                if key in seen:
                    fail(en.line, f"名称“{key}”重复（另见第{seen[key].line}行）")
                seen[key] = en
        as_of = data.get("as_of")
        return cls(entries, str(as_of) if as_of is not None else None, path)

    def find(self, name: str) -> RepealInfo | None:
        """The entry for a cited name, regardless of dates."""
        return self._index.get(normalize_title(name))

    def lookup(self, citation: "Citation | str", on_date=None, include_undated: bool = False) -> RepealInfo | None:
        """The entry if the cited act had been repealed on or before ``on_date`` (a date, ISO string,
        or None for today); None otherwise.

        * An entry without a known repeal date is returned only with ``include_undated=True``.
        * An entry with ``in_force_namesake_from`` (国家安全法) is not returned for drafts dated on or
          after that day — the citation then means the act in force — unless the citation itself
          points at the old act (a version note or a year in the title earlier than that day).
        """
        name = citation.name if isinstance(citation, Citation) else citation
        entry = self.find(name)
        if entry is None:
            return None
        day = _as_date(on_date)
        if entry.repealed_on is None:
            return entry if include_undated else None
        if day < entry.repealed_on:
            return None
        ns = entry.in_force_namesake_from
        if ns is not None and day >= ns:
            version = citation.version if isinstance(citation, Citation) else None
            years = [int(y) for y in re.findall(r"(\d{4})\s*年?", f"{name} {version or ''}")]
            if not any(y < ns.year for y in years):
                return None
        return entry

    def __len__(self) -> int:
        return len(self.entries)
