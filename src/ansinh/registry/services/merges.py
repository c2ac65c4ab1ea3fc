"""Persons: create, merge (older code kept), unmerge, and the reviewer check."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ansinh.audit import events
from ansinh.intake.models import ImportJob, ImportRow
from ansinh.linkage import flags as linkage_flags
from ansinh.linkage.models import PersonMerge, RecordLink, ReviewPair, ReviewVerdict
from ansinh.linkage.records import (
    chunks,
    ordered,
)
from ansinh.org.access import user_in_area
from ansinh.org.roles import Action, Resource
from ansinh.registry.identity import person_active_id
from ansinh.registry.models import Person
from ansinh.registry.services._common import _SEX, CODE_DIGITS, CODE_PREFIX, RegistryError


# ------------------------------------------------------------------------------------------ persons
def _mint_codes(n: int) -> list[str]:
    """``n`` fresh person codes ``P`` + 10 digits, after the highest issued (redirected codes stay issued)."""
    top = Person.objects.filter(person_code__regex=rf"^{CODE_PREFIX}[0-9]{{{CODE_DIGITS}}}$").aggregate(
        m=Max("person_code")
    )["m"]
    start = int(top[1:]) + 1 if top else 1
    return [f"{CODE_PREFIX}{start + i:0{CODE_DIGITS}d}" for i in range(n)]


def _person_from_row(row: ImportRow, feats: dict, area_id: int, code: str) -> Person:
    data = row.field_values
    id_norm = feats.get("id_norm") or re.sub(r"\D", "", row.id_number or "")[:12]
    phone = re.sub(r"\D", "", str(data.get("phone") or ""))
    phone = ("0" + phone[2:] if phone.startswith("84") and len(phone) == 11 else phone)[:11]  # +84 → 0
    return Person(
        person_code=code,
        full_name=row.full_name[:150],
        date_of_birth=row.date_of_birth,
        sex=_SEX.get(str(data.get("sex") or "").strip().lower(), ""),
        id_number=id_norm or "",
        phone=phone,
        address=str(data.get("address") or "")[:300],
        area_id=area_id,
    )


def _create_persons(people: list[Person]) -> list[Person]:
    created = Person.objects.bulk_create(people, batch_size=1000)
    if any(p.pk is None for p in created):
        by_code = dict(
            Person.objects.filter(person_code__in=[p.person_code for p in people]).values_list(
                "person_code", "pk"
            )
        )
        for p in created:
            p.pk = by_code[p.person_code]
    return created


def _merge(*, kept_id: int, absorbed_id: int, reason: str, actor, pair_keys: list[str]) -> PersonMerge:
    """Move the absorbed person's records to the kept one and redirect it (internal: no permission check)."""
    kept = Person.objects.select_for_update().get(pk=kept_id)
    absorbed = Person.objects.select_for_update().get(pk=absorbed_id)
    moved = list(RecordLink.objects.filter(person=absorbed).values_list("record_key", flat=True))
    change: dict = {"person": kept}
    if reason == PersonMerge.Reason.VERDICT:
        change["method"] = RecordLink.Method.VERDICT
    RecordLink.objects.filter(person=absorbed).update(**change)
    absorbed.merged_into = kept
    absorbed.save(update_fields=["merged_into", "updated_at"])
    # Open questions about two records that are now one person have no object any more.
    ReviewPair.objects.filter(
        status=ReviewPair.Status.OPEN, record_l__person=kept, record_r__person=kept
    ).update(status=ReviewPair.Status.SUPERSEDED)
    merge = PersonMerge.objects.create(
        kept=kept,
        absorbed=absorbed,
        moved_record_keys=moved,
        pair_keys=pair_keys,
        reason=reason,
        merged_by=actor if getattr(actor, "pk", None) else None,
    )
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=absorbed,
        summary=f"Gộp đối tượng {absorbed.person_code} vào {kept.person_code} (giữ mã cũ hơn)",
        before={"merged_into": None},
        after={"merged_into": kept.person_code, "reason": reason, "records": moved, "pair": pair_keys},
    )
    return merge


