"""Pure hash-chain arithmetic for audit events (no database)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor_id", "actor_repr", "ip", "kind", "object_type", "object_id",
                 "area_path", "summary", "before", "after")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = prev_hash + canonical({k: fields.get(k) for k in HASHED_FIELDS})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(rows: Iterable[Mapping[str, Any]]) -> list[ChainProblem]:
    """Walk events in `seq` order; report every break: gaps (deleted), wrong link (reordered or deleted),
    wrong hash (edited)."""
    problems: list[ChainProblem] = []
    prev_hash, expected_seq = GENESIS, 1
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            problems.append(ChainProblem(seq, f"thiếu sự kiện {expected_seq}–{seq - 1} (bị xóa?)"))
        if row["prev_hash"] != prev_hash:
            problems.append(ChainProblem(seq, "liên kết với sự kiện trước không khớp (bị xóa hoặc đổi thứ tự?)"))
        if event_hash(row["prev_hash"], row) != row["hash"]:
            problems.append(ChainProblem(seq, "nội dung không khớp mã băm (bị sửa?)"))
        prev_hash, expected_seq = row["hash"], seq + 1
    return problems
