"""Working-day calendar: chinese_calendar years, override files, uncovered years."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from doclint.errors import RulesetError
from doclint.workdays import Calendar, YearNotCovered, load_override

# An invented arrangement for the year 2027, used only by tests: the real 2027
# arrangement has not been published. Feb 6–12 off, Sunday Feb 14 worked.
FAKE_2027 = """\
year: 2027
source: 测试用虚构数据
holidays:
  - 2027-01-01
  - 2027-02-06..2027-02-12
workdays:
  - 2027-02-14
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cal():
    return Calendar(override_dirs=[])


def days(first, last):
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def test_national_day_2025(cal):
    # 国庆+中秋 2025: Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked.
    assert cal.is_workday(date(2025, 9, 26))          # Friday
    assert not cal.is_workday(date(2025, 9, 27))      # Saturday
    assert cal.is_workday(date(2025, 9, 28))          # Sunday, 调休上班
    assert not any(cal.is_workday(d) for d in days(date(2025, 10, 1), date(2025, 10, 8)))
    assert cal.is_workday(date(2025, 10, 9))
    assert cal.is_workday(date(2025, 10, 11))         # Saturday, 调休上班
    assert not cal.is_workday(date(2025, 10, 12))
    # The same facts straight from the library, so the test cannot drift from it.
    assert chinese_calendar.get_holiday_detail(date(2025, 9, 28)) == (False, "National Day")
    assert chinese_calendar.get_holiday_detail(date(2025, 10, 11)) == (False, "National Day")


def test_spring_festival_2026_matches_published_notice(cal):
    # 2026 notice (local-data §5): 春节 Feb 15–23 off, Feb 14 and Feb 28 (Saturdays) worked.
    assert not any(cal.is_workday(d) for d in days(date(2026, 2, 15), date(2026, 2, 23)))
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert cal.is_workday(date(2026, 2, 24))
    assert not cal.is_workday(date(2026, 3, 1))


def test_coverage_is_explicit(cal):
    assert cal.covers(2004) and cal.covers(2025) and cal.covers(2026)
    assert not cal.covers(2027)
    assert cal.source(2025) == "chinesecalendar" and cal.source(2027) is None


def test_uncovered_year_raises_clear_error(cal):
    with pytest.raises(YearNotCovered) as info:
        cal.is_workday(date(2027, 3, 1))
    message = str(info.value)
    assert info.value.year == 2027
    assert "2027年" in message and "rulesets/calendar/2027.yaml" in message
    assert "weekends_only" in message


def test_weekends_only_counts_weekdays_and_warns():
    cal = Calendar(override_dirs=[], weekends_only=True)
    assert cal.is_workday(date(2027, 1, 1))           # a Friday; real holiday unknown
    assert not cal.is_workday(date(2027, 1, 2))       # Saturday
    cal.is_workday(date(2027, 1, 4))
    assert len(cal.warnings) == 1 and "2027年" in cal.warnings[0]
    assert "rulesets/calendar/2027.yaml" in cal.warnings[0]
    # Covered years are unaffected and add no warning.
    assert cal.is_workday(date(2025, 9, 28))
    assert len(cal.warnings) == 1


def test_override_file(tmp_path):
    write(tmp_path, "2027.yaml", FAKE_2027)
    cal = Calendar(override_dirs=[tmp_path])
    assert cal.covers(2027)
    assert not cal.is_workday(date(2027, 1, 1))       # listed holiday (Friday)
    assert not any(cal.is_workday(d) for d in days(date(2027, 2, 6), date(2027, 2, 12)))
    assert cal.is_workday(date(2027, 2, 14))          # Sunday, listed make-up day
    assert not cal.is_workday(date(2027, 2, 13))      # Saturday, not listed
    assert cal.is_workday(date(2027, 2, 15))
    assert str(tmp_path / "2027.yaml") in cal.source(2027)


def test_override_replaces_chinese_calendar_for_its_year(tmp_path):
    write(tmp_path, "2025.yaml", "year: 2025\nsource: 测试\nholidays: [2025-03-03]\n")
    cal = Calendar(override_dirs=[tmp_path])
    assert not cal.is_workday(date(2025, 3, 3))
    assert not cal.is_workday(date(2025, 9, 28))      # chinese_calendar's make-up day no longer applies


def test_later_folder_wins(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    write(first, "2027.yaml", FAKE_2027)
    write(second, "2027.yaml", "year: 2027\nsource: 测试\nholidays: [2027-03-01]\n")
    cal = Calendar(override_dirs=[first, second])
    assert cal.is_workday(date(2027, 2, 8)) and not cal.is_workday(date(2027, 3, 1))


def test_bundled_folder_has_no_invented_2027():
    assert not Calendar().covers(2027)


@pytest.mark.parametrize("text, line, words", [
    (FAKE_2027.replace("2027-01-01", "'2027-02-30'"), 4, ["holidays", "2027-02-30"]),
    (FAKE_2027 + "note: x\n", 8, ["未知的键", "note"]),
    (FAKE_2027.replace("2027-02-14", "2027-02-15"), 7, ["2027-02-15", "周一至周五"]),
    (FAKE_2027.replace("2027-02-06..2027-02-12", "2027-02-12..2027-02-06"), 5, ["结束日期早于开始日期"]),
    (FAKE_2027.replace("  - 2027-01-01", "  - 2026-12-31"), 4, ["2026-12-31", "不在 2027 年内"]),
    (FAKE_2027.replace("source: 测试用虚构数据\n", ""), 1, ["source"]),
    (FAKE_2027.replace("source: 测试用虚构数据", "source: ''"), 2, ["source", "出处"]),
    (FAKE_2027.replace("year: 2027", "year: 2028"), 1, ["2028.yaml"]),
    (FAKE_2027.replace("  - 2027-02-14", "  - [2027-02-14]"), 7, ["workdays"]),
    (FAKE_2027.replace("holidays:\n", "holidays: [\n"), 4, ["YAML"]),
], ids=["bad-date", "unknown-key", "weekday-makeup", "reversed-range", "other-year", "no-source",
        "empty-source", "year-vs-filename", "nested-list", "yaml-syntax"])
def test_malformed_override_names_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, "2027.yaml", text)
    with pytest.raises(RulesetError) as info:
        load_override(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    for word in words:
        assert word in info.value.reason


def test_malformed_file_fails_calendar_load(tmp_path):
    write(tmp_path, "2027.yaml", "year: 2027\nsource: x\nholidays: ['2027-13-01']\n")
    with pytest.raises(RulesetError, match=r"2027\.yaml:3: "):
        Calendar(override_dirs=[tmp_path])


def test_impossible_unquoted_date_names_the_file(tmp_path):
    # YAML itself rejects an unquoted 2027-02-30 while parsing, before line numbers are kept.
    path = write(tmp_path, "2027.yaml", FAKE_2027.replace("2027-01-01", "2027-02-30"))
    with pytest.raises(RulesetError, match="日期无效") as info:
        load_override(path)
    assert str(info.value).startswith(str(path))


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(RulesetError, match="不存在"):
        Calendar(override_dirs=[tmp_path / "nope"])
