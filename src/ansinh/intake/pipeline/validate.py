"""Problems of a list: (row, column, original value, Vietnamese message, severity), and which rows go on.

Errors reject the row; warnings keep it; valid rows always go on (a list is never refused as a whole for
one bad row). Sources of problems, all vectorised:

* the kernel's issue columns of every normalised field (``id.*``, ``date.*``, ``phone.*``) and intake's own
  (``int.*``, ``money.*``, ``bool.*``, ``enum.*``, ``si.*``);
* a required field left empty (``required.missing``), or a required column missing from the header
  (every row rejected: the list does not fit the form);
* an end date before the start date;
* the same normalised ID number twice in the file (``row.duplicate``, a warning on the later rows);
* a cell truncated by the per-cell size guard (``cell.too_long``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ansinh.kernel.issues import ISSUES_SUFFIX

from .formspec import FormSpec
from .grid import ROW_COL
from .issues import ALL_ISSUES, SEVERITY_OF
from .mapping import FormMatch
from .normalise import RAW_SUFFIX, SOURCE_SUFFIX
from .units import MESSAGE_SUFFIX

PROBLEM_SCHEMA = {
    "row": pl.Int64,
    "field": pl.Utf8,
    "column": pl.Utf8,
    "letter": pl.Utf8,
    "value": pl.Utf8,
    "code": pl.Utf8,
    "severity": pl.Utf8,
    "message": pl.Utf8,
}


@dataclass(slots=True)
class Validation:
    """The outcome of validation: problems (long frame) and the rows that go on."""

    problems: pl.DataFrame
    accepted: pl.DataFrame
    rejected_rows: int
    warning_rows: int
    duplicates: int


def _fmt_normalised(frame: pl.DataFrame, col: str) -> pl.Expr:
    dtype = frame.schema[col]
    if dtype == pl.Date:
        return pl.col(col).dt.strftime("%d/%m/%Y")
    return pl.col(col).cast(pl.Utf8)


def _field_issues(frame: pl.DataFrame, field: str) -> pl.DataFrame:
    raw = field + RAW_SUFFIX
    return (
        frame.select(
            pl.col(ROW_COL).alias("row"),
            pl.lit(field).alias("field"),
            (pl.col(raw) if raw in frame.columns else pl.col(field).cast(pl.Utf8)).alias("value"),
            _fmt_normalised(frame, field).alias("normalised"),
            (
                pl.col(field + SOURCE_SUFFIX)
                if field + SOURCE_SUFFIX in frame.columns
                else pl.lit(None, pl.Utf8)
            ).alias("source"),
            pl.col(field + ISSUES_SUFFIX).alias("code"),
            (
                pl.col(field + MESSAGE_SUFFIX)
                if field + MESSAGE_SUFFIX in frame.columns
                else pl.lit(None, pl.Utf8)
            ).alias("premessage"),
        )
        .explode("code")
        .drop_nulls("code")
    )


def _required_missing(frame: pl.DataFrame, form: FormSpec) -> pl.DataFrame:
    parts = []
    for field in form.required_fields:
        raw = field + RAW_SUFFIX if field + RAW_SUFFIX in frame.columns else field
        if raw not in frame.columns:
            continue
        empty = pl.col(raw).is_null() | (pl.col(raw).cast(pl.Utf8).str.strip_chars() == "")
        parts.append(
            frame.filter(empty).select(
                pl.col(ROW_COL).alias("row"),
                pl.lit(field).alias("field"),
                pl.lit(None, pl.Utf8).alias("value"),
                pl.lit(None, pl.Utf8).alias("normalised"),
                pl.lit(None, pl.Utf8).alias("source"),
                pl.lit("required.missing").alias("code"),
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame()


def _end_before_start(frame: pl.DataFrame) -> pl.DataFrame:
    if not {"start_date", "end_date"} <= set(frame.columns):
        return pl.DataFrame()
    if frame.schema["start_date"] != pl.Date or frame.schema["end_date"] != pl.Date:
        return pl.DataFrame()
    return frame.filter(pl.col("end_date") < pl.col("start_date")).select(
        pl.col(ROW_COL).alias("row"),
        pl.lit("end_date").alias("field"),
        pl.col("end_date" + RAW_SUFFIX).alias("value"),
        pl.col("end_date").dt.strftime("%d/%m/%Y").alias("normalised"),
        pl.lit(None, pl.Utf8).alias("source"),
        pl.lit("dates.end_before_start").alias("code"),
    )


def _duplicates(frame: pl.DataFrame) -> pl.DataFrame:
    if "id_number" not in frame.columns:
        return pl.DataFrame()
    keyed = frame.select(ROW_COL, "id_number", "id_number" + RAW_SUFFIX).filter(
        pl.col("id_number").is_not_null()
    )
    keyed = keyed.with_columns(pl.col(ROW_COL).min().over("id_number").alias("first_row"))
    dup = keyed.filter(pl.col(ROW_COL) != pl.col("first_row"))
    return dup.select(
        pl.col(ROW_COL).alias("row"),
        pl.lit("id_number").alias("field"),
        pl.col("id_number" + RAW_SUFFIX).alias("value"),
        pl.col("id_number").alias("normalised"),
        pl.lit(None, pl.Utf8).alias("source"),
        pl.lit("row.duplicate").alias("code"),
        pl.col("first_row").cast(pl.Utf8),
    )


def _messages(long: pl.DataFrame, match: FormMatch) -> pl.DataFrame:
    """Attach severity, Vietnamese message, header text and column letter (vectorised templates)."""
    if long.is_empty():
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    columns = {m.field: m for m in match.columns if m.field}
    by_grid = {m.grid_column: m for m in match.columns}
    # A field the list has no column of (a birth date made from the Nam/Nữ pair) is named as the form names it.
    header_of = {c.field: c.headers[0] for c in match.form.columns}
    header_of.update({f: m.header for f, m in columns.items()})
    letter_of = {f: m.letter for f, m in columns.items()}
    # date_of_birth made from the Nam/Nữ columns: its header and letter are those of the source column.
    header_of.update({g: m.header for g, m in by_grid.items()})
    letter_of.update({g: m.letter for g, m in by_grid.items()})
    key = pl.coalesce(pl.col("source"), pl.col("field"))
    templates = {code: issue.message_vi for code, issue in ALL_ISSUES.items()}
    header = key.replace_strict(header_of, default=pl.col("field"), return_dtype=pl.Utf8)
    msg = pl.col("code").replace_strict(templates, default=pl.col("code"), return_dtype=pl.Utf8)
    if "premessage" in long.columns:
        msg = pl.coalesce(pl.col("premessage"), msg)
    msg = (
        msg.str.replace_all("{value}", pl.col("value").fill_null(""), literal=True)
        .str.replace_all("{normalised}", pl.col("normalised").fill_null(""), literal=True)
        .str.replace_all("{header}", header, literal=True)
        .str.replace_all("{first_row}", pl.col("first_row").fill_null(""), literal=True)
    )
    return long.select(
        pl.col("row").cast(pl.Int64),
        pl.col("field"),
        header.alias("column"),
        key.replace_strict(letter_of, default="", return_dtype=pl.Utf8).alias("letter"),
        pl.col("value"),
        pl.col("code"),
        pl.col("code").replace_strict(SEVERITY_OF, default="error", return_dtype=pl.Utf8).alias("severity"),
        msg.alias("message"),
    )


def _enum_allowed(problems: pl.DataFrame, form: FormSpec) -> pl.DataFrame:
    allowed = {c.field: ", ".join(c.values) for c in form.columns if c.values}
    if not allowed:
        return problems
    return problems.with_columns(
        pl.col("message").str.replace_all(
            "{allowed}",
            pl.col("field").replace_strict(allowed, default="", return_dtype=pl.Utf8),
            literal=True,
        )
    )


def validate(
    frame: pl.DataFrame,
    match: FormMatch,
    *,
    oversize: list[tuple[int, str, int]] | None = None,
    max_cell_chars: int = 32_767,
) -> Validation:
    """Collect every problem of the normalised ``frame`` and split the rows into accepted and rejected."""
    form = match.form
    fields = [c for c in frame.columns if c + ISSUES_SUFFIX in frame.columns]
    parts = [_field_issues(frame, f) for f in fields]
    parts += [_required_missing(frame, form), _end_before_start(frame)]
    dups = _duplicates(frame)
    parts = [p.with_columns(pl.lit(None, pl.Utf8).alias("first_row")) for p in parts if not p.is_empty()]
    if not dups.is_empty():
        parts.append(dups)
    parts = [
        p if "premessage" in p.columns else p.with_columns(pl.lit(None, pl.Utf8).alias("premessage"))
        for p in parts
    ]
    long = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()
    problems = _enum_allowed(_messages(long, match), form)
    problems = pl.concat([problems, _oversize_problems(frame, match, oversize or [], max_cell_chars)])
    problems = problems.sort(["row", "letter"], maintain_order=True)
    error_rows = problems.filter(pl.col("severity") == "error").get_column("row").unique()
    warning_rows = problems.filter(pl.col("severity") == "warning").get_column("row").unique()
    accepted = frame.filter(~pl.col(ROW_COL).is_in(error_rows.implode()))
    if match.missing_required:
        # The header lacks a required column: the list does not fit the form, so no row can go on.
        accepted = frame.clear()
    rejected = frame.height - accepted.height
    warned = accepted.filter(pl.col(ROW_COL).is_in(warning_rows.implode())).height
    return Validation(
        problems=problems,
        accepted=accepted,
        rejected_rows=rejected,
        warning_rows=warned,
        duplicates=dups.height,
    )


def _oversize_problems(
    frame: pl.DataFrame, match: FormMatch, oversize: list[tuple[int, str, int]], limit: int
) -> pl.DataFrame:
    rows = set(frame.get_column(ROW_COL).to_list()) if oversize else set()
    by_grid = {m.grid_column: m for m in match.columns}
    records = []
    for row, grid_column, length in oversize:
        m = by_grid.get(grid_column)
        if row not in rows or m is None:
            continue
        records.append(
            {
                "row": row,
                "field": m.field or "",
                "column": m.header,
                "letter": m.letter,
                "value": None,
                "code": "cell.too_long",
                "severity": "error",
                "message": ALL_ISSUES["cell.too_long"].message_vi.format(length=length, limit=limit),
            }
        )
    return pl.DataFrame(records, schema=PROBLEM_SCHEMA)
