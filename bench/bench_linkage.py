"""Linkage benchmark (make bench-linkage): quality, time and memory on generated Bình Phước records.

For each size (default 100,000 and 1,000,000 records, dup rate 0.2, seed 99 — the model was trained on
seed 2021), in the same run:

* ``ansinh``   — our model (person-v1) at its default threshold, through ``link_records``;
* ``splink``   — a plain Splink run: default-ish comparisons from Splink's library on the raw columns
  (name, birth date, id, phone, commune), trained by EM on the same data, threshold 0.9;
* ``exact_id`` — the baseline many systems use: same normalised ID number = same person;

plus ``incremental``: 5,000 new records matched against a registry built from the first N records.
Each case runs in its own process so its peak memory (max RSS) is its own. Prints a Markdown table.

    python bench/bench_linkage.py [--sizes 100000 1000000] [--skip-splink]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

DATA_DIR = Path("/tmp/ansinh-bench-linkage")
SEED = 99
DUP_RATE = 0.2
NEW_RECORDS = 5_000


def _data(n: int) -> tuple[Path, Path]:
    from ansinh.demo.people import generate_people

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    records_path, truth_path = DATA_DIR / f"people-{n}.parquet", DATA_DIR / f"truth-{n}.parquet"
    if not records_path.exists():
        records, truth = generate_people(n=n + NEW_RECORDS, dup_rate=DUP_RATE, seed=SEED)
        records.write_parquet(records_path)
        truth.write_parquet(truth_path)
    return records_path, truth_path


def _case_ansinh(records: pl.DataFrame) -> pl.DataFrame:
    from ansinh.linkage.engine.link import link_records
    from ansinh.linkage.engine.model import load_model

    clusters, _ = link_records(records, load_model())
    return clusters


def _case_exact_id(records: pl.DataFrame) -> pl.DataFrame:
    from ansinh.linkage.engine.prepare import prepare

    prepared = prepare(records)
    return prepared.select(
        pl.col("unique_id").alias("record_id"),
        pl.coalesce(pl.col("id_norm"), pl.col("unique_id")).alias("cluster_id"),
    )


def _case_splink(records: pl.DataFrame) -> pl.DataFrame:
    """Splink as its tutorials set it up, on lightly cleaned columns (no Vietnamese-specific keys)."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    from ansinh.linkage.engine.backend import duckdb_api, register, to_polars

    frame = records.select(
        pl.col("record_id").alias("unique_id"),
        pl.col("full_name").str.to_lowercase().alias("full_name"),
        pl.col("full_name").str.to_lowercase().str.split(" ").list.first().alias("surname"),
        pl.col("full_name").str.to_lowercase().str.split(" ").list.last().alias("given"),
        pl.col("date_of_birth").alias("dob"),
        pl.col("id_number").str.replace_all(r"\D", "").alias("id_number"),
        pl.col("phone").str.replace_all(r"\D", "").alias("phone"),
        pl.col("commune").str.to_lowercase().alias("commune"),
    ).with_columns([pl.col(c).replace("", None) for c in ("dob", "id_number", "phone", "commune")])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("dob", 1),
            cl.ExactMatch("id_number"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("commune"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("id_number"),
            block_on("phone"),
            block_on("given", "dob"),
            block_on("surname", "dob"),
        ],
    )
    db_api = duckdb_api()
    linker = Linker(register(db_api, frame, "records"), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("id_number")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.9, warning_mode="never")
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    return to_polars(clustered).select(
        pl.col("unique_id").cast(pl.String).alias("record_id"), pl.col("cluster_id").cast(pl.String)
    )


def _case_incremental(records: pl.DataFrame, n: int) -> tuple[pl.DataFrame, float]:
    """Registry = first n records linked once (not timed); time only the 5,000-row match."""
    from ansinh.linkage.engine.incremental import match_incremental
    from ansinh.linkage.engine.link import link_records
    from ansinh.linkage.engine.model import load_model
    from ansinh.linkage.engine.prepare import prepare
    from ansinh.linkage.engine.stable_ids import assign_stable_ids

    model = load_model()
    registry_records, new_records = records.head(n), records.slice(n, NEW_RECORDS)
    clusters, _ = link_records(registry_records, model)
    assignment, _ = assign_stable_ids(None, clusters)
    # The registry keeps its prepared match keys beside each record (as the registry app stores them).
    registry = (
        prepare(registry_records)
        .with_columns(pl.col("unique_id").alias("record_id"))
        .join(assignment, on="record_id")
    )
    started = time.perf_counter()
    result = match_incremental(new_records, registry, model)
    elapsed = time.perf_counter() - started
    combined = pl.concat([assignment, result.assignments.select("record_id", "person_id")])
    return combined.rename({"person_id": "cluster_id"}), elapsed


def run_case(case: str, n: int) -> dict[str, object]:
    """Run one case in this process and return its figures."""
    from ansinh.linkage.engine.evaluate import pairwise_scores

    records_path, truth_path = _data(n)
    records = pl.read_parquet(records_path)
    truth = pl.read_parquet(truth_path)
    started = time.perf_counter()
    if case == "incremental":
        clusters, elapsed = _case_incremental(records, n)
        truth = truth.head(n + NEW_RECORDS)
    else:
        records = records.head(n)
        truth = truth.head(n)
        clusters = {"ansinh": _case_ansinh, "splink": _case_splink, "exact_id": _case_exact_id}[case](records)
        elapsed = time.perf_counter() - started
    scores = pairwise_scores(clusters, truth)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "n": n, "seconds": round(elapsed, 1), "peak_mib": round(peak_mib), **scores}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--cases", nargs="+", default=["ansinh", "splink", "exact_id", "incremental"])
    parser.add_argument(
        "--splink-max-n",
        type=int,
        default=100_000,
        help="run the plain Splink case only up to this size (it took ~5 min at 100,000)",
    )
    parser.add_argument("--one", nargs=2, metavar=("CASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one[0], int(args.one[1]))))
        return 0
    rows = []
    for n in args.sizes:
        _data(n)
        for case in args.cases:
            if case == "splink" and n > args.splink_max_n:
                continue
            proc = subprocess.run(
                [sys.executable, __file__, "--one", case, str(n)], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                print(f"{case} n={n} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print("| records | method | precision | recall | F1 | wall time (s) | peak memory (MiB) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        label = "incremental: 5,000 new vs registry" if r["case"] == "incremental" else r["case"]
        print(
            f"| {r['n']:,} | {label} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} |"
            f" {r['seconds']} | {r['peak_mib']} |"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    raise SystemExit(main(sys.argv[1:]))
