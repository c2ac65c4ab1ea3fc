"""The predicate language on its own: operators, null handling, calendar arithmetic, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from ansinh.policies.engine.expressions import CompileContext, PredicateError, compile_node

COLUMNS = {"a": "date", "b": "date", "n": "int", "flag": "bool", "s": "enum"}


def _run(node: Any, frame: dict[str, list[Any]], params: dict[str, Any] | None = None) -> list[Any]:
    ctx = CompileContext(columns=COLUMNS, derived={}, params=params or {})
    return pl.DataFrame(frame).select(compile_node(node, ctx).alias("x"))["x"].to_list()


def test_days_counts_both_ends_and_overlap_clips_to_the_window() -> None:
    frame = {
        "a": [dt.date(2021, 4, 20), dt.date(2022, 1, 2)],
        "b": [dt.date(2021, 5, 14), dt.date(2022, 1, 9)],
    }
    assert _run({"days": ["a", "b"]}, frame) == [25, 8]
    window = {"overlap_days": ["a", "b", dt.date(2021, 5, 1), dt.date(2021, 12, 31)]}
    assert _run(window, frame) == [14, 0]


def test_missing_values_stay_missing() -> None:
    frame = {"a": [None, dt.date(2021, 7, 1)], "b": [dt.date(2021, 7, 9), None]}
    assert _run({"min": ["a", "b"]}, frame) == [None, None]
    assert _run({"overlap_days": ["a", "b", dt.date(2021, 5, 1), dt.date(2021, 12, 31)]}, frame) == [
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2021, 7, 15), 1, dt.date(2021, 8, 15)),
        (dt.date(2021, 1, 31), 1, dt.date(2021, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2021, 5, 31), 1, dt.date(2021, 6, 30)),
        (dt.date(2021, 12, 31), 2, dt.date(2022, 2, 28)),
    ],
)
def test_add_months_follows_the_calendar(start: dt.date, months: int, expected: dt.date) -> None:
    assert _run({"add_months": ["a", months]}, {"a": [start]}) == [expected]


def test_add_years_and_dates_outside_the_table() -> None:
    frame = {"a": [dt.date(2008, 2, 29), dt.date(2005, 8, 1), dt.date(1700, 1, 1)]}
    assert _run({"add_years": ["a", 16]}, frame) == [dt.date(2024, 2, 29), dt.date(2021, 8, 1), None]
    assert _run({"add_years": ["a", 1]}, {"a": [dt.date(2008, 2, 29)]}) == [dt.date(2009, 2, 28)]


def test_bracket_picks_the_highest_tier_reached() -> None:
    tiers = [{"min": 0, "amount": 1}, {"min": 12, "amount": 2}, {"min": 60, "amount": 3}]
    assert _run({"bracket": ["n", "param.t"]}, {"n": [0, 11, 12, 59, 60, None]}, {"t": tiers}) == [
        1,
        1,
        2,
        2,
        3,
        None,
    ]


def test_in_with_literal_list_and_lit() -> None:
    assert _run({"in": ["s", ["F0", "F1"]]}, {"s": ["F0", "F2", None]})[:2] == [True, False]
    assert _run({"eq": ["s", {"lit": "F1"}]}, {"s": ["F0", "F1"]}) == [False, True]


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"gte": ["a", "b"]}, "unknown operator 'gte'"),
        ({"le": ["a", "c"]}, "unknown column or derived value 'c'"),
        ({"le": ["a", "param.nope"]}, "unknown parameter"),
        ({"le": ["a", 5]}, "mixes kinds"),
        ({"le": ["a"]}, "takes a list of 2"),
        ({"le": ["a", "b"], "ge": ["a", "b"]}, "exactly one key"),
        ({"add_months": ["a", "n"]}, "whole number"),
        ("__import__('os')", "unknown column"),
    ],
)
def test_malformed_nodes_are_rejected(node: Any, message: str) -> None:
    with pytest.raises(PredicateError, match=message):
        compile_node(node, CompileContext(columns=COLUMNS, derived={}, params={}))
