"""Real-world ID numbers and dates the messy corpus did not show: what a clerk's Excel really holds.

Each case states what the clerk must get: the right value, or a precise issue code (whose Vietnamese message
names the reason), never a silently wrong value.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ansinh.kernel.dates import normalise_dates, parse_date
from ansinh.kernel.ids import normalise_id_number
from ansinh.kernel.issues import ISSUES
from ansinh.kernel.phones import normalise_phone

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("０７９０８００７５９５４", "079080075954"),  # full-width digits (an East Asian IME)
        ('="079080075954"', "079080075954"),  # the CSV export trick that keeps the zero
        ("'079080075954", "079080075954"),  # apostrophe typed to force text
        ("“079080075954”", "079080075954"),  # typographic quotes from Word
        ("\u200b079 080 075 954\ufeff", "079080075954"),  # zero-width space and BOM pasted from a web page
        ("079080075954\u00a0", "079080075954"),  # NBSP
        ("079.080.075.954", "079080075954"),
        ("079-080-075-954", "079080075954"),
        ("070 174 075 954", "070174075954"),
    ],
)
def test_id_text_damage_is_undone_without_a_warning(raw, expected):
    result = normalise_id_number(raw)
    assert result.value == expected
    assert result.kind == "cccd"
    assert result.issues == ()


def test_id_as_excel_float_restores_the_zero_with_a_warning():
    result = normalise_id_number("70174075954.0")
    assert result.value == "070174075954"
    assert result.issues == ("id.lost_leading_zero_restored",)


def test_cmnd_that_lost_its_zero_is_restored_with_a_warning():
    result = normalise_id_number("12345678")
    assert (result.value, result.kind) == ("012345678", "cmnd")
    assert "id.lost_leading_zero_restored" in result.issues


@pytest.mark.parametrize("raw", ["7,01741E+10", "7.01741E+10", "7,01741e+10"])
def test_scientific_notation_that_lost_digits_is_an_error_never_a_wrong_id(raw):
    result = normalise_id_number(raw)
    assert result.value is None
    assert result.issues[0] == "id.precision_lost"
    assert ISSUES["id.precision_lost"].severity == "error"
    assert "Văn bản (Text)" in ISSUES["id.precision_lost"].message_vi


def test_other_unicode_digits_are_not_taken_for_an_id():
    # Arabic-Indic digits match \d in Unicode regexes; an ID is ASCII digits only (after NFKC).
    result = normalise_id_number("٠٧٩٠٨٠٠٧٥٩٥٤")
    assert result.value is None
    assert "id.invalid_characters" in result.issues


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05.07.2021", dt.date(2021, 7, 5)),
        ("ngày 5/7/2021", dt.date(2021, 7, 5)),
        ("2021/07/05", dt.date(2021, 7, 5)),
        ("05/07/2021   ", dt.date(2021, 7, 5)),
        ("1982-07-05 08:30:00", dt.date(1982, 7, 5)),  # a datetime cell as the reader gives it
        ("44382", dt.date(2021, 7, 5)),  # Excel serial typed as text
        ("44382.0", dt.date(2021, 7, 5)),  # Excel serial as a float
        ("０５/０７/２０２１", dt.date(2021, 7, 5)),  # full-width digits
    ],
)
def test_date_styles_clerks_type(raw, expected):
    assert parse_date(raw, order="dmy", today=TODAY).value == expected


@pytest.mark.parametrize(
    "raw", ["T7/2021", "t07/2021", "Th.7/2021", "tháng 7/2021", "tháng 7 năm 2021", "07/2021"]
)
def test_event_date_with_month_and_year_only_is_a_precise_error(raw):
    result = parse_date(raw, today=TODAY)
    assert result.value is None
    assert result.issues == ("date.month_year_only",)
    assert ISSUES["date.month_year_only"].severity == "error"
    assert "chỉ có tháng và năm" in ISSUES["date.month_year_only"].message_vi


@pytest.mark.parametrize("raw", ["2021", "năm 2021"])
def test_event_date_with_a_year_only_is_a_precise_error(raw):
    result = parse_date(raw, today=TODAY)
    assert result.value is None
    assert result.issues == ("date.year_only",)
    assert "chỉ có năm" in ISSUES["date.year_only"].message_vi


@pytest.mark.parametrize(
    ("raw", "expected"), [("T7/1982", dt.date(1982, 7, 1)), ("07/1982", dt.date(1982, 7, 1))]
)
def test_birth_month_and_year_is_the_first_of_the_month_with_a_warning(raw, expected):
    result = parse_date(raw, kind="birth", today=TODAY)
    assert result.value == expected
    assert not result.year_only
    assert result.issues == ("date.birth_month_year_only",)
    assert ISSUES["date.birth_month_year_only"].severity == "warning"


def test_birth_year_alone_is_first_of_january_flagged_year_only():
    result = parse_date("1974", kind="birth", today=TODAY)
    assert (result.value, result.year_only) == (dt.date(1974, 1, 1), True)


def test_month_above_twelve_in_a_month_year_birth_is_invalid():
    assert parse_date("13/1982", kind="birth", today=TODAY).issues == ("date.invalid",)


def test_month_year_in_a_column_does_not_disturb_the_other_rows():
    frame = pl.DataFrame({"d": ["13/07/2021", "T7/2021", "05/08/2021", None]})
    out = normalise_dates(frame, "d", today=TODAY)
    assert out["d"].to_list() == [dt.date(2021, 7, 13), None, dt.date(2021, 8, 5), None]
    assert out["d__issue"].to_list() == [None, "date.month_year_only", None, None]


@pytest.mark.parametrize(
    "raw",
    [
        "5-Jul-21",
        "05-Jul-2021",
        "05 July 2021",
        "Jul 5, 2021",
        "July 5th, 2021",
        "05-thg 7-21",
        "5 Thg7 2021",
    ],
)
def test_month_by_name_as_excel_displays_it(raw):
    result = parse_date(raw, today=TODAY)
    assert (result.value, result.issues) == (dt.date(2021, 7, 5), ())


def test_month_by_name_checks_the_day_and_flags_two_digit_birth_years():
    assert parse_date("31-Feb-21", today=TODAY).issues == ("date.invalid",)
    birth = parse_date("13-Jul-80", kind="birth", today=TODAY)
    assert (birth.value, birth.issues) == (dt.date(1980, 7, 13), ("date.two_digit_year",))


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678 / 0987 654 321",
        "0912.345.678 - 0987.654.321",
        "0912345678 hoặc 0987654321",
        "0912345678; 0987654321",
        "0912345678\n0987654321",
    ],
)
def test_two_phone_numbers_in_one_cell_keep_the_first_with_a_warning(raw):
    result = normalise_phone(raw)
    assert (result.value, result.kind) == ("0912345678", "mobile")
    assert result.issues == ("phone.several_first_kept",)
    assert ISSUES["phone.several_first_kept"].severity == "warning"


@pytest.mark.parametrize("raw", ["０９１２３４５６７８", '="0912345678"', "\u200b0912 345 678"])
def test_phone_text_damage_is_undone(raw):
    assert normalise_phone(raw) == normalise_phone("0912345678")


def test_a_single_long_number_is_still_invalid_not_split():
    assert normalise_phone("09123456780987654321").issues == ("phone.invalid",)


@pytest.mark.parametrize("raw", ["01/02/2021", "1-2-21", "01.02.2021", "2021-02-01", "2021-02-01 00:00:00"])
def test_a_date_in_the_id_column_is_an_error_never_an_id(raw):
    # "01/02/2021" without its slashes is 8 digits: it used to become the CMND "001022021".
    result = normalise_id_number(raw)
    assert (result.value, result.issues) == (None, ("id.looks_like_date",))
    assert "Ngày cấp" in ISSUES["id.looks_like_date"].message_vi


@pytest.mark.parametrize("raw", ["'05/07/2021", '"05/07/2021"', "“05/07/2021”"])
def test_quotes_that_force_text_are_no_part_of_a_date(raw):
    assert parse_date(raw, order="dmy", today=TODAY).value == dt.date(2021, 7, 5)


def test_a_lunar_date_note_is_never_read_as_a_solar_date():
    # "(âm lịch)" means the numbers are a lunar date: dropping the note would give a wrong date silently.
    assert parse_date("05/07/2021 (âm lịch)", today=TODAY).issues == ("date.unparseable",)
