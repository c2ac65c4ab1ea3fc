"""Persist an import's accepted rows in bulk, in one transaction (the Django side of the pipeline).

The rows are shaped as one Polars frame (vectorised: JSON columns encoded by Polars, not per row in
Python), then written with PostgreSQL `COPY … FROM STDIN (FORMAT csv)` or, on SQLite, one
`executemany`. The ORM's per-row path would be tens of times slower on a 200,000-row list. The caller
holds the transaction, so a crash or a cancellation before commit leaves nothing behind.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection

from ansinh.intake.pipeline.grid import ROW_COL
from ansinh.kernel.text import expr_fold, fold

if TYPE_CHECKING:
    import datetime as dt

    from ansinh.intake.pipeline.run import ImportResult

COLUMNS = ("job_id", "source_row", "row_key", "full_name", "date_of_birth", "id_number", "commune_code",
           "has_warning", "data", "problems", "eligible", "amount_vnd", "failed_conditions", "policy_version",
           "flags", "superseded")
_EMPTY_TEXT = ("row_key", "full_name", "id_number", "commune_code", "policy_version")


def row_key(id_number: str | None, full_name: str | None, date_of_birth: dt.date | None) -> str:
    """Who a row is about, inside one sender's list: the ID number, else folded name + birth date."""
    if id_number:
        return f"id:{id_number}"
    return f"nd:{fold(full_name or '')}|{date_of_birth.isoformat() if date_of_birth else ''}"


def _row_key_expr(frame: pl.DataFrame) -> pl.Expr:
    """The vectorised `row_key` (same strings)."""
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


def _json_string_list(col: str) -> pl.Expr:
    """A List[str] column as a JSON array (codes and messages are escaped by json_encode of a struct)."""
    return (pl.struct(pl.col(col).fill_null([]).alias("v")).struct.json_encode()
            .str.strip_prefix('{"v":').str.strip_suffix("}").alias(col))


def staged_frame(result: ImportResult, job_id: int) -> pl.DataFrame:
    """The accepted rows, with their warnings and the policy engine's verdict, shaped as COLUMNS."""
    fields = result.output_fields()
    accepted = result.accepted.select([ROW_COL, *fields])
    frame = accepted.with_columns(
        pl.lit(job_id, pl.Int64).alias("job_id"),
        pl.col(ROW_COL).cast(pl.Int64).alias("source_row"),
        _row_key_expr(accepted).alias("row_key"),
        pl.struct([_as_text(accepted, f).alias(f) for f in fields]).struct.json_encode().alias("data"),
    )
    warnings = result.problems.filter(pl.col("severity") == "warning")
    if warnings.height:
        per_row = (warnings.group_by("row").agg(
            pl.struct("column", "value", "message", "severity").alias("p"))
            .with_columns(pl.struct(pl.col("p").alias("v")).struct.json_encode()
                          .str.strip_prefix('{"v":').str.strip_suffix("}").alias("problems"))
            .select(pl.col("row").cast(pl.Int64).alias("source_row"), "problems"))
        frame = frame.join(per_row, on="source_row", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("problems"))
    verdict = result.evaluation.frame
    if verdict is not None:
        verdict = verdict.select(
            pl.col(ROW_COL).cast(pl.Int64).alias("source_row"), pl.col("eligible"),
            pl.col("amount_vnd").fill_null(0).cast(pl.Int64), _json_string_list("failed_conditions"),
            pl.col("version").cast(pl.String).alias("policy_version"))
        frame = frame.join(verdict, on="source_row", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, pl.Boolean).alias("eligible"), pl.lit(0).alias("amount_vnd"),
                                   pl.lit("[]").alias("failed_conditions"),
                                   pl.lit("").alias("policy_version"))
    for col in ("full_name", "id_number", "commune_code", "date_of_birth"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(col))
    return frame.with_columns(
        pl.col("problems").is_not_null().alias("has_warning"),
        pl.col("problems").fill_null("[]"),
        pl.col("failed_conditions").fill_null("[]"),
        pl.col("amount_vnd").fill_null(0),
        pl.lit("[]").alias("flags"),
        pl.lit(False).alias("superseded"),
        pl.col("date_of_birth").cast(pl.Date, strict=False),
        *[pl.col(c).cast(pl.String).fill_null("") for c in _EMPTY_TEXT if c not in ("row_key",)],
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
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, date_format="%Y-%m-%d")
            # Column names are this module's constants, never user input.
            sql = f"COPY intake_importrow ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:  # the psycopg 3 cursor under Django's wrapper
                copy.write(buffer.getvalue())
            return frame.height
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        sql = f"INSERT INTO intake_importrow ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
        for chunk in frame.iter_slices(20_000):
            cursor.executemany(sql, chunk.rows())
    return frame.height


def store_import(result: ImportResult, *, unit_code: str | None = None, file_path: str | None = None) -> dict:
    """`ansinh import` without --dry-run: create the job and store its rows as the upload screen would."""
    from pathlib import Path

    from ansinh.intake.services import import_job_store_result_from_cli

    return import_job_store_result_from_cli(result=result, unit_code=unit_code, file_path=Path(file_path))
