"""Comparison columns for person linkage, from the raw list columns (Polars, vectorised).

Input: a frame with ``record_id`` and any of ``full_name, date_of_birth, sex, id_number, phone, address,
commune, district, province`` (text; missing columns are treated as empty). Output: one row per record with
``unique_id`` (= record_id) and the match keys below. These are *match keys*, not display values: the
kernel (:mod:`ansinh.kernel`) does the normalisation a clerk sees; here we only derive what two spellings of
one person share. Names and unit names first go through the kernel's ``expr_clean_text`` (NFC and repair of
TCVN3/VNI legacy-font text), so "NguyÔn V¨n Hïng" from an old .xls matches "Nguyễn Văn Hùng".

Names (policies: Vietnamese full name = surname, middle name(s), given name):
    ``name_vi`` lowercase NFC with diacritics; ``name_fold`` without diacritics and with Telex residue
    repaired ("Nguyeenx" -> "nguyen"); ``surname``, ``middle``, ``given`` (folded tokens), ``given_vi``
    (given name with diacritics, null when the record was typed without any diacritics), ``given_known``
    (the given name is a common real name: see given_names.py), ``given_sorted`` (its letters sorted).
Birth date: ``dob`` (ISO text, null when only the year is known), ``dob_swapped`` (day and month swapped,
    when that is a valid date), ``birth_year`` (Int32), ``dob_year_only`` (Boolean).
ID (policies.md §6.1-6.2): ``id_norm`` digits with the lost leading zeros restored (10-11 digits -> 12-digit
    CCCD, 8 -> 9-digit CMND; other lengths of 5+ digits kept as they are), ``id_kind`` ("cccd" / "cmnd" /
    "other"), ``id_tail8`` last 8 digits (a key that
    survives any lost leading zero), ``id_sorted`` (its digits sorted: equal under a transposition),
    ``id_birth_year`` (the two year digits of a CCCD expanded with its
    century digit) .
Phone (§6.3): ``phone9`` last 9 digits (drops 0 / +84), null when fewer than 9 digits.
Place: ``commune_key`` and ``district_key`` folded names without the unit word ("Xã", "X.", "P.",
    "TT." ...), taken from the columns or, when those are blank, from the address.
``sex``: "m" / "f" / null.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ansinh.kernel.text import expr_clean_text
from ansinh.linkage.engine.given_names import KNOWN_GIVEN_NAMES

INPUT_COLUMNS = (
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
FEATURE_COLUMNS = (
    "unique_id",
    "name_vi",
    "name_fold",
    "surname",
    "middle",
    "given",
    "given_vi",
    "given_known",
    "given_sorted",
    "dob",
    "dob_swapped",
    "birth_year",
    "dob_year_only",
    "id_norm",
    "id_kind",
    "id_tail8",
    "id_sorted",
    "id_birth_year",
    "phone9",
    "commune_key",
    "district_key",
    "sex",
)

# Telex tone / shape keys never occur after the first vowel of a Vietnamese syllable written without
# diacritics; when they do, the text was typed with Telex and the input method failed ("Nguyeenx").
_TELEX_AFTER_VOWEL = r"([aeiouy][a-z]*?)[fjrswxz]+([a-z]*)$"
_UNIT_WORDS = r"^(thanh pho|thi xa|thi tran|huyen|quan|phuong|xa|tp|tx|tt|h|q|p|x)\b[ .]*"


def prepare(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Return the comparison columns (:data:`FEATURE_COLUMNS`) for each input record."""
    lf = frame.lazy()
    present = set(lf.collect_schema().names())
    lf = lf.with_columns(
        [pl.lit(None, dtype=pl.String).alias(c) for c in INPUT_COLUMNS if c not in present]
    ).with_columns([pl.col(c).cast(pl.String) for c in INPUT_COLUMNS])
    lf = lf.with_columns([pl.col(c).str.strip_chars().replace("", None).alias(c) for c in INPUT_COLUMNS[1:]])
    # Names and places repeat a lot (a million records hold a few hundred communes): derive their keys once
    # per distinct value and join them back.
    lf = _per_distinct(lf, ("full_name",), lambda d: _names(_kernel_clean(d, ("full_name",))), _NAME_KEYS)
    lf = _per_distinct(
        lf,
        ("commune", "district", "address"),
        lambda d: _places(_kernel_clean(d, ("commune", "district"))),
        ("commune_key", "district_key"),
    )
    lf = _dates(lf)
    lf = _ids(lf)
    lf = _phones(lf)
    lf = lf.with_columns(_sex(pl.col("sex")).alias("sex"), pl.col("record_id").alias("unique_id"))
    return lf.select(FEATURE_COLUMNS).collect()


_NAME_KEYS = ("name_vi", "name_fold", "surname", "middle", "given", "given_vi", "given_known", "given_sorted")


