"""Issuing subjects (制定主体): the configured subject list, and what kind of body a name is.

Basis: 朔政办发〔2019〕40号 一、梳理制定主体 — only 行政机关 or organisations authorised by law
may issue; subjects are managed by a published list; and "严禁以临时机构、议事协调机构、部门派出机构
和部门内设机构名义制发规范性文件".

* ``load_subjects(path) -> SubjectList`` reads a list in the format of rulesets/subjects/README.md.
* ``SubjectList.resolve(name)`` finds a listed subject by full name or short form.
* ``classify_body(name)`` recognises, from the name alone, bodies that may not issue
  (临时机构, 议事协调机构 and their 办公室, 部门派出机构, 部门内设机构) and bodies that are not
  administrative organs or are subjects only under conditions (事业单位, 政府派出机构, 党的机关 …).
* ``extract_issuer_candidates``, ``issuer_from_title``, ``issuer_from_doc_number`` find issuer names.

Pure functions over strings; no rule classes here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from doclint.errors import RulesetError
from doclint.yamlutil import LineDict, LineList, load_yaml

__all__ = [
    "BASIS_REF", "SENTENCE_SUBJECT", "SENTENCE_LIST", "SENTENCE_FORBID", "BODY_KINDS", "SUBJECT_KINDS",
    "BodyKind", "Subject", "DenyPattern", "SubjectList", "SubjectListError",
    "load_subjects", "subjects_from_text", "normalize_name", "classify_body",
    "extract_issuer_candidates", "issuer_from_title", "issuer_from_doc_number", "doc_number_prefix",
]

FORMAT = "doclint-subjects/1"

# --- the sentences of 朔政办发〔2019〕40号 一 that a finding quotes -----------------------------
BASIS_REF = "朔政办发〔2019〕40号 一"
SENTENCE_SUBJECT = (
    "制定行政规范性文件（以下简称：规范性文件），必须是行政机关或者经法律、法规授权的具有管理公共事务职能的组织，"
    "公文的制发主体要纳入审核范围，对规范性文件制定主体实行清单管理。"
)
SENTENCE_LIST = "各县（市、区）政府要认真梳理本级规范性文件制发主体，编制清单并及时向社会公布，未列入清单的部门、单位不得制发规范性文件。"
SENTENCE_FORBID = "严禁以临时机构、议事协调机构、部门派出机构和部门内设机构名义制发规范性文件。"

# code -> (Chinese label, expressly forbidden by SENTENCE_FORBID?, basis sentence, note)
BODY_KINDS: dict[str, tuple[str, bool, str, str]] = {
    "temporary": ("临时机构", True, SENTENCE_FORBID, ""),
    "coordination": ("议事协调机构", True, SENTENCE_FORBID, ""),
    "coordination_office": (
        "议事协调机构（临时机构）的办事机构", True, SENTENCE_FORBID,
        "40号未单列议事协调机构的办公室；以其办公室名义发文即以该机构名义发文，"
        "各地清单亦明确排除“议事协调机构及其办公室”。",
    ),
    "department_dispatched": ("部门派出机构", True, SENTENCE_FORBID, ""),
    "internal": ("部门内设机构（或所属单位）", True, SENTENCE_FORBID, ""),
    "government_dispatched": (
        "政府派出机构", False, SENTENCE_LIST,
        "开发区管理委员会等政府派出机构不是40号严禁的“部门派出机构”，能否制发规范性文件取决于是否列入制定主体清单。",
    ),
    "public_institution": (
        "事业单位", False, SENTENCE_SUBJECT,
        "事业单位只有经法律、法规授权具有管理公共事务职能时，才可能成为制定主体，且须列入清单。",
    ),
    "vertical": (
        "垂直管理部门", False, SENTENCE_LIST,
        "垂直管理部门不属本级政府制定主体清单管理，按其系统规定制发文件。",
    ),
    "party_organ": (
        "党的机关", False, SENTENCE_SUBJECT,
        "党的机关不是行政机关，不能以其名义制发行政规范性文件（对外加挂行政机关牌子、列入清单的除外）。",
    ),
    "non_administrative": (
        "人大、政协、监察、审判或检察机关", False, SENTENCE_SUBJECT,
        "这些机关不是行政机关，不制发行政规范性文件。",
    ),
    "self_governing": (
        "基层群众性自治组织", False, SENTENCE_SUBJECT,
        "村民委员会、居民委员会不是行政机关。",
    ),
}

# kinds a listed subject may have (free text is not allowed so lists stay comparable)
SUBJECT_KINDS = (
    "人民政府", "人民政府办公室", "工作部门", "派出机构", "授权组织", "垂直管理部门",
    "乡镇人民政府", "街道办事处", "其他",
)
LEVELS = ("省", "市", "县级", "乡镇", "开发区")


class SubjectListError(RulesetError):
    """A malformed subject list; str() is one line: ``path:line: reason``."""


@dataclass(frozen=True)
class BodyKind:
    code: str  # key of BODY_KINDS
    label: str  # Chinese label for messages
    forbidden: bool  # expressly forbidden by SENTENCE_FORBID
    basis: str  # the sentence of 40号 一 that applies
    matched: str  # the part of the name that decided it (e.g. 领导小组)
    confidence: str = "high"  # high | low (a 委员会 not known to be a department or a 议事协调机构)
    note: str = ""
    basis_ref: str = BASIS_REF


def _kind(code: str, matched: str, confidence: str = "high", note: str | None = None) -> BodyKind:
    label, forbidden, basis, default_note = BODY_KINDS[code]
    return BodyKind(code, label, forbidden, basis, matched, confidence, default_note if note is None else note)


@dataclass(frozen=True)
class Subject:
    name: str
    kind: str
    level: str | None = None
    short_forms: tuple[str, ...] = ()
    doc_number_prefixes: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    verified: bool = False
    note: str = ""
    joint_issuers_allowed: bool | None = None
    listed: bool = True  # False for entries of non_subjects / deny.names
    line: int = 0  # line in the list file


@dataclass(frozen=True)
class DenyPattern:
    regex: re.Pattern
    kind: str
    note: str = ""
    line: int = 0


# --- name normalisation ---------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\u200c\u200d\ufeff]+")
_EDGE_PUNCT = "：:，,。；;、.．·“”\"'‘’「」《》<>"


def normalize_name(name: str | None) -> str:
    """Canonical form for comparing body names: no spaces, full-width brackets, no edge punctuation."""
    if not name:
        return ""
    s = unicodedata.normalize("NFC", name)
    s = _SPACE.sub("", s)
    s = s.replace("(", "（").replace(")", "）").replace("[", "〔").replace("]", "〕")
    s = s.strip(_EDGE_PUNCT)
    # 发文机关标志 "朔州市人民政府文件"; a stamp note "（印章）"
    s = re.sub(r"（(?:印章|盖章|章)）$", "", s)
    if s.endswith("文件") and len(s) > 4:
        s = s[:-2]
    return s


_TRAILING_PAREN = re.compile(r"（[^（）]{1,20}）$")


def _gov_variants(s: str) -> set[str]:
    """人民政府 ↔ 政府: 朔州市人民政府办公室 is also written 朔州市政府办公室."""
    out = {s}
    if "人民政府" in s:
        out.add(s.replace("人民政府", "政府"))
    return out


# --- classification of a body from its name --------------------------------------------------

# The shapes of names of 临时机构, 议事协调机构 and their offices, 部门派出机构 and 部门内设机构 are
# data: rulesets/subjects/body-shapes.yaml (with its sources).  Loaded once, on first use.
SHAPES_FILE = ("subjects", "body-shapes.yaml")
SHAPES_FORMAT = "doclint-body-shapes/1"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Shapes:
    order_suffix: re.Pattern
    coord_body: re.Pattern  # a name ending in a coordination-body suffix (group 1)
    coord_short: tuple[str, ...]
    temp_body: re.Pattern  # a name ending in a temporary-body suffix (group 1)
    office_suffixes: tuple[str, ...]
    task_office: re.Pattern  # stem of an office ending in a task word: 创建(办), 应急指挥(办公室)
    system_office: re.Pattern  # ××河长制办公室
    office_short: tuple[str, ...]
    dept_stems: tuple[str, ...]
    dept_short: tuple[str, ...]
    committee_words: tuple[str, ...]
    dispatched: re.Pattern
    dispatched_after: re.Pattern
    internal: re.Pattern
    internal_alone: re.Pattern
    proper: tuple[str, ...]  # governments and 街道办事处: never one of the forbidden kinds


def load_shapes(path: str | Path | None = None) -> _Shapes:
    """Read body-shapes.yaml (the bundled one by default); a malformed file raises RulesetError."""
    from doclint.ruleset import bundled_file

    path = str(path or bundled_file(*SHAPES_FILE))
    data = load_yaml(path)

    def fail(reason: str):
        raise RulesetError(path, None, reason)

    if not isinstance(data, dict) or data.get("format") != SHAPES_FORMAT:
        fail(f"format 应为 {SHAPES_FORMAT!r}")

    def section(key: str) -> dict:
        v = data.get(key)
        if not isinstance(v, dict):
            fail(f"缺少 {key}（映射）")
        return v

    def words(sec: dict, key: str, name: str) -> tuple[str, ...]:
        v = sec.get(key) or []
        if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v):
            fail(f"{name}.{key} 应为非空字符串列表")
        return tuple(v)

    def rx(value, name: str) -> re.Pattern:
        if not isinstance(value, str) or not value:
            fail(f"{name} 应为正则字符串")
        try:
            return re.compile(value)
        except re.error as exc:
            fail(f"{name} 的正则无效：{exc}")

    coord, temp, office = section("coordination"), section("temporary"), section("coordination_office")
    comm, disp, internal = section("committees"), section("department_dispatched"), section("internal")
    temp_alt = _alt(words(temp, "suffixes", "temporary"))
    temp_rx = temp.get("regex")
    return _Shapes(
        order_suffix=rx(data.get("order_suffix"), "order_suffix"),
        coord_body=re.compile(f"({_alt(words(coord, 'suffixes', 'coordination'))})$"),
        coord_short=words(coord, "short", "coordination"),
        temp_body=re.compile(f"({temp_alt}" + (f"|{rx(temp_rx, 'temporary.regex').pattern}" if temp_rx else "") + ")$"),
        office_suffixes=words(office, "office_suffixes", "coordination_office"),
        task_office=re.compile(f"({_alt(words(office, 'task_words', 'coordination_office'))})(?:工作)?$"),
        system_office=rx(office.get("regex"), "coordination_office.regex"),
        office_short=words(office, "short", "coordination_office"),
        dept_stems=words(comm, "department_stems", "committees"),
        dept_short=words(comm, "department_short", "committees"),
        committee_words=words(comm, "coordination_words", "committees"),
        dispatched=re.compile(f"({_alt(words(disp, 'suffixes', 'department_dispatched'))})$"),
        dispatched_after=rx(disp.get("after_department"), "department_dispatched.after_department"),
        internal=rx(internal.get("after_department"), "internal.after_department"),
        internal_alone=re.compile(f"({_alt(words(internal, 'alone', 'internal'))})$"),
        proper=words(data, "proper_issuers", "") or ("人民政府", "政府"),
    )


_SHAPES: _Shapes | None = None


def shapes() -> _Shapes:
    global _SHAPES
    if _SHAPES is None:
        _SHAPES = load_shapes()
    return _SHAPES


_PARTY = re.compile(
    r"^(中共|中国共产党)"
    r"|^[\u4e00-\u9fff]{0,10}?[省市县区州旗]委(?!员|托|派)"
    r"|纪律检查委员会|纪委|政法委员会|政法委|组织部|宣传部|统战部|统一战线工作部|网信办|机构编制委员会|编办|编委"
)
_NON_ADMIN = re.compile(
    r"人民代表大会|人大常委会|人大常务委员会|人大$|人民法院|法院$|人民检察院|检察院$|监察委员会|监委$|政协|政治协商会议"
)
_SELF_GOV = re.compile(r"(村民委员会|居民委员会|村委会|居委会|社区居委会)$")
_GOV_DISPATCHED = re.compile(r"(管理委员会|管委会|行政公署|行署|区公所)$")
_VERTICAL = re.compile(
    r"消防救援(总队|支队|大队|站)$|^国家税务总局|(税务局|税务分局|气象局|邮政管理局|烟草专卖局|调查队|海关|中心支行|支行)$"
    r"|(银保监|银监|保监|证监|煤监|煤矿安全监察|金融监管)(分局|局)$"
)
_PUBLIC_INSTITUTION = re.compile(
    r"(中心|站|研究院|研究所|设计院|规划院|检测所|检验所|医院|学校|学院|图书馆|博物馆|档案馆|纪念馆|电视台|广播电视台|报社)$"
)


_PLACE_PREFIX = re.compile(
    r"(?:[市县区]|(?:[\u4e00-\u9fff]{1,5}?(?:省|自治区|市|自治州|州|盟|县|自治县|区|旗))+)"
)


def _is_place_prefix(p: str) -> bool:
    """'' or a chain of place names: 朔州市, 山西省朔州市, 市 (the 市X short form), 朔城区 …"""
    return p == "" or _PLACE_PREFIX.fullmatch(p) is not None


def _place_plus(n: str, words) -> str | None:
    """The word w such that n is a place prefix followed by w (市安委办 → 安委办), else None."""
    for w in sorted(words, key=len, reverse=True):
        if n.endswith(w) and _is_place_prefix(n[: -len(w)]):
            return w
    return None


def _committee_kind(n: str) -> BodyKind | None:
    """n ends in 委员会: a department (None), a 议事协调机构, or unknown (coordination, low confidence)."""
    sh = shapes()
    stem = n[: -len("委员会")]
    if _place_plus(stem, sh.dept_stems) is not None:
        return None  # 发展和改革委员会, 卫生健康委员会, 城市管理委员会 …: government departments
    if stem.endswith("管理"):
        return _kind("government_dispatched", "管理委员会")  # 开发区/园区/景区管理委员会
    for w in sh.committee_words:
        if w in stem:
            return _kind("coordination", w + "委员会" if stem.endswith(w) else "委员会")
    return _kind(
        "coordination", "委员会", "low",
        "名称为“委员会”而不是已知的政府工作部门（如发展和改革委员会、卫生健康委员会），通常为议事协调机构；请核实。",
    )


def _task_body(n: str, party: bool) -> BodyKind | None:
    """A 临时机构, 议事协调机构 or the office of one, by the shape of the name n.

    ``party``: n is under a party committee (中共…, …市委…): then a 委员会 of it is a party organ
    (政法委员会, 机构编制委员会 …) and only the other shapes (领导小组, 指挥部 …) count.
    """
    sh = shapes()
    for suffix in sh.office_suffixes:
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            stem = n[: -len(suffix)]
            mm = sh.coord_body.search(stem) or sh.temp_body.search(stem)
            if mm and not (party and "委员会" in mm.group(1)):
                return _kind("coordination_office", mm.group(1) + suffix)
            mm = sh.task_office.search(stem)
            if mm and len(stem) > len(mm.group(0)):
                return _kind("coordination_office", mm.group(0) + suffix)
            if stem.endswith("委员会") and not party:
                inner = _committee_kind(stem)
                if inner is not None and inner.code == "coordination":
                    return _kind("coordination_office", inner.matched + suffix, inner.confidence)
                if inner is None:
                    return _kind("internal", "委员会" + suffix)  # 发展和改革委员会办公室: a unit of a department
    mm = sh.system_office.search(n)
    if mm:
        return _kind("coordination_office", mm.group(0))
    w = _place_plus(n, sh.office_short)
    if w:
        return _kind("coordination_office", w)
    m = sh.temp_body.search(n)
    if m and not (party and "委员会" in m.group(1)):
        return _kind("temporary", m.group(1))
    m = sh.coord_body.search(n)
    if m and not (party and "委员会" in m.group(1)) and not _SELF_GOV.search(n):
        return _kind("coordination", m.group(1))
    w = _place_plus(n, sh.coord_short)
    if w:
        return _kind("coordination", w)
    return None


def classify_body(name: str) -> BodyKind | None:
    """The kind of body a name denotes, when the name alone shows it may not issue (or only conditionally).

    Returns None for ordinary governments, their offices and departments, for 街道办事处 and
    乡镇人民政府 (they issue under section 三 of 40号), and for names it cannot judge.
    An order number or act after the name ("××指挥部5号令", "××指挥部第3号通告") is read past.
    """
    n = normalize_name(name)
    if len(n) < 2:
        return None
    n = _TRAILING_PAREN.sub("", n) or n
    kind = _classify(n)
    if kind is None or not kind.forbidden:
        m = shapes().order_suffix.search(n)
        if m and m.start() < len(n) and m.start() >= 2:
            inner = _classify(n[: m.start()])
            if inner is not None and inner.forbidden:
                return inner
    return kind


def _classify(n: str) -> BodyKind | None:
    sh = shapes()
    party = _PARTY.search(n)
    # a body named after a task, with or without 中共 in front: "中共××领导小组办公室" is the
    # office of a coordination body, not a party organ
    k = _task_body(n, party is not None)
    if k is not None:
        return k
    if party:
        return _kind("party_organ", party.group(0))
    m = _NON_ADMIN.search(n)
    if m:
        return _kind("non_administrative", m.group(0))
    m = _SELF_GOV.search(n)
    if m:
        return _kind("self_governing", m.group(1))
    if n.endswith("委员会"):
        return _committee_kind(n)
    m = _GOV_DISPATCHED.search(n)
    if m:
        return _kind("government_dispatched", m.group(1))
    if _place_plus(n, sh.dept_short):
        return None
    m = _VERTICAL.search(n)
    if m:
        return _kind("vertical", m.group(0))
    m = sh.dispatched.search(n)
    if m:
        return _kind("department_dispatched", m.group(1))
    m = sh.dispatched_after.search(n)
    if m:
        return _kind("department_dispatched", m.group("unit"))
    m = sh.internal.search(n)
    if m:
        return _kind("internal", m.group("unit"))
    m = sh.internal_alone.search(n)
    if m:
        return _kind("internal", m.group(1), note="支队、大队、中队通常是部门所属执法机构，不是独立的行政机关。")
    if n.endswith(sh.proper):
        return None
    m = _PUBLIC_INSTITUTION.search(n)
    if m:
        return _kind("public_institution", m.group(1))
    # a coordination word inside a longer name (…领导小组成员单位) is not decided here
    return None


# --- the subject list ------------------------------------------------------------------------


class SubjectList:
    """A jurisdiction's list of issuing subjects, with short forms, non-subjects and deny data."""

    def __init__(
        self,
        jurisdiction: str,
        subjects: list[Subject],
        *,
        short_name: str | None = None,
        province: str | None = None,
        level: str | None = None,
        counties: tuple[str, ...] = (),
        development_zones: tuple[str, ...] = (),
        non_subjects: list[Subject] | None = None,
        deny_names: list[Subject] | None = None,
        deny_patterns: list[DenyPattern] | None = None,
        doc_number_prefixes: dict[str, str] | None = None,
        joint_issuance: dict | None = None,
        official: bool = False,
        complete: bool = False,
        as_of: str | None = None,
        sources: dict[str, str] | None = None,
        path: str | None = None,
    ):
        self.jurisdiction = jurisdiction
        self.short_name = short_name or (jurisdiction[:-1] if jurisdiction.endswith(("市", "县", "区", "省")) else None)
        self.province = province
        self.level = level
        self.counties = tuple(counties)
        self.development_zones = tuple(development_zones)
        self.subjects = list(subjects)
        self.non_subjects = list(non_subjects or [])
        self.deny_names = list(deny_names or [])
        self.deny_patterns = list(deny_patterns or [])
        self.joint_issuance = dict(joint_issuance or {})
        self.official = official
        self.complete = complete
        self.as_of = as_of
        self.sources = dict(sources or {})
        self.path = path
        self._prefixes: dict[str, str] = dict(doc_number_prefixes or {})
        for s in self.subjects:
            for p in s.doc_number_prefixes:
                self._prefixes[p] = s.name
        self._index: dict[str, Subject] = {}
        self._other: dict[str, Subject] = {}
        for s in self.subjects:
            for key in self.keys_for(s):
                self._index.setdefault(key, s)
        for s in self.non_subjects + self.deny_names:
            for key in self.keys_for(s):
                self._other.setdefault(key, s)

    # -- keys -------------------------------------------------------------------------------
    def keys_for(self, s: Subject) -> set[str]:
        """Every normalised spelling under which a subject is found."""
        city = self.jurisdiction
        keys: set[str] = set()
        for form in (s.name, *s.short_forms):
            f = normalize_name(form)
            if not f:
                continue
            forms = {f}
            if city and f.startswith(city) and len(f) > len(city):
                rest = f[len(city):]
                forms |= {"市" + rest}
            elif f.startswith("市") and not f.startswith("市场") and len(f) > 1 and city:
                forms |= {city + f[1:]}
            for g in list(forms):
                keys |= _gov_variants(g)
        return keys

    # -- look-ups ---------------------------------------------------------------------------
    def _lookup(self, table: dict[str, Subject], name: str) -> Subject | None:
        n = normalize_name(name)
        if not n:
            return None
        for cand in (n, _TRAILING_PAREN.sub("", n)):
            for v in _gov_variants(cand):
                if v in table:
                    return table[v]
        return None

    def resolve(self, name: str) -> Subject | None:
        """The listed subject a name denotes (full name, short form, with or without the city prefix)."""
        return self._lookup(self._index, name)

    def lookup_unlisted(self, name: str) -> Subject | None:
        """An entry of non_subjects or deny.names matching the name (``listed`` is False)."""
        return self._lookup(self._other, name)

    def classify(self, name: str) -> BodyKind | None:
        """Like ``classify_body`` but using the list: a listed subject is never classified;
        known non-subjects and deny names come first, then the list's extra patterns."""
        if self.resolve(name) is not None:
            return None
        known = self.lookup_unlisted(name)
        if known is not None and known.kind in BODY_KINDS:
            return _kind(known.kind, known.name, note=known.note or None)
        n = normalize_name(name)
        for p in self.deny_patterns:
            m = p.regex.search(n)
            if m:
                return _kind(p.kind, m.group(0), note=p.note or None)
        return classify_body(name)

    def in_jurisdiction(self, name: str) -> bool:
        """Does the name belong to the configured city (city name, 市…, a listed county or zone)?"""
        n = normalize_name(name)
        if not n:
            return False
        if self.resolve(n) or self.lookup_unlisted(n):
            return True
        n = re.sub(r"^(中共|中国共产党)", "", n)
        prefixes = [self.jurisdiction, *(self.counties), *(self.development_zones)]
        if self.short_name and len(self.short_name) >= 2:
            prefixes.append(self.short_name)
        for c in self.counties:
            if len(c) >= 3 and c[-1] in "县区市旗":
                prefixes.append(c[:-1])
        if any(p and n.startswith(p) for p in prefixes):
            return True
        if n.startswith("市") and len(n) > 1 and (not n.startswith("市场") or n.startswith("市市场")):
            return True
        return False

    def level_of(self, name: str) -> str | None:
        """市 | 县级 | 乡镇 | 开发区 | None, as far as the name shows."""
        s = self.resolve(name)
        if s is not None and s.level:
            return s.level
        n = normalize_name(name)
        if re.search(r"([乡镇])(人民)?政府$|街道办事处$|街道办$", n):
            return "乡镇"
        for z in self.development_zones:
            if n.startswith(z):
                return "开发区"
        for c in self.counties:
            if n.startswith(c) or (len(c) >= 3 and n.startswith(c[:-1])) or n.startswith(self.jurisdiction + c):
                return "县级"
        if self.in_jurisdiction(n):
            return "市"
        return None

    def body_for_prefix(self, prefix: str) -> str | None:
        """Issuer of a 发文字号 代字 (朔政发 → 朔州市人民政府), or None."""
        return self._prefixes.get(normalize_name(prefix))

    @property
    def doc_number_prefixes(self) -> dict[str, str]:
        return dict(self._prefixes)

    def __len__(self) -> int:
        return len(self.subjects)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"SubjectList({self.jurisdiction!r}, {len(self.subjects)} subjects)"


