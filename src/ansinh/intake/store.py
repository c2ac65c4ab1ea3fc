"""Persist an import's accepted rows in bulk, in one transaction (the Django side of the pipeline).

The rows are shaped as one Polars frame (vectorised: JSON columns encoded by Polars, not per row in
Python), then written with PostgreSQL `COPY … FROM STDIN` in text format, streamed slice by slice so that
encoding the next slice overlaps the server storing the last, or, on SQLite, one `executemany` per slice.
The ORM's per-row path would be tens of times slower on a 200,000-row list. The caller holds the
transaction, so a crash or a cancellation before commit leaves nothing behind. ADR 0034 has the figures.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection

from ansinh.intake.pipeline.grid import ROW_COL
from ansinh.kernel.text import expr_fold

if TYPE_CHECKING:
    from ansinh.intake.pipeline.run import ImportResult

COLUMNS = ("job_id", "source_row", "row_key", "full_name", "date_of_birth", "id_number", "commune_code",
           "has_warning", "data", "problems", "eligible", "amount_vnd", "failed_conditions", "policy_version",
           "flags", "superseded")
_EMPTY_TEXT = ("full_name", "id_number", "commune_code", "policy_version")
# Fields with a column of their own are not repeated inside `data` (ImportRow.field_values restores them).
_OWN_COLUMNS = ("full_name", "id_number", "commune_code")
_SLICE_ROWS = 20_000
_JSON_COLUMNS = ("data", "problems", "failed_conditions", "flags")


def _row_key_expr(frame: pl.DataFrame) -> pl.Expr:
    """Who a row is about, inside one sender's list: "id:<ID number>", else "nd:<folded name>|<birth date>"."""
    id_col = pl.col("id_number") if "id_number" in frame.columns else pl.lit(None, pl.String)
    name = expr_fold(pl.col("full_name")) if "full_name" in frame.columns else pl.lit("")
    dob = (pl.col("date_of_birth").cast(pl.Date, strict=False).dt.strftime("%Y-%m-%d")
           if "date_of_birth" in frame.columns else pl.lit(None, pl.String))
    by_name = pl.concat_str([pl.lit("nd:"), name.fill_null(""), pl.lit("|"), dob.fill_null("")])
    return pl.when(id_col.fill_null("") != "").then(pl.lit("id:") + id_col).otherwise(by_name)


def _as_text(frame: pl.DataFrame, col: str) -> pl.Expr:
    dtype = frame.schema[col]
    if dtype == pl.Date:
        return pl.col(col).dt.strftime("%d/%m/%Y").fill_null("")
    return pl.col(col).cast(pl.String).fill_null("")


def _as_json(value: pl.Expr) -> pl.Expr:
    """Any expression as JSON text per row, encoded by Polars (escaping done right, no Python per row):
    the value is wrapped in a one-field struct, encoded, and the wrapper stripped."""
    return pl.struct(value.alias("v")).struct.json_encode().str.strip_prefix('{"v":').str.strip_suffix("}")


def _json_values(struct: str, names: list[str]) -> pl.Expr:
    """A struct of text fields as one JSON array of its values (each value encoded, then joined: faster
    than building a list column first)."""
    literals = [_as_json(pl.col(struct).struct.field(n)) for n in names]
    return pl.concat_str([pl.lit("["), pl.concat_str(literals, separator=","), pl.lit("]")])


def encode_json_columns(part: pl.DataFrame) -> pl.DataFrame:
    """The staged frame's structured columns (`data` struct, `problems` and `failed_conditions` lists) as
    JSON text. Done slice by slice while writing, so it overlaps the database storing the previous slice."""
    encoded = []
    for name in _JSON_COLUMNS:
        dtype = part.schema[name]
        if isinstance(dtype, pl.Struct):
            encoded.append(_json_values(name, [f.name for f in dtype.fields]).alias(name))
        elif isinstance(dtype, pl.List):
            encoded.append(pl.when(pl.col(name).is_null()).then(pl.lit("[]"))
                           .otherwise(_as_json(pl.col(name))).alias(name))
    return part.with_columns(encoded) if encoded else part


def data_fields(result: ImportResult) -> list[str]:
    """The names of the values in each stored row's `data` array (ImportJob.data_fields): the output fields
    without those stored in a column of their own (a full birth date has its column; a year alone does not)."""
    accepted = result.accepted
    return [f for f in result.output_fields() if f not in _OWN_COLUMNS
            and not (f == "date_of_birth" and accepted.schema[f] == pl.Date)]


