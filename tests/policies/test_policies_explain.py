"""explain() reports every condition, parameter and amount part, using the engine's own expressions."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ansinh.policies.catalogue import load_catalogue
from ansinh.policies.engine import PolicyNotComputable, compile_policy, evaluate, explain


def test_explain_failed_condition_with_message_citation_and_parameters() -> None:
    policy = load_catalogue().get("nq68-tam-hoan")
    result = explain(
        policy,
        {"start_date": dt.date(2021, 7, 1), "end_date": dt.date(2021, 7, 14), "si_participating": True},
        as_of=dt.date(2021, 11, 1),
    )
    assert (result.eligible, result.amount_vnd, result.version) == (False, 0, "qd33-nq126")
    failed = [c for c in result.conditions if not c.passed]
    assert [c.code for c in failed] == ["min_consecutive_days"]
    assert "15 ngày liên tục" in failed[0].message_vi
    assert failed[0].citation.startswith("QĐ 23/2021/QĐ-TTg Điều 13")
    params = {p.name: p.value for p in failed[0].parameters}
    assert params == {"min_days": 15, "window_end": dt.date(2021, 12, 31)}
    assert result.derived["counted_days"] == 14
    assert "08/10/2021" in result.version_rule_vi


def test_explain_amount_parts_and_unverified_flag() -> None:
    policy = load_catalogue().get("nq68-ngung-viec")
    result = explain(
        policy,
        {
            "start_date": "01/07/2021",
            "end_date": "31/07/2021",
            "si_participating": "yes",
            "pregnant": "yes",
            "children_under_6": 2,
        },
        as_of=dt.date(2021, 11, 1),
    )
    parts = {c.code: c.amount_vnd for c in result.components}
    assert parts == {"base": 1000000, "addon_pregnant": 1000000, "addon_children": 2000000}
    assert result.amount_vnd == sum(parts.values())
    pregnant = next(c for c in result.components if c.code == "addon_pregnant")
    assert pregnant.parameters[0].verified is False


def test_explain_reports_unreadable_cells_as_missing() -> None:
    policy = load_catalogue().get("nq68-cham-dut")
    result = explain(
        policy,
        {
            "termination_date": "32/07/2021",
            "si_participating": "yes",
            "ui_benefit_eligible": "no",
            "unlawful_quit": "no",
            "receiving_pension": "no",
        },
        as_of=dt.date(2021, 11, 1),
    )
    assert [(e.column, e.line) for e in result.input_errors] == [("termination_date", 2)]
    assert result.failed_conditions == ("termination_in_window",)


def test_explain_agrees_with_evaluate_on_a_frame() -> None:
    policy = load_catalogue().get("nq68-f0-f1")
    as_of = dt.date(2021, 12, 1)
    frame = pl.DataFrame(
        {
            "record_id": ["a", "b"],
            "status": ["F0", "F1"],
            "start_date": [dt.date(2021, 8, 1), dt.date(2021, 9, 1)],
            "end_date": [dt.date(2021, 9, 30), dt.date(2021, 9, 5)],
            "date_of_birth": [dt.date(1950, 1, 1), dt.date(2015, 1, 1)],
            "elderly_social_allowance": [True, False],
            "severe_disability": [False, False],
        }
    )
    evaluated = evaluate(frame, policy, as_of=as_of)
    assert evaluated["amount_vnd"].to_list() == [45 * 80000 + 1000000, 5 * 80000 + 1000000]
    for row in frame.iter_rows(named=True):
        single = explain(policy, row, as_of=as_of)
        expected = evaluated.filter(pl.col("record_id") == row["record_id"])["amount_vnd"][0]
        assert single.amount_vnd == expected


def test_tracked_policy_and_date_without_version_cannot_be_compiled() -> None:
    catalogue = load_catalogue()
    with pytest.raises(PolicyNotComputable, match="cơ quan khác"):
        compile_policy(catalogue.get("nq68-giam-dong-tnld"), dt.date(2021, 11, 1))
    with pytest.raises(PolicyNotComputable, match="không có phiên bản"):
        compile_policy(catalogue.get("nq68-tam-hoan"), dt.date(2021, 7, 6))


def test_explanation_as_dict_is_json_ready() -> None:
    import json

    policy = load_catalogue().get("nq116-bhtn")
    data = explain(
        policy, {"ui_months_unused": 60, "ui_status": "participating"}, as_of=dt.date(2021, 11, 1)
    ).as_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert data["amount_vnd"] == 2400000 and data["as_of"] == "2021-11-01"
    assert '"min": 60' in text
    assert data["components"][0]["parameters"][0]["value"][2] == {"min": 60, "amount": 2400000}


def test_evaluate_fills_optional_columns_and_refuses_missing_required_ones() -> None:
    from ansinh.policies.engine import MissingColumnsError

    policy = load_catalogue().get("nq68-ngung-viec")
    frame = pl.DataFrame(
        {"start_date": [dt.date(2021, 7, 1)], "end_date": [dt.date(2021, 7, 31)], "si_participating": [True]}
    )
    assert evaluate(frame, policy, as_of=dt.date(2021, 11, 1))["amount_vnd"].to_list() == [1_000_000]
    with pytest.raises(MissingColumnsError, match="si_participating"):
        evaluate(frame.drop("si_participating"), policy, as_of=dt.date(2021, 11, 1))
