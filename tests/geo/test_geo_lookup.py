"""Pure tests of the administrative-unit data files and of the name resolver (no database)."""

from __future__ import annotations

import re
import time
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.geo import units as geo
from ansinh.geo.lookup import (
    UNIT_ISSUE_MESSAGES,
    UNIT_ISSUE_SEVERITY,
    fold,
    resolve_commune,
    resolve_district,
    resolve_province,
    resolve_provinces,
    resolve_units,
    tone_key,
    unit_issue_message,
)

DISTRICT_ABBREVIATIONS = {
    "city": ["TP.", "Tp", "tp", "T.P", "Thành phố", "thanh pho"],
    "town": ["TX.", "Tx", "t.x", "T.X.", "Thị xã", "thi xa"],
    "district": ["H.", "h", "Huyện", "huyen", "HUYỆN"],
}
COMMUNE_ABBREVIATIONS = {
    "commune": ["X.", "x", "Xã", "xa", "XÃ"],
    "ward": ["P.", "p", "Phường", "phuong"],
    "township": ["TT.", "tt", "T.T", "Thị trấn", "thi tran"],
}


def _source_counts() -> dict[str, int]:
    text = (geo.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    return {m[1]: int(m[2]) for m in re.finditer(r"^\| (\S+\.csv) \| (\d+) \|", text, flags=re.MULTILINE)}


# --- data files -----------------------------------------------------------------------------------------


def test_counts_match_sources_md():
    counts = _source_counts()
    assert counts == {
        "units_2021.csv": len(geo.units_2021()),
        "units_2021_provinces.csv": len(geo.provinces_2021()),
        "units_2025.csv": len(geo.units_2025()),
        "mapping_2021_2025.csv": len(geo.mapping_2021_to_2025()),
    }
    assert counts["units_2021.csv"] == 1 + 11 + 111
    assert counts["units_2021_provinces.csv"] == 63
    assert counts["units_2025.csv"] == 1 + 95


def test_2021_matches_policies_section_2_7():
    province = geo.unit_by_code(geo.PROVINCE_CODE, 2021)
    assert province is not None and province.full_name == "Tỉnh Bình Phước" and province.level == 1
    districts = {d.name: d.unit_type for d in geo.districts(2021)}
    assert districts == {
        "Đồng Xoài": "city",
        "Bình Long": "town",
        "Phước Long": "town",
        **dict.fromkeys(
            [
                "Bù Đăng",
                "Bù Đốp",
                "Bù Gia Mập",
                "Chơn Thành",
                "Đồng Phú",
                "Hớn Quản",
                "Lộc Ninh",
                "Phú Riềng",
            ],
            "district",
        ),
    }
    assert all(d.parent_code == "70" for d in geo.districts(2021))
    communes = geo.communes(2021)
    assert len(communes) == 111
    assert Counter(c.type_vi for c in communes) == {"xã": 90, "phường": 15, "thị trấn": 6}
    district_codes = {d.code for d in geo.districts(2021)}
    assert all(c.parent_code in district_codes for c in communes)


def test_province_code_and_cccd_prefix():
    assert geo.PROVINCE_CODE == "70"
    assert geo.cccd_province_prefix(geo.PROVINCE_CODE) == "070"
    assert {geo.cccd_province_prefix(p.code) for p in geo.provinces_2021()} >= {"001", "074", "075", "079"}


def test_chon_thanh_is_a_district_with_a_township_in_2021():
    """NQ 570/NQ-UBTVQH15 (11/08/2022) made it a thị xã only from 01/10/2022."""
    chon_thanh = geo.unit_by_code("697", 2021)
    assert chon_thanh is not None and chon_thanh.full_name == "Huyện Chơn Thành"
    members = {c.full_name for c in geo.communes(2021) if c.parent_code == "697"}
    assert "Thị trấn Chơn Thành" in members
    assert not any(m.startswith("Phường") for m in members)


def test_codes_are_zero_padded_and_unique_per_edition():
    for year in geo.YEARS:
        units = geo.units(year)
        assert len({u.code for u in units}) == len(units)
        assert all(len(u.code) == {1: 2, 2: 3, 3: 5}[u.level] and u.code.isdigit() for u in units)
    provinces = geo.provinces_2021()
    assert {p.code for p in provinces} >= {"01", "46", "70", "74", "75", "79"}
    assert next(p for p in provinces if p.code == "46").full_name == "Tỉnh Thừa Thiên Huế"


def test_2025_edition_is_the_new_dong_nai():
    units = geo.units_2025()
    assert units[0].code == "75" and units[0].level == 1
    communes = geo.communes(2025)
    assert len(communes) == 95
    assert Counter(c.type_vi for c in communes) == {"xã": 72, "phường": 23}  # NQ 1662/NQ-UBTVQH15
    assert all(c.parent_code == "75" and c.year == 2025 for c in communes)
    assert geo.districts(2025) == ()


def test_mapping_covers_every_2021_commune():
    mapping = geo.mapping_2021_to_2025()
    new_codes = {u.code for u in geo.communes(2025)}
    assert {m.old_code for m in mapping} == {c.code for c in geo.communes(2021)}
    assert all(m.new_code in new_codes for m in mapping)
    for commune in geo.communes(2021):
        assert geo.successors_2025(commune.code), commune.full_name
    # Bình Phước's 111 communes became 40 of the new province's 95 (38 arrangement plans + 2 unchanged).
    assert len({m.new_code for m in mapping}) == 40
    unchanged = {m.old_code for m in mapping if m.change == "unchanged"}
    assert unchanged == {"25222", "25225"}  # Bù Gia Mập, Đak Ơ: not rearranged
    merged = [m for m in mapping if m.change == "merged"]
    assert all(m.merged_with and m.old_code not in m.merged_with for m in merged)


def test_successor_of_a_merged_ward():
    (successor,) = geo.successors_2025("25198")  # Phường Tân Đồng, Đồng Xoài
    assert successor.full_name == "Phường Bình Phước" and successor.year == 2025


# --- resolving names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("district", geo.districts(2021), ids=lambda d: d.name)
def test_every_district_resolves_from_several_spellings(district):
    spellings = [
        district.full_name,
        district.name,
        district.name.upper(),
        fold(district.name),
        f"  {district.name}  ",
    ]
    spellings += [f"{abbr} {district.name}" for abbr in DISTRICT_ABBREVIATIONS[district.unit_type]]
    spellings += [
        f"{abbr}{district.name}" for abbr in DISTRICT_ABBREVIATIONS[district.unit_type] if abbr.endswith(".")
    ]
    for spelling in spellings:
        res = resolve_district(spelling)
        assert (res.code, res.status) == (district.code, "exact"), spelling


@pytest.mark.parametrize("commune", geo.communes(2021), ids=lambda c: c.code)
def test_every_commune_resolves_with_its_district(commune):
    district = geo.district_of(commune.code)
    assert district is not None
    for name, district_arg in [
        (commune.full_name, district.full_name),
        (fold(commune.name), fold(district.name)),
        (f"{commune.full_name}, {district.full_name}, Tỉnh Bình Phước", None),
        (f"{commune.name} - {district.name}", None),
    ]:
        res = resolve_commune(name, district_arg)
        if name == "locthanh":  # Lộc Thành and Lộc Thạnh, both in Lộc Ninh: only diacritics tell them apart
            assert res.status == "ambiguous"
            continue
        assert (res.code, res.status, res.district_code) == (commune.code, "exact", district.code), name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("X. Đồng Tâm", "25369"),
        ("x.Đồng Tâm", "25369"),
        ("XÃ ĐỒNG TÂM", "25369"),
        ("P. Tân Bình", "25201"),
        ("phuong tan binh", "25201"),
        ("TT. Tân Khai", "25357"),
        ("T.T Tân Khai", "25357"),
        ("thi tran tan khai", "25357"),
        ("Tân Khai", "25357"),  # missing type word
        ("TT Thanh Bình", "25308"),  # the type word tells the township (Bù Đốp) ...
        ("Xã Thanh Bình", "25354"),  # ... from the commune (Hớn Quản)
        ("Lộc Hoà", "25273"),  # tone mark placed the old way
        ("ĐồngTâm", "25369"),  # missing space
        ("duong 10", "25398"),
    ],
)
def test_commune_spellings_and_abbreviations(typed, expected):
    res = resolve_commune(typed)
    assert (res.code, res.status) == (expected, "exact")


