"""Vietnamese personal ID numbers: 12-digit CCCD and 9-digit CMND (policies.md §6.1-6.2).

Structure of the 12-digit CCCD / personal ID number (NĐ 137/2015/NĐ-CP Art. 13; TT 07/2016/TT-BCA Art. 7):
digits 1-3 province (or country) of birth registration, digit 4 century + sex (0/1 = 1900s male/female,
2/3 = 2000s, ...; even = male), digits 5-6 the last two digits of the birth year, 7-12 random. There is no
checksum, so a mismatch is a *warning*, never a rejection (policies.md §6.1). CMNDs have 9 digits.

Excel damage repaired here: the number stored as a number (leading zeros lost: Hà Nội's "001..." becomes
10 digits), a ".0" float residue, scientific notation ("7.0123456789E+10"), spaces/dots/dashes typed as
separators, the apostrophe clerks type to force text, the ``="…"`` literal of CSV exports, full-width
digits and invisible format characters (zero-width space, BOM).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

import polars as pl

from ansinh.kernel._staging import Tmp
from ansinh.kernel.calendar import today_vn
from ansinh.kernel.issues import issue_columns
from ansinh.kernel.text import expr_fold

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

__all__ = ["CCCD_PROVINCE_CODES", "IdResult", "normalise_id_number", "normalise_id_numbers"]

#: Province codes of birth registration, TT 07/2016/TT-BCA Phụ lục 1 (63 provinces; codes 001-096 with gaps).
CCCD_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}
_PROVINCES = list(CCCD_PROVINCE_CODES)

_MALE = ("nam", "male", "m", "trai")
_FEMALE = ("nu", "female", "f", "gai")


@dataclass(frozen=True, slots=True)
class IdResult:
    """Normalised ID text (None when unusable), its kind ("cccd"/"cmnd") and the issue codes, errors first."""

    value: str | None
    kind: str | None
    issues: tuple[str, ...]


# A cell that may need more than trimming: a non-ASCII character (full-width digits, NBSP, zero-width
# space) or a text-forcing mark (apostrophe, quotes, ="…").
# d/m/y typed, or the ISO text the reader gives for a real date cell ("2021-02-01 00:00:00").
_DATE_SHAPE = (
    r"^(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{2}|\d{4})|\d{4}-\d{2}-\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_NEEDS_CLEANING = r"[^\x00-\x7F]|[=\"'`]"


def _stages(
    col: str, t: Tmp, dob: pl.Expr | None, sex: pl.Expr | None, this_year: int, *, clean: bool = True
) -> list[list[pl.Expr]]:
    """Undo Excel's damage, classify and check, in small materialised steps.

    ``clean=False`` (the column holds only ASCII without quotes: nearly every list) skips the Unicode and
    wrapper steps, which cost more than the rest of the checks together on 200,000 rows.
    """
    raw = pl.col(col).cast(pl.String)
    text = t("text")
    present = (raw.is_not_null() & (raw.str.strip_chars().str.len_chars() > 0)).alias(t.name("present"))
    stages: list[list[pl.Expr]] = [[present, raw.str.strip_chars().alias(t.name("text"))]]
    if clean:
        stages += [
            # NFKC: full-width digits ("０７９…", East Asian keyboards/IMEs) become ASCII digits; invisible
            # format characters (zero-width space, BOM) pasted from web pages or Zalo go.
            [
                text.str.normalize("NFKC")
                .str.replace_all(r"\p{Cf}", "")
                .str.strip_chars()
                .alias(t.name("text"))
            ],
            # Text-forcing wrappers: the apostrophe clerks type, quotes, and the ="079..." literal that CSV
            # exports write to keep leading zeros.
            [
                text.str.replace(r'^=\s*"(.*)"$', "$1")
                .str.strip_chars()
                .str.strip_chars("'‘’`\"“”")
                .str.strip_chars()
                .alias(t.name("text"))
            ],
        ]
    stages += [
        # "70123456789.0" (float residue).
        [
            pl.when(text.str.contains(r"^\d+\.0+$"))
            .then(text.str.replace(r"\.0+$", ""))
            .otherwise(text)
            .alias(t.name("text"))
        ],
        # "7.0123456789E+10" (scientific notation; Excel shows it when the column is General).
        [
            text.str.replace(",", ".")
            .str.extract_groups(r"^(\d)(?:\.(\d*))?[eE]\+?(\d{1,2})$")
            .alias(t.name("sci"))
        ],
        [
            (t("sci").struct.field("1") + t("sci").struct.field("2").fill_null("")).alias(
                t.name("sci_digits")
            ),
            (t("sci").struct.field("3").cast(pl.Int64) + 1).alias(t.name("sci_len")),
        ],
    ]
    digits, n_int = t("sci_digits"), t("sci_len")
    is_sci = n_int.is_not_null() & (digits.str.len_chars() <= n_int)
    stages += [
        [
            (is_sci & (digits.str.len_chars() < n_int)).alias(t.name("precision_lost")),
            pl.when(is_sci).then(digits.str.pad_end(n_int, "0")).otherwise(text).alias(t.name("text")),
        ],
        # A date in the ID column ("01/02/2021": the "Ngày cấp" column taken for the number, or a shifted
        # row) must never become an ID once its separators go.
        [text.str.contains(_DATE_SHAPE).fill_null(False).alias(t.name("looks_like_date"))],
        [text.str.replace_all(r"[\s.\-_,/]", "").alias(t.name("text"))],
        [
            text.str.contains(r"^[0-9]+$").fill_null(False).alias(t.name("all_digits")),
            text.str.len_chars().alias(t.name("length")),
        ],
        [
            pl.when(t("length") == 11)
            .then("0" + text)
            .when(t("length") == 10)
            .then("00" + text)
            .alias(t.name("zero_padded")),
        ],
    ]
    usable = t("all_digits") & ~t("precision_lost") & ~t("looks_like_date")
    stages.append(
        [
            (usable & t("zero_padded").str.slice(0, 3).is_in(_PROVINCES)).alias(t.name("restored_cccd")),
            (usable & (t("length") == 8)).alias(t.name("restored_cmnd")),
        ]
    )
    value = (
        pl.when(~usable)
        .then(None)
        .when(t("length").is_in([9, 12]))
        .then(text)
        .when(t("restored_cccd"))
        .then(t("zero_padded"))
        .when(t("restored_cmnd"))
        .then("0" + text)
    )
    stages.append([value.alias(t.name("value"))])
    value = t("value")
    stages.append(
        [
            (value.str.len_chars() == 12).fill_null(False).alias(t.name("is_cccd")),
            value.str.slice(3, 1).cast(pl.Int64, strict=False).alias(t.name("century_digit")),
            value.str.slice(4, 2).cast(pl.Int64, strict=False).alias(t.name("yy")),
        ]
    )
    is_cccd, century_digit, yy = t("is_cccd"), t("century_digit"), t("yy")
    century = 1900 + (century_digit // 2) * 100
    checks: list[tuple[pl.Expr, str]] = [
        (t("precision_lost"), "id.precision_lost"),
        (t("looks_like_date"), "id.looks_like_date"),
        (~t("precision_lost") & ~t("looks_like_date") & ~t("all_digits"), "id.invalid_characters"),
        (usable & value.is_null(), "id.invalid_length"),
        (t("restored_cccd") | t("restored_cmnd"), "id.lost_leading_zero_restored"),
        (is_cccd & ~value.str.slice(0, 3).is_in(_PROVINCES), "id.cccd_province_unknown"),
    ]
    if sex is not None:
        folded = expr_fold(sex)
        stated_female = pl.when(folded.is_in(_MALE)).then(False).when(folded.is_in(_FEMALE)).then(True)
        checks.append((is_cccd & (stated_female != (century_digit % 2 == 1)), "id.cccd_sex_mismatch"))
    implied_year_in_future = century + yy > this_year
    if dob is not None:
        century_wrong = (century != (dob // 100) * 100) | (dob.is_null() & implied_year_in_future)
        checks.append((is_cccd & century_wrong, "id.cccd_century_mismatch"))
        checks.append((is_cccd & (yy != dob % 100), "id.cccd_birth_year_mismatch"))
    else:
        checks.append((is_cccd & implied_year_in_future, "id.cccd_century_mismatch"))
    stages.append([cond.fill_null(False).alias(t.name(f"check_{i}")) for i, (cond, _) in enumerate(checks)])
    flagged = [(t(f"check_{i}"), code) for i, (_, code) in enumerate(checks)]
    kind = pl.when(is_cccd).then(pl.lit("cccd")).when(value.is_not_null()).then(pl.lit("cmnd"))
    stages.append(
        [value.alias(col), kind.alias(f"{col}__kind"), *issue_columns(col, flagged, present=t("present"))]
    )
    return stages


def _birth_year(frame: pl.DataFrame | pl.LazyFrame, dob_col: str) -> pl.Expr:
    dtype = frame.collect_schema()[dob_col]
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return pl.col(dob_col).dt.year().cast(pl.Int64)
    return pl.col(dob_col).cast(pl.String).str.extract(r"(\d{4})\s*$").cast(pl.Int64, strict=False)


def normalise_id_numbers(
    frame: FrameT,
    col: str,
    *,
    dob_col: str | None = None,
    sex_col: str | None = None,
    today: dt.date | None = None,
) -> FrameT:
    """Replace ``col`` by the normalised ID text; add ``{col}__kind`` and the issue columns.

    ``dob_col`` (Date/Datetime, or text/int ending in a 4-digit year) and ``sex_col`` (text such as
    "Nam"/"Nữ"/"male"/"F") enable the CCCD digit-4 and digits-5-6 checks. Unusable IDs become null with an
    error; a restored leading zero and every structure mismatch are warnings.
    """
    t = Tmp(col)
    dob = _birth_year(frame, dob_col) if dob_col else None
    sex = pl.col(sex_col).cast(pl.String) if sex_col else None
    if dob is not None:
        frame = frame.with_columns(dob.alias(t.name("birth_year")))
        dob = t("birth_year")
    this_year = (today or today_vn()).year
    clean = True
    if isinstance(frame, pl.DataFrame):
        clean = bool(frame.select(pl.col(col).cast(pl.String).str.contains(_NEEDS_CLEANING).any()).item())
    return t.drop(t.apply(frame, _stages(col, t, dob, sex, this_year, clean=clean)))


def normalise_id_number(
    value: object, *, birth_year: int | None = None, sex: str | None = None, today: dt.date | None = None
) -> IdResult:
    """Scalar version of :func:`normalise_id_numbers` (same rules, one value)."""
    frame = pl.DataFrame(
        {"v": [None if value is None else str(value)], "y": [birth_year], "s": [sex]},
        schema={"v": pl.String, "y": pl.Int64, "s": pl.String},
    )
    out = normalise_id_numbers(
        frame,
        "v",
        dob_col="y" if birth_year is not None else None,
        sex_col="s" if sex is not None else None,
        today=today,
    ).row(0, named=True)
    return IdResult(out["v"], out["v__kind"], tuple(out["v__issues"] or ()))
