"""Write audit events. Call `record()` inside the same transaction as the change it describes."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from ansinh.audit.chain import GENESIS, event_hash
from ansinh.audit.middleware import current_ip
from ansinh.audit.models import AuditEvent

CREATE, UPDATE, DELETE = AuditEvent.Kind.CREATE, AuditEvent.Kind.UPDATE, AuditEvent.Kind.DELETE
TRANSITION, VIEW, EXPORT, LOGIN = (AuditEvent.Kind.TRANSITION, AuditEvent.Kind.VIEW, AuditEvent.Kind.EXPORT,
                                   AuditEvent.Kind.LOGIN)
# Any constant: all writers of the chain serialise on this PostgreSQL advisory lock.
_CHAIN_LOCK_KEY = 726_100_001


def _json_safe(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _area_path_of(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    scope = getattr(type(obj), "area_scope", None)
    if scope is None:
        return ""
    value: Any = obj
    for part in scope.area_path_lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def record(*, actor: Any, action: str, obj: models.Model | None = None, object_type: str | None = None,
           object_id: str | None = None, summary: str = "", before: Any = None, after: Any = None,
           area_path: str | None = None) -> AuditEvent:
    """Append one event to the chain (who, when, from where, what, before → after)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        # On SQLite the IMMEDIATE transaction already holds the database's write lock.
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        fields = {
            "seq": (last["seq"] + 1) if last else 1,
            "at": timezone.now(),
            "actor_id": actor.pk if getattr(actor, "pk", None) else None,
            "actor_repr": getattr(actor, "username", "") or ("hệ thống" if actor is None else str(actor)),
            "ip": current_ip.get(),
            "kind": str(action),
            "object_type": object_type or (obj._meta.label_lower if obj is not None else ""),
            "object_id": object_id if object_id is not None else (str(obj.pk) if obj is not None else ""),
            "area_path": area_path if area_path is not None else _area_path_of(obj),
            "summary": summary[:300],
            "before": _json_safe(before),
            "after": _json_safe(after),
        }
        prev_hash = last["hash"] if last else GENESIS
        hashed = {**fields, "at": fields["at"].isoformat()}
        return AuditEvent.objects.create(**fields, prev_hash=prev_hash, hash=event_hash(prev_hash, hashed))


def record_view(*, actor: Any, obj: models.Model, summary: str = "") -> AuditEvent:
    """Log that `actor` saw the full (unmasked) personal record `obj`."""
    return record(actor=actor, action=VIEW, obj=obj, summary=summary or f"Xem hồ sơ {obj}")
