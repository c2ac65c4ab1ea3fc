"""Money formatting/parsing, Vietnamese working days and the issue representation."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.kernel.calendar import add_working_days, is_working_day, vietnam_holidays, working_days_between
from ansinh.kernel.issues import ISSUES, issue_columns, issue_message, issues_long
from ansinh.kernel.money import expr_parse_vnd, format_vnd, parse_vnd

D = dt.date


@pytest.mark.parametrize(
    ("n", "text"),
    [(1855000, "1.855.000 đ"), (0, "0 đ"), (999, "999 đ"), (1000, "1.000 đ"), (-5000, "-5.000 đ")],
)
def test_format_vnd(n, text):
    assert format_vnd(n) == text


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("1.855.000", 1855000),
        ("1,855,000", 1855000),
        ("1855000đ", 1855000),
        ("1855000 đ", 1855000),
        ("1.855.000 VNĐ", 1855000),
        ("1.855.000 vnd", 1855000),
        ("1.855.000 đồng", 1855000),
        ("1.855.000,00", 1855000),
        ("1,855,000.00", 1855000),
        ("1855000.0", 1855000),
        (" 500.000 ", 500000),
        (1855000, 1855000),
        (1855000.0, 1855000),
        ("1.5", None),
        ("1.85.000", None),
        ("12,34", None),
        ("abc", None),
        ("", None),
        (None, None),
        (1.5, None),
    ],
)
def test_parse_vnd_scalar_and_vectorised_agree(text, n):
    assert parse_vnd(text) == n
    if not isinstance(text, (int, float)) or isinstance(text, bool):
        series = pl.Series("m", [text], dtype=pl.String)
        assert series.to_frame().select(expr_parse_vnd(pl.col("m")))["m"].to_list() == [n]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_then_parse_round_trips(n):
    assert parse_vnd(format_vnd(n)) == n


def test_tet_2021_and_substitute_days_are_holidays():
    holidays_2021 = vietnam_holidays(2021)
    assert all(D(2021, 2, day) in holidays_2021 for day in range(10, 17))
    assert D(2021, 5, 3) in holidays_2021  # 1 May 2021 was a Saturday: Monday off
    assert not is_working_day(D(2021, 2, 15))
    assert not is_working_day(D(2021, 9, 2))
    assert not is_working_day(D(2021, 7, 10))  # Saturday
    assert is_working_day(D(2021, 7, 12))


def test_add_working_days_skips_weekends_and_tet():
    assert add_working_days(D(2021, 2, 8), 1) == D(2021, 2, 9)
    assert add_working_days(D(2021, 2, 9), 1) == D(2021, 2, 17)
    assert add_working_days(D(2021, 7, 9), 1) == D(2021, 7, 12)
    assert add_working_days(D(2021, 7, 12), -1) == D(2021, 7, 9)
    assert add_working_days(D(2021, 7, 10), 0) == D(2021, 7, 10)


def test_working_days_between_inverts_add_working_days():
    start = D(2021, 1, 28)
    for n in (0, 1, 5, 10, 30):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2021, 2, 9), D(2021, 2, 17)) == 1
    assert working_days_between(D(2021, 2, 17), D(2021, 2, 9)) == -1


def test_issue_catalogue_has_vietnamese_and_english_messages():
    for code, issue in ISSUES.items():
        assert issue.code == code
        assert issue.severity in ("error", "warning")
        assert issue.message_vi and issue.message_en and issue.message_vi != issue.message_en
    message = issue_message("id.lost_leading_zero_restored", value="70190012345", normalised="070190012345")
    assert message == (
        'Số CCCD/CMND "70190012345" bị mất số 0 ở đầu; hệ thống đã bổ sung thành 070190012345, đề nghị kiểm tra.'
    )
    assert "{normalised}" in issue_message("date.two_digit_year", "en", value="1/1/80")


def test_issue_columns_order_errors_first_and_issues_long():
    frame = pl.DataFrame({"x": [1, 2, 3, None]})
    checks = [(pl.col("x") >= 2, "date.ambiguous_day_month"), (pl.col("x") == 3, "date.invalid")]
    out = frame.with_columns(issue_columns("x", checks, present=pl.col("x").is_not_null()))
    assert out["x__issues"].to_list() == [
        [],
        ["date.ambiguous_day_month"],
        ["date.invalid", "date.ambiguous_day_month"],
        None,
    ]
    assert out["x__issue"].to_list() == [None, "date.ambiguous_day_month", "date.invalid", None]
    assert out["x__severity"].to_list() == [None, "warning", "error", None]
    long = issues_long(out, ["x"])
    assert long.rows() == [
        (1, "x", "date.ambiguous_day_month", "warning"),
        (2, "x", "date.invalid", "error"),
        (2, "x", "date.ambiguous_day_month", "warning"),
    ]
