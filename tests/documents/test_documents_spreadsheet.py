"""The .xlsx export: numbers stay numbers, and no text cell can become a formula."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from ansinh.documents.samples import sample_batch, sample_payment_list
from ansinh.documents.spreadsheet import document_xlsx, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+84912345678", "'+84912345678"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (3_710_000, 3_710_000),
        (None, None),
    ],
)
def test_safe_cell(value, expected) -> None:
    assert safe_cell(value) == expected


def test_payment_list_xlsx_neutralises_injected_cells_and_keeps_money_numeric() -> None:
    batch = sample_batch(3)
    rows = [dict(r) for r in batch.rows]
    rows[0]["full_name"] = '=HYPERLINK("http://evil.example","Bấm")'
    rows[1]["address"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows[2]["note"] = "-2+3"
    document = sample_payment_list(3)
    table = replace(
        document.body_tables[0], rows=[{**r, "total": r["amount"] + r["extra_amount"]} for r in rows]
    )
    data = document_xlsx(replace(document, body_tables=(table,)))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","Bấm")' in texts
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts
    assert "'-2+3" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    money = [c.value for c in cells if isinstance(c.value, int) and c.value > 100_000]
    assert sum(r["amount"] + r["extra_amount"] for r in rows) in money  # the totals row, as a number
