"""Deduplicate one collection of person records: score pairs with Splink, cluster, explain.

``link_records(frame, model, threshold)`` -> ``(clusters, pairs)``:

* ``clusters``: ``record_id, cluster_id`` for every record (cluster id = smallest record id in it);
* ``pairs``: every scored pair with ``match_probability >= min(threshold, pairs_floor)``:
  ``record_id_l, record_id_r, match_probability, match_weight`` and one evidence column per compared field
  (the comparison level label: ``exact``, ``folded``, ``typo``, ``day_month_swapped``, ``other_kind``,
  ``different``, ``null`` ...).
"""

from __future__ import annotations

import logging
from typing import Any

import polars as pl

from ansinh.linkage.engine.backend import duckdb_api, register, to_polars
from ansinh.linkage.engine.cluster import cluster_pairs
from ansinh.linkage.engine.frequencies import pooled_frequencies, register_frequencies
from ansinh.linkage.engine.model import LinkageModel
from ansinh.linkage.engine.prepare import FEATURE_COLUMNS, prepare
from ansinh.linkage.engine.settings import EVIDENCE_FIELDS

PAIRS_FLOOR = 0.5
PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability", "match_weight", *EVIDENCE_FIELDS)


def ensure_prepared(frame: pl.DataFrame) -> pl.DataFrame:
    """Accept raw records (with ``record_id``) or already prepared ones (with the feature columns)."""
    if set(FEATURE_COLUMNS) <= set(frame.columns):
        return frame.select(FEATURE_COLUMNS)
    return prepare(frame)


def link_records(
    frame: pl.DataFrame,
    model: LinkageModel,
    threshold: float | None = None,
    *,
    verdicts: pl.DataFrame | None = None,
    pairs_floor: float = PAIRS_FLOOR,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cluster ``frame``'s records into persons and return the scored pairs as evidence."""
    threshold = model.default_threshold if threshold is None else threshold
    prepared = ensure_prepared(frame)
    pairs = score_within(prepared, model, min(threshold, pairs_floor))
    clusters = cluster_pairs(prepared["unique_id"], pairs, threshold=threshold, verdicts=verdicts)
    return clusters, pairs


def score_within(prepared: pl.DataFrame, model: LinkageModel, floor: float) -> pl.DataFrame:
    """All blocked pairs inside ``prepared`` scoring at least ``floor``, with evidence labels."""
    if prepared.height < 2:
        return empty_pairs()
    from splink import Linker

    db_api = duckdb_api()
    linker = Linker(
        register(db_api, prepared, "records"),
        model.settings_for("dedupe_only", records=prepared.height),
        log_level=logging.WARNING,
    )
    register_frequencies(linker, db_api, pooled_frequencies([prepared], model.meta.get("term_frequencies")))
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    return evidence_frame(to_polars(predictions), linker)


def empty_pairs() -> pl.DataFrame:
    schema: dict[str, Any] = dict.fromkeys(PAIR_COLUMNS, pl.String)
    schema["match_probability"] = pl.Float64
    schema["match_weight"] = pl.Float64
    return pl.DataFrame(schema=schema)


def level_labels(linker: Any) -> dict[str, dict[float, str]]:
    """``{field: {level match weight: level label}}`` read from the model's own comparison levels.

    Splink 5's predictions carry each comparison's match weight (``mw_<field>``), not its level index;
    a level is identified by its weight (rounded), first level wins if two share one.
    """
    labels: dict[str, dict[float, str]] = {}
    for comparison in linker._settings_obj.comparisons:  # Splink has no public accessor for this mapping
        mapping: dict[float, str] = {}
        for level in comparison.comparison_levels:
            weight = level._match_weight
            if weight is not None:
                mapping.setdefault(round(float(weight), 6), level.label_for_charts)
        labels[comparison.output_column_name] = mapping
    return labels


def evidence_frame(predictions: pl.DataFrame, linker: Any) -> pl.DataFrame:
    """Splink predictions -> our pairs frame (ids, probability, weight, one label column per field)."""
    if predictions.height == 0:
        return empty_pairs()
    labels = level_labels(linker)
    columns = [
        pl.col("unique_id_l").cast(pl.String).alias("record_id_l"),
        pl.col("unique_id_r").cast(pl.String).alias("record_id_r"),
        pl.col("match_probability").cast(pl.Float64),
        pl.col("match_weight").cast(pl.Float64),
    ]
    for field in EVIDENCE_FIELDS:
        columns.append(
            pl.col(f"mw_{field}")
            .cast(pl.Float64)
            .round(6)
            .replace_strict(labels[field], default=None, return_dtype=pl.String)
            .alias(field)
        )
    # Splink orders each pair by its internal concatenated id; we order by record id for stable output.
    out = predictions.select(columns)
    swap = pl.col("record_id_l") > pl.col("record_id_r")
    return out.with_columns(
        pl.when(swap).then(pl.col("record_id_r")).otherwise(pl.col("record_id_l")).alias("record_id_l"),
        pl.when(swap).then(pl.col("record_id_l")).otherwise(pl.col("record_id_r")).alias("record_id_r"),
    ).sort(["record_id_l", "record_id_r"])
