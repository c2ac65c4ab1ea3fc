#!/usr/bin/env python3
"""Extract Bình Phước's administrative units into the data files of ``ansinh.geo`` (run once, by hand).

Why a script and a throwaway virtualenv: the pre-2025 three-level units live only in ``vietnam-provinces``
0.6.0, while the project pins the current release (2025.x, two-level only); one environment cannot hold
both. So the 2021 edition is extracted once into CSV files kept in the repository, and this script records
where they came from (``src/ansinh/geo/data/SOURCES.md``).

Two parts, always run together so that SOURCES.md describes every file:

* 2021: creates ``/tmp/vp06`` (``python3 -m venv`` + ``pip install vietnam-provinces==0.6.0``) unless it is
  already there, dumps the units from that interpreter as JSON, corrects them back to 2021 (see
  ``CORRECTIONS_2021``) and writes ``units_2021.csv`` and ``units_2021_provinces.csv``.
* 2025: must run in the project venv (``vietnam-provinces`` 2025.x and ``vietnamadminunits``): writes the
  new Đồng Nai province (``units_2025.csv``) and the Bình Phước 2021 commune -> 2025 commune mapping
  (``mapping_2021_2025.csv``).

Usage (from the repository root)::

    .venv/bin/python scripts/extract_units_2021.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "src" / "ansinh" / "geo" / "data"
VENV_06 = Path("/tmp/vp06")  # noqa: S108  # a throwaway venv, rebuilt when absent
PACKAGE_06 = "vietnam-provinces==0.6.0"
PROVINCE_CODE = "70"  # Bình Phước; CCCD province prefix 070 (policies.md §6.1)
NEW_PROVINCE_CODE = "75"  # Đồng Nai after 01/07/2025 (NQ 202/2025/QH15)

UNIT_COLUMNS = ["code", "name", "full_name", "unit_type", "type_vi", "level", "parent_code"]

# Vietnamese prefix of the full name -> (unit_type, type_vi). Longest prefixes first.
TYPE_PREFIXES: list[tuple[str, str, str]] = [
    ("Thành phố", "city", "thành phố"),
    ("Thị xã", "town", "thị xã"),
    ("Thị trấn", "township", "thị trấn"),
    ("Huyện", "district", "huyện"),
    ("Quận", "urban_district", "quận"),
    ("Phường", "ward", "phường"),
    ("Xã", "commune", "xã"),
    ("Đặc khu", "special_zone", "đặc khu"),
    ("Tỉnh", "province", "tỉnh"),
]

# vietnam-provinces 0.6.0 carries data retrieved on 2025-01-04, i.e. after two changes that must be undone
# for a 2021 edition. Each correction cites its legal source.
NQ_570 = (
    "NQ 570/NQ-UBTVQH15 (11/08/2022, hiệu lực 01/10/2022): thành lập thị xã Chơn Thành và các phường "
    "thuộc thị xã Chơn Thành; năm 2021 vẫn là huyện Chơn Thành"
)
CORRECTIONS_2021: dict[str, tuple[str, str]] = {
    # code: (full name in 2021, why)
    "697": ("Huyện Chơn Thành", NQ_570),
    "25432": ("Thị trấn Chơn Thành", NQ_570 + "; thị trấn Chơn Thành đổi tên thành phường Hưng Long"),
    "25433": ("Xã Thành Tâm", NQ_570),
    "25441": ("Xã Minh Hưng", NQ_570),
    "25444": ("Xã Minh Long", NQ_570),
    "25447": ("Xã Minh Thành", NQ_570),
}
PROVINCE_CORRECTIONS_2021: dict[str, tuple[str, str]] = {
    "46": (
        "Tỉnh Thừa Thiên Huế",
        "NQ 1314/NQ-UBTVQH15 (30/11/2024, hiệu lực 01/01/2025) lập thành phố Huế trực thuộc trung ương; "
        "năm 2021 là tỉnh Thừa Thiên Huế",
    ),
}

# Runs inside the 0.6.0 venv; prints JSON. The package's own ``division_type`` is unreliable in 0.6.0
# (every ward says "xã", every district "huyện"), so only names and codes are taken from it.
DUMP_06 = r"""
import json, vietnam_provinces as vp
from vietnam_provinces.enums import ProvinceEnum, DistrictEnum
from vietnam_provinces.enums.wards import WardEnum
pc = int(PROVINCE)
out = {
    "version": vp.__version__,
    "data_version": vp.__data_version__,
    "provinces": [{"code": p.value.code, "name": p.value.name} for p in ProvinceEnum],
    "districts": [{"code": d.value.code, "name": d.value.name} for d in DistrictEnum
                  if d.value.province_code == pc],
}
dcodes = {d["code"] for d in out["districts"]}
out["wards"] = [{"code": w.value.code, "name": w.value.name, "district_code": w.value.district_code}
                for w in WardEnum if w.value.district_code in dcodes]
