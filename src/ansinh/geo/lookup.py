"""Resolve administrative-unit names as clerks type them to the codes of the right edition (pure, Polars).

Clerks write "X. Tân Thành", "xa tan thanh", "TT.Lộc Ninh", "Tân Thành - Đồng Phú", "Bù Gia Mâp" or
"Ấp 3, Xã Tân Lập, H. Đồng Phú, Bình Phước". Matching goes in tiers, each tried only when the one before
found nothing:

1. the name with its diacritics, insensitive to case, spacing, punctuation and tone-mark placement
   ("Hòa" = "Hoà") -> "exact";
2. the name without diacritics -> "exact" when the clerk typed none ("tan loi"), "fuzzy" when the typed
   diacritics disagree with the real ones ("Bù Gia Mâp");
3. a ``difflib`` close match on the name without diacritics, only when a single unit is that close -> "fuzzy".

Type words and their abbreviations are recognised and removed (xã/X., phường/P., thị trấn/TT., huyện/H.,
thị xã/TX./t.x, thành phố/TP./Tp, tỉnh/T.); a type word that was typed is used to tell apart a township
from a commune of the same name ("TT. Thanh Bình" in Bù Đốp vs "Xã Thanh Bình" in Hớn Quản). Same-named
communes in different districts are "ambiguous" unless the district is given (argument or in the text).

The frame-level :func:`resolve_units` resolves each distinct (commune, district) pair once and joins the
result back, so a million rows with a few hundred distinct spellings costs a few hundred look-ups.
Its issue columns follow the kernel's convention (``unit__issues``, ``unit__issue``, ``unit__severity``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, TypeVar

import polars as pl

from ansinh.geo import units as geo_units
from ansinh.geo.units import AdminUnit

Status = Literal["exact", "fuzzy", "ambiguous", "unknown"]
Severity = Literal["error", "warning"]

FUZZY_CUTOFF = 0.88
"""difflib ratio under which a spelling is not taken for a unit's name.

A letter typed twice or left out keeps the ratio above it for names of 4+ letters ("Hớn Quảng"); a letter
replaced only for names of 9+ letters, because short names differ by one letter (Tân Bình / Tân Định)."""

UNIT_ISSUE_MESSAGES: dict[str, str] = {
    "unit.unknown": "Không tìm thấy đơn vị hành chính “{value}” (danh mục năm {year}).",
    "unit.ambiguous": "“{value}” khớp nhiều đơn vị hành chính ({candidates}); cần ghi rõ huyện, thị xã hoặc thành phố.",
    "unit.fuzzy_match": "“{value}” được hiểu là {unit} (khớp gần đúng); đề nghị kiểm tra lại.",
    "unit.district_mismatch": "“{value}” không thuộc {district}; có đơn vị cùng tên tại: {candidates}.",
    "unit.district_unknown": "Không xác định được huyện, thị xã, thành phố “{district}”; đơn vị được xác định theo tên xã.",
}
"""Vietnamese message templates of the unit issue codes (placeholders filled by :func:`unit_issue_message`)."""

UNIT_ISSUE_SEVERITY: dict[str, Severity] = {
    "unit.unknown": "error",
    "unit.ambiguous": "error",
    "unit.district_mismatch": "error",
    "unit.fuzzy_match": "warning",
    "unit.district_unknown": "warning",
}
"""Errors mean no code could be given; warnings mean a code was given that a person should check."""

_STATUS_ISSUE: dict[str, str | None] = {
    "exact": None,
    "fuzzy": "unit.fuzzy_match",
    "ambiguous": "unit.ambiguous",
    "unknown": "unit.unknown",
}


def unit_issue_message(code: str, **values: object) -> str:
    """Format the Vietnamese message of an issue code; placeholders without a value stay visible."""

    class _Keep(dict[str, object]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return UNIT_ISSUE_MESSAGES[code].format_map(_Keep(values))


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one typed name.

    ``code`` is set for "exact" and "fuzzy"; ``candidates`` holds the matched unit(s): the one unit when
    resolved, the competing units when "ambiguous", and same-named units of other districts (or close
    spellings) when "unknown". ``district_code`` is the resolved unit's district (2021 communes only).
    ``issues`` lists the issue codes, errors first.
    """

    code: str | None
    status: Status
    candidates: tuple[AdminUnit, ...] = ()
    district_code: str | None = None
    issues: tuple[str, ...] = field(default=())

    @property
    def unit(self) -> AdminUnit | None:
        """The resolved unit, when there is one."""
        return self.candidates[0] if self.code is not None and self.candidates else None


