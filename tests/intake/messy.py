"""A generator of messy lists, as clerks really send them (made in tmp_path; no binaries are committed).

Each person is known (``Person``), so tests can assert what the pipeline must understand from the mess:
title rows, a merged two-row header, a numbering row, totals and signatures under the data, blank rows,
IDs typed as numbers that lost their leading zero, dates as text in five styles and as Excel serials,
names in TCVN3 / VNI legacy fonts, hidden sheets, CSV in four encodings, ods.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

EXCEL_EPOCH = dt.date(1899, 12, 30)

# Legacy-font spellings and what they mean (TCVN3 = ABC/.VnTime; VNI-Windows), checked against the kernel.
LEGACY_NAMES = {
    "NguyÔn V¨n An": "Nguyễn Văn An",
    "TrÇn ThÞ B×nh": "Trần Thị Bình",
    "Nguyeãn Vaên An": "Nguyễn Văn An",
    "Traàn Thò Bình": "Trần Thị Bình",
}


@dataclass(frozen=True)
class Person:
    """What a row means; ``raw`` is how the clerk typed it."""

    full_name: str
    date_of_birth: dt.date
    sex: str  # "nam" / "nữ"
    id_number: str  # 12-digit CCCD, text
    si_number: str
    start: dt.date
    end: dt.date
    raw_name: str
    raw_dob: object
    raw_id: object
    raw_start: object
    raw_end: object


def excel_serial(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days


def date_styles(d: dt.date) -> list[object]:
    """The five text styles clerks type, plus the Excel serial."""
    return [
        d.strftime("%d/%m/%Y"),
        f"{d.day}/{d.month}/{d.strftime('%y')}",
        d.strftime("%d-%m-%Y"),
        d.isoformat(),
        f"ngày {d.day:02d} tháng {d.month} năm {d.year}",
        excel_serial(d),
    ]


def people(n: int = 12) -> list[Person]:
    """``n`` people cycling through every mess: legacy names, lost zeros, every date style."""
    legacy = list(LEGACY_NAMES.items())
    out = []
    for i in range(n):
        female = i % 2 == 1
        dob = dt.date(1970 + i % 30, 1 + i % 12, 13 + i % 15)  # day > 12 keeps day/month unambiguous
        century_sex = "1" if female else "0"
        id_number = f"079{century_sex}{dob.year % 100:02d}{i:06d}"  # HCMC-born: starts with 0 (lost in Excel)
        start = dt.date(2021, 7, 13 + i % 5)
        end = dt.date(2021, 9, 14 + i % 5)
        if i < len(legacy):
            raw_name, name = legacy[i]
        else:
            name = f"Lê Thị Hoa {chr(65 + i % 26)}"
            raw_name = f"  {name.upper()} "
        styles = date_styles(dob)
        raw_id: object = int(id_number) if i % 2 == 0 else id_number  # number: leading zero lost
        out.append(
            Person(
                full_name=name,
                date_of_birth=dob,
                sex="nữ" if female else "nam",
                id_number=id_number,
                si_number=f"70{i:08d}",
                start=start,
                end=end,
                raw_name=raw_name,
                raw_dob=styles[i % len(styles)],
                raw_id=raw_id,
                raw_start=date_styles(start)[(i + 1) % 6],
                raw_end=date_styles(end)[(i + 2) % 6],
            )
        )
    return out


HEADER_TOP = [
    "STT",
    "Họ và tên",
    "Ngày, tháng, năm sinh",
    None,
    "Số CMND/CCCD",
    "Mã số BHXH",
    "Thời gian tạm hoãn HĐLĐ",
    None,
    "Ghi chú",
]
HEADER_SUB = [None, None, "Nam", "Nữ", None, None, "Từ ngày", "Đến ngày", None]
FLAT_HEADER = [
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
TITLE = "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN THỰC HIỆN HỢP ĐỒNG LAO ĐỘNG, NGHỈ VIỆC KHÔNG HƯỞNG LƯƠNG"


def data_row(i: int, p: Person, *, split_sex: bool) -> list[object]:
    if split_sex:
        male, female = (None, p.raw_dob) if p.sex == "nữ" else (p.raw_dob, None)
        return [i + 1, p.raw_name, male, female, p.raw_id, p.si_number, p.raw_start, p.raw_end, None]
    return [
        i + 1,
        p.raw_name,
        p.raw_dob,
        p.sex.capitalize(),
        p.raw_id,
        p.si_number,
        p.raw_start,
        p.raw_end,
        None,
    ]


def write_messy_xlsx(
    path: Path,
    persons: list[Person],
    *,
    hidden_first_sheet: bool = True,
    blank_every: int = 4,
    start_col: int = 0,
    formula_cell: bool = True,
) -> dict[int, Person]:
    """The full mess in one workbook. Returns {sheet row number: person} of the data rows."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    if hidden_first_sheet:
        hidden = wb.add_worksheet("Ẩn")
        hidden.write_row(0, 0, ["Họ và tên", "Số CCCD", "Ngày sinh"])
        hidden.write_row(1, 0, ["Không Được Đọc", "001090000001", "01/01/1990"])
        hidden.hide()
    notes = wb.add_worksheet("Hướng dẫn")
    notes.write(0, 0, "Điền danh sách ở trang bên cạnh.")
    ws = wb.add_worksheet("DS")
    ws.activate()
    c = start_col
    ws.write(0, c, "CÔNG TY TNHH MAY MẶC BÌNH PHƯỚC")
    ws.write(0, c + 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write(1, c + 5, "Độc lập - Tự do - Hạnh phúc")
    ws.merge_range(3, c, 3, c + 8, TITLE)
    ws.write(4, c, "(Kèm theo văn bản số 12/CV-CT ngày 20/9/2021)")
    # Merged two-row header: vertical merges for single columns, a parent over two children.
    for j, text in enumerate(HEADER_TOP):
        if text is None:
            continue
        if HEADER_SUB[j] is None:
            ws.merge_range(6, c + j, 7, c + j, text)
        elif j + 1 < len(HEADER_SUB) and HEADER_SUB[j + 1] is not None and HEADER_TOP[j + 1] is None:
            ws.merge_range(6, c + j, 6, c + j + 1, text)
    for j, text in enumerate(HEADER_SUB):
        if text is not None:
            ws.write(7, c + j, text)
    ws.write_row(8, c, [f"({k})" for k in range(1, 10)])
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    rows: dict[int, Person] = {}
    r = 9
    for i, p in enumerate(persons):
        if blank_every and i and i % blank_every == 0:
            r += 1  # a blank row inside the data
        if i == 6:
            # A second printed page glued under the first: a section row, the header and numbering again.
            ws.write_string(r, c, "II")
            ws.write_string(r, c + 1, "Tổ may 2")
            ws.write_row(r + 1, c, [t or "" for t in HEADER_TOP])
            ws.write_row(r + 2, c, [t or "" for t in HEADER_SUB])
            ws.write_row(r + 3, c, [f"({k})" for k in range(1, 10)])
            r += 4
        for j, value in enumerate(data_row(i, p, split_sex=True)):
            if value is None:
                continue
            if isinstance(value, int) and j in (2, 3, 6, 7):
                ws.write_number(r, c + j, value, date_fmt)  # a serial shown as a date
            elif isinstance(value, int | float):
                ws.write_number(r, c + j, value)
            else:
                ws.write_string(r, c + j, str(value))
        rows[r + 1] = p
        r += 1
    if formula_cell:
        ws.write_formula(r, c + 8, '=CONCATENATE("ghi ","chú")', None, "ghi chú")
    r += 1
    ws.write(r, c + 1, "Tổng cộng")
    ws.write(r, c + 5, len(persons))
    r += 2
    ws.write(r, c + 6, "Bình Phước, ngày 20 tháng 9 năm 2021")
    ws.write(r + 1, c + 1, "Người lập biểu")
    ws.write(r + 1, c + 6, "GIÁM ĐỐC")
    ws.write(r + 2, c + 6, "(Ký, ghi rõ họ tên, đóng dấu)")
    wb.close()
    return rows


def flat_rows(persons: list[Person]) -> list[list[object]]:
    """Title, flat header and data (no serials: text files carry text), totals, signature."""
    rows: list[list[object]] = [[TITLE], [], FLAT_HEADER]
    for i, p in enumerate(persons):
        row = data_row(i, p, split_sex=False)
        row = [
            (p.date_of_birth.strftime("%d/%m/%Y") if j == 2 and isinstance(v, int) else v)
            for j, v in enumerate(row)
        ]
        row = [(date_styles(p.start)[0] if j == 6 and isinstance(v, int) else v) for j, v in enumerate(row)]
        row = [(date_styles(p.end)[0] if j == 7 and isinstance(v, int) else v) for j, v in enumerate(row)]
        rows.append(row)
    rows += [
        [],
        ["", "Tổng cộng", "", "", "", str(len(persons))],
        ["", "Người lập biểu", "", "", "", "", "GIÁM ĐỐC"],
    ]
    return rows


def write_csv(path: Path, persons: list[Person], encoding: str, *, delimiter: str = ",") -> dict[int, Person]:
    """CSV in ``encoding`` ("utf-8", "utf-8-sig", "utf-16", "cp1258"). Returns {line: person}."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    rows = flat_rows(persons)
    if encoding == "cp1258":
        # Legacy-font names cannot be encoded in cp1258: a cp1258 file holds proper Vietnamese.
        rows = [[(LEGACY_NAMES.get(v, v) if isinstance(v, str) else v) for v in row] for row in rows]
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    text = buf.getvalue()
    if encoding == "cp1258":
        # cp1258 stores tone marks as combining characters: decompose what it cannot hold precomposed.
        text = "".join(ch if _cp1258_ok(ch) else _cp1258_split(ch) for ch in text)
    path.write_bytes(text.encode(encoding))
    return {4 + i: p for i, p in enumerate(persons)}


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258_split(ch: str) -> str:
    """Precomposed letter + separate tone mark, as Windows-1258 writes "ờ" (ơ + combining grave)."""
    import unicodedata

    parts = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return base + "".join(c for c in parts if c in _TONES)


def _cp1258_ok(ch: str) -> bool:
    try:
        ch.encode("cp1258")
        return True
    except UnicodeEncodeError:
        return False


def write_ods(path: Path, persons: list[Person]) -> dict[int, Person]:
    """An ods (LibreOffice) list with a title and a flat header. Returns {row: person}."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Danh sách")
    for row in flat_rows(persons):
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string") if value not in (None, "") else TableCell()
            if value not in (None, ""):
                cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return {4 + i: p for i, p in enumerate(persons)}