print(json.dumps(out, ensure_ascii=False))
"""


def split_type(full_name: str) -> tuple[str, str, str]:
    """``"Thị trấn Lộc Ninh"`` -> ``("Lộc Ninh", "township", "thị trấn")``."""
    for prefix, unit_type, type_vi in TYPE_PREFIXES:
        if full_name.startswith(prefix + " "):
            return full_name[len(prefix) + 1 :], unit_type, type_vi
    raise ValueError(f"no unit-type prefix in {full_name!r}")


def unit_row(code: str, full_name: str, level: int, parent_code: str) -> dict[str, str]:
    name, unit_type, type_vi = split_type(full_name)
    return {
        "code": code,
        "name": name,
        "full_name": full_name,
        "unit_type": unit_type,
        "type_vi": type_vi,
        "level": str(level),
        "parent_code": parent_code,
    }


def ensure_venv_06() -> Path:
    python = VENV_06 / "bin" / "python"
    check = [str(python), "-c", "import vietnam_provinces as v; assert v.__version__ == '0.6.0'"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    subprocess.run(["python3", "-m", "venv", str(VENV_06)], check=True)
    subprocess.run([str(VENV_06 / "bin" / "pip"), "install", "-q", PACKAGE_06], check=True)
    return python


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def extract_2021() -> dict[str, object]:
    python = ensure_venv_06()
    result = subprocess.run(
        [str(python), "-c", DUMP_06.replace("PROVINCE", repr(PROVINCE_CODE))],
        capture_output=True,
        text=True,
        check=True,
    )
    dump = json.loads(result.stdout)
    provinces = {f"{p['code']:02d}": p["name"] for p in dump["provinces"]}
    province_rows = []
    for code, full in sorted(provinces.items()):
        full = PROVINCE_CORRECTIONS_2021.get(code, (full,))[0]
        name, unit_type, type_vi = split_type(full)
        if unit_type == "city":  # "Thành phố Hà Nội": a centrally-run city, not a provincial one
            unit_type, type_vi = "central_city", "thành phố trực thuộc trung ương"
        province_rows.append(
            {"code": code, "name": name, "full_name": full, "unit_type": unit_type, "type_vi": type_vi}
        )
    write_csv(
        DATA_DIR / "units_2021_provinces.csv",
        ["code", "name", "full_name", "unit_type", "type_vi"],
        province_rows,
    )

    rows = [unit_row(PROVINCE_CODE, provinces[PROVINCE_CODE], 1, "")]
    for d in sorted(dump["districts"], key=lambda d: d["code"]):
        code = f"{d['code']:03d}"
        rows.append(unit_row(code, CORRECTIONS_2021.get(code, (d["name"],))[0], 2, PROVINCE_CODE))
    for w in sorted(dump["wards"], key=lambda w: w["code"]):
        code = f"{w['code']:05d}"
        rows.append(
            unit_row(code, CORRECTIONS_2021.get(code, (w["name"],))[0], 3, f"{w['district_code']:03d}")
        )
    check_2021(rows)
    write_csv(DATA_DIR / "units_2021.csv", UNIT_COLUMNS, rows)
    return {
        "version": dump["version"],
        "data_version": dump["data_version"],
        "rows": rows,
        "provinces": province_rows,
    }


def check_2021(rows: list[dict[str, str]]) -> None:
    """The 2021 facts of policies.md §2.7: one province, 11 district-level units of the right types."""
    districts = {r["name"]: r["unit_type"] for r in rows if r["level"] == "2"}
    expected = {
        "Đồng Xoài": "city",
        "Bình Long": "town",
        "Phước Long": "town",
        **dict.fromkeys(
            (
                "Bù Đăng",
                "Bù Đốp",
                "Bù Gia Mập",
                "Chơn Thành",
                "Đồng Phú",
                "Hớn Quản",
                "Lộc Ninh",
                "Phú Riềng",
            ),
            "district",
        ),
    }
    if districts != expected:
        raise SystemExit(f"2021 districts differ from policies.md §2.7: {districts}")
    communes = [r for r in rows if r["level"] == "3"]
    if not 105 <= len(communes) <= 115:
        raise SystemExit(f"unexpected number of 2021 communes: {len(communes)}")


def fold(s: str) -> str:
    """Lowercase, no diacritics, no spaces: the shape of vietnamadminunits' keys."""
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)))


