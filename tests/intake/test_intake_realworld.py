"""Real-world-style lists the messy corpus did not show, as a commune officer or an HR clerk makes them by hand.

Every file is made here (tmp_path). Each test states what the clerk must get: the right value, or a precise
Vietnamese message naming the row, the column and the reason, and that no valid row is lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
import xlsxwriter

from ansinh.intake.cli import main
from ansinh.intake.pipeline.run import run_import

TODAY = dt.date(2026, 11, 29)
TITLE = "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN THỰC HIỆN HỢP ĐỒNG LAO ĐỘNG"
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã số BHXH", "Từ ngày", "Đến ngày"]
FULL_WIDTH = lambda digits: digits.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})  # noqa: E731
NUMBERING = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Cells as given: str, int/float (numbers, as Excel keeps them) or datetime (a real date cell)."""
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date_format)
                else:
                    ws.write(r, c, value)
    wb.close()
    return path


def person(i: int, name: str = "Nguyễn Văn An", **over: object) -> list[object]:
    """One valid Mẫu 05 row (male, born 13/05/1980, CCCD of Bình Phước); ``over`` replaces cells by header."""
    row: dict[str, object] = {
        "STT": i,
        "Họ và tên": name,
        "Ngày sinh": "13/05/1980",
        "Giới tính": "Nam",
        "Số CCCD": f"070080{i:06d}",
        "Mã số BHXH": f"79{i:08d}",
        "Từ ngày": "13/07/2021",
        "Đến ngày": "14/09/2021",
    }
    row.update(over)
    return list(row.values())


def by_row(result) -> dict[int, dict]:
    return {r["__row"]: r for r in result.accepted.iter_rows(named=True)}


def problems_of(result, code: str) -> list[dict]:
    return [p for p in result.problems.iter_rows(named=True) if p["code"] == code]


# --- ID numbers --------------------------------------------------------------------------------------------


