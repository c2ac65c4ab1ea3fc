"""Persist an import's accepted rows in bulk, in one transaction (the Django side of the pipeline).

PostgreSQL gets `COPY … FROM STDIN` (psycopg 3), SQLite one `executemany`: the ORM's per-row path
would be tens of times slower on a 200,000-row list. The caller holds the transaction, so a crash
or a cancellation before commit leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection

from ansinh.intake.pipeline.grid import ROW_COL
from ansinh.kernel.text import fold

if TYPE_CHECKING:
    from ansinh.intake.pipeline.run import ImportResult

COLUMNS = ("job_id", "source_row", "row_key", "full_name", "date_of_birth", "id_number", "commune_code",
           "has_warning", "data", "problems", "eligible", "amount_vnd", "failed_conditions", "policy_version",
           "flags", "superseded")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def row_key(id_number: str | None, full_name: str | None, date_of_birth: dt.date | None) -> str:
    """Who a row is about, inside one sender's list: the ID number, else folded name + birth date."""
    if id_number:
        return f"id:{id_number}"
    return f"nd:{fold(full_name or '')}|{date_of_birth.isoformat() if date_of_birth else ''}"


def staged_rows(result: ImportResult, job_id: int) -> Iterator[tuple]:
    """The accepted rows, joined with their problems (warnings) and the policy engine's verdict."""
    accepted = result.accepted
    fields = result.output_fields()
    problems = result.problems
    by_row: dict[int, list[dict]] = {}
    if problems.height:
        for p in problems.filter(pl.col("severity") == "warning").iter_rows(named=True):
            by_row.setdefault(p["row"], []).append(
                {"column": p["column"], "value": p["value"], "message": p["message"], "severity": p["severity"]})
    verdicts: dict[int, dict] = {}
    if result.evaluation.frame is not None:
        for v in result.evaluation.frame.iter_rows(named=True):
            verdicts[v[ROW_COL]] = v
    for row in accepted.select([ROW_COL, *fields]).iter_rows(named=True):
        source_row = row[ROW_COL]
        verdict = verdicts.get(source_row, {})
        dob = row.get("date_of_birth")
        id_number = row.get("id_number") or ""
        data = {f: _text(row.get(f)) for f in fields}
        yield (
            job_id, source_row, row_key(id_number, row.get("full_name"), dob), row.get("full_name") or "",
            dob if isinstance(dob, dt.date) else None, id_number, row.get("commune_code") or "",
            source_row in by_row, data, by_row.get(source_row, []), verdict.get("eligible"),
            int(verdict.get("amount_vnd") or 0), list(verdict.get("failed_conditions") or []),
            verdict.get("version") or "", [], False,
        )


def bulk_insert_rows(rows: Iterator[tuple]) -> int:
    """Insert staged rows with the fastest path the database offers. Returns the number written."""
    written = 0
    json_idx = {COLUMNS.index(c) for c in ("data", "problems", "failed_conditions", "flags")}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            sql = f"COPY intake_importrow ({', '.join(COLUMNS)}) FROM STDIN"
            with raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row([json.dumps(v, ensure_ascii=False) if i in json_idx else v
                                    for i, v in enumerate(row)])
                    written += 1
            return written
        # Column names are the module's constants, never user input.
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        sql = f"INSERT INTO intake_importrow ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
        chunk: list[list] = []
        for row in rows:
            chunk.append([json.dumps(v, ensure_ascii=False) if i in json_idx else v for i, v in enumerate(row)])
            if len(chunk) >= 5000:
                cursor.executemany(sql, chunk)
                written += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            written += len(chunk)
    return written


def store_import(result: ImportResult, *, unit_code: str | None = None, file_path: str | None = None) -> dict:
    """`ansinh import` without --dry-run: create the job and store its rows as the upload screen would."""
    from pathlib import Path

    from ansinh.intake.services import import_job_store_result_from_cli

    return import_job_store_result_from_cli(result=result, unit_code=unit_code, file_path=Path(file_path))
