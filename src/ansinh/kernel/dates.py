"""Dates from what clerks type: text in many styles, Excel serials, real dates; day/month order per column.

Accepted text (after trimming; case and diacritics ignored):

* ``dd/mm/yyyy``, ``d/m/yy``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` (optionally followed by a time; spaces around
  the separators, a leading "ngày" and a trailing full stop tolerated: "Ngày 05 / 7 / 2021.");
* ``yyyy-mm-dd`` / ``yyyy/mm/dd`` (ISO, optionally followed by a time), ``yyyymmdd``;
* ``ngày 05 tháng 7 năm 2021``, ``05 tháng 7 năm 2021``, ``05 tháng 07, 2021``;
* a month by name, as Excel displays it: ``5-Jul-21``, ``05 July 2021``, ``Jul 5, 2021`` (en-US) and
  ``05-thg 7-21`` (vi-VN "thg" abbreviation); never ambiguous, two-digit years as below;
* an Excel serial number written as text ("44382" or "44382.5");
* for birth dates only, a year alone ("1975", "năm 1975") -> 1 January of that year, ``{col}__year_only``;
  a month and year ("T7/1975", "07/1975", "tháng 7 năm 1975") -> the 1st of that month with the warning
  ``date.birth_month_year_only``. For other dates a month and year is the error ``date.month_year_only``
  (its own message: the day is missing), and a year alone the error ``date.year_only``, never "unparseable".

Day/month order (never guessed silently): for the "a/b/yyyy" style the order is decided per COLUMN from the
rows that fit only one order ("13/07/2021" proves day-first, "07/13/2021" month-first); the side with more
proofs wins, day-first on a tie or when nothing proves either (Vietnamese convention). Cells that stay
ambiguous (both numbers <= 12 and different) get a warning unless the column was proven day-first; a row
that only fits the losing order is an error (its "month" is above 12).

Two-digit years: birth dates take 20yy when yy <= the current two-digit year, else 19yy (always with a
warning: a 100-year-old and a newborn look the same); event dates take 20yy up to the current year + 20.

Excel serials use the 1900 date system with Lotus 1-2-3's phantom 29/02/1900 (serial 60): serials 1-59 are
1900-01-01..1900-02-28, serial 60 is rejected as invalid, 61 and up are counted from 1899-12-30.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeVar

import polars as pl

from ansinh.kernel._staging import Tmp
from ansinh.kernel.calendar import today_vn
from ansinh.kernel.issues import issue_columns
from ansinh.kernel.text import expr_fold

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
DateKind = Literal["birth", "event"]

__all__ = ["DateKind", "DateResult", "excel_serial_to_date", "normalise_dates", "parse_date"]

MAX_EXCEL_SERIAL = 2_958_465  # 9999-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MIN_YEAR = 1900
_EVENT_MAX_YEAR = 2100
_TIME = r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[ap]m)?)?"


@dataclass(frozen=True, slots=True)
class DateResult:
    """Parsed date (None when unusable), year-only flag and issue codes (errors first)."""

    value: dt.date | None
    year_only: bool
    issues: tuple[str, ...]


def excel_serial_to_date(n: float) -> dt.date:
    """Excel 1900 date system serial -> date; raises ValueError for serial 60 (29/02/1900) or out of range."""
    days = int(n // 1)
    if days < 1 or days > MAX_EXCEL_SERIAL or days == 60:
        raise ValueError(f"not a valid Excel 1900 serial: {n!r}")
    if days < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=days)
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def _serial_expr(serial: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Return (date, invalid flag) for an Excel serial expression (Float64, may be null)."""
    days = serial.floor().cast(pl.Int64, strict=False)
    ok = (days >= 1) & (days <= MAX_EXCEL_SERIAL) & (days != 60)
    offset = pl.when(days < 60).then(days + 1).otherwise(days)
    date = pl.when(ok).then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=offset))
    return date.cast(pl.Date), days.is_not_null() & ~ok


def _make_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.pad_start(4, "0"),
        month.cast(pl.String).str.pad_start(2, "0"),
        day.cast(pl.String).str.pad_start(2, "0"),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def _int(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Int64, strict=False)


