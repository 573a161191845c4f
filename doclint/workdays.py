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

from doclint.errors import DoclintError, RulesetError
from doclint.yamlutil import LineDict, LineList, load_yaml

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


# --- override files ----------------------------------------------------------

_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")
_KEYS = ("year", "source", "holidays", "workdays")


def parse_date(value: Any) -> Date | None:
    """A date written YYYY-MM-DD (a YAML date or a string), else None."""
    if isinstance(value, Date) and not isinstance(value, dt.datetime):
        return value
    try:
        return Date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def _dates(data: LineDict, key: str, path: Path, year: int) -> set[Date]:
    """Dates of a list whose items are dates or "first..last" ranges (inclusive)."""
    items = data.get(key)
    if not isinstance(items, LineList):
        raise RulesetError(path, data.line_of(key), f"{key} 应为日期列表")
    out: set[Date] = set()
    for item, line in zip(items, items.item_lines):
        match = _RANGE.match(item.strip()) if isinstance(item, str) else None
        first, last = map(parse_date, match.groups()) if match else (parse_date(item),) * 2
        if first is None or last is None:
            raise RulesetError(
                path, line, f"{key} 中的“{item}”不是有效的 YYYY-MM-DD 日期或日期范围（如 2027-10-01..2027-10-07）")
        if last < first:
            raise RulesetError(path, line, f"日期范围“{item}”的结束日期早于开始日期")
        for day in (first + dt.timedelta(n) for n in range((last - first).days + 1)):
            if day.year != year:
                raise RulesetError(path, line, f"{key} 中的日期 {day} 不在 {year} 年内")
            if key == "workdays" and day.weekday() < 5:
                raise RulesetError(
                    path, line, f"调休上班日 {day} 是周一至周五，本来就是工作日；workdays 只列周六、周日的调休上班日")
            out.add(day)
    return out


def load_override(path: Path | str) -> YearOverride:
    """Read and validate one override file; malformed → RulesetError(file:line)."""
    path = Path(path)
    try:
        data = load_yaml(path)
    except ValueError as exc:  # an impossible unquoted date such as 2027-02-30
        raise RulesetError(path, None, f"日期无效：{exc}") from None
    if not isinstance(data, LineDict):
        raise RulesetError(path, getattr(data, "line", 1), "节假日文件应为“键: 值”形式的映射")
    for key in data:
        if key not in _KEYS:
            raise RulesetError(path, data.line_of(key), f"未知的键“{key}”，允许的键为：{'、'.join(_KEYS)}")
    for key in _KEYS[:3]:
        if key not in data:
            raise RulesetError(path, data.line, f"缺少必填键“{key}”")
    year = data["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        raise RulesetError(path, data.line_of("year"), f"year 应为四位年份，而不是“{year}”")
    if path.stem != str(year):
        raise RulesetError(path, data.line_of("year"), f"year 为 {year}，文件名应为 {year}.yaml")
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise RulesetError(
            path, data.line_of("source"), "source 应写明放假安排的出处（如国务院办公厅通知的网址或文号）")
    holidays = _dates(data, "holidays", path, year)
    workdays = _dates(data, "workdays", path, year) if "workdays" in data else set()
    both = sorted(holidays & workdays)
    if both:
        raise RulesetError(path, data.line_of("workdays"), f"{both[0]} 同时列在 holidays 和 workdays 中")
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
