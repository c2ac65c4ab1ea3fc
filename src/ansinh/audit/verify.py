"""Check the stored audit chain."""

from __future__ import annotations

from ansinh.audit.chain import ChainProblem, verify_chain
from ansinh.audit.models import AuditEvent


def audit_chain_verify() -> tuple[int, list[ChainProblem]]:
    """Return (events checked, problems found)."""
    rows = AuditEvent.objects.order_by("seq").values().iterator(chunk_size=5000)
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            row["at"] = row["at"].isoformat()
            yield row

    problems = verify_chain(counted())
    return count, problems