@pytest.mark.parametrize("typed", [f"{a} Tân Khai" for a in COMMUNE_ABBREVIATIONS["township"]])
def test_township_abbreviations(typed):
    assert resolve_commune(typed).code == "25357"


def test_same_named_communes_are_ambiguous_until_the_district_is_given():
    by_name: dict[str, list[geo.AdminUnit]] = {}
    for c in geo.communes(2021):
        by_name.setdefault(fold(c.name), []).append(c)
    duplicated = {k: v for k, v in by_name.items() if len(v) > 1}
    # tanthanh, tanloi, tanhung, tantien, thanhbinh, minhhung, tanphu, locthanh (Lộc Thành/Lộc Thạnh)
    assert len(duplicated) == 8
    for name, units in duplicated.items():
        res = resolve_commune(name)
        assert res.status == "ambiguous" and res.code is None, name
        assert {c.code for c in res.candidates} == {u.code for u in units}
        assert res.issues == ("unit.ambiguous",)
        for unit in units:
            if fold(unit.name) == "locthanh":
                continue  # same district: only the diacritics tell them apart
            res = resolve_commune(name, district=geo.unit_by_code(unit.parent_code).name)
            assert res.code == unit.code, (name, unit.parent_code)


def test_diacritics_tell_loc_thanh_from_loc_thanh():
    assert resolve_commune("Lộc Thành").code == "25294"
    assert resolve_commune("Lộc Thạnh").code == "25280"
    assert resolve_commune("Loc Thanh", "Lộc Ninh").status == "ambiguous"