# --- text normalisation -------------------------------------------------------------------------------

# Combining tone marks: stripped from a syllable and kept as a digit, so "hòa" and "hoà" agree.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_PUNCTUATION = re.compile(r"[.\-–—_/\\,;:()\[\]{}\"'`’‘“”+*#]+")
_SEGMENT_SPLIT = re.compile(r"[,;|/()\n]+|\s*[-–—]+\s*")

# Folded leading tokens -> unit type. Longest first; a type word is removed only when a name follows it.
_TYPE_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("thanh", "pho"), "city"),
    (("thi", "xa"), "town"),
    (("thi", "tran"), "township"),
    (("dac", "khu"), "special_zone"),
    (("t", "p"), "city"),
    (("t", "x"), "town"),
    (("t", "t"), "township"),
    (("tp",), "city"),
    (("tx",), "town"),
    (("tt",), "township"),
    (("huyen",), "district"),
    (("h",), "district"),
    (("quan",), "urban_district"),
    (("q",), "urban_district"),
    (("phuong",), "ward"),
    (("p",), "ward"),
    (("xa",), "commune"),
    (("x",), "commune"),
    (("tinh",), "province"),
    (("t",), "province"),
]
_DISTRICT_TYPES = {"city", "town", "district", "urban_district"}
_COMMUNE_TYPES = {"ward", "township", "commune", "special_zone"}
_PROVINCE_TYPES = {"province", "central_city"}

# Short forms of province names that folding cannot derive (folded, no spaces).
_PROVINCE_ALIASES: dict[str, str] = {
    "hcm": "79",
    "tphcm": "79",
    "hochiminh": "79",
    "saigon": "79",
    "sg": "79",
    "hn": "01",
    "tphn": "01",
    "brvt": "77",
    "bariavungtau": "77",
    "vungtau": "77",
    "hue": "46",
    "tthue": "46",
    "bp": "70",
}


def _fold_char(c: str) -> str:
    return "" if unicodedata.combining(c) else c


def fold(text: str) -> str:
    """Lowercase, no diacritics, đ->d, no spaces or punctuation: the diacritic-free matching key."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^0-9a-z]", "", "".join(_fold_char(c) for c in decomposed))


def tone_key(text: str) -> str:
    """Lowercase key that keeps every diacritic but not where the tone mark sits ("Hòa" = "Hoà").

    The letters (with their vowel marks) without spaces, then the tones in order: "Đồng Xoài" ->
    "đôngxoai22", whether typed "Đồng  Xoài" or "ĐồngXoài".
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    tones = "".join(_TONES[c] for c in decomposed if c in _TONES)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return re.sub(r"[^0-9a-zđâăêôơư]", "", bare) + tones


def _has_diacritics(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) or "đ" in text.lower()


@dataclass(frozen=True, slots=True)
class _Name:
    """A typed name split into its type word (if any) and the name proper."""

    raw: str
    unit_type: str | None
    name: str

    @property
    def tone(self) -> str:
        return tone_key(self.name)

    @property
    def plain(self) -> str:
        return fold(self.name)


def parse_name(text: str) -> _Name:
    """Separate a leading type word or abbreviation from the name ("TT.Lộc Ninh" -> township, "Lộc Ninh")."""
    cleaned = _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text)).split()
    folded = [fold(t) for t in cleaned]
    for words, unit_type in _TYPE_WORDS:
        n = len(words)
        if tuple(folded[:n]) == words and len(cleaned) > n:
            return _Name(text, unit_type, " ".join(cleaned[n:]))
    return _Name(text, None, " ".join(cleaned))


# --- matching -------------------------------------------------------------------------------------------


# Names a 2021 unit took later, which clerks keep typing into 2021 lists: matched as "fuzzy" (a warning),
# never as "exact". NQ 570/NQ-UBTVQH15 (11/08/2022): thị trấn Chơn Thành became phường Hưng Long.
_LATER_NAMES: dict[int, dict[str, tuple[str, ...]]] = {2021: {"25432": ("Hưng Long",)}}


@dataclass(frozen=True)
class _Index:
    units: tuple[AdminUnit, ...]
    by_tone: dict[str, tuple[AdminUnit, ...]]
    by_plain: dict[str, tuple[AdminUnit, ...]]
    by_later_name: dict[str, tuple[AdminUnit, ...]]


