"""Properties that must hold for any applicant: checked with generated rows (hypothesis)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.policies.catalogue import load_catalogue
from ansinh.policies.engine import evaluate, explain

AS_OF = dt.date(2021, 11, 15)
days = st.dates(min_value=dt.date(2021, 3, 1), max_value=dt.date(2022, 2, 28))
maybe_bool = st.none() | st.booleans()


@st.composite
def suspension_rows(draw: st.DrawFn) -> dict[str, object]:
    start = draw(days)
    return {
        "record_id": "r",
        "start_date": start,
        "end_date": start + dt.timedelta(days=draw(st.integers(-5, 120))),
        "si_participating": draw(maybe_bool),
        "pregnant": draw(st.booleans()),
        "children_under_6": draw(st.integers(0, 4)),
    }


@settings(max_examples=40, deadline=None)
@given(st.lists(suspension_rows(), min_size=1, max_size=8))
def test_amount_is_zero_exactly_when_not_eligible_and_explain_agrees(rows: list[dict[str, object]]) -> None:
    policy = load_catalogue().get("nq68-tam-hoan")
    frame = pl.DataFrame(
        rows, schema_overrides={"children_under_6": pl.Int64, "si_participating": pl.Boolean}
    )
    result = evaluate(frame, policy, as_of=AS_OF)
    for row, out in zip(rows, result.iter_rows(named=True), strict=True):
        assert (out["amount_vnd"] > 0) == out["eligible"]
        assert out["eligible"] == (out["failed_conditions"] == [])
        single = explain(policy, {k: v for k, v in row.items() if k != "record_id"}, as_of=AS_OF)
        assert (single.eligible, single.amount_vnd, list(single.failed_conditions)) == (
            out["eligible"],
            out["amount_vnd"],
            out["failed_conditions"],
        )
        if out["eligible"]:
            add_ons = 1_000_000 * (int(bool(row["pregnant"])) + int(row["children_under_6"]))  # type: ignore[call-overload]
            assert out["amount_vnd"] - add_ons in (1_855_000, 3_710_000)


@settings(max_examples=40, deadline=None)
@given(start=days, length=st.integers(0, 80), status=st.sampled_from(["F0", "F1"]))
def test_meal_money_never_exceeds_the_cap_and_grows_with_days(
    start: dt.date, length: int, status: str
) -> None:
    policy = load_catalogue().get("nq68-f0-f1")
    cap = 45 if status == "F0" else 21
    frame = pl.DataFrame(
        {
            "record_id": ["short", "long"],
            "status": [status, status],
            "start_date": [start, start],
            "end_date": [start + dt.timedelta(days=length), start + dt.timedelta(days=length + 1)],
        }
    )
    short, long = evaluate(frame, policy, as_of=AS_OF)["amount_vnd"].to_list()
    assert 0 <= short <= long <= cap * 80_000
    assert long - short in (0, 80_000)