def test_id_numbers_in_every_excel_shape(tmp_path):
    rows = [
        [TITLE],
        HEADER,
        person(1, **{"Số CCCD": 70080000001.0}),  # a number cell: the zero is lost, ".0" float
        person(2, **{"Số CCCD": "7,00800E+10"}),  # scientific notation text: digits lost for good
        person(3, **{"Số CCCD": "070 080 000 003"}),
        person(4, **{"Số CCCD": "'070080000004"}),
        person(5, **{"Số CCCD": FULL_WIDTH("070080000005")}),
        person(6, **{"Số CCCD": "070.080.000.006"}),
        person(7, **{"Số CCCD": "12345678"}),  # CMND that lost its zero
    ]
    result = run_import(write_xlsx(tmp_path / "ids.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    accepted = by_row(result)
    assert {r: accepted[r]["id_number"] for r in accepted} == {
        3: "070080000001",
        5: "070080000003",
        6: "070080000004",
        7: "070080000005",
        8: "070080000006",
        9: "012345678",
    }
    (lost,) = problems_of(result, "id.precision_lost")
    assert (lost["row"], lost["letter"], lost["severity"]) == (4, "E", "error")
    assert lost["value"] == "7,00800E+10" and "mất chữ số" in lost["message"]
    restored = {p["row"] for p in problems_of(result, "id.lost_leading_zero_restored")}
    assert restored == {3, 9}


# --- dates -------------------------------------------------------------------------------------------------


def test_dates_in_every_clerk_style(tmp_path):
    rows = [
        [TITLE],
        HEADER,
        person(1, **{"Ngày sinh": "13.05.1980", "Từ ngày": "13/7/2021"}),
        person(2, **{"Ngày sinh": dt.datetime(1980, 5, 13, 8, 30)}),  # a datetime cell with a time part
        person(3, **{"Ngày sinh": 29354.0, "Từ ngày": "44390"}),  # serial as a float cell and as text
        person(4, **{"Ngày sinh": "ngày 13/5/1980", "Đến ngày": "14/09/2021   "}),
        person(5, **{"Ngày sinh": "1980/05/13"}),
        person(6, **{"Ngày sinh": "1980"}),  # a birth year alone: accepted as 01/01, with a warning
        person(7, **{"Ngày sinh": "T5/1980"}),  # month and year of birth: the 1st, with a warning
        person(8, **{"Từ ngày": "T7/2021"}),  # an event date without its day: an error saying so
    ]
    result = run_import(write_xlsx(tmp_path / "dates.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    accepted = by_row(result)
    assert set(accepted) == {3, 4, 5, 6, 7, 8, 9}
    for r in (3, 4, 5, 6, 7):
        assert accepted[r]["date_of_birth"] == dt.date(1980, 5, 13), r
        assert accepted[r]["start_date"] == dt.date(2021, 7, 13)
        assert accepted[r]["end_date"] == dt.date(2021, 9, 14)
    assert accepted[8]["date_of_birth"] == dt.date(1980, 1, 1)
    assert accepted[9]["date_of_birth"] == dt.date(1980, 5, 1)
    (year_only,) = problems_of(result, "birth.year_only")
    assert year_only["row"] == 8 and "01/01/1980" in year_only["message"]
    (month_year,) = problems_of(result, "date.birth_month_year_only")
    assert month_year["row"] == 9 and "01/05/1980" in month_year["message"]
    (no_day,) = problems_of(result, "date.month_year_only")
    assert (no_day["row"], no_day["letter"], no_day["column"], no_day["severity"]) == (
        10,
        "G",
        "Từ ngày",
        "error",
    )
    assert 'Ngày "T7/2021" chỉ có tháng và năm, thiếu ngày' in no_day["message"]


# --- headers -----------------------------------------------------------------------------------------------


def test_header_hints_line_breaks_and_abbreviations_are_understood(tmp_path):
    header = [
        "STT",
        "Họ và tên",
        "Ngày sinh (dd/mm/yyyy)",
        "Giới tính (Nam/Nữ)",
        "Số\nCMND/CCCD",
        "Số sổ BHXH",
        "Từ ngày\n(dd/mm/yyyy)",
        "Đến ngày\n(dd/mm/yyyy)",
    ]
    rows = [[TITLE], header, person(1), person(2, "Trần Thị Bình", **{"Giới tính": "Nữ"})]
    result = run_import(write_xlsx(tmp_path / "hints.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert result.form.code == "mau-05"
    mapping = {m.letter: (m.field, m.status) for m in result.match.columns}
    assert mapping == {
        "A": (None, "ignored"),
        "B": ("full_name", "sure"),
        "C": ("date_of_birth", "sure"),
        "D": ("sex", "sure"),
        "E": ("id_number", "sure"),
        "F": ("social_insurance_number", "sure"),
        "G": ("start_date", "sure"),
        "H": ("end_date", "sure"),
    }
    assert result.counts()["accepted"] == 2


@pytest.mark.parametrize("id_header", ["CCCD/CMND", "Số ĐDCN", "Số định danh cá nhân", "Mã định danh"])
def test_id_column_abbreviations(tmp_path, id_header):
    header = [id_header if h == "Số CCCD" else h for h in HEADER]
    rows = [[TITLE], header, person(1)]
    result = run_import(write_xlsx(tmp_path / "abbr.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert result.match.field_columns["id_number"].letter == "E"
    assert result.match.field_columns["id_number"].status == "sure"
    assert by_row(result)[3]["id_number"] == "070080000001"


def test_english_headers(tmp_path):
    header = ["No.", "Full name", "Date of birth", "Gender", "ID number", "Social insurance number", "Start date",
              "End date"]  # fmt: skip
    rows = [["LIST OF EMPLOYEES"], header, person(1)]
    result = run_import(
        write_xlsx(tmp_path / "en.xlsx", {"DS": rows}), form_code="mau-05", evaluate=False, today=TODAY
    )
    assert [m.status for m in result.match.columns] == ["ignored"] + ["sure"] * 7
    assert result.counts()["accepted"] == 1


def test_extra_columns_in_another_order_are_ignored_and_reported(tmp_path):
    header = ["STT", "Mã NV", "Số CCCD", "Họ và tên", "Phòng ban", "Ngày sinh", "Giới tính", "Mã số BHXH",
              "Đến ngày", "Từ ngày", "Lương cơ bản"]  # fmt: skip
    row = [1, "NV001", "070080000001", "Nguyễn Văn An", "Kế toán", "13/05/1980", "Nam", "7900000001",
           "14/09/2021", "13/07/2021", "5000000"]  # fmt: skip
    rows = [[TITLE], header, row]
    result = run_import(write_xlsx(tmp_path / "extra.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert result.form.code == "mau-05"
    got = by_row(result)[3]
    assert (got["start_date"], got["end_date"]) == (dt.date(2021, 7, 13), dt.date(2021, 9, 14))
    ignored = problems_of(result, "column.ignored")
    assert [(p["row"], p["letter"], p["severity"]) for p in ignored] == [
        (2, "B", "warning"),
        (2, "E", "warning"),
        (2, "K", "warning"),
    ]
    assert ignored[0]["message"].startswith(
        "Cột B «Mã NV» không thuộc mẫu mau-05; dữ liệu cột này không được nhập."
    )
    assert result.counts()["warnings"] == 0, "a header-row notice is not a warning on a person"


def test_data_on_the_second_sheet_after_a_cover_sheet(tmp_path):
    cover = [["CÔNG TY TNHH MAY ABC"], ["HỒ SƠ ĐỀ NGHỊ HỖ TRỢ"], ["Ngày 15 tháng 7 năm 2021"]]
    rows = [[TITLE], HEADER, person(1), person(2)]
    result = run_import(
        write_xlsx(tmp_path / "cover.xlsx", {"Bìa": cover, "Danh sách": rows}), evaluate=False, today=TODAY
    )
    assert (result.sheet, result.form.code, result.counts()["accepted"]) == ("Danh sách", "mau-05", 2)


def test_header_split_across_three_rows(tmp_path):
    rows = [
        [TITLE],
        [
            "STT",
            "Họ và tên",
            "Ngày, tháng, năm sinh",
            None,
            "Số CMND/CCCD",
            "Mã số BHXH",
            "Thời gian tạm hoãn",
        ],
        [None, None, "Nam", "Nữ", None, None, "Thời gian", None, "Số ngày"],
        [None, None, None, None, None, None, "Từ ngày", "Đến ngày"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        [
            1,
            "Nguyễn Văn An",
            "13/05/1980",
            None,
            "070080000001",
            "7900000001",
            "13/07/2021",
            "14/09/2021",
            63,
        ],
        [
            2,
            "Trần Thị Bình",
            None,
            "14/06/1981",
            "070181000002",
            "7900000002",
            "13/07/2021",
            "14/09/2021",
            63,
        ],
    ]
    result = run_import(write_xlsx(tmp_path / "three.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert result.header.header_rows == (2, 3, 4) and result.header.numbering_row == 5
    got = by_row(result)
    assert (got[6]["sex"], got[6]["date_of_birth"]) == ("nam", dt.date(1980, 5, 13))
    assert (got[7]["sex"], got[7]["date_of_birth"]) == ("nữ", dt.date(1981, 6, 14))
    assert (got[7]["start_date"], got[7]["days"]) == (dt.date(2021, 7, 13), 63)


# --- sex ---------------------------------------------------------------------------------------------------


def test_sex_ticked_under_nam_or_nu_columns(tmp_path):
    rows = [
        [TITLE],
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            None,
            "Số CMND/CCCD",
            "Mã số BHXH",
            "Từ ngày",
            "Đến ngày",
        ],
        [None, None, None, "Nam", "Nữ"],
        [
            1,
            "Nguyễn Văn An",
            "13/05/1980",
            "x",
            None,
            "070080000001",
            "7900000001",
            "13/07/2021",
            "14/09/2021",
        ],
        [
            2,
            "Trần Thị Bình",
            "14/06/1981",
            None,
            "X",
            "070181000002",
            "7900000002",
            "13/07/2021",
            "14/09/2021",
        ],
        [3, "Lê Thị Cúc", "14/06/1981", "x", "x", "070181000003", "7900000003", "13/07/2021", "14/09/2021"],
    ]
    result = run_import(write_xlsx(tmp_path / "ticks.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    mapping = {m.letter: m.field for m in result.match.columns}
    assert (mapping["D"], mapping["E"]) == ("sex_male", "sex_female")
    got = by_row(result)
    assert set(got) == {4, 5, 6}, "a doubtful sex is a warning, the person stays"
    assert (got[4]["sex"], got[5]["sex"], got[6]["sex"]) == ("nam", "nữ", None)
    assert got[4]["date_of_birth"] == dt.date(1980, 5, 13), "a tick is never taken for a birth date"
    (both,) = [p for p in result.problems.iter_rows(named=True) if p["field"] == "sex"]
    assert (both["row"], both["letter"], both["severity"]) == (6, "D", "warning")
    assert "cả Nam và Nữ" in both["message"]


def test_birth_date_written_under_nam_or_nu_of_a_sex_header(tmp_path):
    rows = [
        [TITLE],
        ["STT", "Họ và tên", "Giới tính (Nam/Nữ)", None, "Số CMND/CCCD", "Mã số BHXH", "Từ ngày", "Đến ngày"],
        [None, None, "Nam", "Nữ"],
        [1, "Nguyễn Văn An", "13/05/1980", None, "070080000001", "7900000001", "13/07/2021", "14/09/2021"],
        [2, "Trần Thị Bình", None, 1981, "070181000002", "7900000002", "13/07/2021", "14/09/2021"],
        [3, "Lê Văn Dũng", "x", None, "070080000003", "7900000003", "13/07/2021", "14/09/2021"],
    ]
    result = run_import(write_xlsx(tmp_path / "namnu.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    got = by_row(result)
    assert (got[4]["sex"], got[4]["date_of_birth"]) == ("nam", dt.date(1980, 5, 13))
    assert (got[5]["sex"], got[5]["date_of_birth"]) == ("nữ", dt.date(1981, 1, 1))
    assert 6 not in got, "Mẫu 05 requires the birth date; a tick alone does not give one"
    (missing,) = [p for p in result.problems.iter_rows(named=True) if p["row"] == 6]
    assert (missing["code"], missing["message"]) == ("required.missing", "Thiếu Ngày sinh (cột bắt buộc).")


def test_sex_spellings(tmp_path):
    values = {3: "M", 4: "F", 5: "NAM", 6: "nu", 7: "Nữ\u00a0", 8: "1", 9: "0"}
    rows = [[TITLE], HEADER] + [person(r - 2, **{"Giới tính": v}) for r, v in values.items()]
    result = run_import(write_xlsx(tmp_path / "sex.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    got = by_row(result)
    assert {r: got[r]["sex"] for r in values} == {
        3: "nam",
        4: "nữ",
        5: "nam",
        6: "nữ",
        7: "nữ",
        8: None,
        9: None,
    }
    # "1"/"0" mean Nam/Nữ in some software and the reverse in others: never guessed, the clerk is asked.
    unclear = problems_of(result, "enum.unknown")
    assert [(p["row"], p["severity"]) for p in unclear] == [(8, "warning"), (9, "warning")]
    assert unclear[0]["message"] == 'Giá trị "1" không thuộc các giá trị cho phép (nam, nữ).'


# --- names -------------------------------------------------------------------------------------------------


def test_names_as_clerks_paste_them(tmp_path):
    names = {
        3: ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        4: ("Trần\u00a0Thị  Bình\u200b", "Trần Thị Bình"),
        5: (unicodedata.normalize("NFD", "Lê Thị Ánh Tuyết"), "Lê Thị Ánh Tuyết"),  # macOS
        6: ("Ph¹m V¨n §øc", "Phạm Văn Đức"),  # TCVN3 next to Unicode cells
        7: ("\ufeffhoàng   văn  em ", "Hoàng Văn Em"),
    }
    rows = [[TITLE], HEADER] + [person(r - 2, raw) for r, (raw, _) in names.items()]
    result = run_import(write_xlsx(tmp_path / "names.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    got = by_row(result)
    assert {r: got[r]["full_name"] for r in names} == {r: want for r, (_, want) in names.items()}
    assert all(unicodedata.is_normalized("NFC", got[r]["full_name"]) for r in names)


def test_name_split_into_family_and_given_name_columns(tmp_path):
    header = ["STT", "Họ và tên đệm", "Tên", *HEADER[2:]]
    rows = [[TITLE], header, [1, "Nguyễn Văn", "An", *person(1)[2:]], [2, "Trần Thị", "Bình", *person(2)[2:]]]
    result = run_import(write_xlsx(tmp_path / "split.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    got = by_row(result)
    assert (got[3]["full_name"], got[4]["full_name"]) == ("Nguyễn Văn An", "Trần Thị Bình")
    assert not problems_of(result, "column.ignored")


def test_name_header_merged_over_two_columns(tmp_path):
    header = ["STT", "Họ và tên", None, *HEADER[2:]]
    rows = [
        [TITLE],
        header,
        [1, "Nguyễn Văn", "An", *person(1)[2:]],
        [2, "Trần Thị", "Bình", *person(2)[2:]],
        [None, None, None, None, None, "Hà Nội, ngày 15 tháng 7 năm 2021"],
    ]
    result = run_import(write_xlsx(tmp_path / "merged.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    got = by_row(result)
    assert (got[3]["full_name"], got[4]["full_name"]) == ("Nguyễn Văn An", "Trần Thị Bình")
    assert got[3]["date_of_birth"] == dt.date(1980, 5, 13)


# --- rows around and between the people --------------------------------------------------------------------


def test_departments_subtotals_page_breaks_and_signatures(tmp_path):
    rows = [
        [TITLE],  # 1
        HEADER,  # 2
        NUMBERING,  # 3
        ["I", "Phòng Kế toán"],  # 4: a section named like a signature role
        person(1),  # 5
        person(2),  # 6
        [None, "Cộng phòng Kế toán", None, None, None, None, None, None],  # 7: subtotal
        [None] * 8,  # 8
        ["II", "Phòng Tổ chức - Hành chính"],  # 9
        [3],  # 10: only the STT filled
        person(4),  # 11
        HEADER,  # 12: page break copy of the header
        NUMBERING,  # 13
        person(5),  # 14
        ["III", "Ban Giám đốc"],  # 15
        person(6),  # 16
        [None, "Tổng cộng: 5 người"],  # 17
        [None, None, None, None, None, "Bình Phước, ngày 15 tháng 7 năm 2021"],
        [None, "Người lập biểu", None, None, None, "GIÁM ĐỐC"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
        [None],
        [None, "Nguyễn Thị Lập", None, None, None, "Trần Văn Giám"],
    ]
    result = run_import(write_xlsx(tmp_path / "sections.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert sorted(by_row(result)) == [5, 6, 11, 14, 16], "no person is lost, no signature is taken for one"
    assert result.cut["totals"] == 2
    assert result.cut["repeated_header_or_section"] == 5
    (stray,) = problems_of(result, "row.stray")
    assert (stray["row"], stray["severity"]) == (10, "warning")
    assert result.counts()["rejected"] == 0


def test_a_note_that_looks_like_a_signature_above_people_cuts_nobody(tmp_path):
    rows = [
        [TITLE],
        HEADER,
        person(1),
        [None, "Kế toán"],
        person(2),
        [None, "Người lập biểu"],
        [None, "Lê Lập"],
    ]
    result = run_import(write_xlsx(tmp_path / "note.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert sorted(by_row(result)) == [3, 5]


# --- CSV / TSV --------------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[object]], delimiter: str, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_csv_with_the_export_trick_for_leading_zeros(tmp_path):
    rows = [[TITLE], HEADER, person(1, **{"Số CCCD": '="070080000001"', "Mã số BHXH": '="0790000001"'})]
    path = _write_csv(tmp_path / "export.csv", rows, ";", "utf-8-sig")
    got = by_row(run_import(path, evaluate=False, today=TODAY))[3]
    assert (got["id_number"], got["social_insurance_number"]) == ("070080000001", "0790000001")


def test_tsv(tmp_path):
    rows = [[TITLE], HEADER, person(1), person(2, "Trần Thị Bình", **{"Giới tính": "Nữ"})]
    result = run_import(_write_csv(tmp_path / "ds.tsv", rows, "\t"), evaluate=False, today=TODAY)
    assert result.counts()["accepted"] == 2 and by_row(result)[4]["full_name"] == "Trần Thị Bình"


# --- the CLI says it too ----------------------------------------------------------------------------------


def test_cli_json_reports_ignored_columns_and_the_month_only_date(tmp_path, capsys):
    header = [*HEADER, "Phòng ban"]
    rows = [[TITLE], header, [*person(1), "Kế toán"], [*person(2, **{"Đến ngày": "T9/2021"}), "Kho"]]
    path = write_xlsx(tmp_path / "cli.xlsx", {"DS": rows})
    code = main(["import", str(path), "--dry-run", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["form"], out["accepted"], out["rejected"]) == ("mau-05", 1, 1)
    problems = {(p["row"], p["column"]): p for p in out["problems"]}
    assert problems[(2, "Phòng ban")]["severity"] == "warning"
    assert problems[(4, "Đến ngày")]["message"].startswith('Ngày "T9/2021" chỉ có tháng và năm')


def test_look_alike_headers_never_reshape_names_or_sex(tmp_path):
    # "Họ tên cha/mẹ" is only 0.67 like "Họ tên đệm": never joined into the name. "Năm" (year) folds to
    # the letters of "Nam" (male): a "Tháng" | "Năm" pair is no sex tick pair.
    header = [*HEADER, "Họ tên cha/mẹ", "Kỳ lương", None]
    rows = [
        [TITLE],
        header,
        [None] * 9 + ["Tháng", "Năm"],
        [*person(1), "Nguyễn Văn Bố", 7, 2021],
    ]
    result = run_import(write_xlsx(tmp_path / "lookalike.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    fields = {m.letter: m.field for m in result.match.columns}
    assert fields["I"] is None and fields["K"] is None
    got = by_row(result)[4]
    assert (got["full_name"], got["sex"], got["date_of_birth"]) == (
        "Nguyễn Văn An",
        "nam",
        dt.date(1980, 5, 13),
    )


def test_a_phone_number_under_the_signatures_does_not_reopen_the_list(tmp_path):
    rows = [
        [TITLE],
        HEADER,
        person(1),
        person(2),
        [None, "Người lập biểu", None, None, None, "GIÁM ĐỐC"],
        [None, "Nguyễn Thị Lập", None, None, None, "Trần Văn Giám"],
        [None, None, None, None, "ĐT: 0912345678"],
    ]
    result = run_import(write_xlsx(tmp_path / "phone.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert sorted(by_row(result)) == [3, 4]
    assert result.counts()["rejected"] == 0 and result.cut["footer"] == 3


def test_group_headings_without_numbering_are_skipped_and_named(tmp_path):
    rows = [
        [TITLE],  # 1
        HEADER,  # 2
        [None, "Phòng Kế toán"],  # 3: heading in the name column
        person(1),  # 4
        ["BỘ PHẬN SẢN XUẤT"],  # 5: heading merged over the row, text in the STT column
        person(2),  # 6
        [4, "Trần Văn Dũng"],  # 7: numbered: a person with missing data, rejected and told why
        [None, None, None, None, None, None, None, "ghi chú lạc"],  # 8: a lone note: stray
    ]
    result = run_import(write_xlsx(tmp_path / "groups.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert sorted(by_row(result)) == [4, 6]
    headings = problems_of(result, "row.group_heading")
    assert [(p["row"], p["value"], p["severity"]) for p in headings] == [
        (3, "Phòng Kế toán", "warning"),
        (5, "BỘ PHẬN SẢN XUẤT", "warning"),
    ]
    assert headings[0]["message"].startswith(
        'Dòng chỉ có "Phòng Kế toán" (không có STT, số CCCD/CMND, ngày sinh)'
    )
    assert result.counts()["rejected"] == 1 and result.cut["group_heading"] == 2
    assert {p["code"] for p in result.problems.iter_rows(named=True) if p["row"] == 7} == {"required.missing"}
    assert [p["row"] for p in problems_of(result, "row.stray")] == [8]


# --- .xls (Excel 97-2003, BIFF8) ----------------------------------------------------------------------------


def _xls_rows() -> list[list[object]]:
    return [
        ["CÔNG TY TNHH MAY MẶC BÌNH PHƯỚC"],
        [TITLE],
        HEADER,
        NUMBERING,
        [1, "NGUYỄN VĂN AN", dt.date(1980, 5, 13), "Nam", 70080000001, 7900000001, dt.date(2021, 7, 13),
         dt.date(2021, 9, 14)],
        [2, "Trần Thị Bình", "14/06/1981", "Nữ", "070181000002", "7900000002", "13/07/2021", 44453],
        [None, "Tổng cộng"],
        [None, "Người lập biểu", None, None, None, "GIÁM ĐỐC"],
    ]  # fmt: skip


def write_xls(path: Path, sheets: dict[str, list[list[object]]], hidden: frozenset[str] = frozenset()) -> Path:
    """A real Excel 97-2003 file (BIFF8, xlwt): numbers are floats, dates are date cells."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        ws.visibility = 1 if name in hidden else 0
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(r, c, dt.datetime.combine(value, dt.time()), date_style)
                elif value is not None:
                    ws.write(r, c, value)
    book.save(str(path))
    return path


@pytest.mark.parametrize("name", ["ds.xls", "ds renamed.xlsx"])
def test_real_xls_file_is_read_like_xlsx(tmp_path, name):
    cover = [["Họ và tên", "Số CCCD"], ["Không Được Đọc", "001090000001"]]
    path = write_xls(tmp_path / name, {"Ẩn": cover, "DS": _xls_rows()}, hidden=frozenset({"Ẩn"}))
    result = run_import(path, evaluate=False, today=TODAY)
    assert (result.sheet, result.form.code, result.grid.source_format) == ("DS", "mau-05", "xls")
    got = by_row(result)
    assert sorted(got) == [5, 6]
    assert (got[5]["full_name"], got[5]["id_number"], got[5]["date_of_birth"]) == (
        "Nguyễn Văn An",
        "070080000001",
        dt.date(1980, 5, 13),
    )
    assert (got[6]["date_of_birth"], got[6]["end_date"]) == (dt.date(1981, 6, 14), dt.date(2021, 9, 14))
    assert [p["row"] for p in problems_of(result, "id.lost_leading_zero_restored")] == [5]


def test_birth_date_in_three_columns_day_month_year(tmp_path):
    rows = [
        [TITLE],
        ["STT", "Họ và tên", "Ngày tháng năm sinh", None, None, "Giới tính", "Số CMND/CCCD", "Mã số BHXH",
         "Từ ngày", "Đến ngày"],
        [None, None, "Ngày", "Tháng", "Năm"],
        [1, "Nguyễn Văn An", 5, 7, 1980, "Nam", "070080000001", "7900000001", "13/07/2021", "14/09/2021"],
        [2, "Trần Văn Bình", None, None, 1981, "Nam", "070081000002", "7900000002", "13/07/2021", "14/09/2021"],
        [3, "Lê Văn Cường", 31, 2, 1982, "Nam", "070082000003", "7900000003", "13/07/2021", "14/09/2021"],
    ]  # fmt: skip
    result = run_import(write_xlsx(tmp_path / "dmy.xlsx", {"DS": rows}), evaluate=False, today=TODAY)
    assert [m.field for m in result.match.columns][2:5] == ["dob_day", "dob_month", "dob_year"]
    got = by_row(result)
    assert got[4]["date_of_birth"] == dt.date(1980, 7, 5)
    assert got[5]["date_of_birth"] == dt.date(1981, 1, 1)
    assert not [p for p in result.problems.iter_rows(named=True) if p["row"] == 4], (
        "the columns say the order"
    )
    assert [p["code"] for p in result.problems.iter_rows(named=True) if p["row"] == 5] == ["birth.year_only"]
    (invalid,) = [p for p in result.problems.iter_rows(named=True) if p["row"] == 6]
    assert (invalid["code"], invalid["letter"], invalid["severity"]) == ("date.invalid", "C", "error")


def test_id_number_under_a_parent_with_date_and_place_of_issue(tmp_path):
    # "CMND/CCCD" over "Số" | "Ngày cấp" | "Nơi cấp", far enough right that the grid columns are c9..c11
    # ("c10" sorts before "c9" as text): the number column must win, not the date of issue.
    top = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Địa chỉ", "Chức vụ", "Phòng ban", "Mã số BHXH",
           "Từ ngày", "CMND/CCCD", None, None, "Đến ngày"]  # fmt: skip
    sub = [None] * 9 + ["Số", "Ngày cấp", "Nơi cấp", None]
    row = [1, "Nguyễn Văn An", "13/05/1980", "Nam", "Đồng Xoài", "Công nhân", "May", "7900000001", "13/07/2021",
           "070080000001", "01/02/2021", "Cục CS QLHC về TTXH", "14/09/2021"]  # fmt: skip
    result = run_import(write_xlsx(tmp_path / "issue.xlsx", {"DS": [[TITLE], top, sub, row]}), today=TODAY)
    fields = {m.letter: m.field for m in result.match.columns}
    assert (fields["J"], fields["K"], fields["L"]) == ("id_number", None, None)
    assert by_row(result)[4]["id_number"] == "070080000001"
    assert {p["letter"] for p in problems_of(result, "column.ignored")} == {"G", "K", "L"}


def test_address_parent_over_hamlet_commune_district(tmp_path):
    # A commune's free-worker list: "Địa chỉ thường trú" over "Thôn/Ấp" | "Xã/Phường" | "Huyện". Each child is
    # its own field; the parent alone names none of them (it used to take the hamlet or district column).
    title = "DANH SÁCH NGƯỜI LAO ĐỘNG KHÔNG CÓ GIAO KẾT HỢP ĐỒNG LAO ĐỘNG (LAO ĐỘNG TỰ DO)"
    top = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Số CCCD",
        "Địa chỉ thường trú",
        None,
        None,
        "Công việc",
    ]
    sub = [None] * 5 + ["Thôn/Ấp", "Xã/Phường", "Huyện", None]
    row = [
        1,
        "Nguyễn Văn An",
        "13/05/1980",
        "Nam",
        "070080000001",
        "Ấp 3",
        "X. Tân Thành",
        "TP. Đồng Xoài",
        "Bán vé số",
    ]
    result = run_import(write_xlsx(tmp_path / "commune.xlsx", {"DS": [[title], top, sub, row]}), today=TODAY)
    assert result.form.code == "ds-lao-dong-tu-do"
    fields = {m.letter: m.field for m in result.match.columns}
    assert (fields["F"], fields["G"], fields["H"]) == ("hamlet", "commune", "district")
    got = by_row(result)[4]
    assert (got["hamlet"], got["commune"], got["district"]) == ("Ấp 3", "X. Tân Thành", "TP. Đồng Xoài")