# --- loading and validation ------------------------------------------------------------------

_TOP_KEYS = {"format", "jurisdiction", "sources", "joint_issuance", "subjects", "non_subjects", "deny", "doc_number_prefixes"}
_JUR_KEYS = {"name", "short_name", "province", "level", "counties", "development_zones", "as_of", "official", "complete", "source", "note"}
_SUBJECT_KEYS = {"name", "short_forms", "kind", "level", "doc_number_prefixes", "source", "verified", "note", "joint_issuers_allowed"}
_OTHER_KEYS = {"name", "short_forms", "kind", "source", "verified", "note", "level"}
_DENY_KEYS = {"source", "names", "patterns"}
_PATTERN_KEYS = {"regex", "kind", "note"}
_JOINT_KEYS = {"allowed", "each_issuer_listed", "basis", "note"}


class _Checker:
    def __init__(self, path: str):
        self.path = path

    def fail(self, line: int | None, reason: str):
        raise SubjectListError(self.path, line, reason)

    @staticmethod
    def line(node, key=None, default: int = 0) -> int:
        if isinstance(node, LineDict):
            return node.line_of(key) if key is not None else node.line
        if isinstance(node, LineList):
            if key is not None and 0 <= key < len(node.item_lines):
                return node.item_lines[key]
            return node.line
        return default

    def mapping(self, node, where: str, line: int, keys: set[str], required: tuple[str, ...] = ()) -> LineDict:
        if not isinstance(node, dict):
            self.fail(line, f"{where} 应为映射（键: 值）")
        unknown = [k for k in node if k not in keys]
        if unknown:
            k = unknown[0]
            self.fail(self.line(node, k, line), f"{where} 中有未知的键 {k!r}（允许：{', '.join(sorted(keys))}）")
        for k in required:
            if k not in node or node[k] in (None, ""):
                self.fail(line, f"{where} 缺少必填键 {k!r}")
        return node

    def string(self, node, key, where: str, line: int, required: bool = False) -> str | None:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            if required:
                self.fail(line, f"{where} 缺少必填键 {key!r}")
            return None
        if not isinstance(v, str) or not v.strip():
            self.fail(self.line(node, key, line), f"{where} 的 {key} 应为非空字符串")
        return v.strip()

    def strings(self, node, key, where: str, line: int) -> tuple[str, ...]:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list):
            self.fail(self.line(node, key, line), f"{where} 的 {key} 应为字符串列表")
        out = []
        for i, item in enumerate(v):
            if not isinstance(item, str) or not item.strip():
                self.fail(self.line(v, i, self.line(node, key, line)), f"{where} 的 {key} 第{i + 1}项应为非空字符串")
            out.append(item.strip())
        return tuple(out)

    def boolean(self, node, key, where: str, line: int, default=None):
        v = node.get(key, default) if isinstance(node, dict) else default
        if v is not default and not isinstance(v, bool):
            self.fail(self.line(node, key, line), f"{where} 的 {key} 应为 true 或 false")
        return v