# Separators may carry spaces ("05 / 07 / 2021"); a leading "ngày" and a trailing full stop are tolerated.
_SEP = r"\s*[/\-.]\s*"
_AB = rf"^(?:ngay\s*)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}}){_TIME}\.?$"
_ISO = rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}){_TIME}$"
_WORDS = r"^(?:ngay\s*)?(\d{1,2})\s*(?:thang|th\.?)\s*(\d{1,2})\s*(?:,\s*)?(?:nam\s*)?(\d{4})$"
_COMPACT = r"^(\d{4})(\d{2})(\d{2})$"
_YEAR_ALONE = r"^(?:nam\s*)?(\d{4})$"
# A month and a year without a day: "T7/2021", "th 07-2021", "tháng 7/2021", "tháng 7 năm 2021", "07/2021".
_MONTH_YEAR = r"^(?:thang|th\.?|t)?\s*(\d{1,2})\s*(?:[/\-.]|nam)\s*(\d{4})\.?$"
# A month by name: English as Excel shows it in an en-US locale ("5-Jul-21", "05 Jul 2021", "Jul 5, 2021")
# and Vietnamese Excel's abbreviation "thg" ("05-thg 7-21", "5 Thg7 2021").
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTHS_EN)}
_EN = "(" + "|".join(_MONTHS_EN) + ")[a-z]*\\.?"
_DAY_MONTHNAME = rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*{_EN}[\s\-/.,]*(\d{{4}}|\d{{2}}){_TIME}$"
_MONTHNAME_DAY = rf"^{_EN}\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}}){_TIME}$"
_THG = rf"^(\d{{1,2}})[\s\-/.]*thg\s*(\d{{1,2}})[\s\-/.,]*(\d{{4}}|\d{{2}}){_TIME}$"
# Serials as text: 5 digits (1927-2173); shorter numbers are more likely typos or years than dates.
_SERIAL = r"^(\d{5}(?:\.\d+)?)$"

Stages = list[list[pl.Expr]]


