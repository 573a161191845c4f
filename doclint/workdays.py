"""Working-day calendar for the review period (朔政办发〔2019〕40号 六).

A day is a working day when it is a Monday–Friday that is not an official
holiday, or a weekend day that the State Council declared a make-up working day
(调休上班). For the years `chinese_calendar` knows (2004–2026 in 1.11.0) its data
is used. Later years come from override files ``rulesets/calendar/<year>.yaml``
(format in ``rulesets/calendar/README.md``); an override file for a year
replaces `chinese_calendar` for that whole year.

A year with neither raises :class:`YearNotCovered`, unless the calendar was made
with ``weekends_only=True``: then only weekends are off, and a warning string is
recorded in ``Calendar.warnings``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import chinese_calendar
import yaml
from yaml.constructor import SafeConstructor

from doclint.errors import DoclintError, RulesetError

Date = dt.date

_PKG = Path(__file__).resolve().parent
# Installed: doclint/rulesets/calendar; source checkout: <repo>/rulesets/calendar.
BUNDLED_DIRS = (_PKG / "rulesets" / "calendar", _PKG.parent / "rulesets" / "calendar")

_CC_YEARS = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)


class YearNotCovered(DoclintError):
    """No holiday data for a year and weekends-only counting was not chosen."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"缺少{year}年的节假日和调休安排，无法按工作日计算审核期限。"
            f"请在 rulesets/calendar/{year}.yaml 中按国务院办公厅公布的{year}年部分节假日安排"
            f"添加该年的放假日期（holidays）和调休上班日期（workdays），格式见 rulesets/calendar/README.md；"
            f"或选择仅按周末计算（weekends_only），结果可能不准确。"
        )


@dataclass(frozen=True)
class YearOverride:
    """Holiday data of one year read from an override file."""

    year: int
    source: str
    holidays: frozenset[Date]
    workdays: frozenset[Date]
    path: Path


# --- YAML with line numbers (shared with doclint.package) -------------------