def _group(units: Iterable[AdminUnit], key: str) -> dict[str, tuple[AdminUnit, ...]]:
    grouped: dict[str, list[AdminUnit]] = {}
    for u in units:
        k = tone_key(u.name) if key == "tone" else fold(u.name)
        grouped.setdefault(k, []).append(u)
    return {k: tuple(v) for k, v in grouped.items()}


def _make_index(units: Sequence[AdminUnit]) -> _Index:
    later: dict[str, list[AdminUnit]] = {}
    for u in units:
        for name in _LATER_NAMES.get(u.year, {}).get(u.code, ()):
            later.setdefault(fold(name), []).append(u)
    return _Index(
        tuple(units), _group(units, "tone"), _group(units, "plain"), {k: tuple(v) for k, v in later.items()}
    )


@cache
def _index(year: int, level: int, parent_code: str | None = None) -> _Index:
    if level == 1:
        pool: Sequence[AdminUnit] = geo_units.provinces_2021() if year == 2021 else geo_units.units(year)[:1]
    else:
        pool = [u for u in geo_units.units(year) if u.level == level]
    if parent_code is not None:
        pool = [u for u in pool if u.parent_code == parent_code]
    return _make_index(pool)


def _prefer_type(units: tuple[AdminUnit, ...], unit_type: str | None) -> tuple[AdminUnit, ...]:
    """Keep the units of the typed kind when that narrows the choice (xã vs thị trấn of the same name)."""
    if unit_type is None or len(units) < 2:
        return units
    typed = tuple(u for u in units if u.unit_type == unit_type)
    return typed or units


_T = TypeVar("_T")


def _only(items: Sequence[_T]) -> _T | None:
    return items[0] if len(items) == 1 else None


def _match(name: _Name, index: _Index) -> tuple[Status, tuple[AdminUnit, ...]]:
    """Tiered match of one parsed name in one pool; see the module docstring."""
    if not name.plain:
        return "unknown", ()
    hits = _prefer_type(index.by_tone.get(name.tone, ()), name.unit_type)
    if hits:
        return ("exact" if len(hits) == 1 else "ambiguous"), hits
    hits = _prefer_type(index.by_plain.get(name.plain, ()), name.unit_type)
    if hits:
        if len(hits) > 1:
            return "ambiguous", hits
        return ("fuzzy" if _has_diacritics(name.name) else "exact"), hits
    hits = index.by_later_name.get(name.plain, ())
    if hits:
        return ("fuzzy" if len(hits) == 1 else "ambiguous"), hits
    close = difflib.get_close_matches(name.plain, list(index.by_plain), n=3, cutoff=FUZZY_CUTOFF)
    hits = tuple(u for key in close for u in index.by_plain[key])
    hits = _prefer_type(hits, name.unit_type)
    if len(hits) == 1:
        return "fuzzy", hits
    if hits:
        return "ambiguous", hits
    return "unknown", ()


def _resolution(
    status: Status, hits: tuple[AdminUnit, ...], *, year: int, extra: Sequence[str] = ()
) -> Resolution:
    code = hits[0].code if status in ("exact", "fuzzy") else None
    district = None
    if code is not None and year == 2021 and hits[0].level == 3:
        district = hits[0].parent_code
    elif code is not None and hits[0].level == 2:
        district = code
    issue = _STATUS_ISSUE[status]
    issues = [i for i in (issue, *extra) if i]
    issues.sort(key=lambda i: UNIT_ISSUE_SEVERITY[i] != "error")
    return Resolution(code, status, hits, district, tuple(dict.fromkeys(issues)))


def _check_year(year: int) -> None:
    if year not in geo_units.YEARS:
        raise ValueError(f"no administrative-unit edition for {year}; known: {geo_units.YEARS}")


def resolve_province(name: str, year: int = 2021) -> Resolution:
    """Resolve a province name ("TP. HCM", "tỉnh Bình Dương", "Dong Nai") to its 2021 code ("79", "74", "75").

    Only the 2021 list of 63 provinces is held; for 2025 only the new Đồng Nai is known.
    """
    _check_year(year)
    parsed = parse_name(name)
    index = _index(year, 1)
    alias = _PROVINCE_ALIASES.get(fold(name)) or _PROVINCE_ALIASES.get(parsed.plain)
    if alias is not None and year == 2021:
        unit = next(u for u in index.units if u.code == alias)
        return _resolution("exact", (unit,), year=year)
    status, hits = _match(parsed, index)
    segments = [s for s in _SEGMENT_SPLIT.split(name) if s.strip()]
    if status == "unknown" and len(segments) > 1:  # "Thuận An, Bình Dương": the province comes last
        return resolve_province(segments[-1], year)
    return _resolution(status, hits, year=year)


