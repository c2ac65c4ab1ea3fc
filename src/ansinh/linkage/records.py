"""Between the database and the pure engine: records as frames, stored match keys, blocking-key look-ups.

A record's key is ``r:<ImportRow pk>`` for an imported row and ``p:<Person pk>`` for a person's own golden
record. The engine sees a registry person as ``P`` + the person's primary key on 10 digits, so its "older id
wins" rule (smaller number) is exactly "the person created first keeps its code".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import cache

import polars as pl

from ansinh.linkage.engine.model import LinkageModel, load_model
from ansinh.linkage.engine.prepare import FEATURE_COLUMNS, prepare
from ansinh.linkage.engine.settings import PREDICTION_BLOCKING_KEYS
from ansinh.linkage.engine.stable_ids import format_person_id

CHUNK = 900  # stays under SQLite's default limit of host parameters per statement


@cache
def linkage_model() -> LinkageModel:
    """The committed model, loaded once per process."""
    return load_model()


@cache
def feature_schema() -> dict[str, pl.DataType]:
    """Column types of the engine's prepared frame (to rebuild frames from stored JSON)."""
    return dict(prepare(pl.DataFrame({"record_id": []}, schema={"record_id": pl.String})).schema)


def thresholds() -> tuple[float, float]:
    """(lower, upper): above upper = same person; between = review queue; below = different people."""
    from django.conf import settings

    upper = float(getattr(settings, "LINKAGE_UPPER_THRESHOLD", linkage_model().default_threshold))
    lower = float(getattr(settings, "LINKAGE_LOWER_THRESHOLD", 0.5))
    return lower, upper


def engine_person_id(person_pk: int) -> str:
    return format_person_id(person_pk)


def person_pk_from_engine(person_id: str, known: set[str]) -> int | None:
    """The Person pk behind an engine id, or None for an id the engine minted for a new person."""
    return int(person_id[1:]) if person_id in known else None


def row_key(import_row_pk: int) -> str:
    return f"r:{import_row_pk}"


def person_key(person_pk: int) -> str:
    return f"p:{person_pk}"


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def raw_frame(rows: Iterable[dict]) -> pl.DataFrame:
    """Raw engine input (``record_id`` + the contract's text columns) from plain dicts."""
    columns = (
        "record_id",
        "full_name",
        "date_of_birth",
        "sex",
        "id_number",
        "phone",
        "address",
        "commune",
        "district",
        "province",
    )
    data = [{c: (str(r[c]) if r.get(c) not in (None, "") else None) for c in columns} for r in rows]
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String))


def prepared_records(rows: Iterable[dict]) -> pl.DataFrame:
    """Prepare raw rows with the engine (NFC, folding, ID forms, date parts, ...)."""
    return prepare(raw_frame(rows))


def features_to_json(prepared: pl.DataFrame) -> dict[str, dict]:
    """``{record_key: feature dict}`` ready for a JSON column."""
    out = {}
    for row in prepared.iter_rows(named=True):
        out[row["unique_id"]] = {k: v for k, v in row.items() if k != "unique_id"}
    return out


def frame_from_features(items: Iterable[tuple[str, str, dict]]) -> pl.DataFrame:
    """A prepared registry frame (``record_id``, ``person_id`` + features) from stored JSON."""
    schema = feature_schema()
    rows = [
        {
            **{c: feats.get(c) for c in FEATURE_COLUMNS if c != "unique_id"},
            "unique_id": key,
            "record_id": key,
            "person_id": person_id,
        }
        for key, person_id, feats in items
    ]
    full = {**schema, "record_id": pl.String, "person_id": pl.String}
    return pl.DataFrame(rows, schema=full) if rows else pl.DataFrame(schema=full)


def block_key_values(features: dict) -> list[str]:
    """Hashed values of every blocking key whose columns are all present (same rule as the engine's)."""
    values = []
    for index, entry in enumerate(PREDICTION_BLOCKING_KEYS):
        key = entry[0] if isinstance(entry[0], tuple) else entry  # (columns, extra SQL condition) or columns
        # The columns' equality is necessary for a pair (a condition only removes pairs): a superset.
        parts = [features.get(column) for column in key]
        if any(p is None or p == "" for p in parts):
            continue
        text = f"{index}\x1f" + "\x1f".join(str(p) for p in parts)
        values.append(hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest())
    return values


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def field_weights(model: LinkageModel) -> dict[str, dict[str, float]]:
    """``{field: {level label: match weight}}`` from the model's m and u (before term-frequency adjustment)."""
    import math

    out: dict[str, dict[str, float]] = {}
    for comparison in model.splink.get("comparisons", []):
        levels: dict[str, float] = {}
        for level in comparison.get("comparison_levels", []):
            m, u = level.get("m_probability"), level.get("u_probability")
            label = level.get("label_for_charts") or level.get("sql_condition", "")
            if level.get("is_null_level") or not m or not u:
                levels.setdefault(label, 0.0)
                continue
            levels.setdefault(label, round(math.log2(m / u), 2))
        out[comparison.get("output_column_name", "")] = levels
    return out