def extract_2025(rows_2021: list[dict[str, str]]) -> dict[str, object]:
    import vietnam_provinces as vp
    import vietnamadminunits as vau
    from vietnam_provinces import Province, ProvinceCode, Ward

    province = Province.from_code(ProvinceCode(int(NEW_PROVINCE_CODE)))
    rows = [unit_row(NEW_PROVINCE_CODE, f"Tỉnh {province.name}", 1, "")]
    wards = sorted(Ward.iter_by_province(ProvinceCode(int(NEW_PROVINCE_CODE))), key=lambda w: int(w.code))
    for w in wards:
        # Level 3 = commune tier in both editions; in 2025 its parent is the province (no district tier).
        rows.append(unit_row(f"{int(w.code):05d}", w.name, 3, NEW_PROVINCE_CODE))
    # Match vietnamadminunits' names to these by exact name, else by folded name when that is unique
    # (folding alone would merge Xã Lộc Thành and Xã Lộc Thạnh).
    ward_by_name = {
        unicodedata.normalize("NFC", r["full_name"]).lower(): r for r in rows if r["level"] == "3"
    }
    fold_counts = Counter(fold(r["full_name"]) for r in rows if r["level"] == "3")
    ward_by_fold = {
        fold(r["full_name"]): r for r in rows if r["level"] == "3" and fold_counts[fold(r["full_name"])] == 1
    }

    vau_dir = Path(vau.__file__).parent
    converter = json.loads((vau_dir / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    with sqlite3.connect(vau_dir / "data" / "dataset.db") as db:
        legacy = {
            (p, d, w): code
            for p, d, w, code in db.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy "
                "WHERE provinceCode = ?",
                (PROVINCE_CODE,),
            )
        }
        new_units = dict(
            db.execute(
                "SELECT wardKey, ward FROM admin_units WHERE provinceCode = ?", (NEW_PROVINCE_CODE,)
            ).fetchall()
        )
        vau_new_codes = dict(
            db.execute(
                "SELECT ward, wardCode FROM admin_units WHERE provinceCode = ?", (NEW_PROVINCE_CODE,)
            ).fetchall()
        )
    new_province_key = next(k for k, olds in converter["DICT_PROVINCE"].items() if "tinhbinhphuoc" in olds)

    old_to_new: dict[str, list[str]] = defaultdict(list)
    for new_key, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][new_province_key].items():
        for old_key in old_keys:
            p, d, w = old_key.split("_")
            if (p, d, w) in legacy:
                old_to_new[f"{int(legacy[(p, d, w)]):05d}"].append(new_key)
    for old_key, targets in converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province_key, {}).items():
        p, d, w = old_key.split("_")
        if (p, d, w) in legacy:
            code = f"{int(legacy[(p, d, w)]):05d}"
            old_to_new[code] += [
                t["newWardKey"] for t in sorted(targets, key=lambda t: not t["isDefaultNewWard"])
            ]

    communes_2021 = {r["code"]: r for r in rows_2021 if r["level"] == "3"}
    missing = sorted(set(communes_2021) - set(old_to_new))
    if missing:
        raise SystemExit(f"2021 communes without a 2025 successor in vietnamadminunits: {missing}")

    new_code_of: dict[str, str] = {}
    code_differences = []
    for new_key, new_full in new_units.items():
        target = ward_by_name.get(unicodedata.normalize("NFC", new_full).lower()) or ward_by_fold.get(
            fold(new_full)
        )
        if target is None:
            raise SystemExit(f"vietnamadminunits unit {new_full!r} not found in vietnam-provinces")
        new_code_of[new_key] = target["code"]
        if f"{int(vau_new_codes[new_full]):05d}" != target["code"]:
            code_differences.append((new_full, f"{int(vau_new_codes[new_full]):05d}", target["code"]))

    sources_of: dict[str, list[str]] = defaultdict(list)
    for old_code, new_keys in old_to_new.items():
        for new_key in new_keys:
            sources_of[new_code_of[new_key]].append(old_code)
    new_by_code = {r["code"]: r for r in rows}
    mapping = []
    for old_code in sorted(old_to_new):
        old = communes_2021[old_code]
        new_codes = [new_code_of[k] for k in old_to_new[old_code]]
        for rank, new_code in enumerate(new_codes):
            new = new_by_code[new_code]
            partners = sorted(c for c in sources_of[new_code] if c != old_code)
            if len(new_codes) > 1:
                change = "split"
            elif partners:
                change = "merged"
            elif fold(old["name"]) == fold(new["name"]):
                change = "unchanged"
            else:
                change = "renamed"
            mapping.append(
                {
                    "old_code": old_code,
                    "old_full_name": old["full_name"],
                    "old_district_code": old["parent_code"],
                    "new_code": new_code,
                    "new_full_name": new["full_name"],
                    "change": change,
                    "is_primary": "1" if rank == 0 else "0",
                    "merged_with": ";".join(partners),
                    "note": mapping_note(change, old, new, [communes_2021[c] for c in partners]),
                }
            )
    write_csv(DATA_DIR / "units_2025.csv", UNIT_COLUMNS, rows)
    write_csv(DATA_DIR / "mapping_2021_2025.csv", list(mapping[0]), mapping)
    return {
        "vp_version": vp.__version__,
        "vp_data_version": vp.__data_version__,
        "vau_version": _dist_version("vietnamadminunits"),
        "rows": rows,
        "mapping": mapping,
        "from_bp": sorted(sources_of),
        "code_differences": code_differences,
    }


