"""Benchmark of the eligibility engine: 2,000,000 generated rows per CLI policy (``make bench-policies``).

Prints rows/s for the vectorised evaluation (eligible, amount_vnd, failed_conditions, version), and
again with the ``citations`` column the CLI writes. Input generation and parsing are not timed.
Usage: python bench/bench_policies.py [ROWS]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from ansinh.policies.catalogue import load_catalogue
from ansinh.policies.engine import compile_policy
from ansinh.policies.engine.evaluate import evaluate_lazy

AS_OF = dt.date(2021, 11, 15)
BASE = dt.date(2021, 3, 1)


def _dates(rng: np.random.Generator, n: int, low: int, high: int) -> pl.Series:
    days = rng.integers(low, high, n).astype("timedelta64[D]")
    return pl.Series(np.datetime64(BASE, "D") + days).cast(pl.Date)


def _bools(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    return rng.random(n) < p


def generate(code: str, n: int, seed: int = 7) -> pl.DataFrame:
    """A typed applicant frame for ``code`` with a realistic mix of passing and failing rows."""
    rng = np.random.default_rng(seed)
    frame: dict[str, object] = {"record_id": pl.Series(np.arange(n)).cast(pl.String)}
    if code in ("nq68-tam-hoan", "nq68-ngung-viec", "nq68-ho-kinh-doanh", "nq68-f0-f1"):
        start = _dates(rng, n, 0, 320)
        frame["start_date"] = start
        frame["end_date"] = start + pl.Series(rng.integers(0, 70, n)).cast(pl.Duration("ms")) * 86_400_000
    if code in ("nq68-tam-hoan", "nq68-ngung-viec", "nq68-cham-dut"):
        frame["si_participating"] = _bools(rng, n, 0.9)
        frame["pregnant"] = _bools(rng, n, 0.05)
        frame["children_under_6"] = rng.integers(0, 3, n)
        frame["cause"] = ["declared"] * n
    if code == "nq68-tam-hoan":
        frame["employer_type"] = ["declared"] * n
    if code == "nq68-cham-dut":
        frame["termination_date"] = _dates(rng, n, 0, 330)
        frame["ui_benefit_eligible"] = _bools(rng, n, 0.2)
        frame["unlawful_quit"] = _bools(rng, n, 0.05)
        frame["receiving_pension"] = _bools(rng, n, 0.02)
    if code == "nq68-f0-f1":
        frame["status"] = np.where(_bools(rng, n, 0.4), "F0", "F1")
        frame["date_of_birth"] = _dates(rng, n, -30000, 0)
        frame["elderly_social_allowance"] = _bools(rng, n, 0.05)
        frame["severe_disability"] = _bools(rng, n, 0.02)
    if code == "nq68-ho-kinh-doanh":
        frame["business_registered"] = _bools(rng, n, 0.9)
        frame["on_tax_register"] = _bools(rng, n, 0.9)
        frame["cause"] = ["declared"] * n
    if code == "nq116-bhtn":
        frame["ui_months_unused"] = rng.integers(0, 200, n)
        frame["ui_status"] = rng.choice(["participating", "reserved", "none"], n, p=[0.8, 0.15, 0.05])
        frame["public_sector"] = _bools(rng, n, 0.03)
        frame["receiving_pension"] = _bools(rng, n, 0.01)
        frame["declined"] = _bools(rng, n, 0.01)
    return pl.DataFrame(frame)


def _time(
    frame: pl.DataFrame, compiled, *, with_citations: bool, repeat: int = 3
) -> tuple[float, pl.DataFrame]:  # type: ignore[no-untyped-def]
    best = float("inf")
    result = frame
    for _ in range(repeat):
        started = time.perf_counter()
        result = evaluate_lazy(
            frame.lazy(), compiled, with_citations=with_citations, joined=with_citations
        ).collect()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    catalogue = load_catalogue()
    print(
        f"polars {pl.__version__}, {os.cpu_count()} CPU, POLARS_MAX_THREADS={os.environ.get('POLARS_MAX_THREADS', '-')}, "
        f"{rows:,} rows per policy, decision date {AS_OF}, best of 3"
    )
    print(
        f"{'policy':22} {'eligible %':>10} {'seconds':>8} {'rows/s':>12} {'+citations s':>13} {'rows/s':>12}"
    )
    for code in (
        "nq68-tam-hoan",
        "nq68-ngung-viec",
        "nq68-cham-dut",
        "nq68-f0-f1",
        "nq68-ho-kinh-doanh",
        "nq116-bhtn",
    ):
        policy = catalogue.get(code)
        frame = generate(code, rows)
        compiled = compile_policy(policy, AS_OF)
        seconds, result = _time(frame, compiled, with_citations=False)
        seconds_cit, _ = _time(frame, compiled, with_citations=True)
        share = 100 * result["eligible"].mean()
        print(
            f"{code:22} {share:10.1f} {seconds:8.3f} {rows / seconds:12,.0f} {seconds_cit:13.3f} {rows / seconds_cit:12,.0f}"
        )


def _as_csv_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as the CLI contract writes it: dates dd/mm/yyyy, booleans yes/no."""
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            exprs.append(pl.col(name).dt.strftime("%d/%m/%Y"))
        elif dtype == pl.Boolean:
            exprs.append(pl.when(pl.col(name)).then(pl.lit("yes")).otherwise(pl.lit("no")).alias(name))
        else:
            exprs.append(pl.col(name).cast(pl.String))
    return frame.select(exprs)


def bench_cli(rows: int, code: str = "nq68-tam-hoan") -> None:
    """End to end: read the CSV, parse and check every cell, evaluate, write the results CSV."""
    from ansinh.policies.cli import main as eligibility_main

    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "in.csv"
        target = Path(directory) / "out.csv"
        _as_csv_text(generate(code, rows)).write_csv(source)
        started = time.perf_counter()
        code_out = eligibility_main(
            [str(source), "--policy", code, "--output", str(target), "--as-of", AS_OF.isoformat()]
        )
        seconds = time.perf_counter() - started
    print(
        f"CLI end to end ({code}, {rows:,} rows, exit {code_out}): {seconds:.2f} s, {rows / seconds:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
    bench_cli(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