def _text_stages(col: str, t: Tmp, kind: DateKind, today: dt.date) -> Stages:
    """Parse a text column in small materialised steps (one big expression tree is slow to evaluate)."""
    text = t("text")
    field = lambda name, k: pl.col(t.name(name)).struct.field(k)  # noqa: E731
    stages: Stages = [
        # Quotes and the apostrophe that force text are no part of the date (a bracketed note is: "(âm lịch)"
        # makes it a lunar date, so such a cell stays unreadable rather than silently wrong).
        [expr_fold(pl.col(col).cast(pl.String)).alias(t.name("folded"))],
        [
            t("folded").str.strip_chars("'‘’`\"“” ").alias(t.name("text")),
            (t("folded").is_not_null() & (t("folded").str.len_chars() > 0)).alias(t.name("present")),
        ],
        [
            text.str.extract_groups(_AB).alias(t.name("ab")),
            text.str.extract_groups(_ISO).alias(t.name("iso")),
            text.str.extract_groups(_WORDS).alias(t.name("words")),
            text.str.extract_groups(_COMPACT).alias(t.name("compact")),
            _int(text.str.extract(_YEAR_ALONE)).alias(t.name("year_alone")),
            text.str.extract_groups(_MONTH_YEAR).alias(t.name("month_year")),
            text.str.extract_groups(_DAY_MONTHNAME).alias(t.name("dmn")),
            text.str.extract_groups(_MONTHNAME_DAY).alias(t.name("mnd")),
            text.str.extract_groups(_THG).alias(t.name("thg")),
            text.str.extract(_SERIAL).cast(pl.Float64, strict=False).alias(t.name("serial")),
        ],
        [
            _int(field("ab", "1")).alias(t.name("a")),
            _int(field("ab", "2")).alias(t.name("b")),
            field("ab", "3").alias(t.name("ab_year_text")),
            _int(field("compact", "1")).alias(t.name("cy")),
            _int(field("compact", "2")).alias(t.name("cm")),
            _int(field("compact", "3")).alias(t.name("cd")),
            _int(field("month_year", "1")).alias(t.name("my_month")),
            _int(field("month_year", "2")).alias(t.name("my_year")),
            pl.coalesce(_int(field("dmn", "1")), _int(field("mnd", "2")), _int(field("thg", "1"))).alias(
                t.name("nd_day")
            ),
            pl.coalesce(
                field("dmn", "2").replace_strict(_MONTH_NUMBER, default=None, return_dtype=pl.Int64),
                field("mnd", "1").replace_strict(_MONTH_NUMBER, default=None, return_dtype=pl.Int64),
                _int(field("thg", "2")),
            ).alias(t.name("nd_month")),
            pl.coalesce(field("dmn", "3"), field("mnd", "3"), field("thg", "3")).alias(
                t.name("nd_year_text")
            ),
        ],
    ]
    a, b, is_ab = t("a"), t("b"), t("ab_year_text").is_not_null()
    stages.append(
        [
            (is_ab & (a > 12) & (b <= 12)).alias(t.name("proves_dmy")),
            (is_ab & (b > 12) & (a <= 12)).alias(t.name("proves_mdy")),
            (is_ab & (a <= 12) & (b <= 12) & (a != b)).alias(t.name("ambiguous")),
            (
                (is_ab & (t("ab_year_text").str.len_chars() == 2))
                | (t("nd_year_text").str.len_chars() == 2).fill_null(False)
            ).alias(t.name("two_digit")),
            ((t("cy") >= _MIN_YEAR) & (t("cm") <= 12)).alias(t.name("compact_ymd")),
        ]
    )
    stages.append(
        [
            (t("proves_mdy").sum() > t("proves_dmy").sum()).alias(t.name("month_first")),
            (t("proves_dmy").sum() > 0).alias(t.name("any_dmy_proof")),
        ]
    )
    this_yy = today.year % 100
    pivot = this_yy if kind == "birth" else this_yy + 20
    yy = _int(t("ab_year_text"))
    ab_year = pl.when(t("two_digit")).then(pl.when(yy <= pivot).then(2000 + yy).otherwise(1900 + yy))
    ab_year = ab_year.otherwise(yy)
    nd_yy = _int(t("nd_year_text"))
    nd_year = (
        pl.when(nd_yy >= 100).then(nd_yy).when(nd_yy <= pivot).then(2000 + nd_yy).otherwise(1900 + nd_yy)
    )
    is_named = t("nd_year_text").is_not_null()
    month_first = t("month_first")
    is_iso = field("iso", "1").is_not_null()
    is_words = field("words", "3").is_not_null()
    is_compact = t("cy").is_not_null()
    compact_ymd = t("compact_ymd")
    text_digits = t("text")
    is_year_alone = t("year_alone").is_not_null() if kind == "birth" else pl.lit(False)
    # A birth date given as month/year is kept as the 1st of that month (with a warning, like a year alone);
    # an event date without its day cannot be used (support is counted in days): an error that says why.
    is_month_year = t("my_year").is_not_null() if kind == "birth" else pl.lit(False)
    year = (
        pl.when(is_ab)
        .then(ab_year)
        .when(is_iso)
        .then(_int(field("iso", "1")))
        .when(is_words)
        .then(_int(field("words", "3")))
        .when(is_compact)
        .then(pl.when(compact_ymd).then(t("cy")).otherwise(_int(text_digits.str.slice(4, 4))))
        .when(is_named)
        .then(nd_year)
        .when(is_year_alone)
        .then(t("year_alone"))
        .when(is_month_year)
        .then(t("my_year"))
    )
    month = (
        pl.when(is_ab)
        .then(pl.when(month_first).then(a).otherwise(b))
        .when(is_iso)
        .then(_int(field("iso", "2")))
        .when(is_words)
        .then(_int(field("words", "2")))
        .when(is_compact)
        .then(pl.when(compact_ymd).then(t("cm")).otherwise(_int(text_digits.str.slice(2, 2))))
        .when(is_named)
        .then(t("nd_month"))
        .when(is_year_alone)
        .then(1)
        .when(is_month_year)
        .then(t("my_month"))
    )
    day = (
        pl.when(is_ab)
        .then(pl.when(month_first).then(b).otherwise(a))
        .when(is_iso)
        .then(_int(field("iso", "3")))
        .when(is_words)
        .then(_int(field("words", "1")))
        .when(is_compact)
        .then(pl.when(compact_ymd).then(t("cd")).otherwise(_int(text_digits.str.slice(0, 2))))
        .when(is_named)
        .then(t("nd_day"))
        .when(is_year_alone | is_month_year)
        .then(1)
    )
    stages.append(
        [
            year.alias(t.name("Y")),
            month.alias(t.name("M")),
            day.alias(t.name("D")),
            is_year_alone.alias(t.name("year_only")),
            is_month_year.alias(t.name("birth_month_year")),
            (t("my_year").is_not_null() & pl.lit(kind == "event")).alias(t.name("event_month_year")),
            (t("year_alone").is_not_null() & pl.lit(kind == "event")).alias(t.name("event_year_only")),
        ]
    )
    serial_date, serial_invalid = _serial_expr(t("serial"))
    recognised = t("Y").is_not_null()
    is_serial = t("serial").is_not_null()
    stages.append(
        [
            _make_date(t("Y"), t("M"), t("D")).alias(t.name("parsed")),
            serial_date.alias(t.name("serial_date")),
            serial_invalid.alias(t.name("serial_invalid")),
        ]
    )
    parsed = t("parsed")
    stages.append(
        [
            pl.when(recognised).then(parsed).when(is_serial).then(t("serial_date")).alias(t.name("date")),
            (~recognised & ~is_serial & ~t("event_month_year") & ~t("event_year_only")).alias(
                t.name("unparseable")
            ),
            ((recognised & parsed.is_null()) | (is_serial & t("serial_invalid"))).alias(t.name("invalid")),
            (t("ambiguous") & ~month_first & ~t("any_dmy_proof")).alias(t.name("ambiguous_warn")),
            (t("ambiguous") & month_first).alias(t.name("month_first_warn")),
            (t("two_digit") & pl.lit(kind == "birth")).alias(t.name("two_digit_warn")),
        ]
    )
    return stages


