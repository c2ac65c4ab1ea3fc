"""Communes of Bình Phước (2021, before the 2025 reorganisation) for the synthetic population.

If the geo app's extracted 2021 list is present (``ansinh/geo/data/units_2021.csv``: all 111 communes),
it is used; otherwise a built-in subset of real units is used (policies.md §2.7: 11 district-level
units; the commune names below are the real 2021 names of a subset of their communes).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

PROVINCE = "Bình Phước"

# (district type, district name, ((commune type, commune name), ...))
_BUILTIN: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "thành phố",
        "Đồng Xoài",
        (
            ("phường", "Tân Phú"),
            ("phường", "Tân Đồng"),
            ("phường", "Tân Bình"),
            ("phường", "Tân Xuân"),
            ("phường", "Tân Thiện"),
            ("phường", "Tiến Thành"),
            ("xã", "Tân Thành"),
            ("xã", "Tiến Hưng"),
        ),
    ),
    (
        "thị xã",
        "Bình Long",
        (
            ("phường", "An Lộc"),
            ("phường", "Phú Đức"),
            ("phường", "Phú Thịnh"),
            ("phường", "Hưng Chiến"),
            ("xã", "Thanh Lương"),
            ("xã", "Thanh Phú"),
        ),
    ),
    (
        "thị xã",
        "Phước Long",
        (
            ("phường", "Long Thủy"),
            ("phường", "Phước Bình"),
            ("phường", "Long Phước"),
            ("phường", "Sơn Giang"),
            ("phường", "Thác Mơ"),
            ("xã", "Long Giang"),
            ("xã", "Phước Tín"),
        ),
    ),
    (
        "huyện",
        "Bù Đăng",
        (
            ("thị trấn", "Đức Phong"),
            ("xã", "Bom Bo"),
            ("xã", "Minh Hưng"),
            ("xã", "Đoàn Kết"),
            ("xã", "Thống Nhất"),
            ("xã", "Đức Liễu"),
            ("xã", "Nghĩa Trung"),
            ("xã", "Nghĩa Bình"),
            ("xã", "Đăng Hà"),
            ("xã", "Phước Sơn"),
            ("xã", "Thọ Sơn"),
            ("xã", "Phú Sơn"),
            ("xã", "Đồng Nai"),
            ("xã", "Đắk Nhau"),
            ("xã", "Đường 10"),
        ),
    ),
    (
        "huyện",
        "Bù Đốp",
        (
            ("thị trấn", "Thanh Bình"),
            ("xã", "Hưng Phước"),
            ("xã", "Phước Thiện"),
            ("xã", "Thiện Hưng"),
            ("xã", "Thanh Hòa"),
            ("xã", "Tân Thành"),
            ("xã", "Tân Tiến"),
        ),
    ),
    (
        "huyện",
        "Bù Gia Mập",
        (
            ("xã", "Bù Gia Mập"),
            ("xã", "Đắk Ơ"),
            ("xã", "Đức Hạnh"),
            ("xã", "Phú Văn"),
            ("xã", "Đa Kia"),
            ("xã", "Phước Minh"),
            ("xã", "Bình Thắng"),
            ("xã", "Phú Nghĩa"),
        ),
    ),
    (
        "huyện",
        "Chơn Thành",
        (
            ("thị trấn", "Chơn Thành"),
            ("xã", "Minh Hưng"),
            ("xã", "Minh Long"),
            ("xã", "Minh Thành"),
            ("xã", "Nha Bích"),
            ("xã", "Minh Thắng"),
            ("xã", "Thành Tâm"),
            ("xã", "Quang Minh"),
            ("xã", "Minh Lập"),
        ),
    ),
    (
        "huyện",
        "Đồng Phú",
        (
            ("thị trấn", "Tân Phú"),
            ("xã", "Thuận Lợi"),
            ("xã", "Đồng Tâm"),
            ("xã", "Tân Phước"),
            ("xã", "Tân Hưng"),
            ("xã", "Tân Lợi"),
            ("xã", "Tân Lập"),
            ("xã", "Tân Hòa"),
            ("xã", "Thuận Phú"),
            ("xã", "Đồng Tiến"),
            ("xã", "Tân Tiến"),
        ),
    ),
    (
        "huyện",
        "Hớn Quản",
        (
            ("xã", "Thanh An"),
            ("xã", "An Khương"),
            ("xã", "An Phú"),
            ("xã", "Tân Lợi"),
            ("xã", "Tân Hưng"),
            ("xã", "Minh Đức"),
            ("xã", "Minh Tâm"),
            ("xã", "Phước An"),
            ("xã", "Thanh Bình"),
            ("xã", "Tân Quan"),
            ("xã", "Đồng Nơ"),
            ("xã", "Tân Hiệp"),
        ),
    ),
    (
        "huyện",
        "Lộc Ninh",
        (
            ("thị trấn", "Lộc Ninh"),
            ("xã", "Lộc Hòa"),
            ("xã", "Lộc An"),
            ("xã", "Lộc Tấn"),
            ("xã", "Lộc Thạnh"),
            ("xã", "Lộc Hiệp"),
            ("xã", "Lộc Thiện"),
            ("xã", "Lộc Thuận"),
            ("xã", "Lộc Quang"),
            ("xã", "Lộc Phú"),
            ("xã", "Lộc Thành"),
            ("xã", "Lộc Thái"),
            ("xã", "Lộc Điền"),
            ("xã", "Lộc Hưng"),
            ("xã", "Lộc Khánh"),
            ("xã", "Lộc Thịnh"),
        ),
    ),
    (
        "huyện",
        "Phú Riềng",
        (
            ("xã", "Bù Nho"),
            ("xã", "Long Hà"),
            ("xã", "Long Tân"),
            ("xã", "Long Bình"),
            ("xã", "Long Hưng"),
            ("xã", "Phú Riềng"),
            ("xã", "Phú Trung"),
            ("xã", "Phước Tân"),
            ("xã", "Bình Tân"),
            ("xã", "Bình Sơn"),
        ),
    ),
)

# Districts where the S'tiêng / M'nông / Khmer live mostly (drives the ethnic mix per commune).
MINORITY_DISTRICTS = frozenset({"Bù Gia Mập", "Bù Đăng", "Lộc Ninh", "Bù Đốp", "Phú Riềng", "Hớn Quản"})


@lru_cache(maxsize=1)
def communes() -> tuple[tuple[str, str, str, str], ...]:
    """Return ``(district_type, district, commune_type, commune)`` for Bình Phước's 2021 communes."""
    from_geo = _from_geo_data()
    if from_geo:
        return from_geo
    return tuple((dt, d, ct, c) for dt, d, units in _BUILTIN for ct, c in units)


def _from_geo_data() -> tuple[tuple[str, str, str, str], ...]:
    """Read the geo app's 2021 hierarchy (``geo/data/units_2021.csv``: code, name, type_vi, level,
    parent_code) when present; empty when absent or unreadable."""
    path = Path(__file__).resolve().parent.parent / "geo" / "data" / "units_2021.csv"
    try:
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()
    if not rows or not {"code", "name", "type_vi", "level", "parent_code"} <= set(rows[0]):
        return ()
    province = next((r["code"] for r in rows if r["level"] == "1" and r["name"] == PROVINCE), None)
    districts = {r["code"]: r for r in rows if r["level"] == "2" and r["parent_code"] == province}
    found = tuple(
        (districts[r["parent_code"]]["type_vi"], districts[r["parent_code"]]["name"], r["type_vi"], r["name"])
        for r in rows
        if r["level"] == "3" and r["parent_code"] in districts
    )
    return found if len(found) >= 50 else ()


def _strip_unit_prefix(name: str) -> str:
    name = name.strip()
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Thị trấn ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
