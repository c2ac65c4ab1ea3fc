"""Incremental matching: new records against the registry of golden persons, without redoing the registry.

Splink 5 removed ``find_matches_to_new_records``; its ``predict_between(left, right)`` scores only blocked
pairs *between* two collections and ``predict_within`` inside one. We score

* new x registry (``predict_between``: the registry is only probed through the blocking keys, never
  compared with itself), and
* new x new (``predict_within``: duplicates inside the incoming list),

with name frequencies pooled over the model's reference, the registry and the new records (registered lookups,
:mod:`frequencies`).
Before Splink runs, the registry is cut down to the rows sharing a blocking key with a new record (Polars
semi-joins): the same candidate pairs, but DuckDB never scans the whole registry.
Then the registry's persons are nodes (their records already agree), the new records are nodes, edges
above the threshold and the officers' verdicts (must-link / cannot-link) are clustered
(:func:`cluster.cluster_pairs`), and :func:`stable_ids.assign_stable_ids` turns clusters into person ids:
an existing person keeps its id, a new person gets a fresh one, and a new record that proves two registry
persons are one merges them into the OLDER id, with a redirect for the other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import polars as pl

from ansinh.linkage.engine.backend import duckdb_api, register, to_polars
from ansinh.linkage.engine.cluster import cluster_pairs
from ansinh.linkage.engine.frequencies import pooled_frequencies, register_frequencies
from ansinh.linkage.engine.link import PAIRS_FLOOR, empty_pairs, ensure_prepared, evidence_frame
from ansinh.linkage.engine.model import LinkageModel
from ansinh.linkage.engine.settings import PREDICTION_BLOCKING_KEYS
from ansinh.linkage.engine.stable_ids import assign_stable_ids, next_sequence

_PERSON_NODE = "\x00person:"  # prefix that cannot clash with a record id read from a CSV


@dataclass(frozen=True)
class IncrementalResult:
    """``assignments``: record_id, person_id, status ("matched" / "new"), best_match_record_id,
    best_match_probability for each new record; ``redirects``: old_person_id, person_id (merges);
    ``pairs``: the scored pairs with evidence (new x registry and new x new)."""

    assignments: pl.DataFrame
    redirects: pl.DataFrame
    pairs: pl.DataFrame


def match_incremental(
    new_frame: pl.DataFrame,
    registry_frame: pl.DataFrame,
    model: LinkageModel,
    threshold: float | None = None,
    verdicts: pl.DataFrame | None = None,
    *,
    pairs_floor: float = PAIRS_FLOOR,
    issued_ids: pl.Series | None = None,
) -> IncrementalResult:
    """Link ``new_frame``'s records to ``registry_frame``'s persons.

    ``registry_frame`` has ``record_id`` and ``person_id`` beside the record columns; if it already holds the
    prepared match keys they are used as they are (the registry can store them and skip re-preparing a
    million rows). Record ids must not repeat between the two frames. ``issued_ids``: person ids issued before
    that hold no record any more (redirected), so that they are never minted again.
    """
    threshold = model.default_threshold if threshold is None else threshold
    new = ensure_prepared(new_frame)
    registry_people = registry_frame.select(
        pl.col("record_id").cast(pl.String), pl.col("person_id").cast(pl.String)
    )
    registry = ensure_prepared(registry_frame)
    tf_tables = pooled_frequencies([registry, new], model.meta.get("term_frequencies"))
    run_size = registry.height + new.height  # the prior depends on the whole registry, not the candidates
    pairs = _score(
        new, candidate_registry_rows(registry, new), model, min(threshold, pairs_floor), tf_tables, run_size
    )

    person_of = _persons_named(registry_people, pairs, verdicts)
    previous, clusters = _cluster_with_persons(new, pairs, verdicts, person_of, threshold)
    known = (
        registry_people["person_id"]
        if issued_ids is None
        else pl.concat([registry_people["person_id"], issued_ids])
    )
    assignment, redirects = assign_stable_ids(previous, clusters, first_sequence=next_sequence(known))
    return IncrementalResult(
        assignments=_assignments(new, assignment, previous, pairs, person_of),
        redirects=redirects,
        pairs=pairs,
    )


def _persons_named(
    registry_people: pl.DataFrame, pairs: pl.DataFrame, verdicts: pl.DataFrame | None
) -> pl.DataFrame:
    """``_rid -> _pid`` for the registry records named in a pair or a verdict (a few thousand, not all)."""
    named = pl.concat([pairs["record_id_l"], pairs["record_id_r"]])
    if verdicts is not None and verdicts.height:
        named = pl.concat(
            [named, verdicts["record_id_l"].cast(pl.String), verdicts["record_id_r"].cast(pl.String)]
        )
    return registry_people.filter(pl.col("record_id").is_in(named.unique().implode())).rename(
        {"record_id": "_rid", "person_id": "_pid"}
    )


def _cluster_with_persons(
    new: pl.DataFrame,
    pairs: pl.DataFrame,
    verdicts: pl.DataFrame | None,
    person_of: pl.DataFrame,
    threshold: float,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cluster the new records with the registry persons they touch (each person is one node, its records
    already agree). Returns ``(previous, clusters)`` ready for :func:`assign_stable_ids`."""
    edges = _to_person_nodes(pairs.select("record_id_l", "record_id_r", "match_probability"), person_of)
    node_verdicts = None
    if verdicts is not None and verdicts.height:
        node_verdicts = _to_person_nodes(verdicts.select("record_id_l", "record_id_r", "verdict"), person_of)
    ends = [edges["record_id_l"], edges["record_id_r"]]
    if node_verdicts is not None:
        ends += [node_verdicts["record_id_l"], node_verdicts["record_id_r"]]
    nodes = pl.concat([new["unique_id"], *ends]).unique(maintain_order=True)
    nodes = nodes.filter(nodes.is_in(new["unique_id"].implode()) | nodes.str.starts_with(_PERSON_NODE))
    clusters = cluster_pairs(nodes, edges, threshold=threshold, verdicts=node_verdicts)
    previous = pl.DataFrame({"record_id": nodes}).filter(pl.col("record_id").str.starts_with(_PERSON_NODE))
    previous = previous.with_columns(pl.col("record_id").str.strip_prefix(_PERSON_NODE).alias("person_id"))
    return previous, clusters


