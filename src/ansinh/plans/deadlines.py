"""Deadlines of plan tasks: the kinds the seed plan uses, the date each implies, and alert states.

Pure functions of plain values (no Django): the models, the board, the alerts job and the calendar all
ask here, so "overdue" means the same thing everywhere. Working days come from ansinh.kernel.calendar
(Vietnamese holidays, Labour Code 2019 Art. 112).
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from dataclasses import dataclass

from ansinh.kernel.calendar import add_working_days, is_working_day, working_days_between

# "Sắp đến hạn": within this many working days (the Office urges units three working days ahead).
DUE_SOON_WORKING_DAYS = 3

FIXED, WITHIN_MONTH, RECURRING, PER_BATCH, EXTERNAL, CONTINUOUS = (
    "fixed",
    "within_month",
    "recurring",
    "per_batch",
    "external",
    "continuous",
)


@dataclass(frozen=True)
class DeadlineFacts:
    """What a task says about its deadline (a plain copy of the Task fields)."""

    kind: str
    due_date: dt.date | None = None
    due_month: dt.date | None = None
    cycle: str = ""  # "weekly" | "monthly"
    cycle_day: int | None = None  # weekday 1–5 (Mon–Fri) or day of month
    starts_on: dt.date | None = None
    last_report_on: dt.date | None = None


def month_end(first: dt.date) -> dt.date:
    """Last calendar day of the month of ``first``: "trong tháng 9/2021" ends on 30/09/2021."""
    return first.replace(day=std_calendar.monthrange(first.year, first.month)[1])


def last_working_day_on_or_before(day: dt.date) -> dt.date:
    """A deadline that falls on a weekend or holiday is due on the working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def next_cycle_date(cycle: str, cycle_day: int | None, after: dt.date) -> dt.date:
    """The first reporting date of the cycle strictly after ``after`` (moved back to a working day)."""
    if cycle == "weekly":
        weekday = (cycle_day or 5) - 1  # default Friday
        days = (weekday - after.weekday()) % 7 or 7
        return last_working_day_on_or_before(after + dt.timedelta(days=days))
    day_of_month = cycle_day or 25
    year, month = after.year, after.month
    for _ in range(3):
        last = std_calendar.monthrange(year, month)[1]
        candidate = dt.date(year, month, min(day_of_month, last))
        if candidate > after:
            return last_working_day_on_or_before(candidate)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable")  # pragma: no cover


def effective_due(facts: DeadlineFacts) -> dt.date | None:
    """The date by which the task (or its next report) is due; None for continuous work.

    fixed / external schedule / per batch: the date entered (the current batch's or allocation's deadline);
    within a month: the month's last working day; recurring: the next cycle date after the last report.
    """
    if facts.kind == WITHIN_MONTH and facts.due_month:
        return last_working_day_on_or_before(month_end(facts.due_month))
    if facts.kind == RECURRING and facts.cycle:
        anchor = facts.last_report_on or (facts.starts_on - dt.timedelta(days=1) if facts.starts_on else None)
        return next_cycle_date(facts.cycle, facts.cycle_day, anchor) if anchor else None
    if facts.kind in (FIXED, PER_BATCH, EXTERNAL):
        return facts.due_date
    return None


@dataclass(frozen=True)
class DeadlineState:
    due: dt.date | None
    state: str  # "overdue" | "due_soon" | "on_track" | "no_deadline" | "closed"
    working_days_left: int | None  # negative when overdue
    kind: str = ""

    @property
    def label(self) -> str:
        if self.state == "overdue":
            return f"Quá hạn {-(self.working_days_left or 0)} ngày làm việc"
        if self.state == "due_soon":
            left = self.working_days_left or 0
            return "Đến hạn hôm nay" if left == 0 else f"Còn {left} ngày làm việc"
        if self.state == "on_track":
            return f"Còn {self.working_days_left} ngày làm việc"
        if self.state == "closed":
            return "Đã đóng"
        return _OPEN_LABELS.get(self.kind, "Chưa có ngày hạn")


_OPEN_LABELS = {
    CONTINUOUS: "Thường xuyên",
    PER_BATCH: "Theo từng đợt",
    EXTERNAL: "Theo lịch bên ngoài",
    RECURRING: "Định kỳ",
}


def deadline_state(facts: DeadlineFacts, *, today: dt.date, closed: bool) -> DeadlineState:
    """Overdue when the due date has passed and the task is open; due soon within DUE_SOON_WORKING_DAYS."""
    due = effective_due(facts)
    if closed:
        return DeadlineState(due, "closed", None, facts.kind)
    if due is None:
        return DeadlineState(None, "no_deadline", None, facts.kind)
    left = working_days_between(today, due)
    if due < today:
        return DeadlineState(due, "overdue", min(left, -1), facts.kind)
    if left <= DUE_SOON_WORKING_DAYS:
        return DeadlineState(due, "due_soon", left, facts.kind)
    return DeadlineState(due, "on_track", left, facts.kind)


def due_after_working_days(start: dt.date, days: int) -> dt.date:
    """Deadline of a playbook measure: ``days`` working days after the regime takes effect."""
    return add_working_days(start, days)
