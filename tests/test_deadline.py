"""Review period (朔政办发〔2019〕40号 六). Every expected date below was counted by
hand on a printed calendar and cross-checked against chinese_calendar.is_workday.
The receipt day is never counted; "#N" = the N-th counted working day."""

from datetime import date

import pytest

from doclint.deadline import DeadlineInputError, Pause, compute_period, pause_kind
from doclint.workdays import Calendar, YearNotCovered

D = date


@pytest.fixture
def cal():
    return Calendar(override_dirs=[])


# Received Fri 2025-09-26. Sat 27 off; Sun 28 调休上班 #1; Mon 29 #2; Tue 30 #3;
# Oct 1–8 国庆/中秋 off; Thu Oct 9 #4; Fri Oct 10 #5; Sat Oct 11 调休上班 #6; Sun 12 off;
# Oct 13–17 #7–#11; Oct 20–23 #12–#15.
NATIONAL_DAY = D(2025, 9, 26)


def test_across_national_day_2025(cal):
    r = compute_period(NATIONAL_DAY, [], cal, completed=D(2025, 10, 14))
    assert (r.start, r.earliest, r.latest) == (D(2025, 9, 28), D(2025, 10, 10), D(2025, 10, 23))
    assert r.working_days_used == 8 and r.status == "ok"
    assert r.explanation == (
        "审核机构于2025年9月26日收到全部材料，收到当日不计入，第1个工作日为2025年9月28日，"
        "第5个工作日为2025年10月10日，第15个工作日为2025年10月23日；审核于2025年10月14日完成，"
        "用时8个工作日，符合不少于5个、不超过15个工作日的要求。")


@pytest.mark.parametrize("completed, used, status", [
    (D(2025, 9, 26), 0, "too_short"),   # same day as receipt
    (D(2025, 10, 8), 3, "too_short"),   # last day of the holiday
    (D(2025, 10, 9), 4, "too_short"),
    (D(2025, 10, 10), 5, "ok"),         # exactly the 5th working day
    (D(2025, 10, 23), 15, "ok"),        # exactly the 15th
    (D(2025, 10, 24), 16, "too_long"),
])
def test_completion_boundaries(cal, completed, used, status):
    r = compute_period(NATIONAL_DAY, [], cal, completed=completed)
    assert (r.working_days_used, r.status) == (used, status)


def test_too_short_and_too_long_explanations(cal):
    short = compute_period(NATIONAL_DAY, [], cal, completed=D(2025, 10, 9))
    assert short.explanation.endswith("审核于2025年10月9日完成，仅用时4个工作日，"
                                      "少于朔政办发〔2019〕40号 六规定的不少于5个工作日。")
    long = compute_period(NATIONAL_DAY, [], cal, completed=D(2025, 10, 24))
    assert "用时16个工作日，超过朔政办发〔2019〕40号 六规定的最长15个工作日" in long.explanation


def test_spring_festival_2025(cal):
    # Received Fri 2025-01-24. Sat 25 off; Sun 26 调休上班 #1; Mon 27 #2; Jan 28–Feb 4 off;
    # Feb 5–7 #3–#5; Sat Feb 8 调休上班 #6; Feb 10–14 #7–#11; Feb 17–20 #12–#15.
    r = compute_period(D(2025, 1, 24), [], cal, completed=D(2025, 2, 21))
    assert (r.start, r.earliest, r.latest) == (D(2025, 1, 26), D(2025, 2, 7), D(2025, 2, 20))
    assert (r.working_days_used, r.status) == (16, "too_long")


def test_spring_festival_2026(cal):
    # Received Thu 2026-02-12. Fri 13 #1; Sat 14 调休上班 #2; Feb 15–23 off; Feb 24–26 #3–#5;
    # Fri 27 #6; Sat 28 调休上班 #7; Mar 2–6 #8–#12; Mar 9–11 #13–#15.
    r = compute_period(D(2026, 2, 12), [], cal, completed=D(2026, 2, 26))
    assert (r.start, r.earliest, r.latest) == (D(2026, 2, 13), D(2026, 2, 26), D(2026, 3, 11))
    assert (r.working_days_used, r.status) == (5, "ok")


