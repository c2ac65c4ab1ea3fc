"""The clerk's list back, problem cells highlighted (red: error, yellow: warning) with a comment in each.

* xlsx input up to ``OPENPYXL_MAX_ROWS`` rows: the original workbook itself (openpyxl), so the clerk fixes
  the very file they sent; a summary sheet and a problem-list sheet are added in front.
* anything else (csv, xls, ods, or a very large xlsx that openpyxl would need gigabytes for): a new xlsx
  with the same cells at the same places (xlsxwriter, constant memory), plus the same two sheets.

Every text we write goes through :func:`ansinh.kernel.export_safety.safe_cell` (formula injection), and so does every
text cell of the clerk's workbook that would otherwise be taken for a formula. The clerk's real formulas
(a totals row's ``=SUM``) are left alone.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ansinh.kernel.export_safety import safe_cell

from .grid import ROW_COL, column_letter

if TYPE_CHECKING:
    from .run import ImportResult

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
OPENPYXL_MAX_ROWS = 60_000
MAX_COMMENTS = 20_000  # beyond this Excel slows to a crawl; the problem sheet has them all
SUMMARY_SHEET = "Tổng hợp kiểm tra"
PROBLEMS_SHEET = "Danh sách lỗi"
SEVERITY_VI = {"error": "Lỗi (dòng bị loại)", "warning": "Cảnh báo (dòng vẫn được nhận)"}


def _cell_notes(problems: pl.DataFrame) -> dict[tuple[int, str], tuple[str, str]]:
    """(row, letter) -> (worst severity, all messages of that cell)."""
    notes: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    for row, letter, severity, message in problems.select("row", "letter", "severity", "message").iter_rows():
        if row is not None and letter:
            notes[(int(row), letter)].append((severity, message))
    out = {}
    for key, items in notes.items():
        worst = "error" if any(s == "error" for s, _ in items) else "warning"
        out[key] = (worst, "\n".join(f"• {m}" for _, m in items))
    return out


def summary_rows(result: ImportResult) -> list[list[object]]:
    """The summary sheet's rows (label, value)."""
    counts = result.counts()
    rows: list[list[object]] = [
        ["Tệp", result.file_name],
        ["Trang tính", result.sheet],
        ["Mẫu danh sách", f"{result.form.code} — {result.form.name_vi}"],
        ["Dòng tiêu đề", ", ".join(str(r) for r in result.header.header_rows)],
        ["Số dòng đọc được", counts["rows"]],
        ["Số dòng được nhận", counts["accepted"]],
        ["Số dòng có cảnh báo", counts["warnings"]],
        ["Số dòng bị loại", counts["rejected"]],
        ["Số dòng trùng", counts["duplicates"]],
        ["Dòng trống bỏ qua", result.cut.get("blank", 0)],
        ["Dòng tổng cộng bỏ qua", result.cut.get("totals", 0)],
        ["Dòng chữ ký/ngày tháng cuối danh sách bỏ qua", result.cut.get("footer", 0)],
        ["Xét chính sách", result.evaluation.note],
        [],
        ["Cột", "Tiêu đề cột", "Trường dữ liệu", "Mức chắc chắn"],
    ]
    status_vi = {
        "sure": "chắc chắn",
        "unsure": "chưa chắc — đề nghị xác nhận",
        "override": "theo lựa chọn đã lưu",
        "unmapped": "không dùng",
        "ignored": "bỏ qua",
    }
    for m in result.match.columns:
        rows.append([m.letter, m.header, m.field or "", status_vi.get(m.status, m.status)])
    return rows


def _problem_rows(problems: pl.DataFrame) -> list[list[object]]:
    header: list[object] = ["Dòng", "Cột", "Tiêu đề cột", "Giá trị gốc", "Mức độ", "Nội dung"]
    body = [
        [row, letter, column, value, SEVERITY_VI.get(severity, severity), message]
        for row, letter, column, value, severity, message in problems.select(
            "row", "letter", "column", "value", "severity", "message"
        ).iter_rows()
    ]
    return [header, *body]


def write_report(result: ImportResult, source: Path, out: Path) -> Path:
    """Write the problem report of ``result`` (read from ``source``) to ``out`` (xlsx)."""
    out = Path(out)
    grid = result.grid
    use_original = (
        grid is not None and grid.source_format == "xlsx" and grid.frame.height <= OPENPYXL_MAX_ROWS
    )
    if use_original:
        _write_with_openpyxl(result, source, out)
    else:
        _write_new_workbook(result, out)
    return out


def _write_with_openpyxl(result: ImportResult, source: Path, out: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    wb = load_workbook(source)  # formulas kept as written; never evaluated
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "s" and isinstance(cell.value, str):
                    cell.value = safe_cell(cell.value)
    ws = wb[result.sheet]
    fills = {
        "error": PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL),
        "warning": PatternFill("solid", start_color=WARNING_FILL, end_color=WARNING_FILL),
    }
    for n, ((row, letter), (severity, text)) in enumerate(_cell_notes(result.problems).items()):
        cell = ws[f"{letter}{row}"]
        cell.fill = fills[severity]
        if n < MAX_COMMENTS:
            cell.comment = Comment(text, "An Sinh", width=320, height=120)
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    for values in summary_rows(result):
        summary.append([safe_cell(v) for v in values])
    summary.column_dimensions["A"].width = 42
    summary.column_dimensions["B"].width = 60
    listing = wb.create_sheet(PROBLEMS_SHEET, 1)
    for values in _problem_rows(result.problems):
        listing.append([safe_cell(v) for v in values])
    wb.active = wb.worksheets.index(ws)
    wb.save(out)


def _write_new_workbook(result: ImportResult, out: Path) -> None:
    import xlsxwriter

    grid = result.grid
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False})
    try:
        formats = {
            "error": wb.add_format({"bg_color": "#" + ERROR_FILL}),
            "warning": wb.add_format({"bg_color": "#" + WARNING_FILL}),
        }
        summary = wb.add_worksheet(SUMMARY_SHEET[:31])
        summary.set_column(0, 0, 42)
        summary.set_column(1, 1, 60)
        for r, values in enumerate(summary_rows(result)):
            summary.write_row(r, 0, [safe_cell(v) for v in values])
        listing = wb.add_worksheet(PROBLEMS_SHEET)
        for r, values in enumerate(_problem_rows(result.problems)):
            listing.write_row(r, 0, [safe_cell(v) for v in values])
        data = wb.add_worksheet((result.sheet or "Danh sách")[:31])
        if grid is None:
            return
        notes = _cell_notes(result.problems)
        columns = grid.cell_columns
        letters = [column_letter(grid.column_index(c)) for c in columns]
        indices = [grid.column_index(c) for c in columns]
        comments = 0
        for record in grid.frame.select(ROW_COL, *columns).iter_rows():
            row = int(record[0])
            for value, letter, index in zip(record[1:], letters, indices, strict=True):
                note = notes.get((row, letter))
                if value is None and note is None:
                    continue
                if note is None:
                    data.write_string(row - 1, index, str(safe_cell(value)))
                    continue
                data.write_string(row - 1, index, str(safe_cell(value or "")), formats[note[0]])
                if comments < MAX_COMMENTS:
                    data.write_comment(
                        row - 1, index, note[1], {"author": "An Sinh", "x_scale": 2, "y_scale": 2}
                    )
                    comments += 1
    finally:
        wb.close()