def mapping_note(
    change: str, old: dict[str, str], new: dict[str, str], partners: list[dict[str, str]]
) -> str:
    if change == "unchanged":
        return "Giữ nguyên, không sắp xếp"
    if change == "renamed":
        return f"Đổi thành {new['full_name']}"
    if change == "split":
        return f"Chia tách; một phần vào {new['full_name']}"
    others = ", ".join(p["full_name"] for p in partners)
    return f"Sáp nhập cùng {others} thành {new['full_name']}"


def split_sentence(mapping: list[dict[str, str]]) -> str:
    split = sorted({m["old_full_name"] for m in mapping if m["change"] == "split"})
    if not split:
        return "Every 2021 commune of Bình Phước maps to exactly one 2025 commune in that package (no split);"
    return f"Split between several 2025 communes: {', '.join(split)};"


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def write_sources(part_2021: dict[str, object], part_2025: dict[str, object] | None, command: str) -> None:
    rows = part_2021["rows"]
    assert isinstance(rows, list)
    by_type = Counter(r["type_vi"] for r in rows if r["level"] == "3")
    district_types = Counter(r["type_vi"] for r in rows if r["level"] == "2")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    lines = [
        "# Sources of the administrative-unit data files",
        "",
        f"Generated by `scripts/extract_units_2021.py` on {today} (UTC). Command, from the repository root:",
        "",
        f"    {command}",
        "",
        "Do not edit the CSV files by hand: correct the script (or its `CORRECTIONS_2021`) and run it again.",
        "Codes are the national statistics codes (mã ĐVHC, GSO/NSO) as zero-padded text: province 2 digits,",
        "district 3, commune 5. The CCCD province prefix is `0` + province code (Bình Phước `070`).",
        "`level` is the tier: 1 province, 2 district, 3 commune (xã/phường/thị trấn); in 2025 there is no",
        "district tier and communes (level 3) hang directly under the province.",
        "A code is unique only within one edition (year): 2025 commune codes reuse 2021 codes "
        "(25195 was Phường Tân Phú in 2021 and is Phường Bình Phước in 2025).",
        "",
        "## Counts (checked by tests/geo/test_geo_lookup.py)",
        "",
        "| file | rows | detail |",
        "|---|---|---|",
        f"| units_2021.csv | {len(rows)} | 1 province, {sum(district_types.values())} district-level "
        f"({', '.join(f'{v} {k}' for k, v in sorted(district_types.items()))}), {sum(by_type.values())} communes "
        f"({', '.join(f'{v} {k}' for k, v in sorted(by_type.items()))}) |",
        f"| units_2021_provinces.csv | {len(part_2021['provinces'])} | the 63 provinces and centrally-run cities of 2021 |",  # type: ignore[arg-type]
    ]
    if part_2025:
        rows25 = part_2025["rows"]
        mapping = part_2025["mapping"]
        assert isinstance(rows25, list) and isinstance(mapping, list)
        by_type25 = Counter(r["type_vi"] for r in rows25 if r["level"] == "3")
        changes = Counter(m["change"] for m in mapping)
        lines += [
            f"| units_2025.csv | {len(rows25)} | 1 province (Đồng Nai), {sum(by_type25.values())} communes "
            f"({', '.join(f'{v} {k}' for k, v in sorted(by_type25.items()))}); "
            f"{len(part_2025['from_bp'])} of them (partly) from Bình Phước |",  # type: ignore[arg-type]
            f"| mapping_2021_2025.csv | {len(mapping)} | one row per (2021 commune, 2025 commune): "
            f"{', '.join(f'{v} {k}' for k, v in sorted(changes.items()))} |",
        ]
    lines += [
        "",
        "## units_2021.csv and units_2021_provinces.csv",
        "",
        f"- Package: `vietnam-provinces` {part_2021['version']} (PyPI), data retrieved by its author on "
        f"{part_2021['data_version']} from the GSO list (danhmuchanhchinh.gso.gov.vn). Installed in a throwaway",
        f"  venv (`python3 -m venv {VENV_06} && {VENV_06}/bin/pip install {PACKAGE_06}`), because the project",
        "  pins the 2025.x release, which holds only the two-level structure.",
        "- The package's `division_type` fields are unreliable in 0.6.0 (every ward is typed `xã`); unit types",
        "  are derived from the Vietnamese prefix of the name (Thành phố / Thị xã / Huyện / Phường / Thị trấn / Xã).",
        "- The data is as of January 2025, so changes between 2021 and 2025 are undone:",
    ]
    for code, (full, why) in {**CORRECTIONS_2021, **PROVINCE_CORRECTIONS_2021}.items():
        lines.append(f"  - `{code}` -> {full}: {why}.")
    lines += [
        "  Source of NQ 570: https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/"
        "Nghi-quyet-570-NQ-UBTVQH15-2022-thanh-lap-thi-xa-Chon-Thanh-Binh-Phuoc-525910.aspx",
        "- Checked against policies.md §2.7: 11 district-level units (city Đồng Xoài; towns Bình Long and Phước",
        "  Long; districts Bù Đăng, Bù Đốp, Bù Gia Mập, Chơn Thành, Đồng Phú, Hớn Quản, Lộc Ninh, Phú Riềng)",
        "  and about 111 communes. `vietnamadminunits` (table `admin_units_legacy`) has the same 111 codes.",
        "- Both packages' pre-2025 lists of Bình Phước agree (same 111 codes and names); the changes above are",
        "  the only ones between 2021 and 06/2025 that we know of (policies.md §2.7 names Chơn Thành's).",
    ]
    if part_2025:
        diffs = part_2025["code_differences"]
        assert isinstance(diffs, list)
        lines += [
            "",
            "## units_2025.csv and mapping_2021_2025.csv",
            "",
            f"- Units: `vietnam-provinces` {part_2025['vp_version']} (installed in the project venv; data "
            f"retrieved {part_2025['vp_data_version']}), province code {NEW_PROVINCE_CODE}: the whole new "
            "Đồng Nai province (NQ 202/2025/QH15, effective 01/07/2025; communes by NQ 1662/NQ-UBTVQH15 of",
            "  16/06/2025: 95 units, 23 phường and 72 xã).",
            f"- Mapping: `vietnamadminunits` {part_2025['vau_version']} (`data/converter_2025.json`, keys resolved to",
            "  codes through its `data/dataset.db`), joined to vietnam-provinces by full name (folded when that",
            f"  is unique). {split_sentence(mapping)} `change` is",
            "  `unchanged` (same name, nothing merged into it), `renamed`, `merged` (with `merged_with` the other",
            "  2021 codes) or `split` (several rows; `is_primary` marks the package's default successor).",
            "  The package maps whole communes: where a commune's territory was divided between new units, it",
            "  records the main successor only.",
        ]
        if diffs:
            lines.append(
                "- The two packages disagree on the code of these 2025 units; vietnam-provinces (the"
            )
            lines.append("  NSO list) is used:")
            for name, vau_code, vp_code in diffs:
                lines.append(f"  - {name}: vietnamadminunits {vau_code}, vietnam-provinces {vp_code}")
        lines += [
            "- Not reflected: changes after the vietnam-provinces data date (e.g. the 2026 establishment of",
            "  Đồng Nai city, NQ 30/2026/QH16, reported in thanglequoc/vietnamese-provinces-database#148).",
        ]
    (DATA_DIR / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    part_2021 = extract_2021()
    part_2025 = extract_2025(part_2021["rows"])  # type: ignore[arg-type]
    write_sources(part_2021, part_2025, ".venv/bin/python scripts/extract_units_2021.py")
    print(f"units_2021.csv: {len(part_2021['rows'])} rows; provinces: {len(part_2021['provinces'])}")  # type: ignore[arg-type]
    if part_2025:
        print(f"units_2025.csv: {len(part_2025['rows'])} rows; mapping: {len(part_2025['mapping'])} rows")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
