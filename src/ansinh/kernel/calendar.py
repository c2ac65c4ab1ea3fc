"""Vietnamese working days: Monday-Friday minus public holidays (Labour Code 2019 Art. 112).

Holidays come from the ``holidays`` package (country "VN"): New Year, Tết (with the extra days the package
knows), Hùng Kings, 30/4, 1/5, National Day, and the substitute (compensatory) days it lists. Ad-hoc
swaps decided each year by the Prime Minister that the package does not know can be added with
``extra_holidays`` / ``extra_working_days``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "VIETNAM_TZ",
    "add_working_days",
    "is_working_day",
    "today_vn",
    "vietnam_holidays",
    "working_days_between",
]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def today_vn() -> dt.date:
    """Today's date in Vietnam (the server may run in UTC)."""
    return dt.datetime.now(VIETNAM_TZ).date()


@lru_cache(maxsize=256)
def _holidays_for_year(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def vietnam_holidays(year: int) -> dict[dt.date, str]:
    """The Vietnamese public holidays of ``year`` known to the ``holidays`` package, with their names."""
    return dict(holidays.country_holidays("VN", years=year))


def is_working_day(
    d: dt.date,
    *,
    extra_holidays: Iterable[dt.date] = (),
    extra_working_days: Iterable[dt.date] = (),
) -> bool:
    """True on Monday-Friday that is not a Vietnamese public holiday (incl. Tết and substitute days)."""
    if isinstance(d, dt.datetime):
        d = d.date()
    if d in set(extra_working_days):
        return True
    if d in set(extra_holidays):
        return False
    return d.weekday() < 5 and d not in _holidays_for_year(d.year)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``d`` (before when n < 0); n == 0 returns ``d`` unchanged.

    ``d`` itself does not count: "within 5 working days of receiving the file" = ``add_working_days(received, 5)``.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days in the half-open interval (a, b]; negative when b < a (so add_working_days inverts it)."""
    if b < a:
        return -working_days_between(b, a)
    return sum(is_working_day(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))
