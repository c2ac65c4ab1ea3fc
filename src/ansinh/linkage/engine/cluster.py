"""Clustering scored pairs into persons, with reviewers' verdicts as hard constraints.

Single-linkage at a threshold (what Splink's connected components computes), done as a union-find over the
edges in descending probability so that verdicts can be honoured exactly:

* a "same person" verdict (must-link) is an edge processed first, whatever the model said;
* a "different people" verdict (cannot-link) removes that edge *and* refuses any later union that would put
  the two records in one cluster through other records (the transitive path is cut at its weakest link:
  edges are taken strongest first, so the one refused is the weakest that would join them).

Deterministic: ties are broken by record ids; the cluster id is the smallest record id in the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

VERDICT_SAME = "same"
VERDICT_DIFFERENT = "different"


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = np.arange(size, dtype=np.int64)

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return int(x)


def cluster_pairs(
    record_ids: pl.Series,
    edges: pl.DataFrame,
    *,
    threshold: float,
    verdicts: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Return ``record_id, cluster_id`` for every record.

    ``edges``: ``record_id_l, record_id_r, match_probability``; ``verdicts``: ``record_id_l, record_id_r,
    verdict`` ("same" / "different"). Edges below ``threshold`` are ignored.
    """
    ids = record_ids.cast(pl.String)
    index = pl.DataFrame({"record_id": ids, "_i": np.arange(ids.len(), dtype=np.int64)})
    uf = _UnionFind(ids.len())
    must, cannot = _verdict_pairs(index, verdicts)
    blocked: dict[int, set[int]] = {}  # root -> records that must never join it
    for a, b in cannot:
        blocked.setdefault(a, set()).add(b)
        blocked.setdefault(b, set()).add(a)
    cannot_set = {(min(a, b), max(a, b)) for a, b in cannot}

    strong = _indexed_edges(index, edges.filter(pl.col("match_probability") >= threshold))
    for a, b in [*must, *strong]:
        if (min(a, b), max(a, b)) in cannot_set:
            continue
        _union(uf, blocked, a, b)

    roots = np.fromiter((uf.find(i) for i in range(ids.len())), dtype=np.int64, count=ids.len())
    frame = pl.DataFrame({"record_id": ids, "_root": roots})
    return frame.with_columns(pl.col("record_id").min().over("_root").alias("cluster_id")).select(
        "record_id", "cluster_id"
    )


def _union(uf: _UnionFind, blocked: dict[int, set[int]], a: int, b: int) -> None:
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return
    block_a, block_b = blocked.get(ra), blocked.get(rb)
    if block_a and any(uf.find(x) == rb for x in block_a):
        return
    if block_b and any(uf.find(x) == ra for x in block_b):
        return
    keep, gone = (ra, rb) if ra < rb else (rb, ra)
    uf.parent[gone] = keep
    merged = blocked.pop(ra, set()) | blocked.pop(rb, set())
    if merged:
        blocked[keep] = merged


def _indexed_edges(index: pl.DataFrame, edges: pl.DataFrame) -> Iterable[tuple[int, int]]:
    if edges.height == 0:
        return []
    joined = (
        edges.select(
            pl.col("record_id_l").cast(pl.String), pl.col("record_id_r").cast(pl.String), "match_probability"
        )
        .join(index.rename({"record_id": "record_id_l", "_i": "a"}), on="record_id_l")
        .join(index.rename({"record_id": "record_id_r", "_i": "b"}), on="record_id_r")
        .sort(["match_probability", "record_id_l", "record_id_r"], descending=[True, False, False])
    )
    return zip(joined["a"].to_list(), joined["b"].to_list(), strict=True)


def _verdict_pairs(
    index: pl.DataFrame, verdicts: pl.DataFrame | None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    if verdicts is None or verdicts.height == 0:
        return [], []
    joined = (
        verdicts.select(
            pl.col("record_id_l").cast(pl.String), pl.col("record_id_r").cast(pl.String), "verdict"
        )
        .join(index.rename({"record_id": "record_id_l", "_i": "a"}), on="record_id_l")
        .join(index.rename({"record_id": "record_id_r", "_i": "b"}), on="record_id_r")
        .sort(["record_id_l", "record_id_r"])
    )
    must = joined.filter(pl.col("verdict") == VERDICT_SAME)
    cannot = joined.filter(pl.col("verdict") == VERDICT_DIFFERENT)
    return (
        list(zip(must["a"].to_list(), must["b"].to_list(), strict=True)),
        list(zip(cannot["a"].to_list(), cannot["b"].to_list(), strict=True)),
    )
