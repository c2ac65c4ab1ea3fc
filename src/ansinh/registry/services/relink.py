"""Rerun linkage over every stored record with all verdicts applied; person codes stay stable."""

from __future__ import annotations

from collections import defaultdict

import polars as pl
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ansinh.audit import events
from ansinh.intake.models import ImportJob
from ansinh.linkage import flags as linkage_flags
from ansinh.linkage.models import PersonMerge, RecordLink, ReviewVerdict
from ansinh.linkage.records import (
    chunks,
    engine_person_id,
    frame_from_features,
    linkage_model,
    thresholds,
)
from ansinh.registry.models import Person
from ansinh.registry.services._common import LinkSummary
from ansinh.registry.services.linking import _review_pairs_create
from ansinh.registry.services.merges import (
    _create_persons,
    _mint_codes,
    _person_from_row,
    _representative_pair,
)
from ansinh.registry.services.records import _verdict_frame, golden_records_ensure, records_refresh


# ------------------------------------------------------------------------------------------- relink
def persons_relink(*, actor) -> LinkSummary:
    """Rerun linkage over every stored record with all verdicts applied (``ansinh linkage relink``).

    Person codes stay stable: a cluster keeps the code of the person most of its records had (the older on
    a merge, with a redirect); only a split (after a "different people" verdict) mints new codes.
    """
    from ansinh.linkage.engine.link import link_records
    from ansinh.linkage.engine.stable_ids import assign_stable_ids

    summary = LinkSummary()
    golden_records_ensure()
    records_refresh()
    records = list(RecordLink.objects.values_list("record_key", "person_id", "features"))
    summary.rows = len(records)
    if not records:
        return summary
    frame = frame_from_features((k, engine_person_id(pid), f) for k, pid, f in records)
    verdicts = list(ReviewVerdict.objects.values_list("record_key_l", "record_key_r", "verdict"))
    lower, upper = thresholds()
    model = linkage_model()
    clusters, pairs = link_records(
        frame, model, upper, verdicts=_verdict_frame(verdicts) if verdicts else None, pairs_floor=lower
    )
    previous = frame.select("record_id", "person_id")
    top = Person.objects.aggregate(m=Max("pk"))["m"] or 0
    assignment, redirects = assign_stable_ids(previous, clusters, first_sequence=top + 1_000_000_000)
    person_of = {k: pid for k, pid, _f in records}
    known = {engine_person_id(pid) for pid in person_of.values()}
    with transaction.atomic():
        new_ids = sorted({pid for pid in assignment["person_id"].to_list() if pid not in known})
        created = {}
        if new_ids:
            members = assignment.filter(pl.col("person_id").is_in(new_ids)).sort("record_id")
            first_of = dict(
                members.group_by("person_id", maintain_order=True)
                .agg(pl.col("record_id").first())
                .iter_rows()
            )
            people = [
                _person_copy(first_of[i], person_of[first_of[i]], code)
                for i, code in zip(new_ids, _mint_codes(len(new_ids)), strict=True)
            ]
            created = dict(zip(new_ids, _create_persons(people), strict=True))
        moves: dict[int, list[str]] = defaultdict(list)
        for key, pid in assignment.iter_rows():
            target = created[pid].pk if pid in created else int(pid[1:])
            if target != person_of[key]:
                moves[target].append(key)
        for target, keys in moves.items():
            for chunk in chunks(keys):
                RecordLink.objects.filter(record_key__in=chunk).update(
                    person_id=target, method=RecordLink.Method.RELINK
                )
            summary.moved += len(keys)
        for r in redirects.iter_rows(named=True):
            absorbed = int(r["old_person_id"][1:])
            kept = created[r["person_id"]].pk if r["person_id"] in created else int(r["person_id"][1:])
            Person.objects.filter(pk=absorbed).update(merged_into=kept, updated_at=timezone.now())
            moved = [k for k, pid in person_of.items() if pid == absorbed]
            absorbed_person = Person.objects.select_related("area").get(pk=absorbed)
            events.record(
                actor=actor,
                action=events.UPDATE,
                obj=absorbed_person,
                summary=f"Đối chiếu lại: gộp {absorbed_person.person_code} vào đối tượng #{kept} (giữ mã cũ hơn)",
                before={"merged_into": None},
                after={"merged_into": kept, "records": moved},
            )
            PersonMerge.objects.create(
                kept_id=kept,
                absorbed_id=absorbed,
                moved_record_keys=moved,
                pair_keys=_relink_pair(pairs, person_of, absorbed, kept),
                reason=PersonMerge.Reason.RELINK,
                merged_by=actor if getattr(actor, "pk", None) else None,
            )
            summary.merged += 1
        summary.new_persons = len(created)
        summary.review_pairs = _review_pairs_create(
            pairs, lower, upper, verdicts, job=None, model_version=model.version
        )
        events.record(
            actor=actor,
            action=events.UPDATE,
            object_type="linkage.run",
            object_id="relink",
            summary=(
                f"Đối chiếu lại toàn bộ: {summary.moved} bản ghi chuyển, {summary.merged} gộp, "
                f"{summary.new_persons} tách mới, {summary.review_pairs} cặp chờ xem xét"
            ),
            after=summary.as_dict(),
            area_path="",
        )
    for job in ImportJob.objects.filter(rows__record_link__isnull=False).distinct():
        linkage_flags.job_flags_write(job)
        summary.jobs.append(job.pk)
    return summary


def _person_copy(record_key: str, old_person_id: int, code: str) -> Person:
    """A person split off by a relink: its fields from the record that starts it."""
    link = RecordLink.objects.select_related("import_row").get(record_key=record_key)
    if link.import_row is not None:
        return _person_from_row(link.import_row, link.features, link.area_id, code)
    old = Person.objects.get(pk=old_person_id)
    return Person(
        person_code=code,
        full_name=old.full_name,
        date_of_birth=old.date_of_birth,
        birth_year_only=old.birth_year_only,
        sex=old.sex,
        id_number=old.id_number,
        phone=old.phone,
        address=old.address,
        area_id=link.area_id,
    )


def _relink_pair(pairs: pl.DataFrame, person_of: dict[str, int], absorbed: int, kept: int) -> list[str]:
    for p in pairs.sort("match_probability", descending=True).iter_rows(named=True):
        a, b = person_of.get(p["record_id_l"]), person_of.get(p["record_id_r"])
        if {a, b} == {absorbed, kept}:
            return [p["record_id_l"], p["record_id_r"]]
    return _representative_pair(kept, absorbed)
