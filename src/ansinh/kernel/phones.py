"""Vietnamese phone numbers to 10-digit mobiles / 11-digit landlines (policies.md §6.3).

* Separators (spaces, dots, dashes, brackets), a leading apostrophe and a ".0" float residue are removed.
* International forms "+84", "84", "0084", "(+84)" become the national "0" prefix.
* A lost leading zero (the cell was a number: 9 digits starting 3/5/7/8/9, or 10 digits starting 2 for a
  landline or 1 for an old 11-digit mobile) is restored, with a warning.
* Old 11-digit mobile prefixes (converted 15/09/2018-30/06/2019; the last 7 digits were kept) are mapped
  to the new 10-digit ones, with a warning: Viettel 016x -> 03x; MobiFone 0120/0121/0122/0126/0128 ->
  070/079/077/076/078; VinaPhone 0123/0124/0125/0127/0129 -> 083/084/085/081/082; Vietnamobile 0186/0188 ->
  056/058; Gmobile 0199 -> 059.
* Landlines: "02" + area code + subscriber = 11 digits (area codes since 2017, e.g. Bình Phước 0271); kept as
  11 digits, kind "landline", with a warning (a support list wants a mobile).
* Two numbers in one cell ("0912 345 678 / 0987 654 321", "… hoặc …"): the first is kept, with a warning.
* Full-width digits, invisible characters and the ``="…"`` literal of CSV exports are undone.
* Anything else is an error and the value becomes null.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from ansinh.kernel._staging import Tmp
from ansinh.kernel.issues import issue_columns

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

__all__ = ["OLD_MOBILE_PREFIXES", "PhoneResult", "normalise_phone", "normalise_phones"]

#: Old 11-digit mobile prefix (4 digits) -> new 10-digit prefix (3 digits); policies.md §6.3.
OLD_MOBILE_PREFIXES: dict[str, str] = {
    **{f"016{d}": f"03{d}" for d in "23456789"},
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0186": "056",
    "0188": "058",
    "0199": "059",
}

_MOBILE = r"^0[35789]\d{8}$"
_LANDLINE = r"^02\d{9}$"


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """Normalised phone (None when invalid), kind ("mobile"/"landline") and issue codes (errors first)."""

    value: str | None
    kind: str | None
    issues: tuple[str, ...]


# A cell that may need Unicode cleaning (full-width digits, zero-width space) or holds the ="…" literal.
_NEEDS_CLEANING = r"[^\x00-\x7F]|="
# Two numbers in one cell ("0912 345 678 / 0987 654 321", "… - …", "… hoặc …"): the part before the first
# separator, taken only when the cell holds at least 18 digits (a single number has at most 12 with "84").
_FIRST_OF_SEVERAL = r"^\s*([^/,;|\n]*?\d[^/,;|\n]*?)\s*(?:[/,;|\n]|\s-\s|\s+(?:ho[aặ]c|or)\s+)"


def _stages(col: str, t: Tmp, *, clean: bool = True) -> list[list[pl.Expr]]:
    raw = pl.col(col).cast(pl.String)
    if clean:
        raw = (
            raw.str.normalize("NFKC").str.replace_all(r"\p{Cf}", "").str.replace(r'^\s*=\s*"(.*)"\s*$', "$1")
        )
    raw = raw.str.strip_chars()
    text = t("text")
    stages: list[list[pl.Expr]] = [
        [
            (raw.is_not_null() & (raw.str.len_chars() > 0)).alias(t.name("present")),
            raw.str.strip_chars_start("'‘’`\"").str.replace(r"^(\d+)\.0+$", "${1}").alias(t.name("text")),
        ],
        [(text.str.count_matches(r"\d") >= 18).fill_null(False).alias(t.name("several"))],
        [
            pl.when(t("several"))
            .then(pl.coalesce(text.str.extract(_FIRST_OF_SEVERAL), text))
            .otherwise(text)
            .alias(t.name("text"))
        ],
        [
            text.str.replace_all(r"[\s.\-()/_]", "")
            .str.replace(r"^(?:\+84|0084|84(\d{9,10}$))", "0${1}")
            .alias(t.name("text"))
        ],
        # 9-digit mobiles, 10-digit landlines ("2xx...") and old 11-digit mobiles ("1xx...") stored as numbers.
        [text.str.contains(r"^(?:[35789]\d{8}|[12]\d{9})$").fill_null(False).alias(t.name("lost_zero"))],
        [pl.when(t("lost_zero")).then("0" + text).otherwise(text).alias(t.name("text"))],
        [
            ((text.str.len_chars() == 11) & text.str.slice(0, 4).is_in(list(OLD_MOBILE_PREFIXES)))
            .fill_null(False)
            .alias(t.name("is_old"))
        ],
        [
            pl.when(t("is_old"))
            .then(text.str.slice(0, 4).replace_strict(OLD_MOBILE_PREFIXES, default=None) + text.str.slice(4))
            .otherwise(text)
            .alias(t.name("text"))
        ],
        [
            text.str.contains(_MOBILE).fill_null(False).alias(t.name("is_mobile")),
            text.str.contains(_LANDLINE).fill_null(False).alias(t.name("is_landline")),
        ],
    ]
    is_mobile, is_landline = t("is_mobile"), t("is_landline")
    value = pl.when(is_mobile | is_landline).then(text)
    kind = pl.when(is_mobile).then(pl.lit("mobile")).when(is_landline).then(pl.lit("landline"))
    checks = [
        (~is_mobile & ~is_landline, "phone.invalid"),
        (t("lost_zero"), "phone.lost_leading_zero_restored"),
        (t("is_old"), "phone.old_prefix_converted"),
        (t("several") & (is_mobile | is_landline), "phone.several_first_kept"),
        (is_landline, "phone.landline"),
    ]
    stages.append(
        [value.alias(col), kind.alias(f"{col}__kind"), *issue_columns(col, checks, present=t("present"))]
    )
    return stages


def normalise_phones(frame: FrameT, col: str) -> FrameT:
    """Replace ``col`` by the normalised phone text; add ``{col}__kind`` and the issue columns."""
    t = Tmp(col)
    clean = True
    if isinstance(frame, pl.DataFrame):
        clean = bool(frame.select(pl.col(col).cast(pl.String).str.contains(_NEEDS_CLEANING).any()).item())
    return t.drop(t.apply(frame, _stages(col, t, clean=clean)))


def normalise_phone(value: object) -> PhoneResult:
    """Scalar version of :func:`normalise_phones`."""
    frame = pl.DataFrame({"v": [None if value is None else str(value)]}, schema={"v": pl.String})
    out = normalise_phones(frame, "v").row(0, named=True)
    return PhoneResult(out["v"], out["v__kind"], tuple(out["v__issues"] or ()))
