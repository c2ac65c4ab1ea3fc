"""The pure linkage engine: match keys, hard negatives, verdicts, stable ids, incremental matching."""

from __future__ import annotations

import polars as pl
import pytest

from ansinh.demo.people import generate_people
from ansinh.linkage.engine.cluster import cluster_pairs
from ansinh.linkage.engine.evaluate import pairwise_scores
from ansinh.linkage.engine.incremental import match_incremental
from ansinh.linkage.engine.link import link_records
from ansinh.linkage.engine.model import load_model
from ansinh.linkage.engine.prepare import prepare
from ansinh.linkage.engine.stable_ids import assign_stable_ids

COLUMNS = ["record_id", "full_name", "date_of_birth", "sex", "id_number", "phone", "commune", "district"]


@pytest.fixture(scope="module")
def model():
    return load_model()


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=COLUMNS, orient="row")


def test_match_keys_survive_common_damage():
    keys = prepare(
        _frame(
            [
                (
                    "a",
                    "Nguyeenx Vawn Hufng",
                    "13/05/1985",
                    "Nam",
                    "70085012345",
                    "+84 912 345 678",
                    "X. Tân Lập",
                    "H. Đồng Phú",
                ),
                (
                    "b",
                    "NGUYỄN VĂN HÙNG",
                    "1985-05-13",
                    "nam",
                    "070085012345",
                    "0912345678",
                    "Xã Tân Lập",
                    "Huyện Đồng Phú",
                ),
            ]
        )
    ).to_dicts()
    a, b = keys
    assert a["name_fold"] == b["name_fold"] == "nguyen van hung"
    assert a["id_norm"] == b["id_norm"] == "070085012345" and a["id_kind"] == "cccd"
    assert a["phone9"] == b["phone9"] == "912345678"
    assert a["commune_key"] == b["commune_key"] == "tan lap"
    assert a["dob"] == "1985-05-13" and a["dob_swapped"] is None  # 13 cannot be a month
    year_only = prepare(_frame([("c", "Lê Thị Hoa", "1990", None, None, None, None, None)])).row(
        0, named=True
    )
    assert year_only["birth_year"] == 1990 and year_only["dob_year_only"] and year_only["dob"] is None


def test_legacy_font_names_are_repaired_before_matching():
    keys = prepare(_frame([("a", "NguyÔn V¨n Hïng", None, None, None, None, None, None)])).row(0, named=True)
    assert keys["name_fold"] == "nguyen van hung" and keys["given_vi"] == "hùng"


def test_duplicate_with_swapped_day_month_and_cmnd_is_found(model):
    clusters, pairs = link_records(
        _frame(
            [
                (
                    "a",
                    "Trần Thị Ngọc Ánh",
                    "04/07/1979",
                    "Nữ",
                    "070179123456",
                    "0977123456",
                    "Xã Lộc Hòa",
                    "Huyện Lộc Ninh",
                ),
                (
                    "b",
                    "Tran Thi Ngoc Anh",
                    "07/04/1979",
                    "Nữ",
                    "285123456",
                    "0977123456",
                    "Lộc Hòa",
                    "Lộc Ninh",
                ),
            ]
        ),
        model,
    )
    assert clusters["cluster_id"].n_unique() == 1
    evidence = pairs.row(0, named=True)
    assert evidence["date_of_birth"] == "day_month_swapped" and evidence["id_number"] == "other_kind"


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            [  # twins: same birth date, surname, address and household phone
                (
                    "t1",
                    "Lê Văn Hùng",
                    "02/09/1995",
                    "Nam",
                    "070095111111",
                    "0912000111",
                    "Xã Tân Lập",
                    "Huyện Đồng Phú",
                ),
                (
                    "t2",
                    "Lê Văn Dũng",
                    "02/09/1995",
                    "Nam",
                    "070095222222",
                    "0912000111",
                    "Xã Tân Lập",
                    "Huyện Đồng Phú",
                ),
            ],
            id="twins",
        ),
        pytest.param(
            [  # father and son with one full name, same address and phone
                (
                    "f",
                    "Nguyễn Văn Minh",
                    "10/10/1960",
                    "Nam",
                    "070060333333",
                    "0988000222",
                    "Xã Minh Hưng",
                    "Huyện Chơn Thành",
                ),
                (
                    "s",
                    "Nguyễn Văn Minh",
                    "01/03/1988",
                    "Nam",
                    "070088444444",
                    "0988000222",
                    "Xã Minh Hưng",
                    "Huyện Chơn Thành",
                ),
            ],
            id="father-son",
        ),
        pytest.param(
            [  # namesakes born the same year in one commune, different IDs
                ("n1", "Phạm Thị Lan", "1990", "Nữ", "070190555555", None, "Xã Đức Liễu", "Huyện Bù Đăng"),
                (
                    "n2",
                    "Phạm Thị Lan",
                    "15/06/1990",
                    "Nữ",
                    "070190666666",
                    None,
                    "Xã Đức Liễu",
                    "Huyện Bù Đăng",
                ),
            ],
            id="namesakes",
        ),
    ],
)
def test_hard_negatives_are_not_merged(model, rows):
    clusters, _ = link_records(_frame(rows), model)
    assert clusters["cluster_id"].n_unique() == 2


