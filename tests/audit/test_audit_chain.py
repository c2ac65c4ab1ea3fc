"""The audit log is append-only and hash-chained; `ansinh audit verify` detects tampering.

The tamper tests go around the application, straight to the table, as an insider with database
rights would: they first drop the append-only triggers, then edit, delete or reorder rows.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from ansinh.audit import events
from ansinh.audit.models import AuditEvent
from ansinh.audit.verify import audit_chain_verify


def _drop_triggers():
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("DROP TRIGGER IF EXISTS audit_no_update_delete ON audit_auditevent")
        else:
            c.execute("DROP TRIGGER IF EXISTS audit_no_update")
            c.execute("DROP TRIGGER IF EXISTS audit_no_delete")


def _three_events():
    for i in range(3):
        events.record(actor=None, action=events.UPDATE, object_type="test.thing", object_id=str(i),
                      summary=f"thay đổi {i}", before={"amount": i}, after={"amount": i + 1, "note": "Nguyễn"})


@pytest.mark.django_db
def test_chain_verifies_when_untouched(capsys):
    _three_events()
    count, problems = audit_chain_verify()
    assert (count, problems) == (3, [])
    call_command("audit", "verify")
    assert "toàn vẹn: 3 sự kiện" in capsys.readouterr().out


@pytest.mark.django_db
def test_database_refuses_update_and_delete():
    _three_events()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE audit_auditevent SET summary = 'x' WHERE seq = 2")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    assert AuditEvent.objects.get(seq=2).summary == "thay đổi 1"


@pytest.mark.django_db
def test_verify_detects_edited_event():
    _three_events()
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("UPDATE audit_auditevent SET summary = 'đã sửa' WHERE seq = 2")
    _, problems = audit_chain_verify()
    assert [p.seq for p in problems] == [2]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_verify_detects_deleted_event():
    _three_events()
    _drop_triggers()
    with connection.cursor() as c:
        c.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    _, problems = audit_chain_verify()
    assert problems and problems[0].seq == 3


@pytest.mark.django_db
def test_verify_detects_deleted_last_event_only_by_count_and_reordering():
    _three_events()
    _drop_triggers()
    # Swap the contents of events 1 and 2 (keep their seq): a reordering.
    rows = {r["seq"]: r for r in AuditEvent.objects.values()}
    with connection.cursor() as c:
        for a, b in ((1, 2), (2, 1)):
            c.execute("UPDATE audit_auditevent SET summary=%s, object_id=%s, hash=%s, prev_hash=%s WHERE seq=%s",
                      [rows[b]["summary"], rows[b]["object_id"], rows[b]["hash"], rows[b]["prev_hash"], a])
    _, problems = audit_chain_verify()
    assert {p.seq for p in problems} >= {1, 2}


@pytest.mark.django_db
def test_events_carry_before_after_and_ip(client, make_user):
    user = make_user("leader")
    event = events.record(actor=user, action=events.UPDATE, obj=user, before={"a": 1}, after={"a": 2})
    assert event.actor_id == user.pk and event.before == {"a": 1} and event.after == {"a": 2}
    assert event.prev_hash != event.hash and len(event.hash) == 64