def candidate_registry_rows(registry: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """The registry rows that share at least one blocking key with a new record (hash semi-joins).

    Every row Splink's blocking could pair with a new record is kept (a superset: extra rule conditions are
    left to Splink), found in one pass per key, so the Splink run works on thousands of rows, not millions.
    """
    indexed = registry.lazy().select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), *_key_columns())
    probes = [
        # The keys' equality is necessary for a pair (extra conditions only remove pairs): a superset.
        indexed.join(new.lazy().select(keys).drop_nulls().unique(), on=list(keys), how="semi").select("_row")
        for keys, _condition in PREDICTION_BLOCKING_KEYS
    ]
    rows = pl.concat(pl.collect_all(probes))["_row"].unique().sort()  # the probes run in parallel
    return registry[rows]


def _key_columns() -> list[str]:
    return sorted({column for keys, _condition in PREDICTION_BLOCKING_KEYS for column in keys})


def _score(
    new: pl.DataFrame,
    registry: pl.DataFrame,
    model: LinkageModel,
    floor: float,
    tf_tables: dict[str, pl.DataFrame],
    run_size: int,
) -> pl.DataFrame:
    from splink import Linker

    db_api = duckdb_api()
    registry_sdf = register(db_api, registry, "registry")
    new_sdf = register(db_api, new, "new_records")
    linker = Linker(
        new_sdf,
        model.settings_for("dedupe_only", records=run_size),
        log_level=logging.WARNING,
        validate_settings=False,
    )
    register_frequencies(linker, db_api, tf_tables)
    parts = []
    if registry.height and new.height:
        between = linker.inference.predict_between(
            registry_sdf, new_sdf, threshold_match_probability=floor, warning_mode="never"
        )
        parts.append(evidence_frame(to_polars(between), linker))
    if new.height >= 2:
        within = linker.inference.predict_within(
            new_sdf, threshold_match_probability=floor, warning_mode="never"
        )
        parts.append(evidence_frame(to_polars(within), linker))
    parts = [p for p in parts if p.height]
    return pl.concat(parts) if parts else empty_pairs()


def _to_person_nodes(frame: pl.DataFrame, person_of: pl.DataFrame) -> pl.DataFrame:
    """Replace registry record ids by their person's node id (new record ids stay as they are)."""
    out = frame
    for side in ("record_id_l", "record_id_r"):
        out = (
            out.join(person_of, left_on=side, right_on="_rid", how="left")
            .with_columns(
                pl.when(pl.col("_pid").is_not_null())
                .then(pl.lit(_PERSON_NODE) + pl.col("_pid"))
                .otherwise(pl.col(side))
                .alias(side)
            )
            .drop("_pid")
        )
    if "match_probability" in out.columns:  # one edge per node pair: the strongest
        out = out.group_by("record_id_l", "record_id_r").agg(pl.col("match_probability").max())
    return out.filter(pl.col("record_id_l") != pl.col("record_id_r"))


def _assignments(
    new: pl.DataFrame,
    assignment: pl.DataFrame,
    previous: pl.DataFrame,
    pairs: pl.DataFrame,
    person_of: pl.DataFrame,
) -> pl.DataFrame:
    existing = set(previous["person_id"].to_list())
    best = pairs.join(person_of, left_on="record_id_l", right_on="_rid", how="inner").select(
        pl.col("record_id_r").alias("record_id"),
        pl.col("record_id_l").alias("best_match_record_id"),
        pl.col("match_probability").alias("best_match_probability"),
    )
    best_r = pairs.join(person_of, left_on="record_id_r", right_on="_rid", how="inner").select(
        pl.col("record_id_l").alias("record_id"),
        pl.col("record_id_r").alias("best_match_record_id"),
        pl.col("match_probability").alias("best_match_probability"),
    )
    best = (
        pl.concat([best, best_r])
        .sort(["best_match_probability", "best_match_record_id"], descending=[True, False])
        .unique("record_id", keep="first")
    )
    return (
        new.select(pl.col("unique_id").alias("record_id"))
        .join(assignment, on="record_id", how="left")
        .join(best, on="record_id", how="left")
        .with_columns(
            pl.when(pl.col("person_id").is_in(list(existing)))
            .then(pl.lit("matched"))
            .otherwise(pl.lit("new"))
            .alias("status")
        )
        .select("record_id", "person_id", "status", "best_match_record_id", "best_match_probability")
    )