def test_pause_spanning_the_holiday(cal):
    # Paused Sep 30–Oct 10: the working days Sep 30, Oct 9, Oct 10 are not counted (the
    # holiday days inside the pause were not working days anyway). Sun 28 #1; Mon 29 #2;
    # Sat Oct 11 #3; Oct 13 #4; Oct 14 #5; Oct 15–17 #6–#8; Oct 20–24 #9–#13; Oct 27 #14; Oct 28 #15.
    pause = Pause(D(2025, 9, 30), D(2025, 10, 10), "返回起草部门修改补充")
    r = compute_period(NATIONAL_DAY, [pause], cal, completed=D(2025, 10, 24))
    assert (r.earliest, r.latest) == (D(2025, 10, 14), D(2025, 10, 28))
    assert r.paused_workdays == 3
    assert (r.working_days_used, r.status) == (13, "ok")     # would be too_long without the pause
    assert r.unlisted_pauses == ()
    assert "（已扣除暂停审核的3个工作日）" in r.explanation


def test_overlapping_pauses_are_merged(cal):
    pauses = [Pause(D(2025, 9, 29), D(2025, 9, 30), "召开协调会"),
              Pause(D(2025, 9, 30), D(2025, 10, 9), "组织专家论证会")]
    r = compute_period(NATIONAL_DAY, pauses, cal, completed=D(2025, 10, 10))
    # Only Sun Sep 28 (#1) and Fri Oct 10 (#2) counted; 3 working days paused.
    assert (r.working_days_used, r.paused_workdays, r.status) == (2, 3, "too_short")


def test_unlisted_pause_reason_is_flagged(cal):
    pause = Pause(D(2025, 10, 9), D(2025, 10, 9), "经办人出差")
    r = compute_period(NATIONAL_DAY, [pause], cal, completed=D(2025, 10, 24))
    assert r.unlisted_pauses == (pause,) and pause.kind is None
    assert r.latest == D(2025, 10, 24) and r.status == "ok"
    assert "暂停事由“经办人出差”不属于第六条所列不计入审核期限的情形" in r.explanation


@pytest.mark.parametrize("reason, kind", [
    ("座谈会", "座谈会"), ("召开企业座谈", "座谈会"), ("协调会", "协调会"),
    ("实地调研", "实地调查"), ("论证会", "论证会"), ("补充征求意见", "补充征求意见"),
    ("返回起草部门修改补充", "返回起草部门修改补充"), ("退回起草部门补充材料", "返回起草部门修改补充"),
    ("节假日", None), ("领导审批", None),
])
def test_pause_kinds(reason, kind):
    assert pause_kind(reason) == kind


def test_emergency_is_exempt(cal):
    r = compute_period(NATIONAL_DAY, [], cal, completed=D(2025, 9, 29), emergency="应对突发公共卫生事件")
    assert r.status == "exempt" and r.working_days_used == 2
    assert r.latest == D(2025, 10, 23)            # still computed for information
    assert "预防、应对和处置突发事件，或执行上级机关的紧急命令和决定" in r.explanation
    assert "（应对突发公共卫生事件）" in r.explanation and "不受" in r.explanation


# Received Fri 2025-11-07, no holidays: Nov 10–14 #1–#5, Nov 17–21 #6–#10, Nov 24–28 #11–#15.
NOVEMBER = D(2025, 11, 7)


def test_finishing_on_the_weekend_after_the_15th_day_is_ok(cal):
    r = compute_period(NOVEMBER, [], cal, completed=D(2025, 11, 29))      # Saturday
    assert (r.earliest, r.latest) == (D(2025, 11, 14), D(2025, 11, 28))
    assert (r.working_days_used, r.status) == (15, "ok")
    r = compute_period(NOVEMBER, [], cal, completed=D(2025, 12, 1))       # Monday
    assert (r.working_days_used, r.status) == (16, "too_long")