def _older_first(a_id: int, b_id: int) -> tuple[int, int]:
    """(kept, absorbed): the person created first keeps its code."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def require_reviewer(actor, area_paths: list[str]) -> None:
    if not actor.can(Resource.PERSON, Action.REVIEW):
        raise RegistryError("Tài khoản của bạn không có quyền kết luận trùng lặp đối tượng.")
    if not any(user_in_area(actor, path) for path in area_paths):
        raise RegistryError("Đối tượng không thuộc địa bàn của bạn.")


@transaction.atomic
def person_merge(
    *,
    person_a: Person,
    person_b: Person,
    actor,
    pair_keys: list[str],
    reason: str = PersonMerge.Reason.VERDICT,
) -> PersonMerge:
    """Merge two persons an officer found to be one: the older code is kept, the other redirected."""
    require_reviewer(actor, [person_a.area.path, person_b.area.path])
    a = person_active_id(person_a.pk)
    b = person_active_id(person_b.pk)
    if a == b:
        raise RegistryError("Hai bản ghi đã thuộc cùng một đối tượng.")
    kept, absorbed = _older_first(a, b)
    return _merge(kept_id=kept, absorbed_id=absorbed, reason=reason, actor=actor, pair_keys=pair_keys)


@transaction.atomic
def person_unmerge(*, merge: PersonMerge, actor, note: str = "") -> Person:
    """Undo a merge: the absorbed person is restored with its records, and the pair that caused the merge
    is recorded as "different people" so that no later run merges them again. Audited."""
    merge = (
        PersonMerge.objects.select_for_update()
        .select_related("kept__area", "absorbed__area")
        .get(pk=merge.pk)
    )
    require_reviewer(actor, [merge.kept.area.path, merge.absorbed.area.path])
    if merge.undone_at:
        raise RegistryError("Việc gộp này đã được hoàn tác trước đó.")
    absorbed = Person.objects.select_for_update().get(pk=merge.absorbed_id)
    if absorbed.merged_into_id != merge.kept_id:
        raise RegistryError("Đối tượng đã thay đổi sau lần gộp này; hãy hoàn tác lần gộp mới hơn trước.")
    restored = RecordLink.objects.filter(record_key__in=merge.moved_record_keys, person_id=merge.kept_id)
    restored_keys = list(restored.values_list("record_key", flat=True))
    restored.update(person=absorbed)
    absorbed.merged_into = None
    absorbed.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at, merge.undone_by, merge.undo_note = timezone.now(), actor, note
    merge.save(update_fields=["undone_at", "undone_by", "undo_note"])
    pair = merge.pair_keys or _representative_pair(merge.kept_id, absorbed.pk)
    if len(pair) == 2 and pair[0] != pair[1]:
        left, right = ordered(*pair)
        ReviewVerdict.objects.update_or_create(
            record_key_l=left,
            record_key_r=right,
            defaults={
                "verdict": ReviewVerdict.Verdict.DIFFERENT,
                "decided_by": actor,
                "decided_at": timezone.now(),
                "note": note or "Tách lại sau khi gộp",
                "area_path": merge.kept.area.path,
            },
        )
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=absorbed,
        summary=f"Tách đối tượng {absorbed.person_code} khỏi {merge.kept.person_code}",
        before={"merged_into": merge.kept.person_code},
        after={"merged_into": None, "records": restored_keys, "note": note},
    )
    transaction.on_commit(lambda: flags_refresh_for_records(restored_keys))
    return absorbed


def _representative_pair(kept_id: int, absorbed_id: int) -> list[str]:
    a = (
        RecordLink.objects.filter(person_id=kept_id)
        .order_by("pk")
        .values_list("record_key", flat=True)
        .first()
    )
    b = (
        RecordLink.objects.filter(person_id=absorbed_id)
        .order_by("pk")
        .values_list("record_key", flat=True)
        .first()
    )
    return [a, b] if a and b else []


def flags_refresh_for_records(record_keys: list[str]) -> None:
    job_ids = set()
    for chunk in chunks(sorted(record_keys)):
        job_ids.update(
            RecordLink.objects.filter(record_key__in=chunk, import_row__isnull=False).values_list(
                "import_row__job_id", flat=True
            )
        )
    for job in ImportJob.objects.filter(pk__in=job_ids):
        linkage_flags.job_flags_write(job)


def person_for_import_row(*, import_row_id: int) -> Person | None:
    """The person an imported row is linked to (after redirects), or None when not linked yet.

    Relief's batch creation should call this before falling back to its exact-ID look-up."""
    person_id = (
        RecordLink.objects.filter(import_row_id=import_row_id).values_list("person_id", flat=True).first()
    )
    return Person.objects.get(pk=person_active_id(person_id)) if person_id else None
