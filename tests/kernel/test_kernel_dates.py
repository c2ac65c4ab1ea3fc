"""Dates from text, Excel serials and real dates; day/month order per column."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.kernel.dates import excel_serial_to_date, normalise_dates, parse_date
from ansinh.kernel.text import fold

TODAY = dt.date(2026, 11, 29)
D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13/07/2021", D(2021, 7, 13)),
        ("13-07-2021", D(2021, 7, 13)),
        ("13.07.2021", D(2021, 7, 13)),
        ("2021-07-05", D(2021, 7, 5)),
        ("2021/07/05", D(2021, 7, 5)),
        ("2021-07-05 00:00:00", D(2021, 7, 5)),
        ("2021-07-05T08:30:00", D(2021, 7, 5)),
        ("13/07/2021 08:30", D(2021, 7, 13)),
        ("20210705", D(2021, 7, 5)),
        ("13072021", D(2021, 7, 13)),
        ("ngày 05 tháng 7 năm 2021", D(2021, 7, 5)),
        ("Ngày 5 tháng 07 năm 2021", D(2021, 7, 5)),
        ("05 tháng 7 năm 2021", D(2021, 7, 5)),
        ("NGÀY 05 THÁNG 7 NĂM 2021", D(2021, 7, 5)),
        ("5 tháng 7, 2021", D(2021, 7, 5)),
        ("  13/7/2021  ", D(2021, 7, 13)),
        ("44382", D(2021, 7, 5)),
        ("44382.5", D(2021, 7, 5)),
        ("29/02/2020", D(2020, 2, 29)),
        ("Ngày 13/7/2021", D(2021, 7, 13)),
        ("13 / 07 / 2021", D(2021, 7, 13)),
        ("13/07/2021.", D(2021, 7, 13)),
        ("13-7-21", D(2021, 7, 13)),
    ],
)
def test_event_date_styles(raw, expected):
    result = parse_date(raw, kind="event", today=TODAY)
    assert result.value == expected
    assert result.issues == ()


@pytest.mark.parametrize(
    ("raw", "issue"),
    [
        ("31/02/2021", "date.invalid"),
        ("29/02/2021", "date.invalid"),
        ("32/01/2021", "date.invalid"),
        ("00/01/2021", "date.invalid"),
        ("2021-13-01", "date.invalid"),
        ("hôm qua", "date.unparseable"),
        ("2021", "date.year_only"),  # a year alone is no event date (its own error message)
        ("05/07", "date.unparseable"),
        ("01/01/1899", "date.out_of_range"),
        ("01/01/2101", "date.out_of_range"),
    ],
)
def test_event_date_errors(raw, issue):
    result = parse_date(raw, kind="event", today=TODAY)
    assert result.value is None
    assert result.issues[0] == issue


def test_birth_year_alone():
    for raw in ("1975", "năm 1975", 1975, 1975.0):
        result = parse_date(raw, kind="birth", today=TODAY)
        assert (result.value, result.year_only, result.issues) == (D(1975, 1, 1), True, ())


def test_birth_date_in_the_future_or_before_1900_is_an_error():
    assert parse_date("30/11/2026", kind="birth", today=TODAY).issues == ("date.out_of_range",)
    assert parse_date("29/11/2026", kind="birth", today=TODAY).issues == ()
    assert parse_date("1899", kind="birth", today=TODAY).issues == ("date.out_of_range",)


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("13/7/26", "birth", D(2026, 7, 13)),  # yy <= current yy -> 20yy
        ("13/7/27", "birth", D(1927, 7, 13)),
        ("13/7/95", "birth", D(1995, 7, 13)),
        ("13/7/46", "event", D(2046, 7, 13)),  # events: 20yy up to current yy + 20
        ("13/7/47", "event", D(1947, 7, 13)),
    ],
)
def test_two_digit_year_pivot(raw, kind, expected):
    result = parse_date(raw, kind=kind, today=TODAY)
    assert result.value == expected
    assert ("date.two_digit_year" in result.issues) == (kind == "birth")


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (44382, D(2021, 7, 5)),
        (2958465, D(9999, 12, 31)),
    ],
)
def test_excel_serials_1900_system(serial, expected):
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize("serial", [0, 60, -1, 2958466])
def test_excel_serial_errors(serial):
    with pytest.raises(ValueError):
        excel_serial_to_date(serial)
    assert parse_date(serial, kind="event", today=TODAY).issues == ("date.invalid",)


def test_numeric_column_is_excel_serials_and_real_dates_pass_through():
    numbers = normalise_dates(pl.DataFrame({"d": [44382.0, 61.0, 60.0, None]}), "d", today=TODAY)
    assert numbers["d"].to_list() == [D(2021, 7, 5), D(1900, 3, 1), None, None]
    assert numbers["d__issue"].to_list() == [None, None, "date.invalid", None]
    dates = normalise_dates(
        pl.DataFrame({"d": [dt.datetime(2021, 7, 5, 10, 0)]}), "d", kind="birth", today=TODAY
    )
    assert dates["d"].to_list() == [D(2021, 7, 5)]
    assert dates["d__year_only"].to_list() == [False]


def _column(values, kind="event"):
    return normalise_dates(pl.DataFrame({"d": values}, schema={"d": pl.String}), "d", kind=kind, today=TODAY)


def test_day_first_proven_by_other_rows_means_no_warning():
    out = _column(["05/07/2021", "13/07/2021", "01/02/2020"])
    assert out["d"].to_list() == [D(2021, 7, 5), D(2021, 7, 13), D(2020, 2, 1)]
    assert out["d__issue"].to_list() == [None, None, None]


def test_month_first_proven_by_other_rows_is_applied_and_flagged():
    out = _column(["07/05/2021", "07/13/2021", "12/31/2020", "07/07/2021"])
    assert out["d"].to_list() == [D(2021, 7, 5), D(2021, 7, 13), D(2020, 12, 31), D(2021, 7, 7)]
    assert out["d__issue"].to_list() == ["date.month_first_column", None, None, None]


def test_all_ambiguous_assumes_day_first_and_warns_per_cell():
    out = _column(["05/07/2021", "07/07/2021", "12/01/2021", None, ""])
    assert out["d"].to_list() == [D(2021, 7, 5), D(2021, 7, 7), D(2021, 1, 12), None, None]
    assert out["d__issue"].to_list() == [
        "date.ambiguous_day_month",
        None,
        "date.ambiguous_day_month",
        None,
        None,
    ]
    assert out["d__severity"].to_list() == ["warning", None, "warning", None, None]


def test_conflicting_rows_follow_the_majority_and_reject_the_rest():
    out = _column(["13/07/2021", "14/07/2021", "07/15/2021"])
    assert out["d"].to_list() == [D(2021, 7, 13), D(2021, 7, 14), None]
    assert out["d__issue"].to_list() == [None, None, "date.invalid"]


def test_birth_column_has_year_only_flag():
    out = _column(["1975", "13/07/1980", None], kind="birth")
    assert out["d"].to_list() == [D(1975, 1, 1), D(1980, 7, 13), None]
    assert out["d__year_only"].to_list() == [True, False, None]


def test_lazy_frames_are_supported():
    out = normalise_dates(pl.LazyFrame({"d": ["13/07/2021"]}), "d", today=TODAY).collect()
    assert out["d"].to_list() == [D(2021, 7, 13)]
    assert out.columns == ["d", "d__issues", "d__issue", "d__severity"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=20))
def test_parser_never_crashes_and_gives_a_date_or_an_error(texts):
    out = normalise_dates(pl.DataFrame({"d": texts}, schema={"d": pl.String}), "d", kind="birth", today=TODAY)
    for text, value, issues in zip(texts, out["d"].to_list(), out["d__issues"].to_list(), strict=True):
        if value is None and not issues:
            assert fold(text) == ""  # blank (spaces, control characters): the validator's "required" check
        elif value is None:
            assert issues[0] in ("date.unparseable", "date.invalid", "date.out_of_range")
        else:
            assert D(1900, 1, 1) <= value <= TODAY


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dates(min_value=D(1900, 1, 1), max_value=TODAY), min_size=1, max_size=30))
def test_normalising_the_shown_form_again_is_stable(dates):
    shown = [d.strftime("%d/%m/%Y") for d in dates] + ["13/01/2000"]  # a day-first column, as clerks write
    once = _column(shown, kind="birth")
    assert once["d"].to_list()[:-1] == dates
    again = _column([d.strftime("%d/%m/%Y") for d in once["d"]], kind="birth")
    assert again["d"].to_list() == once["d"].to_list()