def load_subjects(path: str | Path) -> SubjectList:
    """Read and validate a subject list; any problem raises SubjectListError (``file:line: reason``)."""
    path = str(path)
    try:
        data = load_yaml(path)
    except SubjectListError:
        raise
    except RulesetError as exc:
        raise SubjectListError(exc.path, exc.line, exc.reason) from None
    return _build(path, data)


def subjects_from_text(text: str, path: str = "<subjects>") -> SubjectList:
    """Same as ``load_subjects`` for YAML text (tests, embedded lists)."""
    try:
        data = load_yaml(path, text=text)
    except RulesetError as exc:
        raise SubjectListError(exc.path, exc.line, exc.reason) from None
    return _build(path, data)


def _build(path: str, data) -> SubjectList:
    c = _Checker(path)
    if data is None:
        c.fail(None, "文件为空")
    top = c.mapping(data, "顶层", 1, _TOP_KEYS, ("jurisdiction", "subjects"))
    fmt = top.get("format")
    if fmt is not None and fmt != FORMAT:
        c.fail(c.line(top, "format"), f"format 应为 {FORMAT!r}，实为 {fmt!r}")

    sources = top.get("sources") or {}
    if not isinstance(sources, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in sources.items()):
        c.fail(c.line(top, "sources"), "sources 应为 代号: 说明 的映射")

    def check_sources(node, where, line) -> tuple[str, ...]:
        srcs = c.strings(node, "source", where, line)
        if sources:
            for s in srcs:
                if s not in sources:
                    c.fail(c.line(node, "source", line), f"{where} 的 source {s!r} 不在 sources 中（{', '.join(sources)}）")
        return srcs

    jl = c.line(top, "jurisdiction")
    jur = c.mapping(top["jurisdiction"], "jurisdiction", jl, _JUR_KEYS, ("name",))
    city = normalize_name(c.string(jur, "name", "jurisdiction", jl, required=True))
    short_name = c.string(jur, "short_name", "jurisdiction", jl)
    province = c.string(jur, "province", "jurisdiction", jl)
    level = c.string(jur, "level", "jurisdiction", jl)
    counties = tuple(normalize_name(x) for x in c.strings(jur, "counties", "jurisdiction", jl))
    zones = tuple(normalize_name(x) for x in c.strings(jur, "development_zones", "jurisdiction", jl))
    as_of = jur.get("as_of")
    if as_of is not None and not isinstance(as_of, (str, int)):
        c.fail(c.line(jur, "as_of", jl), "jurisdiction 的 as_of 应为字符串")
    official = c.boolean(jur, "official", "jurisdiction", jl, False)
    complete = c.boolean(jur, "complete", "jurisdiction", jl, False)
    check_sources(jur, "jurisdiction", jl)

    joint = top.get("joint_issuance")
    if joint is not None:
        c.mapping(joint, "joint_issuance", c.line(top, "joint_issuance"), _JOINT_KEYS)
        c.boolean(joint, "allowed", "joint_issuance", joint.line)
        c.boolean(joint, "each_issuer_listed", "joint_issuance", joint.line)

    # subjects
    sl = c.line(top, "subjects")
    raw_subjects = top["subjects"]
    if not isinstance(raw_subjects, list) or not raw_subjects:
        c.fail(sl, "subjects 应为非空列表")
    subjects: list[Subject] = []
    for i, item in enumerate(raw_subjects):
        line = c.line(raw_subjects, i, sl)
        where = f"subjects 第{i + 1}项"
        c.mapping(item, where, line, _SUBJECT_KEYS, ("name", "kind"))
        name = c.string(item, "name", where, line, required=True)
        kind = c.string(item, "kind", where, line, required=True)
        if kind not in SUBJECT_KINDS:
            c.fail(c.line(item, "kind", line), f"{where}（{name}）的 kind {kind!r} 不是允许的值：{'、'.join(SUBJECT_KINDS)}")
        lvl = c.string(item, "level", where, line)
        if lvl is not None and lvl not in LEVELS:
            c.fail(c.line(item, "level", line), f"{where}（{name}）的 level {lvl!r} 不是允许的值：{'、'.join(LEVELS)}")
        subjects.append(Subject(
            name=normalize_name(name), kind=kind, level=lvl,
            short_forms=tuple(normalize_name(x) for x in c.strings(item, "short_forms", where, line)),
            doc_number_prefixes=tuple(normalize_name(x) for x in c.strings(item, "doc_number_prefixes", where, line)),
            source=check_sources(item, where, line),
            verified=bool(c.boolean(item, "verified", where, line, False)),
            note=c.string(item, "note", where, line) or "",
            joint_issuers_allowed=c.boolean(item, "joint_issuers_allowed", where, line, None),
            line=line,
        ))

    def others(node, where_prefix: str, base_line: int, default_kind: str | None = None) -> list[Subject]:
        if node is None:
            return []
        if not isinstance(node, list):
            c.fail(base_line, f"{where_prefix} 应为列表")
        out = []
        for i, item in enumerate(node):
            line = c.line(node, i, base_line)
            where = f"{where_prefix} 第{i + 1}项"
            if isinstance(item, str):
                item = LineDict({"name": item, "kind": default_kind})
                item.line, item.key_lines = line, {}
            c.mapping(item, where, line, _OTHER_KEYS, ("name",))
            name = c.string(item, "name", where, line, required=True)
            kind = item.get("kind") or default_kind
            if kind not in BODY_KINDS:
                c.fail(c.line(item, "kind", line), f"{where}（{name}）的 kind {kind!r} 不是允许的值：{', '.join(BODY_KINDS)}")
            out.append(Subject(
                name=normalize_name(name), kind=kind, level=c.string(item, "level", where, line),
                short_forms=tuple(normalize_name(x) for x in c.strings(item, "short_forms", where, line)),
                source=check_sources(item, where, line),
                verified=bool(c.boolean(item, "verified", where, line, False)),
                note=c.string(item, "note", where, line) or "", listed=False, line=line,
            ))
        return out

    non_subjects = others(top.get("non_subjects"), "non_subjects", c.line(top, "non_subjects"))

    deny_names: list[Subject] = []
    deny_patterns: list[DenyPattern] = []
    deny = top.get("deny")
    if deny is not None:
        dl = c.line(top, "deny")
        c.mapping(deny, "deny", dl, _DENY_KEYS)
        check_sources(deny, "deny", dl)
        deny_names = others(deny.get("names"), "deny.names", c.line(deny, "names", dl), "coordination")
        raw_patterns = deny.get("patterns")
        if raw_patterns is not None:
            pl = c.line(deny, "patterns", dl)
            if not isinstance(raw_patterns, list):
                c.fail(pl, "deny.patterns 应为列表")
            for i, item in enumerate(raw_patterns):
                line = c.line(raw_patterns, i, pl)
                where = f"deny.patterns 第{i + 1}项"
                c.mapping(item, where, line, _PATTERN_KEYS, ("regex", "kind"))
                rx = c.string(item, "regex", where, line, required=True)
                try:
                    compiled = re.compile(rx)
                except re.error as exc:
                    c.fail(c.line(item, "regex", line), f"{where} 的正则无效：{exc}")
                kind = item.get("kind")
                if kind not in BODY_KINDS:
                    c.fail(c.line(item, "kind", line), f"{where} 的 kind {kind!r} 不是允许的值：{', '.join(BODY_KINDS)}")
                deny_patterns.append(DenyPattern(compiled, kind, c.string(item, "note", where, line) or "", line))

    prefixes = top.get("doc_number_prefixes") or {}
    if not isinstance(prefixes, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in prefixes.items()):
        c.fail(c.line(top, "doc_number_prefixes"), "doc_number_prefixes 应为 代字: 机关名称 的映射")

    sl_obj = SubjectList(
        city, subjects, short_name=short_name, province=province, level=level, counties=counties,
        development_zones=zones, non_subjects=non_subjects, deny_names=deny_names, deny_patterns=deny_patterns,
        doc_number_prefixes={normalize_name(k): v for k, v in prefixes.items()}, joint_issuance=dict(joint or {}),
        official=bool(official), complete=bool(complete), as_of=str(as_of) if as_of is not None else None,
        sources=dict(sources), path=path,
    )
    # ambiguity: one spelling must not name two different bodies
    seen: dict[str, Subject] = {}
    for s in subjects + non_subjects + deny_names:
        for key in sl_obj.keys_for(s):
            other = seen.get(key)
            if other is not None and other.name != s.name:
                c.fail(s.line, f"名称或简称“{key}”同时指向“{other.name}”（第{other.line}行）和“{s.name}”")
            seen[key] = s
    prefix_owner: dict[str, Subject] = {}
    for s in subjects:
        for p in s.doc_number_prefixes:
            if p in prefix_owner and prefix_owner[p].name != s.name:
                c.fail(s.line, f"发文字号代字“{p}”同时属于“{prefix_owner[p].name}”和“{s.name}”")
            prefix_owner[p] = s
    return sl_obj