@pytest.mark.parametrize("today, used, status", [
    (D(2025, 11, 7), 0, "in_progress"),
    (D(2025, 11, 19), 8, "in_progress"),
    (D(2025, 11, 28), 15, "in_progress"),
    (D(2025, 11, 30), 15, "in_progress"),
    (D(2025, 12, 1), 16, "overdue"),
    (D(2025, 12, 12), 25, "overdue"),
])
def test_open_review(cal, today, used, status):
    r = compute_period(NOVEMBER, [], cal, today=today)
    assert (r.as_of, r.working_days_used, r.status) == (today, used, status)


def test_open_review_explanations(cal):
    r = compute_period(NOVEMBER, [], cal, today=D(2025, 11, 19))
    assert r.explanation.endswith("截至2025年11月19日已用8个工作日，审核尚未完成，"
                                  "应不早于2025年11月14日、不晚于2025年11月28日完成。")
    r = compute_period(NOVEMBER, [], cal, today=D(2025, 12, 1))
    assert "已超过朔政办发〔2019〕40号 六规定的最长15个工作日" in r.explanation


def test_completed_wins_over_today(cal):
    r = compute_period(NOVEMBER, [], cal, completed=D(2025, 11, 14), today=D(2026, 1, 5))
    assert (r.as_of, r.working_days_used, r.status) == (D(2025, 11, 14), 5, "ok")


FAKE_2027 = """\
year: 2027
source: 测试用虚构数据（真实的2027年安排尚未公布）
holidays: [2027-02-06..2027-02-12]
workdays: [2027-02-14]
"""


def test_2027_with_override_file(tmp_path):
    # Received Wed 2027-02-03. Feb 4–5 #1–#2; Feb 6–12 off (invented); Sat 13 off;
    # Sun 14 调休上班 #3; Feb 15–16 #4–#5; Feb 17–19 #6–#8; Feb 22–26 #9–#13; Mar 1–2 #14–#15.
    (tmp_path / "2027.yaml").write_text(FAKE_2027, encoding="utf-8")
    r = compute_period(D(2027, 2, 3), [], Calendar([tmp_path]), completed=D(2027, 3, 3))
    assert (r.start, r.earliest, r.latest) == (D(2027, 2, 4), D(2027, 2, 16), D(2027, 3, 2))
    assert (r.working_days_used, r.status, r.warnings) == (16, "too_long", ())


def test_2027_without_override_raises(cal):
    with pytest.raises(YearNotCovered, match=r"2027年.*rulesets/calendar/2027\.yaml"):
        compute_period(D(2027, 2, 3), [], cal, completed=D(2027, 3, 3))


def test_period_running_into_2027_without_data_raises(cal):
    # Received Thu 2026-12-24: the 15th working day lies in January 2027.
    with pytest.raises(YearNotCovered):
        compute_period(D(2026, 12, 24), [], cal, completed=D(2026, 12, 31))


def test_2027_weekends_only(cal):
    # Weekends only: Feb 4–5 #1–#2; Feb 8–10 #3–#5; Feb 11–12 #6–#7; Feb 15–19 #8–#12; Feb 22–24 #13–#15.
    r = compute_period(D(2027, 2, 3), [], Calendar([], weekends_only=True), completed=D(2027, 3, 3))
    assert (r.start, r.earliest, r.latest) == (D(2027, 2, 4), D(2027, 2, 10), D(2027, 2, 24))
    assert (r.working_days_used, r.status) == (20, "too_long")
    assert len(r.warnings) == 1 and "2027年" in r.warnings[0] and "仅按周末" in r.warnings[0]


def test_bad_input(cal):
    with pytest.raises(DeadlineInputError, match="早于收到全部材料之日"):
        compute_period(NATIONAL_DAY, [], cal, completed=D(2025, 9, 25))
    with pytest.raises(DeadlineInputError, match="结束日期"):
        compute_period(NATIONAL_DAY, [Pause(D(2025, 10, 9), D(2025, 10, 1), "座谈会")], cal,
                       completed=D(2025, 10, 20))
    with pytest.raises(DeadlineInputError, match="之后开始"):
        compute_period(NATIONAL_DAY, [Pause(D(2025, 9, 26), D(2025, 9, 29), "座谈会")], cal,
                       completed=D(2025, 10, 20))
