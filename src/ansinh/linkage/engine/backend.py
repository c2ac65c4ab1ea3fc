"""DuckDB plumbing for Splink: one in-memory connection per run, Polars frames registered through Arrow."""

from __future__ import annotations

import os
from typing import Any

import duckdb
import polars as pl


def duckdb_api(*, memory_limit: str | None = None, threads: int | None = None) -> Any:
    """A Splink DuckDBAPI on a fresh in-memory connection (limits via ANSINH_LINK_MEMORY / _THREADS)."""
    from splink.backends.duckdb import DuckDBAPI

    con = duckdb.connect(":memory:")
    limit = memory_limit or os.environ.get("ANSINH_LINK_MEMORY")
    if limit:
        con.execute(f"SET memory_limit = '{limit}'")
    n_threads = threads or os.environ.get("ANSINH_LINK_THREADS")
    if n_threads:
        con.execute(f"SET threads = {int(n_threads)}")
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(con)


def register(db_api: Any, frame: pl.DataFrame, name: str) -> Any:
    """Register a Polars frame as a Splink table named ``name``."""
    return db_api.register(frame.to_arrow(), table_name=name)


def to_polars(splink_df: Any) -> pl.DataFrame:
    """A Splink result table as a Polars frame (through DuckDB's Arrow export)."""
    return splink_df.as_duckdbpyrelation().pl()
