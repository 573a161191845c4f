"""Submission packages: a folder holding a draft and its review materials.

Which materials are required follows 朔政办发〔2019〕40号 四, who reviews follows 三.

* Documents issued in the name of a 市/县 government or its 办公室, or by a
  department with the government's approval (``in_government_name``), need
  the full list of 四's first paragraph, in its order and wording.
* Documents of 市/县 departments in their own name need, per 四's last
  paragraph, the same list "除起草部门主要负责人签署的报送审核公函和部门审核意见外",
  i.e. without the request letter and without the department's own opinion.
* 四 says nothing about 乡镇/街道; they are given the department set (they send
  to the 县司法行政部门 directly, with no 政府办公室 and usually no review body
  of their own). This is an inference, not text of the measures.
* A package without ``level`` is held to the full list.
* The "其他材料" are required only when they apply: 公平竞争审查材料 when the
  caller says the draft concerns market activity, 专家论证意见 and 风险评估报告
  when the manifest marks the draft ``major`` (重大).

Material kinds are recognised from the manifest, else from the file name,
else from the first lines of the file's text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from doclint.deadline import Pause
from doclint.errors import DoclintError, RulesetError
from doclint.readers import SUFFIXES, read_path
from doclint.workdays import parse_date
from doclint.yamlutil import LineDict, LineList, load_yaml

MANIFEST = "package.yaml"

# kind → the material as 四 names it (first paragraph), in 四's order.
MATERIALS: dict[str, str] = {
    "request_letter": "部门主要负责人签发的报请市政府审核的请示公函",
    "draft": "规范性文件草案文本",
    "explanation": "起草说明",
    "legal_basis": "制定文件所依据的法律、法规、规章和国家政策依据",
    "legality_opinion": "本单位的合法性审核意见",
    "consultation": "征求意见、加盖部门公章的征求意见汇总及采纳情况",
    "collective_discussion": "集体讨论决定的相关材料",
    "legal_adviser": "起草部门法律顾问意见书",
    "fair_competition": "公平竞争审查材料",
    "expert_opinion": "专家论证意见",
    "risk_assessment": "风险评估报告",
    # 四 (after the opinion): the drafting unit's account of what it adopted and why not
    "review_response": "起草单位对合法性审核意见采纳情况的说明",
}
# Short Chinese names also accepted as kinds in package.yaml.
SHORT_NAMES: dict[str, str] = {
    "请示公函": "request_letter", "报送审核公函": "request_letter", "请示": "request_letter",
    "草案": "draft", "送审稿": "draft", "起草说明": "explanation", "依据": "legal_basis",
    "合法性审核意见": "legality_opinion", "审核意见": "legality_opinion",
    "征求意见汇总": "consultation", "采纳情况": "consultation",
    "集体讨论": "collective_discussion", "会议纪要": "collective_discussion",
    "法律顾问意见书": "legal_adviser", "公平竞争审查": "fair_competition",
    "专家论证意见": "expert_opinion", "风险评估报告": "risk_assessment",
}
CORE = ("request_letter", "draft", "explanation", "legal_basis", "legality_opinion",
        "consultation", "collective_discussion", "legal_adviser")
# 四, last paragraph: "除起草部门主要负责人签署的报送审核公函和部门审核意见外，其它材料原则上……一致".
DEPARTMENT_EXEMPT = ("request_letter", "legality_opinion")

GOVERNMENT_LEVELS = ("市政府", "市政府办公室", "县政府", "县政府办公室")
DEPARTMENT_LEVELS = ("市直部门", "县直部门")
TOWNSHIP_LEVELS = ("乡镇", "街道")
LEVELS = GOVERNMENT_LEVELS + DEPARTMENT_LEVELS + TOWNSHIP_LEVELS

# Recognition: tried in this order on one line (or file name); the first hit wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    # before 起草说明 and 征求意见汇总, whose patterns would take "……采纳情况的说明"
    ("review_response", r"(合法性)?审核意见.{0,10}采纳|未(予)?采纳.{0,8}(意见|理由|说明)"),
    ("explanation", r"(起草|编制|制定|修订)(情况|工作)?的?说明|的说明$"),
    ("consultation", r"征求意见(情况|的)?(汇总|采纳|处理|反馈)|意见(汇总|采纳|处理情况)|采纳情况|反馈意见"),
    ("fair_competition", r"公平竞争"),
    ("expert_opinion", r"专家(论证|意见|评审|咨询)|论证(意见|报告|会纪要)"),
    ("risk_assessment", r"风险评估|风险评价|稳评|稳定风险"),
    ("legal_adviser", r"法律顾问|律师(事务所)?.{0,6}意见|法律意见书"),
    ("legality_opinion", r"(合法性|法制)(审核|审查)(的)?意见|审核意见书?$"),
    ("collective_discussion", r"集体(讨论|研究|决定)|会议纪要|(常务|办公|党组|局务|委务|主任|局长)(会议|会)|审议通过"),
    ("request_letter", r"请示|报送.{0,12}审核|提请.{0,20}(审核|审查)|送审的?函|审核的函|公函|报审"),
    ("legal_basis", r"依据|上位法|法律法规|法规(政策)?汇编|政策(文件)?汇编"),
    ("draft", r"草案|送审稿|征求意见稿|讨论稿|草稿|代拟稿|修改稿|审议稿"),
)
_FIRST_LINES = 5


def recognise(name: str, text: str | None = None) -> tuple[str | None, str | None]:
    """(kind, how) from a file name, else from the first lines of its text."""
    for kind, pattern in _PATTERNS:
        if re.search(pattern, Path(name).stem):
            return kind, "name"
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines[:_FIRST_LINES]:
        for kind, pattern in _PATTERNS:
            if re.search(pattern, line):
                return kind, "text"
    return None, None


def _read_text(path: Path) -> str | None:
    """The file's text, or None when it cannot be read."""
    try:
        return read_path(str(path)).text
    except (DoclintError, OSError):
        return None


