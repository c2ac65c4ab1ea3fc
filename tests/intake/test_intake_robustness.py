"""Broken and hostile inputs (issue 4 §7): a clear message, bounded memory and time, no crash, nothing written.

Everything here exercises the reader and the header detection, which run before the (slower) kernel
normalisers, so these property tests stay fast. Sizes are scaled down through :class:`Limits`; the guards
themselves are the same code paths as in production.
"""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.intake.cli import main
from ansinh.intake.pipeline.formspec import default_forms
from ansinh.intake.pipeline.header import detect_header
from ansinh.intake.pipeline.limits import (
    EncodingError,
    EncryptedFileError,
    IntakeError,
    Limits,
    TooLargeError,
)
from ansinh.intake.pipeline.reader import read_workbook

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)


def _small_xlsx(path: Path, rows: int = 5) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    ws.write_row(0, 0, ["STT", "Họ và tên", "Số CCCD", "Ngày sinh"])
    for i in range(rows):
        ws.write_row(i + 1, 0, [i + 1, f"Người {i}", f"07009000{i:04d}", "13/05/1990"])
    wb.close()
    return path


def _read_or_clear_error(path: Path, limits: Limits | None = None) -> None:
    """Reading either works or raises one of our typed errors with a Vietnamese message naming the file."""
    try:
        grids = read_workbook(path, limits=limits or Limits())
    except IntakeError as exc:
        assert exc.message and path.name in exc.message
        return
    for grid in grids:
        try:
            detect_header(grid, default_forms())
        except IntakeError as exc:
            assert exc.message


@FUZZ
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "tệp lạ.xlsx"
    path.write_bytes(data)
    _read_or_clear_error(path)


@FUZZ
@given(cut=st.floats(min_value=0.05, max_value=0.95))
def test_truncated_zip(tmp_path_factory, cut):
    folder = tmp_path_factory.mktemp("trunc")
    good = _small_xlsx(folder / "good.xlsx", rows=50)
    data = good.read_bytes()
    broken = folder / "cut.xlsx"
    broken.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(IntakeError) as info:
        read_workbook(broken)
    assert "cut.xlsx" in info.value.message


@FUZZ
@given(
    text=st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30), max_size=8),
        max_size=20,
    )
)
def test_random_csv_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("csvfuzz") / "ds.csv"
    path.write_text("\n".join(",".join(row) for row in text), encoding="utf-8")
    _read_or_clear_error(path)