def staged_frame(result: ImportResult, job_id: int) -> pl.DataFrame:
    """The accepted rows, with their warnings and the policy engine's verdict, shaped as COLUMNS.

    `data` is a struct of the row's other fields as text, in `data_fields` order; `problems` and
    `failed_conditions` are lists. `bulk_insert_rows` encodes them as JSON slice by slice."""
    fields = result.output_fields()
    accepted = result.accepted.select([ROW_COL, *fields])
    in_data = data_fields(result)
    frame = accepted.with_columns(
        pl.lit(job_id, pl.Int64).alias("job_id"),
        pl.col(ROW_COL).cast(pl.Int64).alias("source_row"),
        _row_key_expr(accepted).alias("row_key"),
        # Field names are kept once per job (ImportJob.data_fields), not once per row.
        (pl.struct([_as_text(accepted, f).alias(f) for f in in_data]) if in_data else pl.lit("[]")).alias("data"),
    )
    # A stored row's problems are all warnings (an error rejects the row), so no severity per item.
    warnings = result.problems.filter(pl.col("severity") == "warning")
    if warnings.height:
        per_row = warnings.group_by("row").agg(pl.struct("column", "value", "message").alias("problems"))
        frame = frame.join(per_row.with_columns(pl.col("row").cast(pl.Int64).alias("source_row")).drop("row"),
                           on="source_row", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, pl.List(pl.String)).alias("problems"))
    verdict = result.evaluation.frame
    if verdict is not None:
        verdict = verdict.select(
            pl.col(ROW_COL).cast(pl.Int64).alias("source_row"), pl.col("eligible"),
            pl.col("amount_vnd").fill_null(0).cast(pl.Int64), pl.col("failed_conditions"),
            pl.col("version").cast(pl.String).alias("policy_version"))
        frame = frame.join(verdict, on="source_row", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, pl.Boolean).alias("eligible"), pl.lit(0).alias("amount_vnd"),
                                   pl.lit(None, pl.List(pl.String)).alias("failed_conditions"),
                                   pl.lit("").alias("policy_version"))
    for col in ("full_name", "id_number", "commune_code", "date_of_birth"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(col))
    return frame.with_columns(
        pl.col("problems").is_not_null().alias("has_warning"),
        pl.col("amount_vnd").fill_null(0),
        pl.lit("[]").alias("flags"),
        pl.lit(False).alias("superseded"),
        pl.col("date_of_birth").cast(pl.Date, strict=False),
        *[pl.col(c).cast(pl.String).fill_null("") for c in _EMPTY_TEXT],
    ).select(COLUMNS)


def with_flags(frame: pl.DataFrame, flags: dict[int, list[dict]]) -> pl.DataFrame:
    """Put the linkage flags (source_row → list of {code, message}) into the `flags` JSON column."""
    if not flags:
        return frame
    encoded = pl.DataFrame({"source_row": list(flags), "f": [json.dumps(v, ensure_ascii=False)
                                                             for v in flags.values()]},
                           schema={"source_row": pl.Int64, "f": pl.String})
    return (frame.join(encoded, on="source_row", how="left")
            .with_columns(pl.coalesce("f", "flags").alias("flags")).select(COLUMNS))


def bulk_insert_rows(frame: pl.DataFrame) -> int:
    """Insert the staged frame with the fastest path the database offers. Returns the number written."""
    if frame.height == 0:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_postgresql(cursor.cursor, frame)  # the psycopg 3 cursor under Django's wrapper
            return frame.height
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        sql = f"INSERT INTO intake_importrow ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
        for part in frame.iter_slices(_SLICE_ROWS):
            cursor.executemany(sql, encode_json_columns(part).rows())
    return frame.height


def _copy_postgresql(cursor, frame: pl.DataFrame) -> None:
    """COPY in text format, slice by slice through a queued writer thread: while the server stores one
    slice, Polars (which releases the GIL) encodes the next. Text format, not CSV: JSON's quotes would be
    doubled in CSV and the server's CSV parser is slower (ADR 0034)."""
    from psycopg.copy import QueuedLibpqWriter

    # Column names are this module's constants, never user input.
    sql = f"COPY intake_importrow ({', '.join(COLUMNS)}) FROM STDIN"
    with cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy:
        for part in frame.iter_slices(_SLICE_ROWS):
            copy.write(copy_text(encode_json_columns(part)))


def copy_text(frame: pl.DataFrame) -> bytes:
    """The frame in PostgreSQL's COPY text format: tab-separated, `\\N` for NULL, and backslash, tab,
    newline and carriage return escaped with a backslash in every text value."""
    escape = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        column = frame.get_column(name)
        if not column.str.contains(r"[\\\t\n\r]").any():  # most columns need nothing: skip the rewrite
            continue
        escape.append(pl.col(name).str.replace_all("\\", "\\\\", literal=True)
                      .str.replace_all("\t", "\\t", literal=True).str.replace_all("\n", "\\n", literal=True)
                      .str.replace_all("\r", "\\r", literal=True))
    if escape:
        frame = frame.with_columns(escape)
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, separator="\t", quote_style="never", null_value="\\N",
                    date_format="%Y-%m-%d")
    return buffer.getvalue()


def store_import(result: ImportResult, *, unit_code: str | None = None, file_path: str | None = None) -> dict:
    """`ansinh import` without --dry-run: create the job and store its rows as the upload screen would."""
    from pathlib import Path

    from ansinh.intake.services import import_job_store_result_from_cli

    return import_job_store_result_from_cli(result=result, unit_code=unit_code, file_path=Path(file_path))
