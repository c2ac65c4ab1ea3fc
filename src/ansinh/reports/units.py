"""The 2021 administrative units, read once per process: they change only with a new reference-data load,
and the dashboard should not spend a query per page on names that never change."""

from __future__ import annotations

from dataclasses import dataclass

_CACHE: dict[str, Unit] = {}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    full_name: str
    path: str
    level: int


def units_2021() -> dict[str, Unit]:
    """code → Unit for every 2021 unit (cached once non-empty)."""
    if not _CACHE:
        from ansinh.geo.models import AdminUnit, Edition

        for code, name, full_name, path, level in AdminUnit.objects.filter(edition=Edition.Y2021).values_list(
            "code", "name", "full_name", "path", "level"
        ):
            _CACHE[code] = Unit(code, name, full_name, path, level)
    return _CACHE


def children_of(path: str) -> list[Unit]:
    """Units one level below ``path``, by name."""
    depth = len(path.split("/"))
    return sorted(
        (
            u
            for u in units_2021().values()
            if u.path.startswith(path + "/") and len(u.path.split("/")) == depth + 1
        ),
        key=lambda u: u.name,
    )
