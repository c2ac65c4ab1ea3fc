"""Synthetic Bình Phước population with known truth, for linkage tests, demo data and benchmarks.

``generate_people(n=..., dup_rate=..., seed=...)`` returns ``(records, truth)``:

* ``records``: the CSV contract of ``ansinh link`` (record_id, full_name, date_of_birth, sex, id_number,
  phone, address, commune, district, province), every value text;
* ``truth``: ``record_id, person_id`` (same person_id = same real person).

Persons carry consistent identifiers (policies.md §6): the 12-digit CCCD starts with the code of the
birth province (070 = Bình Phước), then the century/sex digit (0/1 = 1900s male/female, 2/3 = 2000s),
then the two last digits of the birth year; the 9-digit CMND starts with the issuing province's prefix
(285 for Bình Phước [M]). Phones use real mobile prefixes (§6.3).

Records are the persons' first records plus ``round(n * dup_rate)`` duplicates with realistic noise
(dropped diacritics, NFD text, typos, Telex residue, swapped day/month, year only, CCCD vs CMND, lost
leading zero, missing phone, address abbreviations). Hard negatives are *different* persons made to look
alike: twins (same birth date, surname, address; different given name), father and son with one full
name (same address, different birth year), and namesakes born the same year in the same commune.
Deterministic for a seed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import polars as pl

from ansinh.demo import names as N
from ansinh.demo.noise import abbreviate_address, strip_diacritics, to_telex_residue, typo
from ansinh.demo.places import PROVINCE, communes

RECORD_COLUMNS = (
    "record_id",
    "full_name",
    "date_of_birth",
    "sex",
    "id_number",
    "phone",
    "address",
    "commune",
    "district",
    "province",
)

# Birth provinces of people living in Bình Phước: mostly local, then neighbours and the big migrant origins.
# (CCCD code, CMND prefix, weight). CMND prefixes other than 285 are [M] demo assumptions.
_BIRTH_PROVINCES: tuple[tuple[str, str, float], ...] = (
    ("070", "285", 70.0),
    ("074", "280", 3.0),
    ("075", "271", 3.0),
    ("079", "02", 3.0),
    ("072", "290", 2.0),
    ("038", "17", 4.0),
    ("040", "18", 4.0),
    ("042", "18", 2.0),
    ("034", "15", 2.0),
    ("036", "16", 2.0),
    ("037", "16", 1.0),
    ("051", "21", 1.5),
    ("052", "21", 1.5),
    ("001", "01", 1.0),
)
_MOBILE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "056",
    "058",
)


@dataclass(frozen=True)
class NoiseProfile:
    """Probabilities of each kind of damage for one class of record."""

    drop_diacritics: float
    nfd: float
    upper: float
    typo: float
    telex: float
    drop_middle: float
    swap_day_month: float
    year_only: float
    dob_missing: float
    dob_typo: float
    id_missing: float
    lost_zero: float
    id_typo: float
    phone_missing: float
    phone_changed: float
    abbreviate: float
    commune_blank: float
    moved: float
    sex_missing: float


FIRST_RECORD_NOISE = NoiseProfile(
    drop_diacritics=0.05,
    nfd=0.02,
    upper=0.05,
    typo=0.01,
    telex=0.0,
    drop_middle=0.0,
    swap_day_month=0.01,
    year_only=0.03,
    dob_missing=0.01,
    dob_typo=0.0,
    id_missing=0.05,
    lost_zero=0.05,
    id_typo=0.0,
    phone_missing=0.15,
    phone_changed=0.0,
    abbreviate=0.1,
    commune_blank=0.05,
    moved=0.0,
    sex_missing=0.02,
)
DUPLICATE_NOISE = NoiseProfile(
    drop_diacritics=0.25,
    nfd=0.08,
    upper=0.10,
    typo=0.12,
    telex=0.04,
    drop_middle=0.03,
    swap_day_month=0.06,
    year_only=0.06,
    dob_missing=0.02,
    dob_typo=0.02,
    id_missing=0.10,
    lost_zero=0.15,
    id_typo=0.02,
    phone_missing=0.25,
    phone_changed=0.05,
    abbreviate=0.30,
    commune_blank=0.10,
    moved=0.03,
    sex_missing=0.05,
)


def generate_people(*, n: int, dup_rate: float = 0.2, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(records, truth)`` for ``n`` records of which about ``n * dup_rate`` are duplicates."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if not 0.0 <= dup_rate < 1.0:
        raise ValueError("dup_rate must be in [0, 1)")
    rng = np.random.default_rng(seed)
    n_dups = round(n * dup_rate)
    n_persons = n - n_dups
    persons = _persons(rng, n_persons)
    # Every person has a first record; duplicates pick persons uniformly (some get several).
    person_of_record = np.concatenate([np.arange(n_persons), rng.integers(0, n_persons, n_dups)])
    is_duplicate = np.concatenate([np.zeros(n_persons, bool), np.ones(n_dups, bool)])
    records = _records(rng, persons, person_of_record, is_duplicate)
    order = rng.permutation(n)
    width = max(7, len(str(n)))
    record_ids = np.array([f"R{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    frame = pl.DataFrame({"record_id": record_ids, **{k: v[order] for k, v in records.items()}})
    pwidth = max(7, len(str(n_persons)))
    truth = pl.DataFrame(
        {
            "record_id": record_ids,
            "person_id": np.array([f"P{p + 1:0{pwidth}d}" for p in person_of_record[order]], dtype=object),
        }
    )
    return frame.select(RECORD_COLUMNS), truth


# ---------------------------------------------------------------------------------------------- persons
def _persons(rng: np.random.Generator, n_persons: int) -> dict[str, np.ndarray]:
    n_hard = round(n_persons * 0.035) if n_persons >= 30 else 0
    # ID serials are drawn without replacement so that two persons never share an ID number (real CCCD and
    # CMND numbers are unique); beyond a million persons the serials wrap around (a documented limit).
    serials = rng.permutation(1_000_000)
    serials = np.resize(serials, n_persons) if n_persons > serials.size else serials[:n_persons]
    base = _base_persons(rng, n_persons - n_hard, serials[: n_persons - n_hard])
    if n_hard == 0:
        return base
    return _add_hard_negatives(rng, base, n_hard, serials[n_persons - n_hard :])


def _weighted(rng: np.random.Generator, table: tuple[tuple[str, float], ...], size: int) -> np.ndarray:
    values = np.array([v for v, _ in table], dtype=object)
    weights = np.array([w for _, w in table], dtype=float)
    return values[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _zipf(rng: np.random.Generator, values: tuple[str, ...], size: int, s: float = 0.9) -> np.ndarray:
    ranks = np.arange(1, len(values) + 1, dtype=float)
    weights = 1.0 / ranks**s
    return np.array(values, dtype=object)[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _base_persons(rng: np.random.Generator, size: int, serials: np.ndarray) -> dict[str, np.ndarray]:
    units = communes()
    commune_idx = rng.integers(0, len(units), size)
    district = np.array([u[1] for u in units], dtype=object)[commune_idx]
    minority_area = np.isin(district, list(_minority_districts()))
    female = rng.random(size) < 0.5
    draw = rng.random(size)
    ethnic = np.where(
        minority_area,
        np.where(draw < 0.25, "stieng", np.where(draw < 0.32, "khmer", "kinh")),
        np.where(draw < 0.03, "stieng", np.where(draw < 0.05, "khmer", "kinh")),
    )
    surname = _weighted(rng, N.KINH_SURNAMES, size)
    middle = np.where(
        female, _weighted(rng, N.KINH_MIDDLE_FEMALE, size), _weighted(rng, N.KINH_MIDDLE_MALE, size)
    )
    given = np.where(female, _zipf(rng, N.KINH_GIVEN_FEMALE, size), _zipf(rng, N.KINH_GIVEN_MALE, size))
    stieng = ethnic == "stieng"
    surname = np.where(stieng, np.where(female, "Thị", "Điểu"), surname)
    middle = np.where(stieng, "", middle)
    given = np.where(
        stieng,
        np.where(female, _zipf(rng, N.STIENG_GIVEN_FEMALE, size), _zipf(rng, N.STIENG_GIVEN_MALE, size)),
        given,
    )
    khmer = ethnic == "khmer"
    surname = np.where(khmer, _weighted(rng, N.KHMER_SURNAMES, size), surname)
    middle = np.where(khmer, "", middle)
    given = np.where(
        khmer,
        np.where(female, _zipf(rng, N.KHMER_GIVEN_FEMALE, size), _zipf(rng, N.KHMER_GIVEN_MALE, size)),
        given,
    )
    year = np.clip(np.round(rng.normal(1984, 13, size)), 1940, 2005).astype(int)
    month, day = _month_day(rng, year)
    birth_prov = rng.choice(len(_BIRTH_PROVINCES), size=size, p=_prov_weights())
    persons = {
        "surname": surname.astype(object),
        "middle": middle.astype(object),
        "given": given.astype(object),
        "female": female,
        "year": year,
        "month": month,
        "day": day,
        "commune_idx": commune_idx,
        "hamlet": rng.integers(1, 13, size),
        "birth_prov": birth_prov,
    }
    persons.update(_identifiers(rng, persons, serials))
    persons["phone"] = _phones(rng, size)
    persons["has_phone"] = rng.random(size) < 0.85
    return persons


def _minority_districts() -> frozenset[str]:
    from ansinh.demo.places import MINORITY_DISTRICTS

    return MINORITY_DISTRICTS


def _prov_weights() -> np.ndarray:
    weights = np.array([w for _, _, w in _BIRTH_PROVINCES], dtype=float)
    return weights / weights.sum()


def _month_day(rng: np.random.Generator, year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    size = year.shape[0]
    month = rng.integers(1, 13, size)
    days_in_month = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days_in_month = days_in_month + ((month == 2) & leap)
    day = 1 + (rng.random(size) * days_in_month).astype(int)
    return month, day


def _identifiers(
    rng: np.random.Generator, p: dict[str, np.ndarray], serial: np.ndarray
) -> dict[str, np.ndarray]:
    """CCCD consistent with birth province, century/sex and year; CMND with the province prefix.

    ``serial`` (unique per person, < 1,000,000) makes both numbers unique across the population.
    """
    size = p["year"].shape[0]
    codes = np.array([c for c, _, _ in _BIRTH_PROVINCES], dtype=object)[p["birth_prov"]]
    prefixes = np.array([m for _, m, _ in _BIRTH_PROVINCES], dtype=object)[p["birth_prov"]]
    century_sex = (p["year"] >= 2000) * 2 + p["female"].astype(int)
    cccd = np.array(
        [
            f"{c}{cs}{y % 100:02d}{s:06d}"
            for c, cs, y, s in zip(codes, century_sex, p["year"], serial, strict=True)
        ],
        dtype=object,
    )
    # A different (but still unique) serial for the CMND, so it shares no digits pattern with the CCCD.
    cmnd_serial = (serial * 7919 + 12345) % 1_000_000
    cmnd = np.array(
        [
            f"{pre}{s:07d}" if len(pre) == 2 else f"{pre}{s:06d}"
            for pre, s in zip(prefixes, cmnd_serial, strict=True)
        ],
        dtype=object,
    )
    # CMND cards were issued from age 14 until the CCCD replaced them; many people had both in 2021.
    has_cmnd = (p["year"] <= 2003) & (rng.random(size) < 0.6)
    has_cccd = ~has_cmnd | (rng.random(size) < 0.7)
    return {"cccd": cccd, "cmnd": cmnd, "has_cccd": has_cccd, "has_cmnd": has_cmnd}


def _phones(rng: np.random.Generator, size: int) -> np.ndarray:
    prefix = np.array(_MOBILE_PREFIXES, dtype=object)[rng.integers(0, len(_MOBILE_PREFIXES), size)]
    number = rng.integers(0, 10_000_000, size)
    return np.array([f"{a}{b:07d}" for a, b in zip(prefix, number, strict=True)], dtype=object)


def _add_hard_negatives(
    rng: np.random.Generator, base: dict[str, np.ndarray], n_hard: int, serials: np.ndarray
) -> dict[str, np.ndarray]:
    """Append persons who look like existing ones but are different people (the hard negatives)."""
    size = base["year"].shape[0]
    sources = rng.choice(size, size=n_hard, replace=False)
    kind = np.arange(n_hard) % 3  # 0 twin, 1 father with the son's full name, 2 namesake neighbour
    new = {k: v[sources].copy() for k, v in base.items()}
    twin, father, neighbour = kind == 0, kind == 1, kind == 2
    # Twins: same birth date, surname, middle name and address; another given name.
    female = new["female"]
    other_given = np.where(
        female, _zipf(rng, N.KINH_GIVEN_FEMALE, n_hard), _zipf(rng, N.KINH_GIVEN_MALE, n_hard)
    )
    same = other_given == new["given"]
    # Rare collision: force a difference (two fallbacks, so the fallback itself never equals the given name).
    fallback = np.where(
        female, np.where(new["given"] == "Hoa", "Huệ", "Hoa"), np.where(new["given"] == "Hải", "Hiếu", "Hải")
    )
    other_given[same] = fallback[same]
    new["given"] = np.where(twin, other_given, new["given"])
    # Father and son share a full name and address; the father is 20–35 years older (and male).
    new["female"] = np.where(father, False, new["female"])
    new["year"] = np.where(father, new["year"] - rng.integers(20, 36, n_hard), new["year"])
    month, day = _month_day(rng, new["year"])
    # A namesake neighbour is born the same year but never on the same day (else nothing tells them apart).
    same_day = neighbour & (month == new["month"]) & (day == new["day"])
    day = np.where(same_day, np.where(day > 1, day - 1, day + 1), day)
    new["month"] = np.where(father | neighbour, month, new["month"])
    new["day"] = np.where(father | neighbour, day, new["day"])
    # Neighbour namesakes: same full name and birth year, same commune, another hamlet.
    new["hamlet"] = np.where(neighbour, (new["hamlet"] % 12) + 1, new["hamlet"])
    new.update(_identifiers(rng, new, serials))
    fresh_phone = _phones(rng, n_hard)
    keep_phone = twin & (rng.random(n_hard) < 0.5)  # twins often share the household's phone
    new["phone"] = np.where(keep_phone, new["phone"], fresh_phone)
    return {k: np.concatenate([base[k], new[k]]) for k in base}


# ---------------------------------------------------------------------------------------------- records
def _records(
    rng: np.random.Generator, persons: dict[str, np.ndarray], person_of_record: np.ndarray, is_dup: np.ndarray
) -> dict[str, np.ndarray]:
    p = {k: v[person_of_record] for k, v in persons.items()}
    n = person_of_record.shape[0]

    def noisy(attr: str) -> np.ndarray:
        draws = rng.random(n)
        prob = np.where(is_dup, getattr(DUPLICATE_NOISE, attr), getattr(FIRST_RECORD_NOISE, attr))
        return draws < prob

    return {
        "full_name": _names(rng, p, noisy, n),
        "date_of_birth": _dates(rng, p, noisy, n),
        "sex": np.where(noisy("sex_missing"), "", np.where(p["female"], "Nữ", "Nam")).astype(object),
        "id_number": _id_numbers(rng, p, noisy, n),
        "phone": _phone_texts(rng, p, noisy, n),
        **_places(rng, p, noisy, n),
    }


def _names(rng: np.random.Generator, p: dict[str, np.ndarray], noisy, n: int) -> np.ndarray:
    middle = np.where(noisy("drop_middle"), "", p["middle"])
    full = np.array(
        [
            " ".join(x for x in (s, m, g) if x)
            for s, m, g in zip(p["surname"], middle, p["given"], strict=True)
        ],
        dtype=object,
    )
    idx = np.flatnonzero(noisy("typo"))
    kinds, pos, let = rng.integers(0, 4, idx.size), rng.random(idx.size), rng.random(idx.size)
    for j, i in enumerate(idx):
        full[i] = typo(full[i], int(kinds[j]), pos[j], let[j])
    for i in np.flatnonzero(noisy("telex")):
        full[i] = to_telex_residue(full[i])
    for i in np.flatnonzero(noisy("drop_diacritics")):
        full[i] = strip_diacritics(full[i])
    for i in np.flatnonzero(noisy("nfd")):
        full[i] = unicodedata.normalize("NFD", full[i])
    for i in np.flatnonzero(noisy("upper")):
        full[i] = full[i].upper()
    return full


def _dates(rng: np.random.Generator, p: dict[str, np.ndarray], noisy, n: int) -> np.ndarray:
    day, month, year = p["day"].copy(), p["month"].copy(), p["year"].copy()
    swap = noisy("swap_day_month") & (day <= 12) & (day != month)
    day, month = np.where(swap, month, day), np.where(swap, day, month)
    typo_mask = noisy("dob_typo")
    day = np.where(typo_mask & (day < 28), day + 1, day)  # a slipped digit stays a valid date
    fmt = rng.choice(4, size=n, p=[0.8, 0.1, 0.05, 0.05])  # dd/mm/yyyy, yyyy-mm-dd, yyyymmdd, d/m/yyyy
    out = np.empty(n, dtype=object)
    for i in range(n):
        d, m, y, f = day[i], month[i], year[i], fmt[i]
        if f == 0:
            out[i] = f"{d:02d}/{m:02d}/{y}"
        elif f == 1:
            out[i] = f"{y}-{m:02d}-{d:02d}"
        elif f == 2:
            out[i] = f"{y}{m:02d}{d:02d}"
        else:
            out[i] = f"{d}/{m}/{y}"
    year_only = noisy("year_only")
    out[year_only] = year[year_only].astype(str)
    out[noisy("dob_missing")] = ""
    return out


def _id_numbers(rng: np.random.Generator, p: dict[str, np.ndarray], noisy, n: int) -> np.ndarray:
    both = p["has_cccd"] & p["has_cmnd"]
    show_cccd = np.where(both, rng.random(n) < 0.6, p["has_cccd"])
    ids = np.where(show_cccd, p["cccd"], p["cmnd"]).astype(object)
    for i in np.flatnonzero(noisy("id_typo")):
        s = ids[i]
        k = 4 + int(rng.integers(0, len(s) - 4))
        ids[i] = s[:k] + str((int(s[k]) + 1) % 10) + s[k + 1 :]
    lost = noisy("lost_zero")
    ids[lost] = np.array([s.lstrip("0") for s in ids[lost]], dtype=object)
    spaced = rng.random(n) < 0.03  # "070 085 012345" as typed on some forms
    ids[spaced] = np.array([f"{s[:3]} {s[3:6]} {s[6:]}" for s in ids[spaced]], dtype=object)
    ids[noisy("id_missing")] = ""
    return ids


def _phone_texts(rng: np.random.Generator, p: dict[str, np.ndarray], noisy, n: int) -> np.ndarray:
    phones = p["phone"].copy()
    changed = noisy("phone_changed")
    phones[changed] = _phones(rng, int(changed.sum()))
    fmt = rng.choice(4, size=n, p=[0.75, 0.1, 0.1, 0.05])
    out = np.empty(n, dtype=object)
    for i in range(n):
        s = phones[i]
        f = fmt[i]
        out[i] = (
            s if f == 0 else f"{s[:4]} {s[4:7]} {s[7:]}" if f == 1 else "+84" + s[1:] if f == 2 else s[1:]
        )
    out[~p["has_phone"] | noisy("phone_missing")] = ""
    return out


def _places(rng: np.random.Generator, p: dict[str, np.ndarray], noisy, n: int) -> dict[str, np.ndarray]:
    units = communes()
    commune_idx = p["commune_idx"].copy()
    moved = noisy("moved")
    commune_idx[moved] = rng.integers(0, len(units), int(moved.sum()))
    abbreviate = noisy("abbreviate")
    blank = noisy("commune_blank")
    address = np.empty(n, dtype=object)
    commune = np.empty(n, dtype=object)
    district = np.empty(n, dtype=object)
    for i in range(n):
        dtype_, dname, ctype, cname = units[commune_idx[i]]
        hamlet = f"Ấp {p['hamlet'][i]}" if ctype == "xã" else f"Khu phố {p['hamlet'][i]}"
        text = f"{hamlet}, {ctype} {cname}, {dtype_} {dname}, tỉnh {PROVINCE}"
        address[i] = abbreviate_address(text) if abbreviate[i] else text
        commune[i] = "" if blank[i] else f"{ctype.capitalize()} {cname}"
        district[i] = "" if blank[i] else f"{dtype_.capitalize()} {dname}"
    province = np.full(n, PROVINCE, dtype=object)
    return {"address": address, "commune": commune, "district": district, "province": province}
