"""The administrative units of Bình Phước (2021 edition) and of the new Đồng Nai (2025 edition), from files.

Pure (no Django): reads the CSV files in ``ansinh/geo/data`` (written by ``scripts/extract_units_2021.py``;
their provenance is in ``data/SOURCES.md``) into frozen dataclasses, once per process.

* 2021: province Bình Phước (code ``70``), its 11 district-level units and 111 communes, three levels
  (policies.md §2.7). Old records keep these codes and names.
* 2025: the new Đồng Nai province (code ``75``; NQ 202/2025/QH15, effective 01/07/2025) and its 95
  communes, which hang directly under the province (no district tier).
* The mapping of every 2021 commune to the 2025 commune(s) it became part of.

``level`` is the tier in both editions: 1 province, 2 district, 3 commune (xã / phường / thị trấn).
A code is unique only within one edition: 2025 reuses 2021 codes for other units.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA_DIR = Path(__file__).resolve().parent / "data"

PROVINCE_CODE = "70"
"""Bình Phước in 2021; its CCCD province prefix is ``070`` (policies.md §6.1)."""
NEW_PROVINCE_CODE = "75"
"""Đồng Nai, which Bình Phước joined on 01/07/2025."""
YEARS = (2021, 2025)

Year = Literal[2021, 2025]
Change = Literal["unchanged", "renamed", "merged", "split"]


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One administrative unit of one edition (``year``).

    ``unit_type`` is one of province, central_city, city, town, district, ward, township, commune
    (``type_vi``: tỉnh, thành phố trực thuộc trung ương, thành phố, thị xã, huyện, phường, thị trấn, xã).
    ``parent_code`` is None for a province.
    """

    code: str
    name: str
    full_name: str
    unit_type: str
    level: int
    parent_code: str | None
    year: int
    type_vi: str = ""

    def __str__(self) -> str:
        return self.full_name


@dataclass(frozen=True, slots=True)
class UnitMapping:
    """A 2021 commune (``old_code``) and a 2025 commune it became (part of).

    ``change``: "unchanged" (same name, nothing merged into it), "renamed", "merged" (with the 2021 communes
    in ``merged_with``) or "split" (then the old commune has several rows and ``is_primary`` marks the
    main successor). ``note`` is a Vietnamese sentence for display.
    """

    old_code: str
    new_code: str
    change: Change
    is_primary: bool
    merged_with: tuple[str, ...]
    note: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _units_from(name: str, year: int) -> tuple[AdminUnit, ...]:
    return tuple(
        AdminUnit(
            code=row["code"],
            name=row["name"],
            full_name=row["full_name"],
            unit_type=row["unit_type"],
            level=int(row["level"]),
            parent_code=row["parent_code"] or None,
            year=year,
            type_vi=row["type_vi"],
        )
        for row in _read_csv(name)
    )


@cache
def units_2021() -> tuple[AdminUnit, ...]:
    """Bình Phước as of 2021: the province, its 11 district-level units and its 111 communes."""
    return _units_from("units_2021.csv", 2021)


@cache
def units_2025() -> tuple[AdminUnit, ...]:
    """The new Đồng Nai province (from 01/07/2025) and its communes (level 3, parent = the province)."""
    return _units_from("units_2025.csv", 2025)


@cache
def provinces_2021() -> tuple[AdminUnit, ...]:
    """The 63 provinces and centrally-run cities of 2021 (level 1), e.g. to read "TP. HCM", "Bình Dương"."""
    return tuple(
        AdminUnit(
            code=row["code"],
            name=row["name"],
            full_name=row["full_name"],
            unit_type=row["unit_type"],
            level=1,
            parent_code=None,
            year=2021,
            type_vi=row["type_vi"],
        )
        for row in _read_csv("units_2021_provinces.csv")
    )


@cache
def mapping_2021_to_2025() -> tuple[UnitMapping, ...]:
    """Every 2021 commune of Bình Phước with the 2025 commune(s) it became part of."""
    return tuple(
        UnitMapping(
            old_code=row["old_code"],
            new_code=row["new_code"],
            change=row["change"],  # type: ignore[arg-type]  # values written by the extraction script
            is_primary=row["is_primary"] == "1",
            merged_with=tuple(c for c in row["merged_with"].split(";") if c),
            note=row["note"],
        )
        for row in _read_csv("mapping_2021_2025.csv")
    )


def cccd_province_prefix(province_code: str) -> str:
    """The 3-digit CCCD prefix of a 2021 province code: "70" -> "070" (TT 07/2016/TT-BCA; policies.md §6.1)."""
    return province_code.zfill(3)


def units(year: int) -> tuple[AdminUnit, ...]:
    """The units of one edition (2021 or 2025)."""
    if year == 2021:
        return units_2021()
    if year == 2025:
        return units_2025()
    raise ValueError(f"no administrative-unit edition for {year}; known: {YEARS}")


@cache
def _by_code(year: int) -> dict[str, AdminUnit]:
    return {u.code: u for u in units(year)}


def unit_by_code(code: str, year: int = 2021) -> AdminUnit | None:
    """The unit with this code in this edition, or None."""
    return _by_code(year).get(code)


def districts(year: int = 2021) -> tuple[AdminUnit, ...]:
    """District-level units (empty for 2025, which has none)."""
    return tuple(u for u in units(year) if u.level == 2)


def communes(year: int = 2021) -> tuple[AdminUnit, ...]:
    """Commune-level units (xã, phường, thị trấn) of the edition."""
    return tuple(u for u in units(year) if u.level == 3)


def district_of(commune_code: str, year: int = 2021) -> AdminUnit | None:
    """The district a 2021 commune belongs to (None in 2025 or for an unknown code)."""
    unit = unit_by_code(commune_code, year)
    parent = unit_by_code(unit.parent_code, year) if unit and unit.parent_code else None
    return parent if parent is not None and parent.level == 2 else None


@cache
def _successors() -> dict[str, tuple[UnitMapping, ...]]:
    grouped: dict[str, list[UnitMapping]] = {}
    for m in mapping_2021_to_2025():
        grouped.setdefault(m.old_code, []).append(m)
    return {code: tuple(sorted(ms, key=lambda m: not m.is_primary)) for code, ms in grouped.items()}


def successors_2025(old_code: str) -> tuple[AdminUnit, ...]:
    """The 2025 commune(s) a 2021 commune became part of, the main successor first."""
    return tuple(
        unit for m in _successors().get(old_code, ()) if (unit := unit_by_code(m.new_code, 2025)) is not None
    )