def test_zip_bomb_rejected_from_directory_before_reading(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros -> ~8 KB
    assert path.stat().st_size < 64 * 1024
    limits = Limits(ratio_check_min_bytes=1024 * 1024, max_compression_ratio=100)
    started = time.perf_counter()
    with pytest.raises(TooLargeError) as info:
        read_workbook(path, limits=limits)
    assert time.perf_counter() - started < 2
    assert "zip bomb" in info.value.message and "bomb.xlsx" in info.value.message
    with pytest.raises(TooLargeError):
        read_workbook(path, limits=Limits(max_uncompressed_bytes=4 * 1024 * 1024))


def test_million_empty_rows_xlsx(tmp_path):
    path = tmp_path / "sparse.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("DS")
    ws.write_row(0, 0, ["STT", "Họ và tên", "Số CCCD", "Ngày sinh"])
    ws.write_row(1, 0, [1, "Nguyễn Văn An", "070090001234", "13/05/1990"])
    ws.write_string(1_000_000, 0, " ")  # a lone space a million rows down: the used range is 1M rows
    wb.close()
    started = time.perf_counter()
    grids = read_workbook(path)
    header = detect_header(grids[0], default_forms())
    assert header.header_rows == (1,)
    assert grids[0].frame.height == 1_000_001
    assert time.perf_counter() - started < 30


def test_million_empty_lines_csv(tmp_path):
    path = tmp_path / "sparse.csv"
    path.write_text(
        "Họ và tên,Số CCCD,Ngày sinh\nAn,070090001234,13/05/1990\n" + "\n" * 1_000_000, encoding="utf-8"
    )
    started = time.perf_counter()
    grid = read_workbook(path)[0]
    assert grid.frame.height >= 2
    assert time.perf_counter() - started < 30
    with pytest.raises(TooLargeError):
        read_workbook(path, limits=Limits(max_rows=10_000))


def test_huge_cell_is_cut_and_reported(tmp_path):
    from ansinh.intake.pipeline.run import run_import

    limits = Limits(max_cell_chars=1000)
    path = tmp_path / "long.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    ws.write(0, 0, "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN HỢP ĐỒNG LAO ĐỘNG")
    ws.write_row(
        2, 0, ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Mã số BHXH", "Từ ngày", "Đến ngày", "Ghi chú"]
    )
    ws.write_row(
        3, 0, [1, "An", "13/05/1990", "070090001234", "7012345678", "15/07/2021", "30/08/2021", "x" * 20000]
    )
    wb.close()
    result = run_import(path, form_code="mau-05", limits=limits, evaluate=False)
    too_long = result.problems.filter(result.problems["code"] == "cell.too_long")
    assert too_long["row"].to_list() == [4] and too_long["letter"].to_list() == ["H"]
    assert result.counts()["rejected"] == 1
    # CSV: beyond the parser's bound the file is refused before the cell is held in memory.
    csv_path = tmp_path / "long.csv"
    csv_path.write_text("Họ và tên,Ghi chú\nAn," + "y" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(TooLargeError):
        read_workbook(csv_path, limits=limits)


def test_formulas_give_cached_values_never_evaluated(tmp_path):
    path = tmp_path / "formula.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    ws.write_row(0, 0, ["Họ và tên", "Số CCCD", "Ngày sinh"])
    ws.write_formula(1, 0, '=UPPER("an")', None, "AN")
    ws.write_formula(1, 1, "=70090001234", None, 70090001234)
    ws.write_formula(1, 2, '=WEBSERVICE("http://127.0.0.1/")', None, "13/05/1990")
    wb.close()
    frame = read_workbook(path)[0].frame
    assert frame.row(1)[1:] == ("AN", "70090001234", "13/05/1990")


def test_password_protected_workbook(tmp_path):
    # An encrypted OOXML workbook is an OLE container with an "EncryptedPackage" stream.
    path = tmp_path / "mật khẩu.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(
        header + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(EncryptedFileError) as info:
        read_workbook(path)
    assert "mật khẩu" in info.value.message


def test_mixed_encodings_csv(tmp_path):
    path = tmp_path / "trộn.csv"
    utf8 = "Họ và tên,Số CCCD\nNguyễn Văn An,070090001234\nTrần Thị Bình,070090001235\n".encode()
    cp1258 = "Lê Thị Hoa,070090001236\n".encode("cp1258", errors="ignore")
    path.write_bytes(utf8 + cp1258)
    with pytest.raises(EncodingError) as info:
        read_workbook(path)
    assert "trộn.csv" in info.value.message and "bảng mã" in info.value.message


def test_failures_write_nothing(tmp_path, capsys):
    bad = tmp_path / "hỏng.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    report, normalised = tmp_path / "r.xlsx", tmp_path / "n.csv"
    code = main(["import", str(bad), "--report", str(report), "--output-normalised", str(normalised)])
    assert code == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hỏng.xlsx"]
    assert "hỏng.xlsx" in capsys.readouterr().err


def test_hidden_sheet_is_never_the_data(tmp_path):
    path = tmp_path / "hidden.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    visible = wb.add_worksheet("DS")
    hidden = wb.add_worksheet("Ẩn")
    visible.write_row(0, 0, ["Họ và tên", "Số CCCD", "Ngày sinh"])
    visible.write_row(1, 0, ["An", "070090001234", "13/05/1990"])
    hidden.write_row(0, 0, ["Họ và tên", "Số CCCD", "Ngày sinh", "Mã số BHXH", "Giới tính"])
    hidden.hide()
    wb.close()
    grids = read_workbook(path)
    assert [g.hidden for g in grids] == [False, True]


def test_xls_is_read_when_available(tmp_path):
    # xlwt is not a dependency, so no .xls can be generated here; a renamed xlsx must still be read by content.
    path = _small_xlsx(tmp_path / "renamed.xls")
    grid = read_workbook(path)[0]
    assert grid.source_format == "xlsx" and grid.frame.height == 6


def test_row_numbers_and_letters_are_the_sheets_own(tmp_path):
    # calamine starts a sheet at its first used cell; the reader must still count from A1 (ADR 0033).
    path = tmp_path / "offset.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("DS")
    ws.write_row(3, 2, ["Họ và tên", "Số CCCD", "Ngày sinh"])  # C4:E4, rows 1-3 and columns A-B empty
    ws.write_row(4, 2, ["An", "070090001234", "13/05/1990"])
    wb.close()
    grid = read_workbook(path)[0]
    header = detect_header(grid, default_forms())
    assert header.header_rows == (4,)
    assert [c.letter for c in header.columns] == ["C", "D", "E"]
    assert grid.frame.filter(grid.frame["c2"] == "An")["__row"].to_list() == [5]


_NAMES = st.sampled_from(
    ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hữu Phước", "Đặng Thị Ánh Tuyết", "Bùi Quốc Việt"]
)
_DATES = st.dates(min_value=dt.date(1950, 1, 13), max_value=dt.date(2003, 12, 28))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(
    people=st.lists(
        st.tuples(_NAMES, _DATES, st.integers(0, 999_999), st.integers(0, 5)), min_size=1, max_size=12
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
)
def test_round_trip_any_list(tmp_path_factory, people, encoding):
    """Whatever people, date style and encoding: every row comes back as typed, at its own line."""
    import messy

    from ansinh.intake.pipeline.run import run_import

    path = tmp_path_factory.mktemp("rt") / "ds.csv"
    lines = [["DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN HỢP ĐỒNG LAO ĐỘNG"], messy.FLAT_HEADER]
    expected = {}
    for i, (name, dob, serial, style) in enumerate(people):
        dob = dob.replace(day=max(dob.day, 13))  # day > 12: the order is never in question
        century_sex = 0 if dob.year < 2000 else 2  # male (CCCD digit 4, policies.md §6.1)
        id_number = f"070{century_sex}{dob.year % 100:02d}{serial:06d}"
        raw_dob = messy.date_styles(dob)[style]
        lines.append(
            [i + 1, name.upper(), raw_dob, "Nam", id_number, f"70{i:08d}", "15/07/2021", "30/08/2021", ""]
        )
        expected[3 + i] = (name, dob, id_number)
    text = "\r\n".join(",".join(str(v) for v in row) for row in lines) + "\r\n"
    if encoding == "cp1258":
        text = "".join(ch if messy._cp1258_ok(ch) else messy._cp1258_split(ch) for ch in text)
    path.write_bytes(text.encode(encoding))
    result = run_import(path, form_code="mau-05", evaluate=False)
    got = {
        r: (n, d, i)
        for r, n, d, i in result.accepted.select(
            "__row", "full_name", "date_of_birth", "id_number"
        ).iter_rows()
    }
    assert got == expected
