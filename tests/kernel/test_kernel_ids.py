"""CCCD / CMND normalisation and structure checks (policies.md §6.1-6.2)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.kernel.ids import CCCD_PROVINCE_CODES, normalise_id_number, normalise_id_numbers

TODAY = dt.date(2021, 9, 1)


def test_province_codes_are_the_63_provinces_of_tt_07_2016():
    assert len(CCCD_PROVINCE_CODES) == 63
    assert CCCD_PROVINCE_CODES["070"] == "Bình Phước"
    assert CCCD_PROVINCE_CODES["001"] == "Hà Nội"
    assert CCCD_PROVINCE_CODES["096"] == "Cà Mau"
    assert {"072", "074", "075", "077", "079", "068", "067"} <= set(CCCD_PROVINCE_CODES)
    assert all(len(code) == 3 and "001" <= code <= "096" for code in CCCD_PROVINCE_CODES)
    assert "003" not in CCCD_PROVINCE_CODES


@pytest.mark.parametrize(
    ("raw", "value", "kind", "issues"),
    [
        ("070190012345", "070190012345", "cccd", ()),
        ("070 190 012 345", "070190012345", "cccd", ()),
        ("070.190.012.345", "070190012345", "cccd", ()),
        ("'070190012345", "070190012345", "cccd", ()),
        ("070-190-012-345", "070190012345", "cccd", ()),
        ("70190012345", "070190012345", "cccd", ("id.lost_leading_zero_restored",)),
        (70190012345, "070190012345", "cccd", ("id.lost_leading_zero_restored",)),
        (70190012345.0, "070190012345", "cccd", ("id.lost_leading_zero_restored",)),
        ("70190012345.0", "070190012345", "cccd", ("id.lost_leading_zero_restored",)),
        ("7.0190012345E+10", "070190012345", "cccd", ("id.lost_leading_zero_restored",)),
        ("1090012345", "001090012345", "cccd", ("id.lost_leading_zero_restored",)),  # Hà Nội lost two zeros
        ("285123456", "285123456", "cmnd", ()),
        ("25123456", "025123456", "cmnd", ("id.lost_leading_zero_restored",)),
        ("7.01900E+10", None, None, ("id.precision_lost",)),
        ("99190012345", None, None, ("id.invalid_length",)),  # "099" is no province: not restored
        ("12345", None, None, ("id.invalid_length",)),
        ("1234567890123", None, None, ("id.invalid_length",)),
        ("0701900123", None, None, ("id.invalid_length",)),  # 10 digits, "000" no province
        ("07019001234A", None, None, ("id.invalid_characters",)),
        ("không có", None, None, ("id.invalid_characters",)),
        ("003190012345", "003190012345", "cccd", ("id.cccd_province_unknown",)),
        ("", None, None, ()),
        ("   ", None, None, ()),
        (None, None, None, ()),
    ],
)
def test_normalise_id_number(raw, value, kind, issues):
    result = normalise_id_number(raw, today=TODAY)
    assert (result.value, result.kind, result.issues) == (value, kind, issues)


@pytest.mark.parametrize(
    ("raw", "birth_year", "sex", "issues"),
    [
        ("070090012345", 1990, "Nam", ()),
        ("070190012345", 1990, "Nữ", ()),
        ("070190012345", 1990, "nam", ("id.cccd_sex_mismatch",)),
        ("070090012345", 1990, "NỮ", ("id.cccd_sex_mismatch",)),
        ("070090012345", 1990, "khác", ()),  # unknown sex: no check
        ("070205012345", 2005, "Nam", ()),
        ("070005012345", 2005, "Nam", ("id.cccd_century_mismatch",)),
        ("070090012345", 1991, "Nam", ("id.cccd_birth_year_mismatch",)),
        ("070290012345", 1990, "male", ("id.cccd_century_mismatch",)),
        ("70090012345", 1991, "Nam", ("id.lost_leading_zero_restored", "id.cccd_birth_year_mismatch")),
        ("285123456", 1960, "Nam", ()),  # CMND: no structure to check
    ],
)
def test_cccd_structure_checks_are_warnings(raw, birth_year, sex, issues):
    result = normalise_id_number(raw, birth_year=birth_year, sex=sex, today=TODAY)
    assert result.issues == issues
    assert result.value is not None


def test_century_in_the_future_is_flagged_without_a_birth_date():
    assert normalise_id_number("070230012345", today=TODAY).issues == ("id.cccd_century_mismatch",)
    assert normalise_id_number("070490012345", today=TODAY).issues == ("id.cccd_century_mismatch",)
    assert normalise_id_number("070220012345", today=TODAY).issues == ()


def test_frame_version_with_date_of_birth_and_sex_columns():
    frame = pl.LazyFrame(
        {
            "so_cccd": ["70190012345", "070090012345", "abc", None],
            "dob": [dt.date(1990, 5, 1), dt.date(1991, 1, 1), dt.date(1990, 1, 1), None],
            "sex": ["Nữ", "Nam", "Nam", "Nam"],
        }
    )
    out = normalise_id_numbers(frame, "so_cccd", dob_col="dob", sex_col="sex", today=TODAY).collect()
    assert out.columns == [
        "so_cccd",
        "dob",
        "sex",
        "so_cccd__kind",
        "so_cccd__issues",
        "so_cccd__issue",
        "so_cccd__severity",
    ]
    assert out["so_cccd"].to_list() == ["070190012345", "070090012345", None, None]
    assert out["so_cccd__kind"].to_list() == ["cccd", "cccd", None, None]
    assert out["so_cccd__issue"].to_list() == [
        "id.lost_leading_zero_restored",
        "id.cccd_birth_year_mismatch",
        "id.invalid_characters",
        None,
    ]
    assert out["so_cccd__severity"].to_list() == ["warning", "warning", "error", None]


def test_integer_column_from_excel():
    frame = pl.DataFrame({"id": [70190012345, 285123456]})
    out = normalise_id_numbers(frame, "id", today=TODAY)
    assert out["id"].to_list() == ["070190012345", "285123456"]
    assert out["id__kind"].to_list() == ["cccd", "cmnd"]


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=20), st.integers(min_value=0, max_value=10**13)))
def test_normalising_twice_gives_the_same_value(raw):
    once = normalise_id_number(raw, today=TODAY)
    if once.value is not None:
        twice = normalise_id_number(once.value, today=TODAY)
        assert twice.value == once.value
        assert "id.lost_leading_zero_restored" not in twice.issues
