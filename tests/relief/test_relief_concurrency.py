"""Two clerks approve the same person in two batches at the same moment: exactly one Award (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from tests.relief.conftest import new_batch

from ansinh.relief.errors import DoubleAwardError
from ansinh.relief.models import Award, Batch
from ansinh.relief.services import batch_appraise, batch_approve, batch_submit

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so two approvals can never overlap")


def test_concurrent_double_approval_creates_exactly_one_award(actors, flushable_audit):
    # the same three people (same ID numbers) listed by two batches of the same policy and period
    first = batch_submit(batch=new_batch(actors["clerk"], n=3), actor=actors["clerk"])
    second = batch_submit(batch=new_batch(actors["clerk"], n=3), actor=actors["clerk"])
    for batch in (first, second):
        batch_appraise(batch=batch, actor=actors["clerk2"])
    barrier = threading.Barrier(2, timeout=30)
    outcomes: dict[str, object] = {}

    def approve(name: str, batch: Batch, leader) -> None:
        try:
            barrier.wait()
            outcomes[name] = batch_approve(batch=batch, actor=leader)
        except Exception as error:  # recorded and asserted below
            outcomes[name] = error
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [
        threading.Thread(target=approve, args=("a", first, actors["leader"])),
        threading.Thread(target=approve, args=("b", second, actors["leader2"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], DoubleAwardError)
    assert "Nguyễn Văn Thử" in str(errors[0])
    assert Award.objects.count() == 3
    assert Award.objects.values("person").distinct().count() == 3
    statuses = sorted(Batch.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == ["appraised", "approved"]