def resolve_district(name: str, year: int = 2021) -> Resolution:
    """Resolve a district-level name ("H. Đồng Phú", "TX Bình Long", "tp dong xoai") to its 2021 code."""
    _check_year(year)
    if year != 2021:
        return Resolution(None, "unknown", (), None, ("unit.unknown",))
    status, hits = _match(parse_name(name), _index(year, 2))
    return _resolution(status, hits, year=year)


def _is_province_segment(name: _Name, year: int) -> bool:
    if name.unit_type in _PROVINCE_TYPES:
        return True
    own = geo_units.unit_by_code(
        geo_units.PROVINCE_CODE if year == 2021 else geo_units.NEW_PROVINCE_CODE, year
    )
    return own is not None and (name.plain == fold(own.name) or _PROVINCE_ALIASES.get(name.plain) == own.code)


def _is_old_district_segment(name: _Name) -> bool:
    """A 2021 district written after a commune in a 2025 lookup ("Xã Tân Lợi, Đồng Phú"): dropped."""
    if name.unit_type in _DISTRICT_TYPES:
        return True
    return name.unit_type is None and name.plain in _index(2021, 2).by_plain


def _split_compound(text: str, year: int) -> tuple[_Name, _Name | None, bool]:
    """Split "Ấp 3, Xã Tân Lập, H. Đồng Phú, Bình Phước" into the commune part and the district part.

    The third value is True when a trailing "Tỉnh ..." names another province than the edition's own.
    """
    segments = [parse_name(s) for s in _SEGMENT_SPLIT.split(text) if s.strip()]
    own_code = geo_units.PROVINCE_CODE if year == 2021 else geo_units.NEW_PROVINCE_CODE
    foreign = False
    while len(segments) > 1 and (
        _is_province_segment(segments[-1], year) or (year != 2021 and _is_old_district_segment(segments[-1]))
    ):
        dropped = segments.pop()
        if dropped.unit_type in _PROVINCE_TYPES and year == 2021:
            foreign = foreign or resolve_province(dropped.raw, year).code not in (None, own_code)
    if len(segments) == 1:
        return segments[0], None, foreign
    last = segments[-1]
    if year == 2021 and last.unit_type in _DISTRICT_TYPES:
        return segments[-2], last, foreign
    if year == 2021 and last.unit_type is None:
        status, _ = _match(last, _index(year, 2))
        if status in ("exact", "fuzzy"):
            return segments[-2], last, foreign
    return last, None, foreign


def resolve_commune(name: str, district: str | None = None, year: int = 2021) -> Resolution:
    """Resolve a commune name typed by a clerk to the code of that year's edition.

    ``name`` may carry the district and the province ("Xã Tân Thành, H. Bù Đốp", "Tân Thành - Bù Đốp");
    ``district`` (2021 only; ignored for 2025, which has no districts) narrows the search and wins over a
    district written inside ``name``. Returns a :class:`Resolution`: "exact" / "fuzzy" with a code,
    "ambiguous" (several units fit; ``candidates`` lists them) or "unknown".
    """
    _check_year(year)
    if not name or not name.strip():
        return Resolution(None, "unknown", (), None, ("unit.unknown",))
    communes = _index(year, 3)
    # No unit name of Bình Phước or the new Đồng Nai holds a separator, so any separator splits.
    commune_part, district_part, foreign = _split_compound(name, year)
    if foreign:  # "Xã An Phú, Tỉnh Bình Dương" is not Bình Phước's An Phú
        return Resolution(None, "unknown", (), None, ("unit.unknown",))

    district_text = district if district and district.strip() and year == 2021 else None
    district_res: Resolution | None = None
    if district_text is not None:
        district_res = resolve_district(district_text, year)
    elif district_part is not None:
        district_res = _resolution(*_match(district_part, _index(year, 2)), year=year)

    extra: list[str] = []
    if district_res is not None and district_res.code is not None:
        if district_res.status == "fuzzy":
            extra.append("unit.fuzzy_match")
        status, hits = _match(commune_part, _index(year, 3, district_res.code))
        if status == "unknown":
            elsewhere_status, elsewhere = _match(commune_part, communes)
            if elsewhere_status != "unknown":
                return Resolution(None, "unknown", elsewhere, None, ("unit.district_mismatch",))
        return _resolution(status, hits, year=year, extra=extra)
    if district_res is not None:
        extra.append("unit.district_unknown")
    status, hits = _match(commune_part, communes)
    return _resolution(status, hits, year=year, extra=extra)


