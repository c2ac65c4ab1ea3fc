"""Golden person registry writes: link imported rows to persons (incrementally), relink, merge, unmerge.

Person codes are stable: a new person gets a fresh code, a linked row keeps its person's code, and when two
persons turn out to be one the OLDER (created first) keeps its code while the other is redirected to it
(``merged_into``) — never deleted, so every link to it still resolves, and a merge can be undone.
The pure engine (``ansinh.linkage.engine``) decides who is who; this module persists what it decided.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import polars as pl
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.intake.models import ImportJob, ImportRow
from ansinh.linkage import flags as linkage_flags
from ansinh.linkage.models import BlockKey, PersonMerge, RecordLink, ReviewPair, ReviewVerdict
from ansinh.linkage.records import (
    block_key_values,
    chunks,
    engine_person_id,
    features_to_json,
    frame_from_features,
    linkage_model,
    ordered,
    person_key,
    prepared_records,
    row_key,
    thresholds,
)
from ansinh.org.access import user_in_area
from ansinh.org.roles import Action, Resource
from ansinh.registry.models import Person

CODE_PREFIX = "P"
CODE_DIGITS = 10
_SEX = {
    "nam": Person.Sex.MALE,
    "nữ": Person.Sex.FEMALE,
    "nu": Person.Sex.FEMALE,
    "m": Person.Sex.MALE,
    "f": Person.Sex.FEMALE,
}


class RegistryError(Exception):
    """A registry change that cannot be made (Vietnamese message for the user)."""


@dataclass
class LinkSummary:
    """What one linkage run did (also the audit event's ``after``)."""

    rows: int = 0
    linked: int = 0
    matched: int = 0
    new_persons: int = 0
    merged: int = 0
    review_pairs: int = 0
    flagged: int = 0
    moved: int = 0
    jobs: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------------------------------ record input
def _units(codes: set[str]) -> dict[str, AdminUnit]:
    found = AdminUnit.objects.filter(edition=Edition.Y2021, code__in=codes).select_related("parent")
    return {u.code: u for u in found}


def _row_input(row: ImportRow, units: dict[str, AdminUnit]) -> dict:
    unit = units.get(row.commune_code)
    data = row.data or {}
    return {
        "record_id": row_key(row.pk),
        "full_name": row.full_name,
        "date_of_birth": row.date_of_birth.isoformat() if row.date_of_birth else data.get("date_of_birth"),
        "sex": data.get("sex"),
        "id_number": row.id_number or data.get("id_number"),
        "phone": data.get("phone"),
        "address": data.get("address"),
        "commune": unit.name if unit else None,
        "district": unit.parent.name if unit and unit.parent else None,
    }


def _person_input(person: Person) -> dict:
    area = person.area
    level3 = area.level == AdminUnit.Level.COMMUNE
    dob = person.date_of_birth
    return {
        "record_id": person_key(person.pk),
        "full_name": person.full_name,
        "date_of_birth": (str(dob.year) if person.birth_year_only else dob.isoformat()) if dob else None,
        "sex": person.sex,
        "id_number": person.id_number,
        "phone": person.phone,
        "address": person.address,
        "commune": area.name if level3 else None,
        "district": (area.parent.name if level3 and area.parent else area.name) if area.level > 1 else None,
    }


def _save_records(
    items: list[tuple[str, Person | int, AdminUnit | int, dict, ImportRow | None, str, float | None]],
) -> list[RecordLink]:
    """Create RecordLinks (+ their block keys) in bulk: (key, person, area, features, row, method, p)."""
    links = [
        RecordLink(
            record_key=key,
            person_id=getattr(person, "pk", person),
            area_id=getattr(area, "pk", area),
            features=feats,
            import_row=row,
            method=method,
            match_probability=prob,
        )
        for key, person, area, feats, row, method, prob in items
    ]
    created = RecordLink.objects.bulk_create(links, batch_size=1000)
    if any(link.pk is None for link in created):  # backends without RETURNING: read the keys back
        by_key = dict(
            RecordLink.objects.filter(record_key__in=[link.record_key for link in links]).values_list(
                "record_key", "pk"
            )
        )
        for link in created:
            link.pk = by_key[link.record_key]
    BlockKey.objects.bulk_create(
        [BlockKey(record_id=link.pk, value=v) for link in created for v in block_key_values(link.features)],
        batch_size=2000,
    )
    return created


def golden_records_ensure() -> int:
    """Give every active person without any record (e.g. entered by hand in relief) its own golden record,
    so the linker can find it. Returns how many were added."""
    added = 0
    while True:
        persons = list(
            Person.objects.filter(merged_into__isnull=True, record_links__isnull=True)
            .select_related("area__parent")
            .order_by("pk")[:5000]
        )
        if not persons:
            return added
        prepared = prepared_records(_person_input(p) for p in persons)
        feats = features_to_json(prepared)
        _save_records(
            [
                (
                    person_key(p.pk),
                    p,
                    p.area_id,
                    feats[person_key(p.pk)],
                    None,
                    RecordLink.Method.GOLDEN,
                    None,
                )
                for p in persons
            ]
        )
        added += len(persons)


def records_refresh() -> int:
    """Re-prepare every stored record from its source (row or person) and rebuild its block keys: needed
    when the engine's match keys change (a new engine version); part of every full relink."""
    done = 0
    last = 0
    while True:
        links = list(
            RecordLink.objects.filter(pk__gt=last)
            .select_related("import_row", "person__area__parent")
            .order_by("pk")[:5000]
        )
        if not links:
            return done
        last = links[-1].pk
        rows = [link.import_row for link in links if link.import_row is not None]
        units = _units({r.commune_code for r in rows if r.commune_code})
        inputs = [
            _row_input(link.import_row, units)
            if link.import_row is not None
            else {**_person_input(link.person), "record_id": link.record_key}
            for link in links
        ]
        feats = features_to_json(prepared_records(inputs))
        with transaction.atomic():
            for link in links:
                link.features = feats[link.record_key]
            RecordLink.objects.bulk_update(links, ["features"], batch_size=1000)
            BlockKey.objects.filter(record__in=links).delete()
            BlockKey.objects.bulk_create(
                [
                    BlockKey(record_id=link.pk, value=v)
                    for link in links
                    for v in block_key_values(link.features)
                ],
                batch_size=2000,
            )
        done += len(links)


# ------------------------------------------------------------------------------------------- candidates
def _candidate_records(new_features: dict[str, dict]) -> dict[str, tuple[int, dict]]:
    """Registry records sharing a blocking key with a new record, found through the BlockKey index, plus
    the records named by verdicts about them (so a verdict always reaches the engine)."""
    values = sorted({v for feats in new_features.values() for v in block_key_values(feats)})
    record_ids: set[int] = set()
    for chunk in chunks(values):
        record_ids.update(BlockKey.objects.filter(value__in=chunk).values_list("record_id", flat=True))
    found: dict[str, tuple[int, dict]] = {}
    for chunk in chunks(sorted(record_ids)):
        for key, person_id, feats in RecordLink.objects.filter(pk__in=chunk).values_list(
            "record_key", "person_id", "features"
        ):
            found[key] = (person_id, feats)
    named = {k for v in _verdicts_touching(set(found) | set(new_features)) for k in (v[0], v[1])}
    missing = sorted(named - set(found) - set(new_features))
    for chunk in chunks(missing):
        for key, person_id, feats in RecordLink.objects.filter(record_key__in=chunk).values_list(
            "record_key", "person_id", "features"
        ):
            found[key] = (person_id, feats)
    return found


def _verdicts_touching(keys: set[str]) -> list[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    ordered_keys = sorted(keys)
    for chunk in chunks(ordered_keys, 450):
        out.update(
            ReviewVerdict.objects.filter(Q(record_key_l__in=chunk) | Q(record_key_r__in=chunk)).values_list(
                "record_key_l", "record_key_r", "verdict"
            )
        )
    return sorted(out)


def _verdict_frame(verdicts: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        verdicts,
        schema={"record_id_l": pl.String, "record_id_r": pl.String, "verdict": pl.String},
        orient="row",
    )


# ------------------------------------------------------------------------------------------ persons
def _mint_codes(n: int) -> list[str]:
    """``n`` fresh person codes ``P`` + 10 digits, after the highest issued (redirected codes stay issued)."""
    top = Person.objects.filter(person_code__regex=rf"^{CODE_PREFIX}[0-9]{{{CODE_DIGITS}}}$").aggregate(
        m=Max("person_code")
    )["m"]
    start = int(top[1:]) + 1 if top else 1
    return [f"{CODE_PREFIX}{start + i:0{CODE_DIGITS}d}" for i in range(n)]


def _person_from_row(row: ImportRow, feats: dict, area_id: int, code: str) -> Person:
    data = row.data or {}
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
    a = _active(person_a.pk)
    b = _active(person_b.pk)
    if a == b:
        raise RegistryError("Hai bản ghi đã thuộc cùng một đối tượng.")
    kept, absorbed = _older_first(a, b)
    return _merge(kept_id=kept, absorbed_id=absorbed, reason=reason, actor=actor, pair_keys=pair_keys)


def _active(person_id: int) -> int:
    """Follow redirects to the person that now holds the records."""
    for _depth in range(20):
        into = Person.objects.filter(pk=person_id).values_list("merged_into", flat=True).first()
        if into is None:
            return person_id
        person_id = into
    return person_id


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
    return Person.objects.get(pk=_active(person_id)) if person_id else None


# ---------------------------------------------------------------------------------------- link a list
def persons_link_import(*, job: ImportJob, actor) -> LinkSummary:
    """Link each stored row of ``job`` to an existing person or a new one, incrementally.

    Only the rows not linked yet are matched (a rerun adds nothing), against the registry records that
    share a blocking key with them (index look-ups), with every officer verdict applied. Above the upper
    threshold: the same person; between the thresholds: a review pair; below: different people. Then each
    row of the list gets its flags (``ImportRow.flags``). Idempotent; audited.
    """
    summary = LinkSummary(jobs=[job.pk])
    rows = {r.pk: r for r in ImportRow.objects.filter(job=job, superseded=False, record_link__isnull=True)}
    summary.rows = ImportRow.objects.filter(job=job, superseded=False).count()
    if rows:
        golden_records_ensure()
        units = _units({r.commune_code for r in rows.values() if r.commune_code})
        prepared = prepared_records(_row_input(r, units) for r in rows.values())
        new_features = features_to_json(prepared)
        registry = _candidate_records(new_features)
        _link_rows(
            job=job,
            actor=actor,
            rows=rows,
            units=units,
            prepared=prepared,
            new_features=new_features,
            registry=registry,
            summary=summary,
        )
    with transaction.atomic():
        summary.flagged = linkage_flags.job_flags_write(job)
        if not summary.linked:
            return summary  # a rerun: nothing linked, only flags refreshed
        events.record(
            actor=actor,
            action=events.UPDATE,
            obj=job,
            summary=(
                f"Đối chiếu trùng lặp «{job.original_name}»: {summary.matched} khớp, "
                f"{summary.new_persons} người mới, {summary.review_pairs} cặp chờ xem xét"
            ),
            after=summary.as_dict(),
        )
    return summary


def _link_rows(*, job, actor, rows, units, prepared, new_features, registry, summary) -> None:
    from ansinh.linkage.engine.incremental import match_incremental

    model = linkage_model()
    lower, upper = thresholds()
    registry_frame = frame_from_features(
        (key, engine_person_id(pid), feats) for key, (pid, feats) in registry.items()
    )
    verdicts = _verdicts_touching(set(registry) | set(new_features))
    result = match_incremental(
        prepared,
        registry_frame,
        model,
        threshold=upper,
        verdicts=_verdict_frame(verdicts) if verdicts else None,
        pairs_floor=lower,
    )
    known = {engine_person_id(pid) for pid, _f in registry.values()}
    with transaction.atomic():
        # Lock the job: two workers linking the same list would otherwise both create its persons.
        ImportJob.objects.select_for_update().get(pk=job.pk)
        already = {
            row_key(pk)
            for chunk in chunks(list(rows))
            for pk in RecordLink.objects.filter(import_row_id__in=chunk).values_list(
                "import_row_id", flat=True
            )
        }
        assignments = [
            a for a in result.assignments.sort("record_id").to_dicts() if a["record_id"] not in already
        ]
        if not assignments:
            return
        new_groups: dict[str, list[dict]] = defaultdict(list)
        for a in assignments:
            if a["person_id"] not in known:
                new_groups[a["person_id"]].append(a)
        codes = _mint_codes(len(new_groups))
        people = []
        for code, (engine_id, members) in zip(codes, sorted(new_groups.items()), strict=True):
            first = min((rows[int(m["record_id"][2:])] for m in members), key=lambda r: r.source_row)
            people.append(
                (
                    engine_id,
                    _person_from_row(
                        first, new_features[row_key(first.pk)], _area_of(first, units, job), code
                    ),
                )
            )
        created = dict(zip([e for e, _p in people], _create_persons([p for _e, p in people]), strict=True))
        # A person merged away since the scoring (another list, an officer) hands its records on.
        current = _current_persons({int(a["person_id"][1:]) for a in assignments if a["person_id"] in known})
        items = []
        for a in assignments:
            row = rows[int(a["record_id"][2:])]
            if a["person_id"] in known:
                person_id, method = current[int(a["person_id"][1:])], RecordLink.Method.MATCHED
                summary.matched += 1
            else:
                person_id, method = created[a["person_id"]].pk, RecordLink.Method.NEW
            items.append(
                (
                    a["record_id"],
                    person_id,
                    _area_of(row, units, job),
                    new_features[a["record_id"]],
                    row,
                    method,
                    a["best_match_probability"],
                )
            )
        _save_records(items)
        summary.linked, summary.new_persons = len(items), len(created)
        for r in result.redirects.iter_rows(named=True):
            kept, absorbed = _active(int(r["person_id"][1:])), _active(int(r["old_person_id"][1:]))
            if kept == absorbed:
                continue
            kept, absorbed = _older_first(kept, absorbed)
            pair = _strongest_pair(result.pairs, registry, absorbed, kept)
            _merge(
                kept_id=kept,
                absorbed_id=absorbed,
                reason=PersonMerge.Reason.AUTOMATIC,
                actor=actor,
                pair_keys=pair,
            )
            summary.merged += 1
        summary.review_pairs = _review_pairs_create(
            result.pairs, lower, upper, verdicts, job=job, model_version=model.version
        )


def _current_persons(person_ids: set[int]) -> dict[int, int]:
    """``{person pk: the active person holding its records now}`` (identity unless merged away)."""
    out = {pk: pk for pk in person_ids}
    for chunk in chunks(sorted(person_ids)):
        for pk in Person.objects.filter(pk__in=chunk, merged_into__isnull=False).values_list("pk", flat=True):
            out[pk] = _active(pk)
    return out


def _area_of(row: ImportRow, units: dict[str, AdminUnit], job: ImportJob) -> int:
    unit = units.get(row.commune_code)
    return unit.pk if unit else job.area_id


def _strongest_pair(pairs: pl.DataFrame, registry: dict, absorbed: int, kept: int) -> list[str]:
    """A record pair that ties the two persons (for the merge log, and the cannot-link of an unmerge)."""
    of_person = {key: pid for key, (pid, _f) in registry.items()}
    best: tuple[float, list[str]] | None = None
    for p in pairs.iter_rows(named=True):
        for a, b in ((p["record_id_l"], p["record_id_r"]), (p["record_id_r"], p["record_id_l"])):
            if of_person.get(a) == absorbed and (best is None or p["match_probability"] > best[0]):
                best = (p["match_probability"], [a, b])
    if best is None:
        return _representative_pair(kept, absorbed)
    return best[1]


def _review_pairs_create(
    pairs: pl.DataFrame, lower: float, upper: float, verdicts, *, job, model_version: str
) -> int:
    """Pairs between the thresholds, not decided before, whose records are still two persons."""
    decided = {(left, right) for left, right, _v in verdicts}
    band = pairs.filter((pl.col("match_probability") >= lower) & (pl.col("match_probability") < upper))
    if band.height == 0:
        return 0
    keys = sorted(set(band["record_id_l"].to_list()) | set(band["record_id_r"].to_list()))
    links = {}
    for chunk in chunks(keys):
        links.update({r.record_key: r for r in RecordLink.objects.filter(record_key__in=chunk)})
    evidence_fields = [
        c
        for c in band.columns
        if c not in ("record_id_l", "record_id_r", "match_probability", "match_weight")
    ]
    apart = _persons_declared_different(verdicts) | _persons_already_queued(
        {link.person_id for link in links.values()}
    )
    # One question per pair of persons: the strongest pair of their records.
    best: dict[frozenset[int], dict] = {}
    for p in band.sort("match_probability", descending=True).iter_rows(named=True):
        left, right = ordered(p["record_id_l"], p["record_id_r"])
        a, b = links.get(left), links.get(right)
        if a is None or b is None or (left, right) in decided or a.person_id == b.person_id:
            continue
        persons = frozenset((a.person_id, b.person_id))
        if persons in apart or persons in best:  # already decided different, already asked, or weaker
            continue
        best[persons] = {**p, "record_id_l": left, "record_id_r": right}
    made = [
        ReviewPair(
            record_l=links[p["record_id_l"]],
            record_r=links[p["record_id_r"]],
            match_probability=p["match_probability"],
            match_weight=p["match_weight"] or 0.0,
            source_job=job,
            evidence={f: p[f] for f in evidence_fields},
            model_version=model_version,
        )
        for p in best.values()
    ]
    ReviewPair.objects.bulk_create(made, ignore_conflicts=True, batch_size=1000)
    return len(made)


def _persons_already_queued(person_ids: set[int]) -> set[frozenset[int]]:
    """Pairs of persons with a question already open in the queue."""
    out: set[frozenset[int]] = set()
    for chunk in chunks(sorted(person_ids), 450):
        out.update(
            frozenset(pair)
            for pair in ReviewPair.objects.filter(status=ReviewPair.Status.OPEN)
            .filter(Q(record_l__person_id__in=chunk) | Q(record_r__person_id__in=chunk))
            .values_list("record_l__person_id", "record_r__person_id")
        )
    return out


def _persons_declared_different(verdicts) -> set[frozenset[int]]:
    """Pairs of persons an officer has already declared different (through any of their records)."""
    different = [(left, right) for left, right, v in verdicts if v == ReviewVerdict.Verdict.DIFFERENT]
    if not different:
        return set()
    keys = sorted({k for pair in different for k in pair})
    person_of: dict[str, int] = {}
    for chunk in chunks(keys):
        person_of.update(
            RecordLink.objects.filter(record_key__in=chunk).values_list("record_key", "person_id")
        )
    return {
        frozenset((person_of[a], person_of[b])) for a, b in different if a in person_of and b in person_of
    }


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
