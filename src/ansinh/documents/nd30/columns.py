"""Column sets of the relief lists (policies.md §7, generic column set from the QĐ 28/2021 forms)."""

from __future__ import annotations

from ansinh.documents.nd30.model import Column

# Row keys expected by these columns: full_name, date_of_birth (ISO), sex, id_number, address, period,
# amount, extra_amount, total (defaults to amount + extra_amount), note.
APPROVED_LIST_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", 0.45, "index"),
    Column("full_name", "Họ và tên", 1.9),
    Column("date_of_birth", "Ngày sinh", 1.15, "date"),
    Column("sex", "Giới tính", 0.6),
    Column("id_number", "Số CMND/CCCD", 1.45, "code"),
    Column("address", "Địa chỉ", 1.85),
    Column("period", "Thời gian", 1.2),
    Column("amount", "Mức hỗ trợ (đồng)", 1.15, "money", total=True),
    Column("extra_amount", "Hỗ trợ thêm (đồng)", 1.1, "money", total=True),
    Column("total", "Tổng số tiền (đồng)", 1.2, "money", total=True),
    Column("receipt_signature", "Ký nhận", 0.9, "blank"),
    Column("note", "Ghi chú", 0.8),
)

# The decision's annex carries no signature column: recipients sign the payment list, not the decision.
DECISION_ANNEX_COLUMNS: tuple[Column, ...] = tuple(
    c for c in APPROVED_LIST_COLUMNS if c.key != "receipt_signature"
)

PAYMENT_LIST_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", 0.45, "index"),
    Column("full_name", "Họ và tên", 2.0),
    Column("date_of_birth", "Ngày sinh", 1.15, "date"),
    Column("id_number", "Số CMND/CCCD", 1.45, "code"),
    Column("address", "Địa chỉ", 2.2),
    Column("total", "Số tiền (đồng)", 1.2, "money", total=True),
    Column("receipt_signature", "Ký nhận", 1.6, "blank"),
    Column("note", "Ghi chú", 0.9),
)


def select_columns(keys: list[str], base: tuple[Column, ...] = APPROVED_LIST_COLUMNS) -> tuple[Column, ...]:
    """Columns of ``base`` in the order of ``keys`` (configurable lists); unknown keys raise KeyError."""
    by_key = {column.key: column for column in base}
    return tuple(by_key[key] for key in keys)
