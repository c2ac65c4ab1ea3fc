"""Turn a frame of text cells (a CSV as read) into the typed applicant frame a policy expects.

Rules (issue 3 §6): dates dd/mm/yyyy, booleans yes/no, whole numbers, enumerations from the catalogue.
An empty cell is a missing value (not an error: the condition that needs it fails with its own
message). A cell that is present but cannot be read is a :class:`CellError` naming the line and the
column. An absent optional column, or an empty cell in it, takes its default from the catalogue (an add-on
not claimed); an absent required column is a :class:`MissingColumnsError`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ansinh.policies.catalogue_schema import InputColumn, Policy
from ansinh.policies.engine.compiler import input_columns, polars_type

ROW_INDEX = "__row"
TRUE_WORDS = ("yes", "có")
FALSE_WORDS = ("no", "không")


@dataclass(frozen=True)
class CellError:
    """A cell that cannot be read. ``line`` counts the header as line 1 (first data row = 2)."""

    line: int
    column: str
    value: str
    reason_vi: str

    def message_vi(self) -> str:
        return f"dòng {self.line}, cột {self.column}: {self.reason_vi} (giá trị: {self.value!r})"


class MissingColumnsError(ValueError):
    """The header lacks required columns."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        super().__init__("dòng 1 (dòng tiêu đề): thiếu cột bắt buộc " + ", ".join(repr(c) for c in columns))


def _clean(name: str) -> pl.Expr:
    text = pl.col(name).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _canonical_words(column: InputColumn) -> list[str] | None:
    """Spellings that need no cleaning (most lists): then parsing is a plain comparison."""
    if column.type == "bool":
        return [*TRUE_WORDS, *FALSE_WORDS]
    if column.type == "enum":
        return list(column.values or [])
    return None


def _parse(column: InputColumn, *, exact: bool) -> tuple[pl.Expr, str]:
    """Expression parsing the column, and the Vietnamese reason used when it gives null.

    ``exact`` means every non-empty cell is already a canonical spelling (checked beforehand), so the
    slower trimming, lower-casing and Unicode normalisation can be skipped.
    """
    text = pl.col(column.name) if exact else _clean(column.name)
    if column.type == "date":
        return text.str.to_date("%d/%m/%Y", strict=False), "ngày không hợp lệ, cần dạng dd/mm/yyyy"
    if column.type == "bool":
        word = text if exact else text.str.to_lowercase().str.normalize("NFC")
        parsed = pl.when(word.is_in(TRUE_WORDS)).then(True).when(word.is_in(FALSE_WORDS)).then(False)
        return parsed, "giá trị có/không không hợp lệ, cần yes hoặc no"
    if column.type == "int":
        number = text.cast(pl.Int64, strict=False)
        if column.min is not None:
            number = pl.when(number >= column.min).then(number)
            return number, f"cần một số nguyên không nhỏ hơn {column.min}"
        return number, "cần một số nguyên"
    if column.type == "enum":
        if exact:
            return text, ""
        assert column.values is not None
        lowered = {v.lower(): v for v in column.values}
        word = text.str.normalize("NFC").str.to_lowercase()
        canonical = word.replace_strict(lowered, default=None, return_dtype=pl.String)
        return canonical, "giá trị không hợp lệ, cần một trong: " + ", ".join(column.values)
    return text, ""


def _default(column: InputColumn) -> pl.Expr:
    return pl.lit(column.default, dtype=polars_type(column))


def _all_canonical(raw: pl.DataFrame, column: InputColumn) -> bool:
    words = _canonical_words(column)
    if words is None:
        return False
    check = (pl.col(column.name).is_null() | pl.col(column.name).is_in(pl.Series(words).implode())).all()
    return bool(raw.select(check).item())


def parse_inputs(raw: pl.DataFrame, policy: Policy) -> tuple[pl.DataFrame, list[CellError]]:
    """Parse ``raw`` (all String columns, one row per applicant) for ``policy``.

    Returns the typed frame (same row order, plus a ``__row`` column with the 0-based data-row index)
    and the list of unreadable cells. Extra columns are kept as text. Wholly empty lines are skipped.
    Line numbers assume one physical line per record (a quoted cell spanning lines shifts them).
    """
    columns = input_columns(policy)
    missing = [c.name for c in columns if c.required and c.name not in raw.columns]
    if missing:
        raise MissingColumnsError(missing)
    frame = raw.with_row_index(ROW_INDEX).with_columns(pl.col(c).cast(pl.String) for c in raw.columns)
    if raw.columns:
        # A wholly empty line (e.g. a trailing blank line) is not an applicant; the row index is taken
        # before dropping it so line numbers still match the file.
        blank = pl.all_horizontal(pl.col(c).is_null() for c in raw.columns)
        frame = frame.filter(~blank)
    present = [c for c in columns if c.name in raw.columns]
    reasons: dict[str, str] = {}
    parsed: list[pl.Expr] = []
    for column in present:
        expr, reason = _parse(column, exact=_all_canonical(frame, column))
        parsed.append(expr.alias(f"__p_{column.name}"))
        reasons[column.name] = reason
    staged = frame.with_columns(parsed)
    # A cell is unreadable when it has text but parsing gave nothing. Empty cells are already null
    # (read_csv), so the candidates are few; whitespace-only cells are then treated as empty.
    checked = [c for c in present if c.type != "str"]
    errors: list[CellError] = []
    if checked:
        flags = staged.select(
            pl.col(ROW_INDEX),
            *(
                (pl.col(c.name).is_not_null() & pl.col(f"__p_{c.name}").is_null()).alias(c.name)
                for c in checked
            ),
            *(pl.col(c.name).alias(f"__raw_{c.name}") for c in checked),
        ).filter(pl.any_horizontal([pl.col(c.name) for c in checked]))
        for row in flags.iter_rows(named=True):
            for column in checked:
                value = row[f"__raw_{column.name}"]
                if row[column.name] and value.strip():
                    errors.append(CellError(row[ROW_INDEX] + 2, column.name, value, reasons[column.name]))
    for column in (c for c in present if c.required and c.type == "str"):
        empty = staged.filter(pl.col(f"__p_{column.name}").is_null()).get_column(ROW_INDEX)
        errors.extend(CellError(i + 2, column.name, "", "ô bắt buộc bị bỏ trống") for i in empty.to_list())
    errors.sort(key=lambda e: (e.line, e.column))
    final: list[pl.Expr] = []
    for column in columns:
        if column.name not in raw.columns:
            final.append(_default(column).alias(column.name))
        elif not column.required and column.default is not None:
            # An empty cell in an optional column means "not claimed", like an absent column.
            final.append(pl.coalesce(pl.col(f"__p_{column.name}"), _default(column)).alias(column.name))
        else:
            final.append(pl.col(f"__p_{column.name}").alias(column.name))
    typed = staged.with_columns(final).drop([f"__p_{c.name}" for c in present])
    return typed, errors


def rows_from_dicts(rows: list[dict[str, object]]) -> pl.DataFrame:
    """A text frame from dicts whose values are CSV-style strings (or None for an empty cell)."""
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in names)
    data = {name: [None if r.get(name) is None else str(r[name]) for r in rows] for name in names}
    return pl.DataFrame(data, schema=dict.fromkeys(names, pl.String))