# --- issuer names in lines, titles and 发文字号 -------------------------------------------------

_ORGAN_TAIL = "局委办室府会部厅处队所站心院署组"
_SPLIT = re.compile(
    rf"[、，,；;/／|]+|[ \t\u3000\u00a0]+|(?<=[{_ORGAN_TAIL}])(?:和|与|及|、)(?=[市县区省朔中国])"
)
_PLACE_ONLY = re.compile(r"^(?:中共|中国共产党)?[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|旗|州|自治州|自治县)$")
_NOT_NAMES = {"联合", "联合印发", "联合发文", "印发", "文件", "关于", "（印章）", "（盖章）"}


def extract_issuer_candidates(text_line: str, subject_list: SubjectList | None = None) -> list[str]:
    """Body names in a line that may hold several issuers.

    ``朔州市发展和改革委员会 朔州市财政局`` → both; ``市发改委、市财政局`` → both;
    ``朔州市 发展和改革委员会`` (a place name cut off by a space) → one name.
    """
    if not text_line:
        return []
    s = unicodedata.normalize("NFC", text_line).strip().strip(_EDGE_PUNCT)
    parts = [p for p in _SPLIT.split(s) if p]
    places = set()
    if subject_list is not None:
        places = {subject_list.jurisdiction, *(subject_list.counties)}
        if subject_list.short_name:
            places.add(subject_list.short_name)
    merged: list[str] = []
    carry = ""
    for p in parts:
        p = p.strip(_EDGE_PUNCT)
        if not p:
            continue
        if p in ("中共", "中国共产党") or p in places or (_PLACE_ONLY.match(p) and len(p) <= 8):
            carry += p
            continue
        merged.append(carry + p)
        carry = ""
    if carry:
        merged.append(carry)
    out = []
    for m in merged:
        n = normalize_name(m)
        if n and n not in _NOT_NAMES and re.search(r"[\u4e00-\u9fff]", n):
            out.append(n)
    return out


