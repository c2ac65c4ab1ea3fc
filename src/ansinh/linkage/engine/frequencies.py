"""Name frequencies for Splink's term-frequency adjustment (Nguyễn is common, Điểu is rare).

Splink computes them from the records being linked, which is meaningless for a list of two records (every
name then has frequency 1/2). The model therefore carries reference frequencies measured on its training
data (``meta["term_frequencies"]``); the frequency used is the pooled one:

    tf(v) = (reference_count(v) + input_count(v)) / (reference_records + input_records)

so a small list borrows the reference and a large list speaks for itself. Registered as Splink lookups.
"""

from __future__ import annotations

from typing import Any

import polars as pl

TF_COLUMNS = ("given", "surname")
MIN_REFERENCE_COUNT = 3  # rarer values (mostly typos) are not worth shipping in the model file


def reference_frequencies(prepared: pl.DataFrame) -> dict[str, Any]:
    """Counts of each TF column's values in training data, for the model's metadata."""
    out: dict[str, Any] = {"records": prepared.height}
    for column in TF_COLUMNS:
        counts = (
            prepared.group_by(column)
            .len()
            .filter(pl.col(column).is_not_null(), pl.col("len") >= MIN_REFERENCE_COUNT)
            .sort([pl.col("len"), pl.col(column)], descending=[True, False])
        )
        out[column] = dict(zip(counts[column].to_list(), counts["len"].to_list(), strict=True))
    return out


def pooled_frequencies(
    frames: list[pl.DataFrame], reference: dict[str, Any] | None
) -> dict[str, pl.DataFrame]:
    """``{column: frame(column, tf_column)}`` pooled over the reference and the given prepared frames."""
    reference = reference or {}
    ref_records = int(reference.get("records", 0))
    tables = {}
    for column in TF_COLUMNS:
        values = pl.concat([f.select(column) for f in frames]) if frames else pl.DataFrame({column: []})
        counts = values.group_by(column).len().filter(pl.col(column).is_not_null())
        ref = reference.get(column) or {}
        if ref:
            ref_frame = pl.DataFrame(
                {column: list(ref), "ref": list(ref.values())}, schema={column: pl.String, "ref": pl.Int64}
            )
            counts = counts.join(ref_frame, on=column, how="full", coalesce=True).fill_null(0)
        else:
            counts = counts.with_columns(pl.lit(0).alias("ref"))
        total = ref_records + sum(f.height for f in frames)
        tables[column] = counts.select(
            pl.col(column), ((pl.col("len") + pl.col("ref")) / max(total, 1)).alias(f"tf_{column}")
        )
    return tables


def register_frequencies(linker: Any, db_api: Any, tables: dict[str, pl.DataFrame]) -> None:
    """Make Splink use these tables instead of computing term frequencies from its input."""
    from ansinh.linkage.engine.backend import register

    for column, table in tables.items():
        linker.table_management.register_term_frequency_lookup(
            register(db_api, table, f"tf_lookup_{column}"), column
        )