def compose_yaml(path: Path) -> yaml.Node | None:
    """Parse a YAML file into nodes (which carry line numbers)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(path, None, f"无法读取文件：{exc}") from exc
    try:
        return yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise RulesetError(path, line, f"YAML 语法错误：{getattr(exc, 'problem', exc)}") from exc


def node_line(node: yaml.Node) -> int:
    """1-based line of a node."""
    return node.start_mark.line + 1


def node_value(node: yaml.Node) -> Any:
    """Plain Python value of a node (dates become datetime.date)."""
    return SafeConstructor().construct_object(node, deep=True)


def mapping_items(node: yaml.Node, path: Path, allowed: Iterable[str], what: str):
    """Yield (key, key_node, value_node) of a mapping, rejecting unknown keys."""
    if not isinstance(node, yaml.MappingNode):
        raise RulesetError(path, node_line(node), f"{what}应为“键: 值”形式的映射")
    allowed = tuple(allowed)
    seen = set()
    for key_node, value_node in node.value:
        key = node_value(key_node)
        if key not in allowed:
            raise RulesetError(
                path, node_line(key_node),
                f"{what}中有未知的键“{key}”，允许的键为：{'、'.join(allowed)}")
        if key in seen:
            raise RulesetError(path, node_line(key_node), f"{what}中的键“{key}”重复")
        seen.add(key)
        yield key, key_node, value_node


def as_date(node: yaml.Node, path: Path, what: str) -> Date:
    """A YAML date value written YYYY-MM-DD (quoted or not)."""
    try:
        return Date.fromisoformat(str(node.value).strip())
    except (TypeError, ValueError):
        raise RulesetError(
            path, node_line(node), f"{what}“{node.value}”不是有效的 YYYY-MM-DD 日期") from None


# --- override files ----------------------------------------------------------

_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$")


def _dates(node: yaml.Node, path: Path, key: str, year: int) -> set[Date]:
    """Dates of a list whose items are dates or "first..last" ranges (inclusive)."""
    if not isinstance(node, yaml.SequenceNode):
        raise RulesetError(path, node_line(node), f"{key} 应为日期列表")
    out: set[Date] = set()
    for item in node.value:
        line = node_line(item)
        match = _RANGE.match(item.value) if isinstance(item, yaml.ScalarNode) else None
        if match:
            try:
                first, last = (Date.fromisoformat(g) for g in match.groups())
            except ValueError as exc:
                raise RulesetError(path, line, f"{key} 中的日期范围“{item.value}”无效：{exc}")
            if last < first:
                raise RulesetError(path, line, f"日期范围“{item.value}”的结束日期早于开始日期")
            days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
        else:
            days = [as_date(item, path, f"{key} 中的")] if isinstance(item, yaml.ScalarNode) else []
            if not days:
                raise RulesetError(path, line, f"{key} 的每一项应为日期或日期范围（如 2027-10-01..2027-10-07）")
        for day in days:
            if day.year != year:
                raise RulesetError(path, line, f"{key} 中的日期 {day} 不在 {year} 年内")
            if key == "workdays" and day.weekday() < 5:
                raise RulesetError(
                    path, line, f"调休上班日 {day} 是周一至周五，本来就是工作日；workdays 只列周六、周日的调休上班日")
        out.update(days)
    return out


def load_override(path: Path | str) -> YearOverride:
    """Read and validate one override file; malformed → RulesetError(file:line)."""
    path = Path(path)
    root = compose_yaml(path)
    if root is None:
        raise RulesetError(path, 1, "文件为空")
    fields: dict[str, yaml.Node] = {}
    for key, _, value_node in mapping_items(root, path, ("year", "source", "holidays", "workdays"), "节假日文件"):
        fields[key] = value_node
    for key in ("year", "source", "holidays"):
        if key not in fields:
            raise RulesetError(path, node_line(root), f"缺少必填键“{key}”")
    year = node_value(fields["year"])
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise RulesetError(path, node_line(fields["year"]), f"year 应为四位年份，而不是“{year}”")
    if path.stem != str(year):
        raise RulesetError(path, node_line(fields["year"]), f"year 为 {year}，文件名应为 {year}.yaml")
    source = node_value(fields["source"])
    if not isinstance(source, str) or not source.strip():
        raise RulesetError(
            path, node_line(fields["source"]), "source 应写明放假安排的出处（如国务院办公厅通知的网址或文号）")
    holidays = _dates(fields["holidays"], path, "holidays", year)
    workdays = _dates(fields["workdays"], path, "workdays", year) if "workdays" in fields else set()
    both = sorted(holidays & workdays)
    if both:
        raise RulesetError(path, node_line(fields["workdays"]), f"{both[0]} 同时列在 holidays 和 workdays 中")
    return YearOverride(year, source.strip(), frozenset(holidays), frozenset(workdays), path)


# --- the calendar ------------------------------------------------------------

class Calendar:
    """Answers is_workday(date) from chinese_calendar plus override files.

    ``override_dirs``: folders whose ``<year>.yaml`` files are override files,
    default the bundled ``rulesets/calendar``; when two folders define the same
    year, the later folder wins. ``weekends_only``: for a year without data,
    count Monday–Friday as working days and record a warning instead of raising.
    """

    def __init__(self, override_dirs: Iterable[Path | str] | None = None, *,
                 weekends_only: bool = False):
        self.weekends_only = weekends_only
        self.warnings: list[str] = []
        self._years: dict[int, YearOverride] = {}
        if override_dirs is None:
            override_dirs = [d for d in BUNDLED_DIRS if d.is_dir()][:1]
        for folder in map(Path, override_dirs):
            if not folder.is_dir():
                raise RulesetError(folder, None, "节假日数据目录不存在")
            for file in sorted(folder.glob("*.yaml")):
                override = load_override(file)
                self._years[override.year] = override

    def covers(self, year: int) -> bool:
        """True when holiday data exists for `year` (override file or chinese_calendar)."""
        return year in self._years or year in _CC_YEARS

    def source(self, year: int) -> str | None:
        """Where the data for `year` comes from, or None when not covered."""
        if year in self._years:
            ov = self._years[year]
            return f"{ov.path}（{ov.source}）"
        return "chinesecalendar" if year in _CC_YEARS else None

    def weekends_only_warning(self, year: int) -> str | None:
        """The warning recorded for an uncovered year counted by weekends only."""
        if self.covers(year) or not self.weekends_only:
            return None
        return (f"{year}年的节假日和调休安排尚无数据，已仅按周末计算工作日，结果可能不准确；"
                f"请在 rulesets/calendar/{year}.yaml 中补充该年安排。")

    def is_workday(self, day: Date) -> bool:
        """Whether `day` is a working day; raises YearNotCovered for a year without data."""
        if isinstance(day, dt.datetime):
            day = day.date()
        ov = self._years.get(day.year)
        if ov is not None:
            return day in ov.workdays or (day.weekday() < 5 and day not in ov.holidays)
        if day.year in _CC_YEARS:
            return chinese_calendar.is_workday(day)
        if not self.weekends_only:
            raise YearNotCovered(day.year)
        warning = self.weekends_only_warning(day.year)
        if warning not in self.warnings:
            self.warnings.append(warning)
        return day.weekday() < 5