def _per_distinct(
    lf: pl.LazyFrame,
    inputs: tuple[str, ...],
    derive: Callable[[pl.LazyFrame], pl.LazyFrame],
    outputs: tuple[str, ...],
) -> pl.LazyFrame:
    """Add ``outputs`` computed by ``derive`` on the distinct combinations of ``inputs`` only."""
    # ``derive`` may rewrite its inputs (cleaning), so the join uses untouched copies of them.
    keys = [f"_key_{c}" for c in inputs]
    distinct = (
        lf.select(inputs).unique().with_columns(pl.col(c).alias(k) for c, k in zip(inputs, keys, strict=True))
    )
    derived = derive(distinct).select(*keys, *outputs)
    lf = lf.with_columns(pl.col(c).alias(k) for c, k in zip(inputs, keys, strict=True))
    return lf.join(derived, on=keys, how="left", nulls_equal=True, maintain_order="left").drop(keys)


def _kernel_clean(lf: pl.LazyFrame, columns: tuple[str, ...]) -> pl.LazyFrame:
    """The kernel's ``expr_clean_text`` (NFC, TCVN3/VNI repair, spaces) on each *distinct* value only:
    a million records hold a few hundred communes and far fewer distinct names than rows."""
    for column in columns:
        distinct = lf.select(column).unique().with_columns(expr_clean_text(pl.col(column)).alias("_clean"))
        lf = (
            lf.join(distinct, on=column, how="left", nulls_equal=True, maintain_order="left")
            .with_columns(pl.col("_clean").alias(column))
            .drop("_clean")
        )
    return lf


