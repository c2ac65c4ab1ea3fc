"""Run the law-derived case tables in tests/policies/cases/*.yaml through evaluate(), explain() and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from ansinh.policies.catalogue import load_catalogue
from ansinh.policies.cli import main
from ansinh.policies.engine import evaluate, explain, parse_inputs
from ansinh.policies.engine.inputs import rows_from_dicts

CASES_DIR = Path(__file__).with_name("cases")
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):  # YAML 1.1 reads a bare yes/no as a bool
        return "yes" if value else "no"
    return str(value)


def _load(path: Path) -> tuple[str, list[dict[str, Any]]]:
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults = table.get("defaults", {})
    cases = []
    for number, case in enumerate(table["cases"], start=1):
        row = {k: _text(v) for k, v in {**defaults, **case["input"]}.items()}
        as_of = case.get("as_of", table["as_of"])
        cases.append(
            {"id": f"c{number}", "name": case["name"], "row": row, "as_of": as_of, "expect": case["expect"]}
        )
    return table["policy"], cases


ALL_CASES = [
    pytest.param(policy, case, id=f"{policy}:{case['name']}")
    for path in CASE_FILES
    for policy, cases in [_load(path)]
    for case in cases
]


def test_every_computed_cli_policy_has_a_case_table() -> None:
    tables = {path.stem for path in CASE_FILES}
    for code in (
        "nq68-tam-hoan",
        "nq68-ngung-viec",
        "nq68-cham-dut",
        "nq68-f0-f1",
        "nq68-ho-kinh-doanh",
        "nq116-bhtn",
    ):
        assert code in tables
    for path in CASE_FILES:
        assert _load(path)[0] == path.stem


def _check(result: dict[str, Any], expect: dict[str, Any]) -> None:
    assert result["eligible"] is expect["eligible"]
    assert result["amount_vnd"] == expect["amount_vnd"]
    assert list(result["failed_conditions"]) == expect["failed"]
    if "version" in expect:
        assert result["version"] == expect["version"]


@pytest.mark.parametrize(("policy_code", "case"), ALL_CASES)
def test_case_with_evaluate_and_explain(policy_code: str, case: dict[str, Any]) -> None:
    policy = load_catalogue().get(policy_code)
    raw = rows_from_dicts([{"record_id": case["id"], **case["row"]}])
    typed, errors = parse_inputs(raw, policy)
    assert errors == []
    frame = evaluate(typed, policy, as_of=case["as_of"])
    _check(frame.row(0, named=True), case["expect"])
    explained = explain(policy, case["row"], as_of=case["as_of"])
    _check(
        {
            "eligible": explained.eligible,
            "amount_vnd": explained.amount_vnd,
            "failed_conditions": explained.failed_conditions,
            "version": explained.version,
        },
        case["expect"],
    )
    assert [c.code for c in explained.conditions if not c.passed] == case["expect"]["failed"]


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_table_through_the_cli(path: Path, tmp_path: Path) -> None:
    policy_code, cases = _load(path)
    by_date: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        by_date[case["as_of"]].append(case)
    for as_of, group in by_date.items():
        columns = ["record_id", *dict.fromkeys(k for c in group for k in c["row"])]
        source = tmp_path / f"in-{as_of}.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for case in group:
                writer.writerow([case["id"], *(case["row"].get(c) or "" for c in columns[1:])])
        target = tmp_path / f"out-{as_of}.csv"
        code = main(
            [str(source), "--policy", policy_code, "--output", str(target), "--as-of", as_of.isoformat()]
        )
        assert code == 0
        with target.open(encoding="utf-8") as handle:
            rows = {row["record_id"]: row for row in csv.DictReader(handle)}
        for case in group:
            row = rows[case["id"]]
            expect = case["expect"]
            assert row["eligible"] == ("true" if expect["eligible"] else "false"), case["name"]
            assert int(row["amount_vnd"]) == expect["amount_vnd"], case["name"]
            assert row["failed_conditions"] == ";".join(expect["failed"]), case["name"]
            if "version" in expect:
                assert row["version"] == expect["version"]
