"""Old Excel 97–2003 files (.xls, BIFF8), as many communes still save them, written by xlwt in tmp_path.

The same mess as the xlsx corpus: title rows, a merged two-row header with the birth date under
"Nam"/"Nữ", a numbering row, IDs stored as numbers (in .xls every number is a float), dates as date
cells and as text, legacy-font names, a totals row and a signature block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import messy
import pytest

from ansinh.intake.pipeline.run import run_import

xlwt = pytest.importorskip("xlwt")

PEOPLE = messy.people(10)


def write_messy_xls(path: Path, persons: list[messy.Person]) -> dict[int, messy.Person]:
    """Returns {sheet row number: person} of the data rows."""
    book = xlwt.Workbook(encoding="utf-8")
    notes = book.add_sheet("Huong dan")
    notes.write(0, 0, "Điền danh sách ở trang bên cạnh.")
    ws = book.add_sheet("DS")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    ws.write(0, 0, "UBND XÃ LỘC HIỆP")
    ws.write(0, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write_merge(2, 2, 0, 8, messy.TITLE)
    for j, text in enumerate(messy.HEADER_TOP):
        if text is None:
            continue
        if messy.HEADER_SUB[j] is None:
            ws.write_merge(4, 5, j, j, text)
        else:
            ws.write_merge(4, 4, j, j + 1, text)
    for j, text in enumerate(messy.HEADER_SUB):
        if text is not None:
            ws.write(5, j, text)
    for k in range(9):
        ws.write(6, k, f"({k + 1})")
    rows: dict[int, messy.Person] = {}
    r = 7
    for i, p in enumerate(persons):
        for j, value in enumerate(messy.data_row(i, p, split_sex=True)):
            if value is None:
                continue
            if isinstance(value, int) and j in (2, 3, 6, 7):
                serial_date = messy.EXCEL_EPOCH + dt.timedelta(days=value)
                ws.write(r, j, dt.datetime.combine(serial_date, dt.time()), date_style)  # a real date cell
            elif isinstance(value, int):
                ws.write(r, j, float(value))  # what .xls keeps of a number typed in a cell
            else:
                ws.write(r, j, str(value))
        rows[r + 1] = p
        r += 1
    ws.write(r + 1, 1, "Tổng cộng")
    ws.write(r + 1, 5, float(len(persons)))
    ws.write(r + 3, 1, "Người lập biểu")
    ws.write(r + 3, 6, "CHỦ TỊCH")
    book.save(str(path))
    return rows


@pytest.fixture(scope="module")
def messy_xls(tmp_path_factory):
    path = tmp_path_factory.mktemp("xls") / "danh sach xa.xls"
    rows = write_messy_xls(path, PEOPLE)
    assert path.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1"), "a real OLE2/BIFF file, not xlsx renamed"
    return path, rows, run_import(path)


def test_xls_is_understood_row_for_row(messy_xls):
    _, rows, result = messy_xls
    assert result.form.code == "mau-05"
    assert result.sheet == "DS"
    assert result.header.header_rows == (5, 6) and result.header.numbering_row == 7
    accepted = {row["__row"]: row for row in result.accepted.iter_rows(named=True)}
    assert set(accepted) == set(rows)
    for row_number, person in rows.items():
        got = accepted[row_number]
        assert (got["full_name"], got["date_of_birth"], got["sex"]) == (
            person.full_name, person.date_of_birth, person.sex)
        assert got["id_number"] == person.id_number  # float 79019…0.0 → "079…", the zero restored
        assert (got["start_date"], got["end_date"]) == (person.start, person.end)
    assert result.counts()["rejected"] == 0


def test_xls_ids_typed_as_numbers_are_warned_at_their_cell(messy_xls):
    _, rows, result = messy_xls
    restored = result.problems.filter(result.problems["code"] == "id.lost_leading_zero_restored")
    assert sorted(restored["row"].to_list()) == sorted(r for r, p in rows.items() if isinstance(p.raw_id, int))
    assert set(restored["letter"].to_list()) == {"E"}
    assert all("." not in v for v in restored["value"].to_list()), "a float's '.0' is not the clerk's value"
