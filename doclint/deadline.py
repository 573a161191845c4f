"""The review period of 朔政办发〔2019〕40号 六 (审核时限).

The measures: review takes "一般不少于5个工作日,但最长不超过15个工作日", counted
"从审核机构收到全部材料之日起"; time spent on 座谈会、协调会、实地调查、论证会、
补充征求意见、返回起草部门修改补充 is not counted; emergencies (预防、应对和处置
突发事件, or executing an urgent order or decision of a higher body) are exempt.

How days are counted here, exactly:

* The day of receipt is not counted (as for any period counted in days,
  民法典第二百零一条: 开始的当日不计入，自下一日开始计算). "第1个工作日" is the
  first working day after ``received``; ``start`` is that day.
* A day counts when ``calendar.is_workday(day)`` and it lies in no pause.
  Pauses are inclusive ranges ``[start, end]``; overlapping pauses are simply
  merged. "第N个工作日" is the N-th counted day.
* ``earliest`` is the 5th counted day, ``latest`` the 15th; pauses move both.
* ``working_days_used`` counts the counted days after ``received`` up to and
  including ``completed`` (or ``today`` while the review is still open).
* Completed review: fewer than 5 days used → ``too_short``; more than 15 →
  ``too_long``; otherwise ``ok``. So finishing on a weekend right after the 15th
  working day is still ``ok`` (15 working days used), and finishing on the
  receipt day itself uses 0 days.
* Open review: more than 15 days used by ``today`` → ``overdue``, otherwise
  ``in_progress`` (``today`` defaults to the system date).
* ``emergency`` set (its reason as free text) → ``exempt``; the dates are still
  computed for information.

A pause whose reason is not one of the six listed kinds is still excluded (the
caller says the review was halted) but is reported in ``unlisted_pauses``, since
the measures only exclude the listed kinds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from doclint.errors import DoclintError
from doclint.workdays import Calendar

Date = dt.date
MIN_DAYS, MAX_DAYS = 5, 15
BASIS = "朔政办发〔2019〕40号 六"

# The six kinds of time the measures exclude, with the words that name them.
PAUSE_KINDS: dict[str, tuple[str, ...]] = {
    "座谈会": ("座谈",),
    "协调会": ("协调会", "协调会议", "协调论证"),
    "实地调查": ("实地调查", "实地调研", "现场调查", "现场调研", "实地考察", "现场踏勘"),
    "论证会": ("论证会", "专家论证", "论证"),
    "补充征求意见": ("补充征求意见", "再次征求意见", "征求意见"),
    "返回起草部门修改补充": ("返回起草部门", "退回起草部门", "退回修改", "返回修改", "修改补充", "补充材料", "补正材料"),
}
EMERGENCY_EXEMPTION = "预防、应对和处置突发事件，或执行上级机关的紧急命令和决定需要立即制定实施规范性文件"


class DeadlineInputError(DoclintError, ValueError):
    """Dates that cannot describe a review (e.g. completion before receipt)."""


def pause_kind(reason: str) -> str | None:
    """The listed kind a free-text pause reason names, or None."""
    for kind, words in PAUSE_KINDS.items():
        if any(word in reason for word in words):
            return kind
    return None


@dataclass(frozen=True)
class Pause:
    """Days (inclusive) on which the review was halted, and why."""

    start: Date
    end: Date
    reason: str

    @property
    def kind(self) -> str | None:
        """The listed kind of this pause, or None when the reason is not one."""
        return pause_kind(self.reason)

    def covers(self, day: Date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ReviewPeriod:
    """Outcome of compute_period; `explanation` is one Chinese sentence."""

    received: Date
    start: Date          # 第1个工作日
    earliest: Date       # 第5个工作日
    latest: Date         # 第15个工作日
    as_of: Date          # completed, or today
    working_days_used: int
    paused_workdays: int  # working days skipped by pauses up to max(latest, as_of)
    pauses: tuple[Pause, ...]
    unlisted_pauses: tuple[Pause, ...]
    status: str          # ok | too_short | too_long | in_progress | overdue | exempt
    explanation: str
    emergency: str | None = None
    warnings: tuple[str, ...] = ()


def _fmt(day: Date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def compute_period(received: Date, pauses: list[Pause], calendar: Calendar,
                   completed: Date | None = None, emergency: str | None = None,
                   today: Date | None = None) -> ReviewPeriod:
    """Compute the review period and judge it against section 六 (see module docs)."""
    as_of = completed or today or Date.today()
    if as_of < received:
        what = "审核完成日期" if completed else "当前日期"
        raise DeadlineInputError(f"{what}{_fmt(as_of)}早于收到全部材料之日{_fmt(received)}")
    for pause in pauses:
        if pause.end < pause.start:
            raise DeadlineInputError(f"暂停期间“{pause.reason}”的结束日期{_fmt(pause.end)}早于开始日期{_fmt(pause.start)}")
        if pause.start <= received:
            raise DeadlineInputError(f"暂停期间“{pause.reason}”应在收到全部材料之日{_fmt(received)}之后开始")

    counted: list[Date] = []
    paused = 0
    day = received
    while len(counted) < MAX_DAYS or day < as_of:
        day += dt.timedelta(days=1)
        if not calendar.is_workday(day):
            continue
        if any(p.covers(day) for p in pauses):
            paused += 1
            continue
        counted.append(day)
    used = sum(1 for d in counted if d <= as_of)
    start, earliest, latest = counted[0], counted[MIN_DAYS - 1], counted[MAX_DAYS - 1]

    if emergency:
        status = "exempt"
    elif completed:
        status = "too_short" if used < MIN_DAYS else "too_long" if used > MAX_DAYS else "ok"
    else:
        status = "overdue" if used > MAX_DAYS else "in_progress"

    unlisted = tuple(p for p in pauses if p.kind is None)
    years = range(received.year, day.year + 1)
    warnings = tuple(w for w in map(calendar.weekends_only_warning, years) if w)
    return ReviewPeriod(
        received, start, earliest, latest, as_of, used, paused, tuple(pauses), unlisted,
        status, _explain(status, received, start, earliest, latest, as_of, used, paused,
                         unlisted, emergency), emergency, warnings)


def _explain(status, received, start, earliest, latest, as_of, used, paused, unlisted, emergency) -> str:
    head = (f"审核机构于{_fmt(received)}收到全部材料，收到当日不计入，"
            f"第1个工作日为{_fmt(start)}，第{MIN_DAYS}个工作日为{_fmt(earliest)}，"
            f"第{MAX_DAYS}个工作日为{_fmt(latest)}")
    if paused:
        head += f"（已扣除暂停审核的{paused}个工作日）"
    if unlisted:
        reasons = "、".join(f"“{p.reason}”" for p in unlisted)
        head += f"；暂停事由{reasons}不属于第六条所列不计入审核期限的情形，应核实能否扣除"
    tail = {
        "exempt": f"；本件属于{EMERGENCY_EXEMPTION}的情形（{emergency}），依照{BASIS}不受"
                  f"不少于{MIN_DAYS}个、不超过{MAX_DAYS}个工作日审核期限的限制。",
        "ok": f"；审核于{_fmt(as_of)}完成，用时{used}个工作日，符合不少于{MIN_DAYS}个、"
              f"不超过{MAX_DAYS}个工作日的要求。",
        "too_short": f"；审核于{_fmt(as_of)}完成，仅用时{used}个工作日，少于{BASIS}"
                     f"规定的不少于{MIN_DAYS}个工作日。",
        "too_long": f"；审核于{_fmt(as_of)}完成，用时{used}个工作日，超过{BASIS}"
                    f"规定的最长{MAX_DAYS}个工作日。",
        "in_progress": f"；截至{_fmt(as_of)}已用{used}个工作日，审核尚未完成，"
                       f"应不早于{_fmt(earliest)}、不晚于{_fmt(latest)}完成。",
        "overdue": f"；截至{_fmt(as_of)}已用{used}个工作日，审核尚未完成，已超过{BASIS}"
                   f"规定的最长{MAX_DAYS}个工作日。",
    }[status]
    return head + tail
