"""Review-queue writes: an officer's verdict on a pair, and its reversal. Transactional, audited.

"Same person" merges the two persons now (the older code kept); "different people" keeps them apart. Either
way the verdict is stored on the pair of record keys, so the pair is never asked again and every later run
(incremental or ``ansinh linkage relink``) passes it to the engine as a must-link / cannot-link.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.linkage.models import PersonMerge, ReviewPair, ReviewVerdict
from ansinh.linkage.records import ordered
from ansinh.registry import services as registry_services
from ansinh.registry.services import RegistryError


class ReviewError(RegistryError):
    """A verdict that cannot be recorded (Vietnamese message)."""


VERDICTS = {ReviewVerdict.Verdict.SAME, ReviewVerdict.Verdict.DIFFERENT}


@transaction.atomic
def review_pair_decide(*, pair: ReviewPair, verdict: str, note: str, actor) -> ReviewVerdict:
    """Record an officer's verdict on ``pair`` and apply it (merge on "same person")."""
    pair = (
        ReviewPair.objects.select_for_update()
        .select_related(
            "record_l__area", "record_r__area", "record_l__person__area", "record_r__person__area"
        )
        .get(pk=pair.pk)
    )
    paths = [pair.record_l.area.path, pair.record_r.area.path]
    registry_services.require_reviewer(actor, paths)
    if verdict not in VERDICTS:
        raise ReviewError("Kết luận không hợp lệ: chọn «Cùng một người» hoặc «Hai người khác nhau».")
    left, right = ordered(pair.record_l.record_key, pair.record_r.record_key)
    if (
        pair.status != ReviewPair.Status.OPEN
        or ReviewVerdict.objects.filter(record_key_l=left, record_key_r=right).exists()
    ):
        raise ReviewError("Cặp bản ghi này đã được kết luận trước đó.")
    decided = ReviewVerdict.objects.create(
        record_key_l=left,
        record_key_r=right,
        verdict=verdict,
        note=note.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
        area_path=paths[0],
    )
    pair.status = ReviewPair.Status.DECIDED
    pair.save(update_fields=["status"])
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=decided,
        area_path=paths[0],
        summary=f"Kết luận trùng lặp {left} / {right}: {decided.get_verdict_display()}",
        after={
            "verdict": verdict,
            "note": decided.note,
            "pair": pair.pk,
            "probability": pair.match_probability,
        },
    )
    if verdict == ReviewVerdict.Verdict.SAME and pair.record_l.person_id != pair.record_r.person_id:
        registry_services.person_merge(
            person_a=pair.record_l.person,
            person_b=pair.record_r.person,
            actor=actor,
            pair_keys=[left, right],
            reason=PersonMerge.Reason.VERDICT,
        )
    keys = [left, right]
    transaction.on_commit(lambda: registry_services.flags_refresh_for_records(keys))
    return decided


@transaction.atomic
def review_verdict_reverse(*, verdict: ReviewVerdict, note: str, actor) -> ReviewVerdict:
    """Turn a verdict round: "same" → unmerge the merge it caused and record "different"; "different" →
    record "same" and merge. The note is required (why the first verdict was wrong). Audited."""
    from ansinh.linkage.models import RecordLink

    verdict = ReviewVerdict.objects.select_for_update().get(pk=verdict.pk)
    if not note.strip():
        raise ReviewError("Cần ghi lý do thay đổi kết luận.")
    links = {
        r.record_key: r
        for r in RecordLink.objects.select_related("area", "person__area").filter(
            record_key__in=[verdict.record_key_l, verdict.record_key_r]
        )
    }
    left, right = links.get(verdict.record_key_l), links.get(verdict.record_key_r)
    if left is None or right is None:
        raise ReviewError("Không còn đủ hai bản ghi của cặp này.")
    registry_services.require_reviewer(actor, [left.area.path, right.area.path])
    before = verdict.verdict
    keys = [verdict.record_key_l, verdict.record_key_r]
    if before == ReviewVerdict.Verdict.SAME:
        merge = (
            PersonMerge.objects.filter(pair_keys=keys, undone_at__isnull=True).order_by("-pk").first()
            or PersonMerge.objects.filter(
                undone_at__isnull=True, absorbed__in=[left.person_id, right.person_id]
            )
            .order_by("-pk")
            .first()
        )
        if merge is not None:
            registry_services.person_unmerge(merge=merge, actor=actor, note=note)
            verdict.refresh_from_db()
        verdict.verdict = ReviewVerdict.Verdict.DIFFERENT
    else:
        verdict.verdict = ReviewVerdict.Verdict.SAME
        if left.person_id != right.person_id:
            registry_services.person_merge(
                person_a=left.person,
                person_b=right.person,
                actor=actor,
                pair_keys=keys,
                reason=PersonMerge.Reason.VERDICT,
            )
    verdict.note, verdict.decided_by, verdict.decided_at = note.strip(), actor, timezone.now()
    verdict.save(update_fields=["verdict", "note", "decided_by", "decided_at"])
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=verdict,
        area_path=verdict.area_path,
        summary=f"Đổi kết luận trùng lặp {keys[0]} / {keys[1]}",
        before={"verdict": before},
        after={"verdict": verdict.verdict, "note": verdict.note},
    )
    transaction.on_commit(lambda: registry_services.flags_refresh_for_records(keys))
    return verdict


def merge_undo(*, merge: PersonMerge, actor, note: str):
    """Unmerge from the person page (thin wrapper for the view)."""
    if not note.strip():
        raise ReviewError("Cần ghi lý do tách hồ sơ.")
    return registry_services.person_unmerge(merge=merge, actor=actor, note=note)