def issuer_from_title(title: str, subject_list: SubjectList | None = None) -> list[str]:
    """Issuer names at the head of a title: the part before 关于 (before 转发/批转 when present)."""
    if not title or "关于" not in title:
        return []
    t = title.strip()
    i = t.find("关于")
    if i <= 0:
        return []
    head = t[:i]
    m = re.search(r"(转发|批转|印发)", head)
    if m and m.start() > 0:
        head = head[: m.start()]
    return extract_issuer_candidates(head, subject_list)


_DOCNO_PREFIX = re.compile(r"^\s*(?P<prefix>[\u4e00-\u9fff]{1,16}?)\s*(?:[〔\[［（(【〈<{]|\d)")


def doc_number_prefix(doc_number: str) -> str | None:
    """The 代字 of a 发文字号: 朔政办发〔2019〕40号 → 朔政办发."""
    if not doc_number:
        return None
    m = _DOCNO_PREFIX.match(doc_number)
    return m.group("prefix") if m else None


def issuer_from_doc_number(doc_number: str, subject_list: SubjectList) -> str | None:
    """The issuer a 发文字号 代字 stands for (朔政发 → 朔州市人民政府), or None if unknown."""
    prefix = doc_number_prefix(doc_number)
    if not prefix or subject_list is None:
        return None
    return subject_list.body_for_prefix(prefix)