def test_generated_hard_negatives_stay_apart(model):
    records, truth = generate_people(n=8_000, dup_rate=0.15, seed=21)
    clusters, _ = link_records(records, model)
    scores = pairwise_scores(clusters, truth)
    assert scores["precision"] >= 0.995, scores
    assert scores["recall"] >= 0.97, scores


def test_verdicts_are_hard_constraints():
    ids = pl.Series(["a", "b", "c", "d"])
    edges = pl.DataFrame(
        {
            "record_id_l": ["a", "b"],
            "record_id_r": ["b", "c"],
            "match_probability": [0.99, 0.97],
        }
    )
    plain = cluster_pairs(ids, edges, threshold=0.95)
    assert plain["cluster_id"].to_list() == ["a", "a", "a", "d"]
    verdicts = pl.DataFrame(
        {
            "record_id_l": ["a", "c"],
            "record_id_r": ["c", "d"],
            "verdict": ["different", "same"],
        }
    )
    constrained = cluster_pairs(ids, edges, threshold=0.95, verdicts=verdicts)
    by_id = dict(zip(constrained["record_id"], constrained["cluster_id"], strict=True))
    assert by_id["a"] == by_id["b"] == "a"  # the stronger edge is kept
    assert by_id["c"] == by_id["d"] == "c"  # must-link joined d; the weaker b-c edge was cut


def test_stable_ids_on_rerun_merge_and_split():
    first = pl.DataFrame({"record_id": ["r1", "r2", "r3"], "cluster_id": ["r1", "r1", "r3"]})
    assignment, redirects = assign_stable_ids(None, first)
    ids = dict(zip(assignment["record_id"], assignment["person_id"], strict=True))
    assert ids == {"r1": "P0000000001", "r2": "P0000000001", "r3": "P0000000002"} and redirects.height == 0
    # Rerun with the same clusters under other cluster ids: same person ids.
    again, _ = assign_stable_ids(assignment, first.with_columns(pl.col("cluster_id") + "x"))
    assert again.sort("record_id").equals(assignment.sort("record_id"))
    # A new record joins both persons: the merge keeps the OLDER id and redirects the other.
    merged = pl.DataFrame({"record_id": ["r1", "r2", "r3", "r4"], "cluster_id": ["k"] * 4})
    after, redirects = assign_stable_ids(assignment, merged)
    assert set(after["person_id"]) == {"P0000000001"}
    assert redirects.rows() == [("P0000000002", "P0000000001")]
    # A split: the part holding most records keeps the id, the other part gets a new one.
    split = pl.DataFrame({"record_id": ["r1", "r2", "r3", "r4"], "cluster_id": ["x", "x", "x", "y"]})
    parted, _ = assign_stable_ids(after, split, issued_ids=redirects["old_person_id"])
    ids = dict(zip(parted["record_id"], parted["person_id"], strict=True))
    assert ids["r1"] == "P0000000001" and ids["r4"] == "P0000000003"  # the retired P…2 is never reused


def test_incremental_matches_new_records_to_existing_persons(model):
    records, truth = generate_people(n=4_000, dup_rate=0.2, seed=31)
    registry_records, new_records = records.head(3_500), records.tail(500)
    clusters, _ = link_records(registry_records, model)
    assignment, _ = assign_stable_ids(None, clusters)
    registry = registry_records.join(assignment, on="record_id")
    result = match_incremental(new_records, registry, model)
    assert result.assignments.height == 500
    assert set(result.assignments["status"]) == {"matched", "new"}
    known = set(assignment["person_id"])
    matched = result.assignments.filter(pl.col("status") == "matched")
    assert matched["person_id"].is_in(list(known)).all()
    assert not result.assignments.filter(pl.col("status") == "new")["person_id"].is_in(list(known)).any()
    combined = pl.concat([assignment, result.assignments.select("record_id", "person_id")])
    scores = pairwise_scores(combined, truth, cluster_col="person_id")
    assert scores["precision"] >= 0.99 and scores["recall"] >= 0.96, scores