# --- frames -----------------------------------------------------------------------------------------------

ISSUE_COLUMNS = ("unit__issues", "unit__issue", "unit__severity")


def _result_row(res: Resolution | None, code_cols: tuple[str, ...], prefix: str) -> dict[str, object]:
    """One resolved distinct value as output columns; None (blank cell) gives nulls and no issue."""
    if res is None:  # a missing value is the validator's business, not ours
        return dict.fromkeys((*code_cols, f"{prefix}__issues", f"{prefix}__issue", f"{prefix}__severity"))
    first = res.issues[0] if res.issues else None
    codes = (res.code, res.district_code)[: len(code_cols)]
    return {
        **dict(zip(code_cols, codes, strict=True)),
        f"{prefix}__issues": list(res.issues),
        f"{prefix}__issue": first,
        f"{prefix}__severity": UNIT_ISSUE_SEVERITY[first] if first else None,
    }


_F = TypeVar("_F", pl.DataFrame, pl.LazyFrame)


def _resolve_distinct(
    frame: _F, keys: list[str], resolve: Callable[..., Resolution], code_cols: tuple[str, ...], prefix: str
) -> _F:
    """Resolve each distinct combination of ``keys`` once and left-join the results onto ``frame``."""
    distinct = frame.select([pl.col(k).cast(pl.Utf8) for k in keys]).unique()
    pairs = distinct.collect() if isinstance(distinct, pl.LazyFrame) else distinct
    rows = []
    for pair in pairs.iter_rows(named=True):
        values = [pair[k] for k in keys]
        res = resolve(*values) if values[0] is not None and values[0].strip() else None
        rows.append(
            {**{f"__key_{i}": v for i, v in enumerate(values)}, **_result_row(res, code_cols, prefix)}
        )
    out_cols = dict.fromkeys(code_cols, pl.Utf8) | {
        f"{prefix}__issues": pl.List(pl.Utf8),
        f"{prefix}__issue": pl.Utf8,
        f"{prefix}__severity": pl.Utf8,
    }
    schema = {f"__key_{i}": pl.Utf8 for i in range(len(keys))} | out_cols
    resolved = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    existing = [c for c in out_cols if c in frame.collect_schema().names()]
    base = frame.drop(existing) if existing else frame
    key_cols = [f"__key_{i}" for i in range(len(keys))]
    base = base.with_columns([pl.col(k).cast(pl.Utf8).alias(key_cols[i]) for i, k in enumerate(keys)])
    right = resolved.lazy() if isinstance(base, pl.LazyFrame) else resolved
    joined = base.join(right, on=key_cols, how="left", nulls_equal=True, maintain_order="left")  # type: ignore[arg-type]
    return joined.drop(key_cols)


def resolve_units(frame: _F, *, commune_col: str, district_col: str | None = None, year: int = 2021) -> _F:
    """Add ``commune_code``, ``district_code`` and the unit issue columns to a frame of typed names.

    Each distinct (commune, district) pair is resolved once with :func:`resolve_commune` and joined back,
    so the cost grows with the number of distinct spellings, not of rows (1M rows, 558 spellings: well
    under a second on 2 cores; tests/geo/test_geo_lookup.py checks it). Blank communes get null codes and no issue. Works on a
    DataFrame or a LazyFrame (the distinct pairs of a LazyFrame are collected). ``district_code`` is the
    resolved commune's district (null for 2025, which has no districts). Issue columns: ``unit__issues``
    (all codes, errors first), ``unit__issue`` (the first) and ``unit__severity`` ("error"/"warning").
    """
    _check_year(year)
    keys = [commune_col] + ([district_col] if district_col else [])

    def resolve(commune: str, district: str | None = None) -> Resolution:
        return resolve_commune(commune, district, year)

    return _resolve_distinct(frame, keys, resolve, ("commune_code", "district_code"), "unit")


def resolve_provinces(frame: _F, *, province_col: str, year: int = 2021) -> _F:
    """Add ``province_code`` and ``province__issues``/``province__issue``/``province__severity`` columns.

    For lists of people living in other provinces ("TP. HCM", "Bình Dương", "Đồng Nai"); same issue codes
    and distinct-then-join strategy as :func:`resolve_units`.
    """
    _check_year(year)

    def resolve(name: str) -> Resolution:
        return resolve_province(name, year)

    return _resolve_distinct(frame, [province_col], resolve, ("province_code",), "province")