def test_unknown_names_are_reported():
    for typed in ["XYZ", "Phường 1", "Quận 7", "Tân Định"]:
        res = resolve_commune(typed)
        assert (res.code, res.status, res.issues) == (None, "unknown", ("unit.unknown",)), typed
    assert resolve_district("Thuận An").status == "unknown"


def test_typos_resolve_as_fuzzy_only_when_unambiguous():
    res = resolve_district("Bù Gia Mâp")
    assert (res.code, res.status) == ("691", "fuzzy")
    assert resolve_district("Hớn Quảng").code == "694"
    res = resolve_commune("Bù Gia Mâp")
    assert (res.code, res.status, res.issues) == ("25222", "fuzzy", ("unit.fuzzy_match",))
    assert resolve_commune("Nghĩa Trungg").code == "25423"
    # "Tân Lơi" is close to Tân Lợi of two districts: no guess without the district.
    assert resolve_commune("Tân Lơi").status == "ambiguous"
    assert resolve_commune("Tân Lơi", "Đồng Phú").code == "25378"


def test_later_name_of_a_2021_unit_is_a_fuzzy_match():
    res = resolve_commune("Phường Hưng Long")
    assert (res.code, res.status) == ("25432", "fuzzy")  # thị trấn Chơn Thành in 2021


def test_commune_outside_the_given_district():
    res = resolve_commune("Xã Tân Lập", "H. Lộc Ninh")
    assert res.code is None and res.issues == ("unit.district_mismatch",)
    assert [c.code for c in res.candidates] == ["25381"]  # the one in Đồng Phú


def test_unknown_district_falls_back_to_the_commune_name():
    res = resolve_commune("Tân Lập", "Huyện Không Có")
    assert res.code == "25381" and res.issues == ("unit.district_unknown",)


def test_compound_strings():
    assert resolve_commune("Ấp 3, Xã Tân Lập, H. Đồng Phú, T. Bình Phước").code == "25381"
    assert resolve_commune("Tân Thành (Đồng Xoài)").code == "25207"
    assert resolve_commune("Tân Thành - Bù Đốp").code == "25318"
    # Xã Đồng Nai is a commune of Bù Đăng, not the province:
    assert resolve_commune("Xã Đồng Nai, Bình Phước").code == "25414"
    assert resolve_commune("Xã An Phú, Tỉnh Bình Dương").status == "unknown"  # not Hớn Quản's An Phú
    assert resolve_commune("Xã An Phú, Tỉnh Bình Phước").code == "25339"


def test_2025_names():
    assert resolve_commune("Phường Bình Phước", year=2025).code == "25195"
    assert resolve_commune("Xã Lộc Thạnh", year=2025).code == "25280"
    assert resolve_commune("Tân Lợi", "Đồng Phú", year=2025).code == "25378"  # no districts in 2025
    # An old-style address: the 2021 district is dropped, not taken for xã Đồng Phú of 2025.
    assert resolve_commune("Xã Tân Lợi, Huyện Đồng Phú", year=2025).code == "25378"
    assert resolve_commune("Tân Lợi - Đồng Phú", year=2025).code == "25378"
    assert resolve_commune("Xã Đồng Phú, Đồng Nai", year=2025).unit.full_name == "Xã Đồng Phú"
    with pytest.raises(ValueError, match="2023"):
        resolve_commune("Tân Lợi", year=2023)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("TP. HCM", "79"),
        ("TPHCM", "79"),
        ("tp Hồ Chí Minh", "79"),
        ("Sài Gòn", "79"),
        ("Bình Dương", "74"),
        ("tinh dong nai", "75"),
        ("Bà Rịa - Vũng Tàu", "77"),
        ("Thuận An, Bình Dương", "74"),
        ("Huế", "46"),
        ("Daklak", "66"),
    ],
)
def test_provinces(typed, code):
    assert resolve_province(typed).code == code


def test_tone_key_ignores_tone_mark_placement_only():
    assert tone_key("Hòa") == tone_key("Hoà") == tone_key("HOÀ")
    assert tone_key("Lộc Thành") != tone_key("Lộc Thạnh")
    assert fold("Lộc Thành") == fold("Lộc Thạnh") == "locthanh"


