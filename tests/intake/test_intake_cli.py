"""`ansinh import` / `ansinh forms` contracts (issue 4 §6), validation rules and the problem report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook

from ansinh.intake.cli import forms_main, import_main, main
from ansinh.intake.pipeline.formspec import default_forms
from ansinh.intake.pipeline.report import ERROR_FILL, PROBLEMS_SHEET, SUMMARY_SHEET, WARNING_FILL
from ansinh.kernel.export_safety import safe_cell

TITLE = "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN HỢP ĐỒNG LAO ĐỘNG, NGHỈ VIỆC KHÔNG HƯỞNG LƯƠNG"
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Mã số BHXH",
    "Từ ngày",
    "Đến ngày",
    "Ghi chú",
]


def _write(path: Path, rows: list[list[object]], *, title: str | None = TITLE) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    r = 0
    if title:
        ws.write(0, 0, title)
        r = 2
    ws.write_row(r, 0, HEADER)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r + 1 + i, j, value)  # typed text, even "=1+2"
            else:
                ws.write(r + 1 + i, j, value)
    wb.close()
    return path


GOOD = [1, "nguyễn văn an", "13/05/1990", "Nam", "070090001234", "7012345678", "15/07/2021", "30/08/2021", ""]
BAD_ID = [2, "Trần Thị Bé", "14/06/1991", "Nữ", "12AB", "7012345679", "15/07/2021", "30/08/2021", ""]
NO_NAME_DUP = [3, "", "15/07/1992", "Nam", "070092001235", "7012345670", "15/07/2021", "30/08/2021", ""]
DUP = [
    4,
    "Nguyễn Văn An",
    "13/05/1990",
    "Nam",
    "70090001234",
    "7012345678",
    "15/07/2021",
    "30/08/2021",
    "=1+2",
]


@pytest.fixture(scope="module")
def mixed_list(tmp_path_factory) -> Path:
    return _write(tmp_path_factory.mktemp("cli") / "ds.xlsx", [GOOD, BAD_ID, NO_NAME_DUP, DUP])


def test_json_contract_counts_and_problems(mixed_list, tmp_path, capsys):
    report = tmp_path / "report.xlsx"
    normalised = tmp_path / "normalised.csv"
    code = import_main(
        [
            str(mixed_list),
            "--dry-run",
            "--json",
            "--report",
            str(report),
            "--output-normalised",
            str(normalised),
        ]
    )
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["form"] == "mau-05"
    assert {k: payload[k] for k in ("rows", "accepted", "warnings", "rejected", "duplicates")} == {
        "rows": 4,
        "accepted": 2,
        "warnings": 1,
        "rejected": 2,
        "duplicates": 1,
    }
    by_code = {(p["row"], p["code"]): p for p in payload["problems"]}
    bad = by_code[(5, "id.invalid_characters")]
    assert bad["column"] == "Số CCCD" and bad["value"] == "12AB" and bad["severity"] == "error"
    assert "12AB" in bad["message"]
    assert by_code[(6, "required.missing")]["column"] == "Họ và tên"
    assert by_code[(7, "row.duplicate")]["severity"] == "warning"
    assert "dòng 4" in by_code[(7, "row.duplicate")]["message"]
    assert set(payload["problems"][0]) >= {"row", "column", "value", "message", "severity"}

    with normalised.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["full_name"] for r in rows] == ["Nguyễn Văn An", "Nguyễn Văn An"]
    assert rows[0]["date_of_birth"] == "13/05/1990" and rows[1]["id_number"] == "070090001234"
    assert rows[1]["note"] == "'=1+2", "formula injection neutralised in the CSV export"

    wb = load_workbook(report)
    assert wb.sheetnames[:2] == [SUMMARY_SHEET, PROBLEMS_SHEET]
    ws = wb["DS"]
    assert ws["E5"].fill.start_color.rgb.endswith(ERROR_FILL)
    assert "12AB" in ws["E5"].comment.text
    assert ws["E7"].fill.start_color.rgb.endswith(WARNING_FILL)
    assert ws["I7"].value == "'=1+2"


def test_text_output_has_vietnamese_labels(mixed_list, capsys):
    code = import_main([str(mixed_list), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    for label in ("Số dòng đọc được: 4", "Được nhận: 2", "Có cảnh báo: 1", "Bị loại: 2", "Trùng lặp: 1"):
        assert label in out
    assert "mau-05" in out


@pytest.mark.django_db
def test_storing_without_unit_goes_to_the_department(mixed_list, capsys, reference_data):
    """Without --dry-run the accepted rows are stored, by default for the Department (exit 0)."""
    from ansinh.intake.models import ImportJob, ImportRow

    code = import_main([str(mixed_list)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    job = ImportJob.objects.get()
    assert job.unit.code == "so-ldtbxh" and job.status == ImportJob.Status.STORED
    assert ImportRow.objects.filter(job=job).count() == 2
    # The same file again adds nothing.
    assert import_main([str(mixed_list)]) == 0
    assert ImportRow.objects.count() == 2


@pytest.mark.django_db
def test_storing_for_an_unknown_unit_is_refused_with_its_reason(mixed_list, capsys, reference_data):
    code = import_main([str(mixed_list), "--unit", "khong-co-don-vi-nay"])
    captured = capsys.readouterr()
    assert code == 5
    assert "khong-co-don-vi-nay" in captured.err and "ds.xlsx" in captured.err


def test_nothing_accepted_exits_non_zero(tmp_path, capsys):
    path = _write(tmp_path / "bad.xlsx", [BAD_ID, [5, "", "", "", "", "", "", "", "ghi chú"]])
    assert import_main([str(path), "--dry-run", "--output-normalised", str(tmp_path / "o.csv")]) == 1


def test_two_forms_fit_equally_stops_and_lists_them(tmp_path, capsys):
    path = _write(tmp_path / "untitled.xlsx", [GOOD], title=None)
    code = import_main([str(path), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 4
    assert payload["error"] == "ambiguous_form"
    assert {"mau-05", "mau-06"} <= set(payload["candidates"])
    # With --form the clerk decides.
    assert import_main([str(path), "--form", "mau-06", "--dry-run"]) == 0


def test_unreadable_file_names_the_file(tmp_path, capsys):
    path = tmp_path / "không phải bảng tính.xlsx"
    path.write_bytes(b"\x00\x01\x02 not a spreadsheet \xff" * 50)
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 3
    assert "không phải bảng tính.xlsx" in err


def test_unsure_mapping_is_reported_and_override_applies(tmp_path, capsys):
    from ansinh.intake.pipeline.run import run_import

    wb = xlsxwriter.Workbook(str(tmp_path / "typo.xlsx"))
    ws = wb.add_worksheet()
    ws.write(0, 0, TITLE)
    ws.write_row(
        2,
        0,
        [
            "STT",
            "Ho ten nguoi lao dong",
            "Ngày sinhh",
            "Số CCCD",
            "Mã BHXH",
            "Từ ngay",
            "Den ngay",
            "Ghi chu them",
        ],
    )
    ws.write_row(3, 0, [1, "An", "13/05/1990", "070090001234", "7012345678", "15/07/2021", "30/08/2021", "x"])
    wb.close()
    result = run_import(tmp_path / "typo.xlsx", form_code="mau-05")
    fields = {m.letter: (m.field, m.status) for m in result.match.columns}
    assert fields["B"][0] == "full_name" and fields["C"][0] == "date_of_birth"
    assert fields["F"][0] == "start_date" and fields["G"][0] == "end_date"
    assert any(status == "unsure" for _, status in fields.values())
    unsure = result.match.unsure[0]
    assert unsure.candidates, "an unsure column lists its candidates"
    remembered = run_import(
        tmp_path / "typo.xlsx", form_code="mau-05", mapping_overrides={"Ghi chu them": "note", "H": "note"}
    )
    assert {m.letter: m.status for m in remembered.match.columns}["H"] == "override"


def test_forms_list_names_every_form(capsys):
    assert forms_main(["list"]) == 0
    out = capsys.readouterr().out
    for code in (
        "mau-01",
        "mau-05",
        "mau-07",
        "mau-08a",
        "mau-08b",
        "mau-11",
        "mau-13a",
        "nq116-mau-02",
        "ds-lao-dong-tu-do",
    ):
        assert code in out
    assert forms_main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {f["code"] for f in listed} == set(default_forms())


def test_every_form_is_well_formed():
    forms = default_forms()
    assert len(forms) >= 17
    for form in forms.values():
        assert form.required_fields, form.code
        assert all(c.headers for c in form.columns)
    assert default_forms()["nq116-mau-02"].column("ui_months_unused") is not None
    assert default_forms()["mau-07"].column("termination_date").required


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("code", sorted(default_forms()))
def test_each_form_is_recognised_from_its_title_and_headers(code):
    import polars as pl

    from ansinh.intake.pipeline.grid import SheetGrid
    from ansinh.intake.pipeline.header import detect_header
    from ansinh.intake.pipeline.mapping import recognise_form

    forms = default_forms()
    form = forms[code]
    cols = [c for c in form.columns if c.field not in ("dob_male", "dob_female")]
    width = len(cols) + 1
    rows = [
        [form.name_vi.upper()] + [None] * len(cols),
        [None] * width,
        ["STT"] + [c.headers[0] for c in cols],
        ["(1)"] + [f"({j})" for j in range(2, width + 1)],
        ["1"] + ["x"] * len(cols),
    ]
    frame = pl.DataFrame(
        {f"c{j}": [r[j] for r in rows] for j in range(width)},
        schema=dict.fromkeys((f"c{j}" for j in range(width)), pl.Utf8),
    )
    frame = frame.with_row_index("__row", offset=1).with_columns(pl.col("__row").cast(pl.Int64))
    header = detect_header(SheetGrid(name="DS", frame=frame), forms)
    assert header.header_rows == (3,) and header.numbering_row == 4
    match, _ = recognise_form(header, forms, file_name="ds.xlsx")
    assert match.form.code == code
    assert all(m.status in ("sure", "ignored") for m in match.columns)


def test_free_worker_list_communes_become_unit_codes(tmp_path):
    from ansinh.intake.pipeline.run import run_import

    path = tmp_path / "ldtd.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    ws.write(0, 0, "DANH SÁCH NGƯỜI LAO ĐỘNG TỰ DO (KHÔNG CÓ GIAO KẾT HỢP ĐỒNG LAO ĐỘNG) ĐỀ NGHỊ HỖ TRỢ")
    ws.write_row(
        2, 0, ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Xã/Phường", "Huyện/Thị xã", "Công việc", "Số ngày"]
    )
    ws.write_row(
        3, 0, [1, "Lê Văn Tư", "1980", "070080001111", "X. Tân Thành", "Đồng Xoài", "bán vé số", "20"]
    )
    ws.write_row(4, 0, [2, "Đỗ Thị Năm", "1985", "070185002222", "Xã Không Có", "Đồng Phú", "phụ hồ", "15"])
    wb.close()
    result = run_import(path)
    assert result.form.code == "ds-lao-dong-tu-do"
    codes = dict(
        zip(result.accepted["__row"].to_list(), result.accepted["commune_code"].to_list(), strict=True)
    )
    assert codes == {4: "25207", 5: None}, "an unknown commune keeps the row (warning) with no code"
    unknown = result.problems.filter(result.problems["code"] == "commune.unknown")
    assert unknown["row"].to_list() == [5] and unknown["severity"].to_list() == ["warning"]
    assert "Xã Không Có" in unknown["message"][0] and unknown["letter"][0] == "E"
    assert result.evaluation.frame is None  # the free-worker policy is not computable (province decision)


def test_report_for_csv_is_a_new_workbook_with_the_same_cells(tmp_path):
    import messy

    from ansinh.intake.pipeline.report import write_report
    from ansinh.intake.pipeline.run import run_import

    source = tmp_path / "ds.csv"
    messy.write_csv(source, messy.people(4), "utf-8")
    with source.open("a", encoding="utf-8") as fh:
        fh.write("")  # nothing more: totals and signatures are already there
    result = run_import(source)
    out = write_report(result, source, tmp_path / "bao-cao.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [SUMMARY_SHEET, PROBLEMS_SHEET, "ds"]
    ws = wb["ds"]
    assert ws["B3"].value == "Họ và tên", "cells keep their places (row 3 = the header line)"
    flagged = ws["E4"]  # the first person's ID was typed as a number: zero lost
    assert flagged.fill.start_color.rgb.endswith(WARNING_FILL)
    assert "mất số 0" in flagged.comment.text
    summary = {row[0]: row[1] for row in wb[SUMMARY_SHEET].iter_rows(values_only=True) if row and row[0]}
    assert summary["Số dòng được nhận"] == 4


def test_missing_file_is_named(tmp_path, capsys):
    assert main(["import", str(tmp_path / "không có.xlsx"), "--dry-run"]) == 3
    assert "Không tìm thấy tệp" in capsys.readouterr().err


def test_evaluation_uses_what_the_list_states(tmp_path):
    """An F0 list is evaluated as F0 (form constant); on NQ 116 Mẫu 02 "Không nhận hỗ trợ" means declined."""
    from ansinh.intake.pipeline.run import run_import

    f0 = tmp_path / "f0.xlsx"
    wb = xlsxwriter.Workbook(str(f0))
    ws = wb.add_worksheet()
    ws.write(0, 0, "DANH SÁCH NGƯỜI ĐIỀU TRỊ NHIỄM COVID-19 (F0) ĐỀ NGHỊ HỖ TRỢ TIỀN ĂN")
    ws.write_row(
        2, 0, ["STT", "Họ và tên", "Ngày sinh", "Ngày bắt đầu điều trị", "Ngày ra viện", "Người cao tuổi"]
    )
    ws.write_row(3, 0, [1, "Phạm Văn Sáu", "13/05/1950", "13/08/2021", "27/08/2021", "x"])
    ws.write_row(4, 0, [2, "Phạm Bé Bảy", "14/06/2015", "13/08/2021", "17/08/2021", ""])
    wb.close()
    result = run_import(f0)
    assert result.form.code == "mau-08a" and result.evaluation.policy == "nq68-f0-f1"
    amounts = dict(result.evaluation.frame.select("__row", "amount_vnd").iter_rows())
    # 15 days x 80,000 + 1,000,000 elderly add-on; a child: 5 days x 80,000 + 1,000,000 (QĐ 23 Điều 26, QĐ 33).
    assert amounts == {4: 2_200_000, 5: 1_400_000}
    assert "F0" in result.evaluation.note

    ui = tmp_path / "nq116.xlsx"
    wb = xlsxwriter.Workbook(str(ui))
    ws = wb.add_worksheet()
    ws.write(0, 0, "DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ TỪ QUỸ BẢO HIỂM THẤT NGHIỆP")
    ws.write_row(
        2, 0, ["STT", "Họ và tên", "Mã số BHXH", "Số CMND/CCCD", "Số tháng đóng BHTN chưa hưởng", "Ghi chú"]
    )
    ws.write_row(3, 0, [1, "Võ Thị Tám", "7012345678", "070190001234", "30", ""])
    ws.write_row(4, 0, [2, "Võ Văn Chín", "7012345679", "070090001235", "150", "Không nhận hỗ trợ"])
    wb.close()
    result = run_import(ui)
    assert result.form.code == "nq116-mau-02"
    verdicts = {
        row: (eligible, amount)
        for row, eligible, amount in result.evaluation.frame.select(
            "__row", "eligible", "amount_vnd"
        ).iter_rows()
    }
    assert verdicts == {4: (True, 2_100_000), 5: (False, 0)}


def test_every_form_policy_exists_in_the_catalogue():
    from ansinh.policies.catalogue import load_catalogue

    catalogue = load_catalogue()
    for form in default_forms().values():
        for code in form.policies:
            assert code in catalogue.policies, f"{form.code} feeds unknown policy {code}"
