"""Load the administrative units from the data files into the database, idempotently."""

from __future__ import annotations

from django.db import transaction

from ansinh.geo import units as unit_data
from ansinh.geo.models import AdminUnit, Edition, UnitMapping


def _load_edition(edition: int, rows: list[unit_data.AdminUnit]) -> int:
    by_code: dict[str, AdminUnit] = {u.code: u for u in AdminUnit.objects.filter(edition=edition)}
    created = 0
    # Parents before children, so each child can find its parent's path.
    for row in sorted(rows, key=lambda r: r.level):
        parent = by_code.get(row.parent_code) if row.parent_code else None
        path = f"{parent.path}/{row.code}" if parent else row.code
        defaults = {
            "name": row.name,
            "full_name": row.full_name,
            "unit_type": row.unit_type,
            "level": row.level,
            "parent": parent,
            "path": path,
        }
        unit, was_created = AdminUnit.objects.update_or_create(edition=edition, code=row.code, defaults=defaults)
        by_code[row.code] = unit
        created += int(was_created)
    return created


@transaction.atomic
def units_load() -> dict[str, int]:
    """Create or update the 2021 and 2025 units and the old→new mapping. Safe to run again."""
    created_2021 = _load_edition(Edition.Y2021, list(unit_data.units_2021()))
    created_2025 = _load_edition(Edition.Y2025, list(unit_data.units_2025()))
    old = {u.code: u for u in AdminUnit.objects.filter(edition=Edition.Y2021)}
    new = {u.code: u for u in AdminUnit.objects.filter(edition=Edition.Y2025)}
    mapped = 0
    for m in unit_data.mapping_2021_to_2025():
        if m.old_code in old and m.new_code in new:
            _, was_created = UnitMapping.objects.get_or_create(
                old=old[m.old_code], new=new[m.new_code], defaults={"note": m.note or ""}
            )
            mapped += int(was_created)
    return {"created_2021": created_2021, "created_2025": created_2025, "mappings_created": mapped,
            "total_2021": len(old), "total_2025": len(new)}


def province_2021() -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE, code=unit_data.PROVINCE_CODE)