@settings(max_examples=60, deadline=None)
@given(
    commune=st.sampled_from(geo.communes(2021)),
    upper=st.booleans(),
    strip=st.booleans(),
    spaces=st.sampled_from([" ", "  ", "\u00a0"]),
)
def test_case_spacing_and_diacritics_do_not_change_the_answer(commune, upper, strip, spaces):
    district = geo.district_of(commune.code)
    name = fold(commune.name) if strip else commune.name
    name = spaces.join((name.upper() if upper else name).split(" "))
    res = resolve_commune(name, district.name)
    if strip and fold(commune.name) == "locthanh":
        assert res.status == "ambiguous"
    else:
        assert res.code == commune.code


# --- frames -----------------------------------------------------------------------------------------------


def test_resolve_units_on_a_frame():
    frame = pl.DataFrame(
        {
            "xa": ["X. Tân Lợi", "Tân Lợi", "Bù Gia Mâp", None, "XYZ", "X. Tân Lợi", "Tân Lập"],
            "huyen": ["Đồng Phú", None, None, "Lộc Ninh", None, "Đồng Phú", "Lộc Ninh"],
            "stt": [1, 2, 3, 4, 5, 6, 7],
        }
    )
    out = resolve_units(frame, commune_col="xa", district_col="huyen")
    assert out["stt"].to_list() == [1, 2, 3, 4, 5, 6, 7]  # row order kept
    assert out["commune_code"].to_list() == ["25378", None, "25222", None, None, "25378", None]
    assert out["district_code"].to_list() == ["695", None, "691", None, None, "695", None]
    assert out["unit__issue"].to_list() == [
        None,
        "unit.ambiguous",
        "unit.fuzzy_match",
        None,
        "unit.unknown",
        None,
        "unit.district_mismatch",
    ]
    assert out["unit__severity"].to_list() == [None, "error", "warning", None, "error", None, "error"]
    assert out["unit__issues"].to_list()[0] == []
    assert out["unit__issues"].to_list()[3] is None  # blank cell: no verdict

    lazy = resolve_units(frame.lazy(), commune_col="xa", district_col="huyen").collect()
    assert lazy.equals(out)
    again = resolve_units(out, commune_col="xa", district_col="huyen")  # re-running replaces the columns
    assert again.columns == out.columns and again.equals(out)


def test_resolve_units_without_district_column_and_for_2025():
    frame = pl.DataFrame({"xa": ["Phường Bình Phước", "Xã Tân Thành, Bù Đốp"]})
    out = resolve_units(frame, commune_col="xa", year=2025)
    assert out["commune_code"].to_list() == ["25195", None]
    assert out["district_code"].to_list() == [None, None]
    out = resolve_units(frame, commune_col="xa")
    assert out["commune_code"].to_list() == [None, "25318"]


def test_resolve_provinces_on_a_frame():
    frame = pl.DataFrame({"noi_o": ["TP. HCM", "Bình Dương", "Đồng Nai", "Atlantis", None]})
    out = resolve_provinces(frame, province_col="noi_o")
    assert out["province_code"].to_list() == ["79", "74", "75", None, None]
    assert out["province__issue"].to_list() == [None, None, None, "unit.unknown", None]


def test_every_issue_code_has_a_vietnamese_message_and_a_severity():
    assert set(UNIT_ISSUE_MESSAGES) == set(UNIT_ISSUE_SEVERITY)
    message = unit_issue_message("unit.ambiguous", value="Tân Lợi", candidates="Hớn Quản, Đồng Phú")
    assert message.startswith("“Tân Lợi” khớp nhiều đơn vị hành chính (Hớn Quản, Đồng Phú)")
    assert "{year}" in unit_issue_message("unit.unknown", value="XYZ")


def test_resolve_units_on_a_million_rows_resolves_each_spelling_once():
    spellings = []
    for commune in geo.communes(2021):
        district = geo.district_of(commune.code)
        spellings += [
            (commune.full_name, district.full_name),
            (commune.name.upper(), None),
            (f"x. {fold(commune.name)}", f"H. {district.name}"),
            (f"{commune.full_name}, {district.full_name}", None),
        ]
    spellings += [("XYZ", None), (None, "Đồng Phú")]
    distinct = pl.DataFrame(spellings, schema={"xa": pl.Utf8, "huyen": pl.Utf8}, orient="row")
    frame = distinct.sample(n=1_000_000, with_replacement=True, seed=7)

    started = time.perf_counter()
    out = resolve_units(frame, commune_col="xa", district_col="huyen")
    elapsed = time.perf_counter() - started

    assert out.height == 1_000_000
    assert elapsed < 15, f"{elapsed:.1f} s"  # about 0.5 s on the 2-core dev machine
    per_spelling = out.group_by("xa", "huyen").agg(pl.col("commune_code").n_unique().alias("n"))
    assert per_spelling["n"].max() == 1
    unknown = out.filter(pl.col("xa") == "XYZ")["unit__issue"].unique().to_list()
    assert unknown == ["unit.unknown"]
