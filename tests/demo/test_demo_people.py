"""The synthetic Bình Phước population: determinism, structure of identifiers, noise, hard negatives."""

from __future__ import annotations

import unicodedata

import polars as pl

from ansinh.demo.cli import main as demo_main
from ansinh.demo.people import RECORD_COLUMNS, generate_people


def test_same_seed_same_data_other_seed_other_data():
    a, ta = generate_people(n=2_000, dup_rate=0.2, seed=3)
    b, tb = generate_people(n=2_000, dup_rate=0.2, seed=3)
    c, _ = generate_people(n=2_000, dup_rate=0.2, seed=4)
    assert a.equals(b) and ta.equals(tb)
    assert not a.equals(c)


def test_counts_columns_and_truth():
    records, truth = generate_people(n=5_000, dup_rate=0.25, seed=1)
    assert records.columns == list(RECORD_COLUMNS)
    assert records.height == 5_000 and records["record_id"].n_unique() == 5_000
    assert truth.columns == ["record_id", "person_id"]
    assert truth["person_id"].n_unique() == 5_000 - round(5_000 * 0.25)
    assert set(truth["record_id"]) == set(records["record_id"])


def test_cccd_encodes_birth_province_century_sex_and_year():
    records, _ = generate_people(n=20_000, dup_rate=0.0, seed=2)
    full = records.filter(
        pl.col("id_number").str.contains(r"^\d{12}$"),
        pl.col("date_of_birth").str.contains(r"^\d{2}/\d{2}/\d{4}$"),
    ).with_columns(pl.col("date_of_birth").str.slice(6, 4).cast(pl.Int32).alias("year"))
    assert full.height > 5_000
    century_sex = full["id_number"].str.slice(3, 1).cast(pl.Int32)
    expected = (full["year"] >= 2000).cast(pl.Int32) * 2 + (full["sex"] == "Nữ").cast(pl.Int32)
    sex_known = full["sex"] != ""
    # Swapped day/month keeps the year; the only mismatches are the rare typos and 1 % sex noise.
    agree = ((century_sex == expected) | ~sex_known).mean()
    assert agree > 0.99
    assert (
        full["id_number"].str.slice(4, 2) == (full["year"] % 100).cast(pl.String).str.zfill(2)
    ).mean() > 0.99
    assert (full["id_number"].str.slice(0, 3) == "070").mean() > 0.6  # most were born in Bình Phước


def test_duplicates_carry_realistic_noise():
    records, _truth = generate_people(n=30_000, dup_rate=0.3, seed=5)
    names = records["full_name"].to_list()
    assert any(n != unicodedata.normalize("NFC", n) for n in names)  # NFD text
    assert any(n.isascii() and " Thi " in n for n in names)  # dropped diacritics
    assert any(
        ("ee" in n.lower() or n.lower().endswith(("x", "j", "s", "f", "r"))) for n in names
    )  # Telex residue
    assert records.filter(pl.col("date_of_birth").str.contains(r"^\d{4}$")).height > 100  # year only
    assert records.filter(pl.col("id_number").str.contains(r"^\d{11}$")).height > 100  # lost leading zero
    assert records.filter(pl.col("address").str.contains(r"X\. |H\. |TT\. |P\. ")).height > 100
    assert records.filter(pl.col("phone") == "").height > 1_000


def test_hard_negatives_exist():
    records, truth = generate_people(n=20_000, dup_rate=0.0, seed=6)
    joined = records.join(truth, on="record_id")
    # Different persons with the same full name in the same commune: father/son and namesakes.
    same_name = joined.group_by("full_name", "commune").agg(pl.col("person_id").n_unique().alias("people"))
    assert same_name.filter(pl.col("people") >= 2).height > 50
    # Twins: same birth date, surname and address, different given names.
    twins = (
        joined.with_columns(pl.col("full_name").str.split(" ").list.first().alias("surname"))
        .group_by("surname", "date_of_birth", "address")
        .agg(pl.col("full_name").n_unique().alias("names"))
    )
    assert twins.filter(pl.col("names") >= 2).height > 30


def test_cli_writes_records_and_truth(tmp_path):
    out, truth = tmp_path / "people.csv", tmp_path / "truth.csv"
    code = demo_main(
        [
            "people",
            "--n",
            "300",
            "--dup-rate",
            "0.2",
            "--seed",
            "9",
            "--output",
            str(out),
            "--truth",
            str(truth),
        ]
    )
    assert code == 0
    records = pl.read_csv(out, infer_schema=False)
    assert records.columns == list(RECORD_COLUMNS) and records.height == 300
    assert pl.read_csv(truth).columns == ["record_id", "person_id"]


def test_cli_rejects_bad_rate(tmp_path, capsys):
    assert demo_main(["people", "--n", "10", "--dup-rate", "1.5", "--output", str(tmp_path / "x.csv")]) == 2
    assert "dup-rate" in capsys.readouterr().err
