"""Mask personal identifiers in lists and exports (Nghị định 13/2023/NĐ-CP)."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    """'070190012345' → '070******345'; short or empty values are masked whole."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


def mask_phone(value: str | None) -> str:
    """'0912345678' → '091****678'."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]