# -------------------------------------------------------------------------------------------------- names
def _clean(e: pl.Expr) -> pl.Expr:
    """Lowercase words only (the kernel cleaned the text before: :func:`_kernel_clean`)."""
    return (
        e.str.to_lowercase()
        .str.replace_all(r"[^\w' ]+", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .replace("", None)
    )


def fold_expr(e: pl.Expr) -> pl.Expr:
    """Lowercase text without diacritics (đ -> d)."""
    return (
        e.str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
        .str.replace_all("đ", "d")
        .str.replace_all("Đ", "d")
    )


def _repair_telex_token(e: pl.Expr) -> pl.Expr:
    """Undo Telex residue in one folded token: 'nguyeenx' -> 'nguyen', 'ddawngj' -> 'dang'."""
    e = e.str.replace(r"^dd", "d")
    e = e.str.replace_all("aa", "a").str.replace_all("ee", "e").str.replace_all("oo", "o")
    e = e.str.replace_all("(?:aw)", "a").str.replace_all("(?:ow)", "o").str.replace_all("(?:uw)", "u")
    # Drop tone keys after the first vowel (Vietnamese syllables never have f j r s w x z there).
    return e.str.replace(r"^([^aeiouy]*[aeiouy][a-z]*?)[fjrswxz]([a-z]*)$", "$1$2").str.replace(
        r"^([^aeiouy]*[aeiouy][a-z]*?)[fjrswxz]([a-z]*)$", "$1$2"
    )


def _names(lf: pl.LazyFrame) -> pl.LazyFrame:
    lf = lf.with_columns(_clean(pl.col("full_name")).alias("name_vi"))
    lf = lf.with_columns(pl.col("name_vi").str.split(" ").alias("_tok_vi"))
    folded_tokens = pl.col("_tok_vi").list.eval(_repair_telex_token(fold_expr(pl.element())))
    lf = lf.with_columns(folded_tokens.alias("_tok"))
    n_tok = pl.col("_tok").list.len()
    has_marks = pl.col("name_vi") != fold_expr(pl.col("name_vi"))
    lf = lf.with_columns(
        pl.col("_tok").list.join(" ").alias("name_fold"),
        pl.col("_tok").list.first().alias("surname"),
        pl.when(n_tok >= 2).then(pl.col("_tok").list.last()).alias("given"),
        pl.when((n_tok >= 2) & has_marks).then(pl.col("_tok_vi").list.last()).alias("given_vi"),
        pl.when(n_tok >= 3).then(pl.col("_tok").list.slice(1, n_tok - 2).list.join(" ")).alias("middle"),
    )
    return lf.with_columns(
        pl.col("given").is_in(list(KNOWN_GIVEN_NAMES)).fill_null(False).alias("given_known"),
        pl.col("given").str.split("").list.sort().list.join("").alias("given_sorted"),  # swapped letters
    )


# -------------------------------------------------------------------------------------------------- dates
def _dates(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Parse dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, yyyymmdd and a year alone (the CLI contract)."""
    raw = pl.col("date_of_birth").str.replace_all(r"\s+", "")
    dmy = raw.str.extract_groups(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
    ymd = raw.str.extract_groups(r"^(\d{4})-?(\d{2})-?(\d{2})$")
    lf = lf.with_columns(
        pl.coalesce(dmy.struct.field("3"), ymd.struct.field("1"), raw.str.extract(r"^(\d{4})$", 1))
        .cast(pl.Int32, strict=False)
        .alias("_y"),
        pl.coalesce(dmy.struct.field("2"), ymd.struct.field("2")).cast(pl.Int32, strict=False).alias("_m"),
        pl.coalesce(dmy.struct.field("1"), ymd.struct.field("3")).cast(pl.Int32, strict=False).alias("_d"),
    )
    valid_year = pl.col("_y").is_between(1880, 2100)
    return lf.with_columns(
        pl.when(valid_year).then(pl.col("_y")).alias("birth_year"),
        pl.when(valid_year).then(_iso(pl.col("_y"), pl.col("_m"), pl.col("_d"))).alias("dob"),
        pl.when(valid_year & (pl.col("_d") != pl.col("_m")))
        .then(_iso(pl.col("_y"), pl.col("_d"), pl.col("_m")))
        .alias("dob_swapped"),
    ).with_columns(
        (pl.col("birth_year").is_not_null() & pl.col("dob").is_null()).alias("dob_year_only"),
    )


def _iso(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """ISO text of a valid calendar date, else null (31/02 is null, not an error)."""
    text = pl.format("{}-{}-{}", year, month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2))
    return text.str.to_date("%Y-%m-%d", strict=False).dt.strftime("%Y-%m-%d")


# -------------------------------------------------------------------------------------------------- ids
def _ids(lf: pl.LazyFrame) -> pl.LazyFrame:
    digits = pl.col("id_number").str.replace_all(r"\D", "")
    n = digits.str.len_chars()
    # Spreadsheets drop the leading zero: every CCCD starts with 0 (province codes 001-096), many CMNDs too.
    norm = (
        pl.when(n == 12)
        .then(digits)
        .when(n.is_between(10, 11))  # Hà Nội's code is 001: Excel drops both zeros
        .then(digits.str.zfill(12))
        .when(n == 9)
        .then(digits)
        .when(n == 8)
        .then(digits.str.zfill(9))
        # Any other identifier of reasonable length (a passport, a foreign or test data set's number) is still
        # compared, as kind "other", rather than thrown away.
        .when(n >= 5)
        .then(digits)
    )
    lf = lf.with_columns(norm.alias("id_norm"))
    length = pl.col("id_norm").str.len_chars()
    kind = (
        pl.when(length == 12)
        .then(pl.lit("cccd"))
        .when(length == 9)
        .then(pl.lit("cmnd"))
        .when(length.is_not_null())
        .then(pl.lit("other"))
    )
    century = pl.col("id_norm").str.slice(3, 1).cast(pl.Int32, strict=False) // 2
    yy = pl.col("id_norm").str.slice(4, 2).cast(pl.Int32, strict=False)
    return lf.with_columns(
        kind.alias("id_kind"),
        pl.col("id_norm").str.slice(-8).alias("id_tail8"),
        # Same digits in another order: a transposition typo (any edit distance).
        pl.concat_str(
            [pl.col("id_norm").str.count_matches(str(d)).cast(pl.String) for d in range(10)], separator="."
        ).alias("id_sorted"),
        pl.when(kind == "cccd").then(1900 + century * 100 + yy).cast(pl.Int32).alias("id_birth_year"),
    )


def _phones(lf: pl.LazyFrame) -> pl.LazyFrame:
    digits = pl.col("phone").str.replace_all(r"\D", "")
    return lf.with_columns(pl.when(digits.str.len_chars() >= 9).then(digits.str.slice(-9)).alias("phone9"))


# -------------------------------------------------------------------------------------------------- places
def _unit_key(e: pl.Expr) -> pl.Expr:
    folded = fold_expr(e.str.to_lowercase()).str.replace_all(r"\s+", " ").str.strip_chars()
    return folded.str.replace(_UNIT_WORDS, "").str.strip_chars(" .").replace("", None)


def _from_address(pattern: str) -> pl.Expr:
    address = fold_expr(pl.col("address").str.normalize("NFC").str.to_lowercase())
    return address.str.extract(pattern, 1).str.strip_chars(" .").replace("", None)


def _places(lf: pl.LazyFrame) -> pl.LazyFrame:
    commune_in_address = _from_address(r"(?:^|,)\s*(?:xa|phuong|thi tran|x\.|p\.|tt\.)\s*([^,]+)")
    district_in_address = _from_address(
        r"(?:^|,)\s*(?:huyen|thi xa|thanh pho|quan|h\.|tx\.|tp\.|q\.)\s*([^,]+)"
    )
    return lf.with_columns(
        pl.coalesce(_unit_key(pl.col("commune")), commune_in_address).alias("commune_key"),
        pl.coalesce(_unit_key(pl.col("district")), district_in_address).alias("district_key"),
    )


def _sex(e: pl.Expr) -> pl.Expr:
    folded = fold_expr(e.str.to_lowercase()).str.strip_chars()
    return (
        pl.when(folded.is_in(["nam", "m", "male", "1", "trai"]))
        .then(pl.lit("m"))
        .when(folded.is_in(["nu", "f", "female", "0", "gai"]))
        .then(pl.lit("f"))
    )
