"""Writing counters: race-safe additive upserts (INSERT … ON CONFLICT … DO UPDATE SET x = x + excluded.x).

Two transactions that change applications of the same commune and month at the same time both add their
delta; neither overwrites the other (the database serialises the row update). Works on PostgreSQL and
SQLite ≥ 3.24 alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection

from ansinh.reports.aggregates.stages import split_path
from ansinh.reports.models import BatchContribution, BatchCounter, StageCounter

# (policy_code, area_path, period, stage) → (people, amount)
StageKey = tuple[str, str, dt.date, str]
# (batch_id, batch policy_code, batch area_path, stage) → (people, amount)
BatchKey = tuple[int, str, str, str]
# (batch_id, application policy_code, application area_path, period, stage) → (people, amount)
PartKey = tuple[int, str, str, dt.date, str]


@dataclass
class Delta:
    """Changes to add to the counters; values may be negative."""

    stages: dict[StageKey, tuple[int, int]] = field(default_factory=dict)
    batches: dict[BatchKey, tuple[int, int]] = field(default_factory=dict)
    parts: dict[PartKey, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Delta:
        return cls()

    def is_empty(self) -> bool:
        return not (self.stages or self.batches or self.parts)


def add_to(target: dict, key, people: int, amount: int) -> None:
    """target[key] += (people, amount)."""
    p, a = target.get(key, (0, 0))
    target[key] = (p + people, a + amount)


def subtract(after: Mapping, before: Mapping) -> dict:
    """after − before, dropping keys whose difference is zero."""
    out = {}
    for key in set(after) | set(before):
        a_people, a_amount = after.get(key, (0, 0))
        b_people, b_amount = before.get(key, (0, 0))
        if (a_people - b_people, a_amount - b_amount) != (0, 0):
            out[key] = (a_people - b_people, a_amount - b_amount)
    return out


def _upsert(model, key_columns: tuple[str, ...], conflict: tuple[str, ...], rows: list[tuple]) -> None:
    table = model._meta.db_table
    columns = (*key_columns, "people", "amount")
    # Table and column names come from our model metadata; values are parameters.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(conflict)}) "
        f"DO UPDATE SET people = {table}.people + excluded.people, amount = {table}.amount + excluded.amount"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def aggregates_apply(delta: Delta) -> None:
    """Add ``delta`` to the counters, in the caller's transaction."""
    if delta.stages:
        rows = [
            (policy, *split_path(path), path, period, stage, people, amount)
            for (policy, path, period, stage), (people, amount) in sorted(delta.stages.items())
        ]
        _upsert(
            StageCounter,
            ("policy_code", "district_code", "commune_code", "area_path", "period", "stage"),
            ("policy_code", "area_path", "period", "stage"),
            rows,
        )
    if delta.batches:
        rows = [(*key, people, amount) for key, (people, amount) in sorted(delta.batches.items())]
        _upsert(BatchCounter, ("batch_id", "policy_code", "area_path", "stage"), ("batch_id", "stage"), rows)
    if delta.parts:
        rows = [(*key, people, amount) for key, (people, amount) in sorted(delta.parts.items())]
        key = ("batch_id", "policy_code", "area_path", "period", "stage")
        _upsert(BatchContribution, key, key, rows)
