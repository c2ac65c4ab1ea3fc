"""Catalogue loading and validation, predicate compilation errors, province decisions."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from ansinh.policies.catalogue import CATALOGUE_DIR, CatalogueError, apply_decisions, load_catalogue
from ansinh.policies.catalogue_schema import ProvinceDecision
from ansinh.policies.engine import evaluate, explain, parse_inputs
from ansinh.policies.engine.inputs import rows_from_dicts


def test_catalogue_covers_the_twelve_points_and_the_province_policies() -> None:
    catalogue = load_catalogue()
    points = {p.nq68_point for p in catalogue.policies.values() if p.nq68_point}
    assert points == set(range(1, 13))
    for code in ("nq116-bhtn", "bp-lao-dong-tu-do", "bp-cv2642", "bp-ho-tro-luong-thuc"):
        assert catalogue.get(code).computed
    tracked = {p.code for p in catalogue.policies.values() if not p.computed}
    assert {"nq68-giam-dong-tnld", "nq68-tam-dung-huu-tri", "nq68-dao-tao", "nq68-vay-tra-luong"} <= tracked
    for code in ("bp-lao-dong-tu-do", "bp-cv2642", "bp-ho-tro-luong-thuc"):
        policy = catalogue.get(code)
        assert policy.province_configurable and policy.assumption_note_vi
        assert all(not v.verified for p in policy.parameters.values() for v in p.values)


def test_unverified_source_values_are_flagged() -> None:
    policy = load_catalogue().get("nq68-tam-hoan")
    assert policy.parameters["addon_pregnant"].values[0].verified is False
    assert policy.parameters["amount_one_month"].values[0].verified is True
    assert [(s.step, s.working_days) for s in policy.processing_limits] == [
        ("confirm", 2),
        ("appraise", 2),
        ("approve", 2),
    ]


def _copy_with(tmp_path: Path, code: str, change) -> Path:  # type: ignore[no-untyped-def]
    directory = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, directory)
    path = directory / f"{code}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def test_unknown_operator_is_reported_with_file_and_condition(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["conditions"][0]["predicate"] = {"gte": ["start_date", "end_date"]}

    with pytest.raises(
        CatalogueError, match=r"nq68-tam-hoan\.yaml.*si_participating.*unknown operator 'gte'"
    ):
        load_catalogue(_copy_with(tmp_path, "nq68-tam-hoan", change))


def test_misspelt_column_is_reported(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["conditions"][1]["predicate"] = {"le": ["strat_date", "end_date"]}

    with pytest.raises(CatalogueError, match="unknown column or derived value 'strat_date'"):
        load_catalogue(_copy_with(tmp_path, "nq68-tam-hoan", change))


def test_type_error_in_predicate_is_caught_at_load(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["conditions"][1]["predicate"] = {"le": ["start_date", 5]}

    with pytest.raises(CatalogueError, match="nq68-tam-hoan"):
        load_catalogue(_copy_with(tmp_path, "nq68-tam-hoan", change))


def test_missing_field_and_bad_citation_are_reported(tmp_path: Path) -> None:
    def drop_name(data: dict) -> None:
        del data["name_vi"]

    with pytest.raises(CatalogueError, match=r"nq116-bhtn\.yaml: invalid policy\n  name_vi: Field required"):
        load_catalogue(_copy_with(tmp_path / "a", "nq116-bhtn", drop_name))

    def semicolon(data: dict) -> None:
        data["conditions"][0]["citation"] = "QĐ 28; Điều 3"

    with pytest.raises(CatalogueError, match="must not contain ';'"):
        load_catalogue(_copy_with(tmp_path / "b", "nq116-bhtn", semicolon))


def test_broken_yaml_and_unknown_compatibility(tmp_path: Path) -> None:
    directory = tmp_path / "broken"
    directory.mkdir()
    (directory / "x.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"x\.yaml: not valid YAML"):
        load_catalogue(directory)

    def compat(data: dict) -> None:
        data["compatibility"] = [{"policy": "khong-co", "citation": "x", "note_vi": "x"}]

    with pytest.raises(CatalogueError, match="unknown policy 'khong-co'"):
        load_catalogue(_copy_with(tmp_path, "nq116-bhtn", compat))


def test_overlapping_versions_are_rejected(tmp_path: Path) -> None:
    def overlap(data: dict) -> None:
        data["versions"][0]["effective_to"] = dt.date(2021, 10, 8)

    with pytest.raises(CatalogueError, match="overlap"):
        load_catalogue(_copy_with(tmp_path, "nq68-ngung-viec", overlap))


def _free_worker_amount(catalogue, as_of: dt.date) -> int:  # type: ignore[no-untyped-def]
    policy = catalogue.get("bp-lao-dong-tu-do")
    raw = rows_from_dicts(
        [
            {
                "record_id": "1",
                "start_date": "01/09/2021",
                "end_date": "10/09/2021",
                "informal_worker": "yes",
                "resident_in_province": "yes",
            }
        ]
    )
    typed, _ = parse_inputs(raw, policy)
    return int(evaluate(typed, policy, as_of=as_of)["amount_vnd"][0])


def test_province_decision_sets_a_rate_from_its_date_and_keeps_history() -> None:
    catalogue = load_catalogue()
    decision = ProvinceDecision(
        number="1234/QĐ-UBND",
        signed_on=dt.date(2021, 8, 25),
        policy="bp-lao-dong-tu-do",
        parameter="rate_per_day",
        value=60000,
        valid_from=dt.date(2021, 9, 1),
    )
    updated = apply_decisions(catalogue, [decision])
    assert _free_worker_amount(catalogue, dt.date(2021, 9, 15)) == 500000
    assert _free_worker_amount(updated, dt.date(2021, 8, 31)) == 500000
    assert _free_worker_amount(updated, dt.date(2021, 9, 1)) == 600000
    values = updated.get("bp-lao-dong-tu-do").parameters["rate_per_day"].values
    assert [(v.value, v.valid_from, v.valid_to, v.verified) for v in values] == [
        (50000, dt.date(2021, 5, 1), dt.date(2021, 8, 31), False),
        (60000, dt.date(2021, 9, 1), None, True),
    ]
    assert values[1].decision == "1234/QĐ-UBND ngày 25/08/2021"
    explained = explain(
        updated.get("bp-lao-dong-tu-do"),
        {
            "start_date": "01/09/2021",
            "end_date": "10/09/2021",
            "informal_worker": True,
            "resident_in_province": True,
        },
        as_of=dt.date(2021, 9, 2),
    )
    used = {p.name: p for c in explained.components for p in c.parameters}
    assert used["rate_per_day"].value == 60000 and used["rate_per_day"].verified
    # the original catalogue is untouched
    assert len(catalogue.get("bp-lao-dong-tu-do").parameters["rate_per_day"].values) == 1


def test_bounded_decision_restores_the_earlier_value_after_it() -> None:
    decision = ProvinceDecision(
        number="9/QĐ-UBND",
        signed_on=dt.date(2021, 9, 1),
        policy="bp-ho-tro-luong-thuc",
        parameter="max_days",
        value=10,
        valid_from=dt.date(2021, 9, 1),
        valid_to=dt.date(2021, 9, 30),
    )
    values = (
        apply_decisions(load_catalogue(), [decision])
        .get("bp-ho-tro-luong-thuc")
        .parameters["max_days"]
        .values
    )
    assert [(v.value, v.valid_from, v.valid_to) for v in values] == [
        (15, dt.date(2021, 5, 1), dt.date(2021, 8, 31)),
        (10, dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
        (15, dt.date(2021, 10, 1), None),
    ]


def test_decision_cannot_change_a_national_parameter() -> None:
    decision = ProvinceDecision(
        number="1/QĐ-UBND",
        signed_on=dt.date(2021, 9, 1),
        policy="nq68-f0-f1",
        parameter="meal_rate_per_day",
        value=100000,
        valid_from=dt.date(2021, 9, 1),
    )
    with pytest.raises(CatalogueError, match="tỉnh không được thay đổi"):
        apply_decisions(load_catalogue(), [decision])
    with pytest.raises(CatalogueError, match="không có tham số"):
        apply_decisions(
            load_catalogue(), [decision.model_copy(update={"policy": "bp-cv2642", "parameter": "x"})]
        )


def test_parameter_gap_inside_a_version_is_reported(tmp_path: Path) -> None:
    def gap(data: dict) -> None:
        data["parameters"]["amount"]["values"][0]["valid_to"] = dt.date(2021, 12, 31)

    with pytest.raises(
        CatalogueError, match=r"nq68-ngung-viec.*unknown parameter 'param\.amount'.*01/01/2022"
    ):
        load_catalogue(_copy_with(tmp_path, "nq68-ngung-viec", gap))
