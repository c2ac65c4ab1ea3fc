"""Layout of the Gantt view and the month calendar: plain positions (percent of the plan's span),
rendered server-side with HTML/CSS (no JavaScript charting library)."""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ansinh.plans.deadlines import effective_due
from ansinh.plans.models import Plan, Task
from ansinh.plans.selectors import facts_of, state_of

MONTH_NAMES = {m: f"Tháng {m}" for m in range(1, 13)}


@dataclass
class GanttMonth:
    label: str
    left: float
    width: float


@dataclass
class GanttRow:
    task: Task
    left: float
    width: float
    done_width: float  # percent of the bar
    style: str  # "fixed" | "open" (continuous / per batch / external without a date)
    state: str
    state_label: str
    due: dt.date | None
    due_left: float | None
    depth: int


@dataclass
class Gantt:
    start: dt.date
    end: dt.date
    months: list[GanttMonth]
    rows: list[GanttRow]
    today_left: float | None


def _position(day: dt.date, start: dt.date, span: int) -> float:
    return round(max(0.0, min(100.0, (day - start).days / span * 100)), 2)


def gantt_for(tasks: Iterable[Task], plan: Plan, *, today: dt.date) -> Gantt:
    """Bars from each task's start to its deadline; open-ended work runs across the whole plan."""
    start, end = plan.starts_on, plan.ends_on
    span = max(1, (end - start).days + 1)
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        last = cursor.replace(day=std_calendar.monthrange(cursor.year, cursor.month)[1])
        left = _position(max(cursor, start), start, span)
        right = _position(min(last, end) + dt.timedelta(days=1), start, span)
        months.append(GanttMonth(f"{cursor.month:02d}/{cursor.year}", left, round(right - left, 2)))
        cursor = last + dt.timedelta(days=1)
    rows = []
    for task in sorted(tasks, key=lambda t: t.order):
        state = state_of(task, today)
        due = effective_due(facts_of(task))
        begin = max(task.starts_on or start, start)
        if due:
            finish, style = min(max(due, begin), end), "fixed"
        else:
            finish, style = end, "open"
        left = _position(begin, start, span)
        width = max(0.8, round(_position(finish + dt.timedelta(days=1), start, span) - left, 2))
        rows.append(
            GanttRow(
                task=task,
                left=left,
                width=width,
                done_width=min(100, task.percent),
                style=style,
                state=state.state,
                state_label=state.label,
                due=due,
                due_left=_position(due, start, span) if due and start <= due <= end else None,
                depth=1 if task.parent_id else 0,
            )
        )
    today_left = _position(today, start, span) if start <= today <= end else None
    return Gantt(start, end, months, rows, today_left)


def month_grid(first: dt.date) -> tuple[list[list[dt.date]], dt.date]:
    """Weeks (Monday first) covering the month of ``first``, and the month's last day."""
    cal = std_calendar.Calendar(firstweekday=0)
    weeks = cal.monthdatescalendar(first.year, first.month)
    last = first.replace(day=std_calendar.monthrange(first.year, first.month)[1])
    return weeks, last
