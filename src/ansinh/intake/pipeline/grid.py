"""A sheet as read: every cell as text, with the spreadsheet's own row numbers and column letters."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

ROW_COL = "__row"  # 1-based row number in the clerk's spreadsheet (or the CSV line number)


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 25 -> Z, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(index: int) -> str:
    """Grid column name of the 0-based absolute column ``index``."""
    return f"c{index}"


@dataclass(slots=True)
class SheetGrid:
    """One sheet: ``frame`` has ``__row`` (Int64) and one Utf8 column ``c<index>`` per sheet column."""

    name: str
    frame: pl.DataFrame
    hidden: bool = False
    source_format: str = "xlsx"
    notes: list[str] = field(default_factory=list)
    # Cells longer than the per-cell limit, truncated on read: (sheet_row, grid column, original length).
    oversize: list[tuple[int, str, int]] = field(default_factory=list)

    @property
    def cell_columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != ROW_COL]

    @staticmethod
    def column_index(name: str) -> int:
        return int(name[1:])

    def head_rows(self, n: int) -> list[tuple[int, list[str | None]]]:
        """The first ``n`` rows as ``(sheet_row, [cell text or None ...])`` for header detection."""
        head = self.frame.head(n)
        rows = head.select(ROW_COL, *self.cell_columns).rows()
        return [(int(r[0]), list(r[1:])) for r in rows]
