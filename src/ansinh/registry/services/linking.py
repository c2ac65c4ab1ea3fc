"""Link an imported list to the registry, incrementally, and queue the unsure pairs for review."""

from __future__ import annotations

from collections import defaultdict

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.audit import events
from ansinh.geo.models import AdminUnit
from ansinh.intake.models import ImportJob, ImportRow
from ansinh.linkage import flags as linkage_flags
from ansinh.linkage.models import PersonMerge, RecordLink, ReviewPair, ReviewVerdict
from ansinh.linkage.records import (
    chunks,
    engine_person_id,
    features_to_json,
    frame_from_features,
    linkage_model,
    ordered,
    prepared_records,
    row_key,
    thresholds,
)
from ansinh.registry.identity import person_active_id
from ansinh.registry.models import Person
from ansinh.registry.services._common import LinkSummary
from ansinh.registry.services.merges import (
    _create_persons,
    _merge,
    _mint_codes,
    _older_first,
    _person_from_row,
    _representative_pair,
)
from ansinh.registry.services.records import (
    _candidate_records,
    _row_input,
    _save_records,
    _units,
    _verdict_frame,
    _verdicts_touching,
    golden_records_ensure,
)


# ---------------------------------------------------------------------------------------- link a list
def persons_link_import(*, job: ImportJob, actor) -> LinkSummary:
    """Link each stored row of ``job`` to an existing person or a new one, incrementally.

    Only the rows not linked yet are matched (a rerun adds nothing), against the registry records that
    share a blocking key with them (index look-ups), with every officer verdict applied. Above the upper
    threshold: the same person; between the thresholds: a review pair; below: different people. Then each
    row of the list gets its flags (``ImportRow.flags``). Idempotent; audited.
    """
    summary = LinkSummary(jobs=[job.pk])
    rows = {r.pk: r for r in job.rows.filter(superseded=False, record_link__isnull=True)}  # r.job is job
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
        # From now on the intake's exact-ID floor finds this list's rows through the registry's index.
        ImportJob.objects.filter(pk=job.pk, linked_at__isnull=True).update(linked_at=timezone.now())
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
            kept, absorbed = (
                person_active_id(int(r["person_id"][1:])),
                person_active_id(int(r["old_person_id"][1:])),
            )
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
            out[pk] = person_active_id(pk)
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
