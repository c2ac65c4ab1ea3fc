"""Vietnamese đồng amounts: integer VND in, "1.855.000 đ" out.

Vietnamese writes thousands with dots ("1.855.000"); files made on English Windows use commas
("1,855,000"). VND has no minor unit in practice, so a single separator followed by exactly three digits is
a thousands separator, and amounts are always whole đồng.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = ["expr_parse_vnd", "format_vnd", "parse_vnd"]

_CURRENCY = r"(?i)\s*(?:vnđ|vnd|đồng|dong|đ|d|₫)\.?\s*$"
_GROUPED = r"^-?\d{1,3}(?:([.,])\d{3})?(?:\1\d{3})*$"
_PLAIN = r"^-?\d+$"
_DECIMAL_ZERO = r"^(-?\d+)[.,]0+$"
# "1.855.000,00" / "1,855,000.00": grouped amount with zero decimals in the other separator.
_GROUPED_DECIMAL_ZERO = r"^(-?\d{1,3}(?:\.\d{3})+),0+$|^(-?\d{1,3}(?:,\d{3})+)\.0+$"


def format_vnd(n: int) -> str:
    """Format integer VND the Vietnamese way: ``format_vnd(1855000) == "1.855.000 đ"``."""
    sign = "-" if n < 0 else ""
    return f"{sign}{abs(int(n)):,} đ".replace(",", ".")


def parse_vnd(s: object) -> int | None:
    """Parse "1.855.000", "1,855,000", "1855000đ", "1.855.000 VNĐ" (and ints) to integer VND; None if not money.

    A float is accepted only when it is whole (Excel stores every number as a float).
    """
    if s is None or isinstance(s, bool):
        return None
    if isinstance(s, int):
        return s
    if isinstance(s, float):
        return int(s) if s.is_integer() else None
    text = re.sub(_CURRENCY, "", str(s).strip()).replace(" ", "").replace("\u00a0", "")
    grouped_zero = re.match(_GROUPED_DECIMAL_ZERO, text)
    if grouped_zero:
        text = grouped_zero.group(1) or grouped_zero.group(2)
    decimal_zero = re.match(_DECIMAL_ZERO, text)
    if decimal_zero and not re.match(_GROUPED, text):
        return int(decimal_zero.group(1))
    if re.match(_PLAIN, text) or re.match(_GROUPED, text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _parse_vnd_series(s: pl.Series) -> pl.Series:
    # Series operations run once each; the same steps as one expression tree would re-run the shared parts.
    text = s.cast(pl.String).str.strip_chars().str.replace(_CURRENCY, "").str.replace_all(r"[\s\u00a0]", "")
    frame = text.rename("t").to_frame()
    t = pl.col("t")
    frame = frame.with_columns(
        t.str.replace(r"^(-?\d{1,3}(?:\.\d{3})+),0+$", "${1}").str.replace(
            r"^(-?\d{1,3}(?:,\d{3})+)\.0+$", "${1}"
        )
    )
    # Rust regex has no back-references: accept dot-grouped or comma-grouped separately.
    frame = frame.with_columns(
        (t.str.contains(r"^-?\d{1,3}(?:\.\d{3})+$") | t.str.contains(r"^-?\d{1,3}(?:,\d{3})+$")).alias(
            "grouped"
        )
    )
    decimal_zero = ~pl.col("grouped") & t.str.contains(r"^-?\d+[.,]0+$")
    digits = (
        pl.when(decimal_zero)
        .then(t.str.replace(r"[.,]0+$", ""))
        .when(pl.col("grouped") | t.str.contains(_PLAIN))
        .then(t.str.replace_all(r"[.,]", ""))
    )
    return frame.select(digits.cast(pl.Int64, strict=False)).to_series().rename(s.name)


def expr_parse_vnd(e: pl.Expr) -> pl.Expr:
    """Vectorised :func:`parse_vnd` (Int64, null when not money)."""
    return e.map_batches(_parse_vnd_series, return_dtype=pl.Int64, is_elementwise=True)
