"""Lists as .xlsx (xlsxwriter), with every text cell neutralised against formula injection.

A cell that a spreadsheet program could read as a formula (=, +, -, @, or a leading tab/CR, as OWASP's
"CSV injection" guidance lists) is written as a string prefixed with an apostrophe, through write_string,
so neither Excel nor a later CSV round trip evaluates it (ADR 0063).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from ansinh.documents.nd30.formatting import cell_text
from ansinh.documents.nd30.model import AdministrativeDocument, Table
from ansinh.kernel.export_safety import (  # re-exported: callers import it from here
    FORMULA_TRIGGERS,
    safe_cell,
)

__all__ = ["FORMULA_TRIGGERS", "safe_cell"]


def write_table(worksheet, table: Table, *, first_row: int, formats: dict[str, Any]) -> int:
    """Write ``table`` from ``first_row``; returns the next free row. Money and numbers stay numeric."""
    columns = list(table.columns)
    for c, column in enumerate(columns):
        worksheet.write_string(first_row, c, safe_cell(column.title), formats["header"])
        worksheet.set_column(c, c, max(6, int(column.width * 14)))
    row_index = first_row + 1
    for index, row in enumerate(table.rows, start=1):
        for c, column in enumerate(columns):
            value = row.get(column.key)
            if column.kind in ("money", "number") and isinstance(value, int):
                worksheet.write_number(row_index, c, value, formats["money"])
            elif column.kind == "index":
                worksheet.write_number(row_index, c, index, formats["center"])
            else:
                worksheet.write_string(
                    row_index, c, safe_cell(cell_text(column, row, index)), formats["text"]
                )
        row_index += 1
    totals = table.totals()
    if table.show_totals and totals:
        worksheet.write_string(row_index, 0, safe_cell(table.totals_label), formats["total_label"])
        for c, column in enumerate(columns[1:], start=1):
            if column.key in totals:
                worksheet.write_number(row_index, c, totals[column.key], formats["total_money"])
            else:
                worksheet.write_blank(row_index, c, None, formats["total_label"])
        row_index += 1
    return row_index


def _formats(workbook) -> dict[str, Any]:
    base = {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "valign": "vcenter",
        "text_wrap": True,
    }
    return {
        "title": workbook.add_format(
            {"font_name": "Times New Roman", "font_size": 13, "bold": True, "align": "center"}
        ),
        "subtitle": workbook.add_format(
            {"font_name": "Times New Roman", "font_size": 12, "italic": True, "align": "center"}
        ),
        "header": workbook.add_format({**base, "bold": True, "align": "center"}),
        "text": workbook.add_format(base),
        "center": workbook.add_format({**base, "align": "center"}),
        "money": workbook.add_format({**base, "num_format": "#,##0"}),
        "total_label": workbook.add_format({**base, "bold": True, "align": "center"}),
        "total_money": workbook.add_format({**base, "bold": True, "num_format": "#,##0"}),
    }


def tables_xlsx(
    tables: Sequence[Table], *, title: str = "", subtitle: str = "", sheet_name: str = "Danh sách"
) -> bytes:
    """One sheet holding ``tables`` one after the other, under an optional title."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = _formats(workbook)
    worksheet = workbook.add_worksheet(sheet_name[:31])
    worksheet.set_landscape()
    worksheet.set_paper(9)  # A4
    row = 0
    width = max((len(t.columns) for t in tables), default=1)
    for text, fmt in ((title, "title"), (subtitle, "subtitle")):
        if text:
            worksheet.merge_range(row, 0, row, width - 1, safe_cell(text), formats[fmt])
            row += 1
    for table in tables:
        row += 1
        header_row = row
        row = write_table(worksheet, table, first_row=row, formats=formats)
        worksheet.repeat_rows(header_row)
    workbook.close()
    return buffer.getvalue()


def document_xlsx(document: AdministrativeDocument) -> bytes:
    """The list(s) of a document as .xlsx: its body tables and annex tables, titled like the document."""
    tables = [*document.body_tables, *(a.table for a in document.annexes)]
    for section in document.sections:
        tables += list(section.tables)
    subtitle = document.intro[0] if document.body_tables and document.intro else ""
    if not subtitle and document.annexes:
        subtitle = document.annexes[0].reference
    return tables_xlsx(tables, title=f"{document.type_name} {document.summary}".upper(), subtitle=subtitle)