@dataclass(frozen=True)
class Material:
    """One file of the package and what it is."""

    path: Path
    kind: str | None       # a key of MATERIALS, or None when not recognised
    how: str | None        # "manifest" | "name" | "text" | None


@dataclass
class Package:
    """A submission folder: manifest facts plus the recognised materials."""

    folder: Path
    manifest: Path | None = None
    issuer: str | None = None
    level: str | None = None
    in_government_name: bool | None = None
    drafting_department: str | None = None
    has_review_body: bool | None = None
    received: dt.date | None = None
    pauses: list[Pause] = field(default_factory=list)
    emergency: str | None = None
    completed: dt.date | None = None
    major: bool = False
    materials: list[Material] = field(default_factory=list)

    @property
    def government_name(self) -> bool:
        """Issued in a government's name, or by a department with its approval."""
        if self.level in DEPARTMENT_LEVELS:
            return bool(self.in_government_name)
        return self.level is None or self.level in GOVERNMENT_LEVELS

    def files(self, kind: str) -> list[Path]:
        return [m.path for m in self.materials if m.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {m.kind for m in self.materials if m.kind}

    @property
    def unrecognised(self) -> list[Path]:
        return [m.path for m in self.materials if m.kind is None]


# --- manifest ----------------------------------------------------------------

_FIELDS = {
    "issuer": str, "level": str, "in_government_name": bool, "drafting_department": str,
    "has_review_body": bool, "received": dt.date, "pauses": list, "emergency": str,
    "completed": dt.date, "major": bool, "materials": dict,
}
_TYPE_NAMES = {str: "文字", bool: "true 或 false", dt.date: "YYYY-MM-DD 日期", list: "列表", dict: "映射"}


def _field(data: LineDict, key: str, path: Path):
    value, want = data[key], _FIELDS[key]
    if value is None:
        return None
    if want is dt.date:
        value = parse_date(value)
    elif want is list:
        value = value if isinstance(value, LineList) else None
    elif want is dict:
        value = value if isinstance(value, LineDict) else None
    elif want is str:
        value = value.strip() if isinstance(value, str) and value.strip() else None
    elif not isinstance(value, want):
        value = None
    if value is None:
        raise RulesetError(path, data.line_of(key), f"{key} 应为{_TYPE_NAMES[want]}，而不是“{data[key]}”")
    return value


def _kind(value, path: Path, line: int) -> str:
    """A material kind given in package.yaml: its id, short name or full name."""
    name = value.strip() if isinstance(value, str) else ""
    full_names = {v: k for k, v in MATERIALS.items()}
    kind = name if name in MATERIALS else SHORT_NAMES.get(name) or full_names.get(name)
    if not kind:
        raise RulesetError(path, line, f"未知的材料种类“{value}”，可用：{'、'.join(SHORT_NAMES)}，或 {'、'.join(MATERIALS)}")
    return kind


def _pauses(items: LineList, path: Path) -> list[Pause]:
    out = []
    for item, line in zip(items, items.item_lines):
        if not isinstance(item, LineDict):
            raise RulesetError(path, line, "pauses 的每一项应为 {start, end, reason} 映射")
        for key in item:
            if key not in ("start", "end", "reason"):
                raise RulesetError(path, item.line_of(key), f"pauses 中有未知的键“{key}”，允许的键为：start、end、reason")
        start, end = parse_date(item.get("start")), parse_date(item.get("end"))
        reason = item.get("reason")
        if start is None or end is None:
            raise RulesetError(path, line, "pauses 的每一项都要写 start 和 end（YYYY-MM-DD，含首尾两日）")
        if not isinstance(reason, str) or not reason.strip():
            raise RulesetError(path, line, "pauses 的每一项都要写明 reason（如 座谈会、返回起草部门修改补充）")
        if end < start:
            raise RulesetError(path, item.line_of("end"), "pauses 中的 end 早于 start")
        out.append(Pause(start, end, reason.strip()))
    return out


def _apply_manifest(pkg: Package, path: Path) -> dict[str, str]:
    """Fill `pkg` from package.yaml; returns {file name: kind} it declares."""
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        raise RulesetError(path, getattr(data, "line", 1), "package.yaml 应为“键: 值”形式的映射")
    for key in data:
        if key not in _FIELDS:
            raise RulesetError(path, data.line_of(key), f"未知的键“{key}”，允许的键为：{'、'.join(_FIELDS)}")
    values = {key: _field(data, key, path) for key in data}
    if values.get("level") is not None and values["level"] not in LEVELS:
        raise RulesetError(path, data.line_of("level"), f"level 应为以下之一：{'、'.join(LEVELS)}")
    declared: dict[str, str] = {}
    materials = values.pop("materials", None) or {}
    for name, kind in materials.items():
        line = materials.line_of(name)
        if not (pkg.folder / str(name)).is_file():
            raise RulesetError(path, line, f"materials 中列出的文件“{name}”不在 {pkg.folder} 中")
        declared[str(name)] = _kind(kind, path, line)
    pauses = values.pop("pauses", None)
    pkg.pauses = _pauses(pauses, path) if pauses else []
    for key, value in values.items():
        if value is not None:
            setattr(pkg, key, value)
    return declared


def load_package(folder: Path | str) -> Package:
    """Read a package folder: package.yaml if present, then every file's kind."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DoclintError(f"{folder}: 不是文件夹")
    pkg = Package(folder)
    declared: dict[str, str] = {}
    if (folder / MANIFEST).is_file():
        pkg.manifest = folder / MANIFEST
        declared = _apply_manifest(pkg, pkg.manifest)
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        rel = "/".join(parts)
        if not path.is_file() or rel == MANIFEST or any(p.startswith((".", "~$")) for p in parts):
            continue
        if rel in declared:
            pkg.materials.append(Material(path, declared[rel], "manifest"))
            continue
        kind, how = recognise(path.name)
        if kind is None and path.suffix.lower() in SUFFIXES:
            kind, how = recognise(path.name, _read_text(path))
        pkg.materials.append(Material(path, kind, how))
    return pkg


# --- what is required, what is missing ----------------------------------------

def required_materials(package: Package, market_related: bool = False) -> list[str]:
    """Kinds of material 四 requires for this package, in 四's order."""
    kinds = [k for k in CORE if package.government_name or k not in DEPARTMENT_EXEMPT]
    if market_related:
        kinds.append("fair_competition")
    if package.major:
        kinds += ["expert_opinion", "risk_assessment"]
    return kinds


def missing_materials(package: Package, market_related: bool = False) -> list[str]:
    """Required kinds with no file in the package."""
    have = package.kinds
    return [k for k in required_materials(package, market_related) if k not in have]


# --- 起草说明 ------------------------------------------------------------------

# 四: 起草说明（包括制定的依据、必要性和制定过程、所要解决的主要问题、拟采取的主要措施等）
EXPLANATION_ELEMENTS: dict[str, str] = {
    "依据": r"依据|根据|依照|按照《|遵照|上位法|法律法规|法律、(行政)?法规",
    "必要性": r"必要|背景|目的|意义|紧迫|迫切|亟[需待须]|急需|需要制定|现实需要|为什么",
    "制定过程": r"(制定|起草|修订|编制|工作)(过程|经过|情况)|征求.{0,10}意见|调研|座谈|论证|讨论|审议|修改完善|反复修改|会签",
    "主要问题": r"问题|短板|不足|困难|难点|痛点|瓶颈|矛盾|隐患|不规范|不健全|不完善",
    "主要措施": r"措施|举措|主要内容|主要规定|主要条款|具体内容|(共|分为).{0,4}(章|条|节|部分)|明确了|规定了|提出了",
}


def drafting_explanation_gaps(text: str) -> list[str]:
    """Elements of 四's 起草说明 that no words in `text` address."""
    return [name for name, pattern in EXPLANATION_ELEMENTS.items() if not re.search(pattern, text)]


# --- who reviews (三) -----------------------------------------------------------

def reviewing_body(package: Package) -> str:
    """Who reviews the package's draft, per 朔政办发〔2019〕40号 三, in Chinese."""
    level = package.level
    if level is None:
        raise DoclintError("package.yaml 没有写明 level（制定机关层级），无法确定审核机构")
    county = level.startswith("县")
    justice = "县（市、区）司法行政部门" if county or level in TOWNSHIP_LEVELS else "市司法行政部门"
    if package.government_name:
        drafter = f"（{package.drafting_department}）" if package.drafting_department else ""
        return f"先由起草部门{drafter}内部法制机构或承担法制工作的机构审核，再由同级司法行政部门（{justice}）审核"
    if level in TOWNSHIP_LEVELS:
        return justice
    own = f"{package.issuer}的" if package.issuer else "本部门"
    if not county:
        return f"{own}内部审核机构"
    if package.has_review_body:
        return f"{own}审核机构"
    note = "" if package.has_review_body is False else "（package.yaml 未写明 has_review_body，按未明确审核机构处理）"
    return justice + note
