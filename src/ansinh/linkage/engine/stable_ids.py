"""Stable person ids on top of clusters that Splink renumbers at every run (ADR 0040).

``assign_stable_ids(previous, new_clusters)``:

* a cluster holding records that already had a person id keeps that id;
* a cluster holding records of several earlier persons (a *merge*) keeps the OLDEST id; the others are
  *redirected* to it (``redirects``: old_person_id -> person_id), so links to them still resolve;
* when an earlier person's records now fall into several clusters (a *split*, e.g. after an officer's
  "different people" verdict), the cluster holding most of them keeps the id; the others get new ids;
* a cluster of new records only gets a newly minted id.

Person ids are ``P`` + 10 digits, minted in increasing order, so "older" = smaller number. Ids of another
shape are accepted in ``previous``; they are ordered by (length, text). Deterministic.
"""

from __future__ import annotations

import re

import polars as pl

ID_PREFIX = "P"
ID_DIGITS = 10
_SEQ = re.compile(r"(\d+)$")


def format_person_id(sequence: int) -> str:
    return f"{ID_PREFIX}{sequence:0{ID_DIGITS}d}"


def next_sequence(person_ids: pl.Series) -> int:
    """The next free sequence number after every id in ``person_ids``."""
    ids = person_ids.drop_nulls().cast(pl.String)
    canonical = ids.str.len_chars() == len(format_person_id(0))
    if canonical.all() and ids.str.starts_with(ID_PREFIX).all():
        # Our own fixed-width ids: the largest text is the largest number (fast on a million ids).
        top_id = ids.max()
        return int(str(top_id)[len(ID_PREFIX) :]) + 1 if top_id is not None else 1
    numbers = person_ids.drop_nulls().cast(pl.String).str.extract(r"(\d+)$", 1).cast(pl.Int64, strict=False)
    top = numbers.max()
    return int(top) + 1 if top is not None else 1  # type: ignore[arg-type]


def assign_stable_ids(
    previous: pl.DataFrame | None,
    new_clusters: pl.DataFrame,
    *,
    first_sequence: int | None = None,
    issued_ids: pl.Series | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(assignment, redirects)``.

    ``previous``: ``record_id, person_id`` from the last run (or None); ``new_clusters``: ``record_id,
    cluster_id``. ``assignment``: ``record_id, person_id`` for every record of ``new_clusters``;
    ``redirects``: ``old_person_id, person_id``. ``first_sequence`` overrides where minting starts (the
    registry's next free number when ``previous`` is only part of it); ``issued_ids`` are ids issued before
    that no longer hold records (redirected ones): a retired id is never minted again.
    """
    if previous is None:
        previous = pl.DataFrame(schema={"record_id": pl.String, "person_id": pl.String})
    joined = new_clusters.select(
        pl.col("record_id").cast(pl.String), pl.col("cluster_id").cast(pl.String)
    ).join(
        previous.select(pl.col("record_id").cast(pl.String), pl.col("person_id").cast(pl.String)),
        on="record_id",
        how="left",
    )
    candidates = (
        joined.filter(pl.col("person_id").is_not_null())
        .group_by("cluster_id", "person_id")
        .len("records")
        .with_columns(pl.col("person_id").str.len_chars().alias("_len"))
        .sort(["_len", "person_id", "records", "cluster_id"], descending=[False, False, True, False])
    )
    cluster_to_person: dict[str, str] = {}
    used: set[str] = set()
    for cluster_id, person_id in zip(
        candidates["cluster_id"].to_list(), candidates["person_id"].to_list(), strict=True
    ):
        if cluster_id in cluster_to_person or person_id in used:
            continue
        cluster_to_person[cluster_id] = person_id
        used.add(person_id)

    if first_sequence is not None:
        sequence = first_sequence
    else:
        known = previous["person_id"].cast(pl.String)
        if issued_ids is not None:
            known = pl.concat([known, issued_ids.cast(pl.String)])
        sequence = next_sequence(known)
    for cluster_id in sorted(set(joined["cluster_id"].to_list()) - set(cluster_to_person)):
        cluster_to_person[cluster_id] = format_person_id(sequence)
        sequence += 1

    mapping = pl.DataFrame(
        {"cluster_id": list(cluster_to_person), "new_person_id": list(cluster_to_person.values())},
        schema={"cluster_id": pl.String, "new_person_id": pl.String},
    )
    assigned = joined.join(mapping, on="cluster_id", how="left")
    # An old id that no cluster kept points to where most of its records went.
    redirects = (
        assigned.filter(pl.col("person_id").is_not_null() & ~pl.col("person_id").is_in(list(used)))
        .group_by("person_id", "new_person_id")
        .len("records")
        .sort(["person_id", "records", "new_person_id"], descending=[False, True, False])
        .unique("person_id", keep="first", maintain_order=True)
        .select(pl.col("person_id").alias("old_person_id"), pl.col("new_person_id").alias("person_id"))
    )
    assignment = assigned.select("record_id", pl.col("new_person_id").alias("person_id"))
    return assignment, redirects