def test_incremental_respects_a_different_people_verdict(model):
    registry = _frame(
        [
            (
                "old1",
                "Võ Thị Mai",
                "12/12/1970",
                "Nữ",
                "070170777777",
                "0905000111",
                "Xã Long Hà",
                "Huyện Phú Riềng",
            ),
        ]
    ).with_columns(pl.lit("P0000000007").alias("person_id"))
    new = _frame(
        [
            ("new1", "Vo Thi Mai", "12/12/1970", "Nữ", "070170777777", None, "Long Hà", "Phú Riềng"),
        ]
    )
    plain = match_incremental(new, registry, model)
    assert plain.assignments.row(0, named=True)["person_id"] == "P0000000007"
    verdicts = pl.DataFrame({"record_id_l": ["old1"], "record_id_r": ["new1"], "verdict": ["different"]})
    separated = match_incremental(new, registry, model, verdicts=verdicts)
    row = separated.assignments.row(0, named=True)
    assert row["status"] == "new" and row["person_id"] == "P0000000008"


def test_incremental_merge_keeps_older_id(model):
    registry = _frame(
        [
            ("a", "Đặng Văn Lợi", "03/03/1966", "Nam", "070066888888", None, "Xã Tân Lợi", "Huyện Hớn Quản"),
            ("b", "Dang Van Loi", "03/03/1966", "Nam", None, "0916000333", "Xã Tân Lợi", "Huyện Hớn Quản"),
        ]
    ).with_columns(pl.Series("person_id", ["P0000000005", "P0000000002"]))
    new = _frame(
        [
            ("c", "Đặng Văn Lợi", "03/03/1966", "Nam", "70066888888", "0916000333", "Tân Lợi", "Hớn Quản"),
        ]
    )
    result = match_incremental(new, registry, model)
    assert result.assignments.row(0, named=True)["person_id"] == "P0000000002"
    assert result.redirects.rows() == [("P0000000005", "P0000000002")]


def test_committed_model_is_versioned_and_keeps_expert_parameters(model):
    assert model.version == "person-v1" and model.default_threshold == 0.95
    levels = {
        (c["output_column_name"], lvl["label_for_charts"]): lvl
        for c in model.splink["comparisons"]
        for lvl in c["comparison_levels"]
    }
    assert levels[("id_number", "different")]["m_probability"] == pytest.approx(0.0001)
    assert levels[("given_name", "exact")].get("tf_adjustment_column") == "given"


def test_small_lists_borrow_reference_name_frequencies():
    from ansinh.linkage.engine.frequencies import pooled_frequencies

    reference = {"records": 1_000, "given": {"hung": 40}, "surname": {"nguyen": 380, "dieu": 3}}
    two = prepare(
        _frame(
            [
                ("a", "Nguyễn Văn Hùng", None, None, None, None, None, None),
                ("b", "Điểu Brơi", None, None, None, None, None, None),
            ]
        )
    )
    tables = pooled_frequencies([two], reference)
    surname = dict(zip(tables["surname"]["surname"], tables["surname"]["tf_surname"], strict=True))
    assert surname["nguyen"] == pytest.approx(381 / 1_002)  # common, as in the reference
    assert surname["dieu"] == pytest.approx(4 / 1_002)  # rare, not "one of two"
    given = dict(zip(tables["given"]["given"], tables["given"]["tf_given"], strict=True))
    assert given["broi"] == pytest.approx(1 / 1_002)


def test_two_record_list_scores_like_a_big_one(model):
    _, pairs = link_records(
        _frame(
            [
                ("x1", "Nguyễn Văn Hùng", "05/03/1985", None, "070085012345", None, None, None),
                ("x2", "Nguyen Van Hung", "1985", None, "70085012345", None, None, None),
            ]
        ),
        model,
    )
    assert pairs.row(0, named=True)["match_probability"] > 0.999


def test_id_keys_restore_every_lost_leading_zero_and_keep_other_ids():
    keys = prepare(
        pl.DataFrame(
            {
                "record_id": ["a", "b", "c", "d"],
                "id_number": ["1085012345", "70085012345", "12345678", "7654321"],
            }
        )
    )
    assert keys["id_norm"].to_list() == ["001085012345", "070085012345", "012345678", "7654321"]
    assert keys["id_kind"].to_list() == ["cccd", "cccd", "cmnd", "other"]