def _typed_stages(col: str, t: Tmp, dtype: pl.DataType, kind: DateKind, today: dt.date) -> Stages:
    raw = pl.col(col)
    false = pl.lit(False)
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return [
            [
                raw.cast(pl.Date).alias(t.name("date")),
                false.alias(t.name("year_only")),
                raw.is_not_null().alias(t.name("present")),
            ]
        ]
    number = raw.cast(pl.Float64)
    if kind == "birth":
        is_year = (number >= _MIN_YEAR) & (number <= today.year) & (number == number.floor())
    else:
        is_year = false
    serial_date, serial_invalid = _serial_expr(number)
    year_date = _make_date(_int(number), pl.lit(1), pl.lit(1))
    return [
        [is_year.fill_null(False).alias(t.name("year_only"))],
        [
            pl.when(t("year_only")).then(year_date).otherwise(serial_date).alias(t.name("date")),
            (~t("year_only") & serial_invalid).alias(t.name("invalid")),
            (raw.is_not_null() & ~number.is_nan()).alias(t.name("present")),
        ],
    ]


def normalise_dates(
    frame: FrameT, col: str, *, kind: DateKind = "event", today: dt.date | None = None
) -> FrameT:
    """Replace ``col`` by a Date column; add ``{col}__year_only`` (kind="birth") and the issue columns.

    Accepts a text column (mixed styles allowed), a numeric column (Excel serials; for birth dates an integer
    1900..this year is a year alone) or a Date/Datetime column. ``today`` bounds birth dates and sets the
    two-digit-year pivot (default: the current date).
    """
    today = today or today_vn()
    dtype = frame.collect_schema()[col]
    t = Tmp(col)
    if dtype == pl.Date or isinstance(dtype, pl.Datetime) or dtype.is_numeric():
        stages = _typed_stages(col, t, dtype, kind, today)
    else:
        stages = _text_stages(col, t, kind, today)
    frame = t.apply(frame, stages)
    names = set(frame.collect_schema().names())
    false = pl.lit(False)

    def flag(part: str) -> pl.Expr:
        return t(part) if t.prefix + part in names else false

    date = t("date")
    year = date.dt.year()
    if kind == "birth":
        out_of_range = (year < _MIN_YEAR) | (date > pl.lit(today))
    else:
        out_of_range = (year < _MIN_YEAR) | (year > _EVENT_MAX_YEAR)
    frame = frame.with_columns(out_of_range.fill_null(False).alias(t.name("out_of_range")))
    checks = [
        (flag("event_month_year"), "date.month_year_only"),
        (flag("event_year_only"), "date.year_only"),
        (flag("unparseable"), "date.unparseable"),
        (flag("invalid"), "date.invalid"),
        (t("out_of_range"), "date.out_of_range"),
        (flag("ambiguous_warn"), "date.ambiguous_day_month"),
        (flag("month_first_warn"), "date.month_first_column"),
        (flag("two_digit_warn"), "date.two_digit_year"),
        (flag("birth_month_year") & date.is_not_null(), "date.birth_month_year_only"),
    ]
    value = pl.when(~t("out_of_range")).then(date)
    exprs = [value.alias(col), *issue_columns(col, checks, present=t("present"))]
    if kind == "birth":
        exprs.append(pl.when(value.is_not_null()).then(t("year_only")).alias(f"{col}__year_only"))
    return t.drop(frame.with_columns(exprs))


def parse_date(
    value: object,
    *,
    kind: DateKind = "event",
    order: Literal["auto", "dmy", "mdy"] = "auto",
    today: dt.date | None = None,
) -> DateResult:
    """Scalar parser: the rules of :func:`normalise_dates` for one value.

    ``order="auto"`` treats the value as a column of one (day-first, ambiguous cells warned); "dmy"/"mdy"
    state a known order (no ambiguity warning).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        frame = pl.DataFrame({"v": [value]}, schema={"v": pl.Date})
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        frame = pl.DataFrame({"v": [float(value)]}, schema={"v": pl.Float64})
    else:
        values = [None if value is None else str(value)]
        if order != "auto":
            # One row cannot prove an order: add a row that proves the requested one (its result is dropped).
            values.append("13/01/2000" if order == "dmy" else "01/13/2000")
        frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    out = normalise_dates(frame, "v", kind=kind, today=today).row(0, named=True)
    issues = tuple(out["v__issues"] or ())
    return DateResult(out["v"], bool(out.get("v__year_only") or False), issues)
