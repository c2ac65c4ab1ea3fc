"""The `ansinh link` contract: columns, every record out, errors that name the file and row."""

from __future__ import annotations

import polars as pl
import pytest

from ansinh.demo.people import generate_people
from ansinh.linkage.cli import main
from ansinh.linkage.engine.evaluate import pairwise_scores
from ansinh.linkage.engine.settings import EVIDENCE_FIELDS

HEADER = "record_id,full_name,date_of_birth,sex,id_number,phone,address,commune,district,province\n"


def _write(path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_links_two_files_and_writes_exact_columns(tmp_path):
    a = _write(
        tmp_path / "a.csv",
        HEADER
        + "a1,Nguyễn Văn Hùng,05/03/1985,Nam,070085012345,0912345678,,Xã Tân Lập,Huyện Đồng Phú,Bình Phước\n"
        + "a2,Trần Thị Lan,1990,Nữ,,,,Xã Tân Lập,Huyện Đồng Phú,Bình Phước\n",
    )
    b = _write(
        tmp_path / "b.csv",
        "record_id,full_name,date_of_birth,id_number\n" + "b1,NGUYEN VAN HUNG,1985-03-05,70085012345\n",
    )
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    assert main([a, b, "--output", str(out), "--pairs", str(pairs)]) == 0
    clusters = pl.read_csv(out, infer_schema=False)
    assert clusters.columns == ["record_id", "cluster_id"]
    assert clusters["record_id"].to_list() == ["a1", "a2", "b1"]
    by_id = dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True))
    assert by_id["a1"] == by_id["b1"] == "a1"
    assert by_id["a2"] == "a2"
    scored = pl.read_csv(pairs, infer_schema=False)
    assert scored.columns == [
        "record_id_l",
        "record_id_r",
        "match_probability",
        *EVIDENCE_FIELDS,
        "match_weight",
    ]
    row = scored.filter(pl.col("record_id_l") == "a1", pl.col("record_id_r") == "b1").row(0, named=True)
    assert float(row["match_probability"]) > 0.99
    assert row["id_number"] == "exact"  # the lost leading zero was restored
    assert row["given_name"] == "folded" and row["phone"] == "null"


def test_one_record_and_empty_optional_columns(tmp_path):
    one = _write(tmp_path / "one.csv", "record_id\nx1\n")
    out = tmp_path / "o.csv"
    assert main([one, "--output", str(out)]) == 0
    assert pl.read_csv(out, infer_schema=False).rows() == [("x1", "x1")]
    blanks = _write(tmp_path / "blank.csv", HEADER + "r1,,,,,,,,,\nr2,,,,,,,,,\n")
    assert main([blanks, "--output", str(out), "--pairs", str(tmp_path / "p.csv")]) == 0
    assert pl.read_csv(out, infer_schema=False).rows() == [("r1", "r1"), ("r2", "r2")]


def test_duplicate_record_id_across_files_names_file_and_row(tmp_path, capsys):
    a = _write(tmp_path / "a.csv", "record_id,full_name\nr1,An\nr2,Bình\n")
    b = _write(tmp_path / "b.csv", "record_id,full_name\nr3,Chi\nr2,Dũng\n")
    assert main([a, b, "--output", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "b.csv, dòng 3" in err and "r2" in err and "a.csv, dòng 3" in err
    assert not (tmp_path / "o.csv").exists()


def test_missing_record_id_column(tmp_path, capsys):
    a = _write(tmp_path / "a.csv", "id,full_name\n1,An\n")
    assert main([a, "--output", str(tmp_path / "o.csv")]) == 2
    assert "a.csv, dòng 1" in capsys.readouterr().err


def test_undecodable_text_names_the_row(tmp_path, capsys):
    a = _write(tmp_path / "a.csv", "record_id,full_name\nr1,An\nr2,Hà Noi\n", encoding="cp1252")
    assert main([a, "--output", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "a.csv, dòng 3" in err and "UTF-8" in err


def test_empty_record_id_is_rejected(tmp_path, capsys):
    a = _write(tmp_path / "a.csv", "record_id,full_name\nr1,An\n,Bình\n")
    assert main([a, "--output", str(tmp_path / "o.csv")]) == 2
    assert "dòng 3" in capsys.readouterr().err


@pytest.mark.parametrize("threshold", ["0", "1.5"])
def test_threshold_out_of_range(tmp_path, threshold):
    a = _write(tmp_path / "a.csv", "record_id\nr1\n")
    assert main([a, "--output", str(tmp_path / "o.csv"), "--threshold", threshold]) == 2


def test_generated_set_precision_and_recall(tmp_path):
    records, truth = generate_people(n=6_000, dup_rate=0.2, seed=11)
    path = tmp_path / "people.csv"
    records.write_csv(path)
    out = tmp_path / "clusters.csv"
    assert main([str(path), "--output", str(out)]) == 0
    scores = pairwise_scores(pl.read_csv(out, infer_schema=False), truth)
    assert scores["precision"] >= 0.99
    assert scores["recall"] >= 0.97


def test_retrain_writes_a_loadable_model(tmp_path):
    from ansinh.linkage.engine.model import load_model

    records, _ = generate_people(n=3_000, dup_rate=0.2, seed=12)
    path = tmp_path / "train.csv"
    records.write_csv(path)
    model_path = tmp_path / "m.json"
    assert main(["--retrain", str(model_path), str(path)]) == 0
    model = load_model(model_path)
    assert model.version == "m" and model.meta["trained_with"]["records"] == 3_000
    out = tmp_path / "o.csv"
    assert main([str(path), "--output", str(out), "--model", str(model_path)]) == 0
    assert pl.read_csv(out).height == 3_000
