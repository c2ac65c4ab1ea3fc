"""Record inputs for linkage: persons and imported rows as engine records, and their candidates."""

from __future__ import annotations

import polars as pl
from django.db import transaction
from django.db.models import Q

from ansinh.geo.models import AdminUnit, Edition
from ansinh.intake.models import ImportRow
from ansinh.linkage.models import BlockKey, RecordLink, ReviewVerdict
from ansinh.linkage.records import (
    block_key_values,
    chunks,
    features_to_json,
    person_key,
    prepared_records,
    row_key,
)
from ansinh.registry.models import Person


# ------------------------------------------------------------------------------------------ record input
def _units(codes: set[str]) -> dict[str, AdminUnit]:
    found = AdminUnit.objects.filter(edition=Edition.Y2021, code__in=codes).select_related("parent")
    return {u.code: u for u in found}


def _row_input(row: ImportRow, units: dict[str, AdminUnit]) -> dict:
    unit = units.get(row.commune_code)
    data = row.field_values
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
        ImportRow.prefetch_data_fields(rows)
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
