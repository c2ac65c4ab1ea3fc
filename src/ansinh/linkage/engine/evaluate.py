"""Pairwise precision / recall / F1 of a clustering against known truth (tests and benchmarks)."""

from __future__ import annotations

import polars as pl


def _pair_count(sizes: pl.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(
    clusters: pl.DataFrame, truth: pl.DataFrame, *, cluster_col: str = "cluster_id"
) -> dict[str, float]:
    """Precision, recall and F1 over record pairs: a pair is predicted when both records share a cluster,
    true when they share a ``person_id``. Counts come from cluster-size products, never enumerating pairs.
    """
    joined = clusters.select("record_id", pl.col(cluster_col).alias("_c")).join(
        truth.select("record_id", pl.col("person_id").alias("_p")), on="record_id"
    )
    predicted = _pair_count(joined.group_by("_c").len()["len"])
    true = _pair_count(joined.group_by("_p").len()["len"])
    both = _pair_count(joined.group_by("_c", "_p").len()["len"])
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": float(true),
        "predicted_pairs": float(predicted),
        "correct_pairs": float(both),
    }
