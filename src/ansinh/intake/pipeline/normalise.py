"""Typed, cleaned columns: each form field goes through the kernel normaliser its type names.

Input: the data rows with one raw text column per mapped field (named by the field) and ``__row``.
Output: the same frame with every field normalised in place, the raw text kept as ``<field>__raw`` (the
problem report shows what the clerk typed) and the kernel's issue columns ``<field>__issues/__issue/
__severity``. All of it is vectorised Polars; no Python loop over rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from ansinh.kernel.dates import normalise_dates
from ansinh.kernel.ids import normalise_id_numbers
from ansinh.kernel.issues import ISSUE_SUFFIX, ISSUES_SUFFIX, SEVERITY_SUFFIX
from ansinh.kernel.money import expr_parse_vnd
from ansinh.kernel.phones import normalise_phones
from ansinh.kernel.text import expr_clean_text, expr_person_name

from .formspec import FieldType, FormSpec
from .issues import SEVERITY_OF, add_issue_columns
from .textmatch import folded, prefold

RAW_SUFFIX = "__raw"
SOURCE_SUFFIX = "__source"  # per-row grid column a derived field came from (Nam/Nữ birth-date columns)
TRUE_WORDS = ("x", "co", "c", "yes", "y", "true", "1", "v", "dung", "✓", "✔", "+", "xx")
FALSE_WORDS = ("khong", "k", "no", "n", "false", "0", "-", "ko")


def _present(col: str) -> pl.Expr:
    return pl.col(col).is_not_null() & (pl.col(col).str.strip_chars().str.len_chars() > 0)


# A birth date (or a year, or an Excel serial) in a Nam/Nữ cell, as opposed to a tick ("x", "✓", "1").
_DATE_LIKE = r"\d{4}|\d{1,2}\s*[/\-.]\s*\d{1,2}"
BOTH_SEXES_MARKED = "cả Nam và Nữ"


def combine_split_birth_dates(frame: pl.DataFrame, fields: set[str], sources: dict[str, str]) -> pl.DataFrame:
    """A "Nam" / "Nữ" column pair makes ``sex`` and, when it holds dates, ``date_of_birth``.

    Mẫu 05-style lists write the birth date under "Nam" or "Nữ" (``dob_male``/``dob_female``); other lists
    tick the column ("x") under a "Giới tính" parent (``sex_male``/``sex_female``), and some write the birth
    date there too. The content decides, per row: a date-like cell gives the birth date (unless the list has
    its own birth-date column), any filled cell gives the sex. Both columns filled gives the text
    ``cả Nam và Nữ``, which the sex check reports; it is never resolved silently.
    """
    male_field = next((f for f in ("dob_male", "sex_male") if f in fields), None)
    female_field = next((f for f in ("dob_female", "sex_female") if f in fields), None)
    if male_field is None and female_field is None:
        return frame
    male = pl.col(male_field) if male_field else pl.lit(None, pl.Utf8)
    female = pl.col(female_field) if female_field else pl.lit(None, pl.Utf8)
    male_source = sources.get(male_field) if male_field else None
    female_source = sources.get(female_field) if female_field else None
    # Flags materialised once (an expression used in several columns would be evaluated for each).
    m, f, md, fd = "__male", "__female", "__male_date", "__female_date"
    frame = frame.with_columns(
        (male.is_not_null() & (male.str.strip_chars() != "")).fill_null(False).alias(m),
        (female.is_not_null() & (female.str.strip_chars() != "")).fill_null(False).alias(f),
    )
    # Under a birth-date header ("Ngày sinh" > "Nam") every cell is a date (checked by the date parser);
    # only a bare "Nam"/"Nữ" or "Giới tính" pair needs the content to tell a date from a tick.
    frame = frame.with_columns(
        (
            (pl.col(m) & male.str.contains(_DATE_LIKE).fill_null(False))
            if male_field == "sex_male"
            else pl.col(m)
        ).alias(md),
        (
            (pl.col(f) & female.str.contains(_DATE_LIKE).fill_null(False))
            if female_field == "sex_female"
            else pl.col(f)
        ).alias(fd),
    )
    columns = []
    if "date_of_birth" not in fields:
        columns += [
            pl.when(md).then(male).when(fd).then(female).alias("date_of_birth"),
            # The cell the birth date (or, for a tick-only row, the tick) came from, for the messages.
            pl.when(pl.col(md) | (pl.col(m) & ~pl.col(fd)))
            .then(pl.lit(male_source))
            .when(pl.col(f))
            .then(pl.lit(female_source))
            .alias("date_of_birth" + SOURCE_SUFFIX),
        ]
    if "sex" not in fields:
        columns += [
            pl.when(m)
            .then(pl.when(f).then(pl.lit(BOTH_SEXES_MARKED)).otherwise(pl.lit("nam")))
            .when(f)
            .then(pl.lit("nữ"))
            .alias("sex"),
            # Only a contradiction is ever reported on the derived sex: it points at the Nam column.
            pl.lit(male_source or female_source, pl.Utf8).alias("sex" + SOURCE_SUFFIX),
        ]
    return frame.with_columns(columns).drop([c for c in (male_field, female_field) if c] + [m, f, md, fd])


def combine_split_date_parts(frame: pl.DataFrame, fields: set[str], sources: dict[str, str]) -> pl.DataFrame:
    """A birth date in three columns "Ngày" | "Tháng" | "Năm" (under "Ngày tháng năm sinh") becomes the text
    ``yyyy-m-d`` in ``date_of_birth`` for the date parser; a year alone ("1974") or month and year stay what
    they are, and the parser's year-only / month-year rules and messages apply."""
    parts = [f for f in ("dob_day", "dob_month", "dob_year") if f in fields]
    if "dob_year" not in fields:
        return frame.drop(parts)
    if "date_of_birth" in fields:
        return frame.drop(parts)

    def part(name: str) -> pl.Expr:
        if name not in fields:
            return pl.lit(None, pl.Utf8)
        text = pl.col(name).str.strip_chars().str.replace(r"\.0+$", "")
        return pl.when(text != "").then(text)

    day, month, year = part("dob_day"), part("dob_month"), part("dob_year")
    # Year first ("1980-5-13"): the columns say which number is the day, so no day/month doubt is raised.
    text = (
        pl.when(day.is_not_null() & month.is_not_null())
        .then(pl.concat_str([year, month, day], separator="-"))
        .when(month.is_not_null())
        .then(pl.concat_str([month, year], separator="/"))
        .otherwise(year)
    )
    source = sources.get("dob_day") or sources.get("dob_year")
    return frame.with_columns(
        pl.when(year.is_not_null()).then(text).alias("date_of_birth"),
        pl.lit(source, pl.Utf8).alias("date_of_birth" + SOURCE_SUFFIX),
    ).drop(parts)


def combine_split_name(frame: pl.DataFrame, fields: set[str]) -> pl.DataFrame:
    """Lists that split the name ("Họ và tên đệm" | "Tên") give ``family_name`` and a given name mapped as
    ``full_name`` ("Tên"): join them into the full name, so "An" is never taken for "Nguyễn Văn An"."""
    if "family_name" not in fields:
        return frame
    if "full_name" not in fields:
        return frame.rename({"family_name": "full_name"})
    joined = pl.concat_str([pl.col("family_name"), pl.col("full_name")], separator=" ", ignore_nulls=True)
    return frame.with_columns(joined.alias("full_name")).drop("family_name")


def _int_field(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    # Stages materialised one by one: a nested expression re-evaluates its sub-expressions per use.
    tmp = col + "__text"
    frame = frame.with_columns(
        pl.col(col).str.strip_chars().str.replace(r"[.,]0+$", "").str.replace_all(r"[\s.,]", "").alias(tmp)
    )
    frame = frame.with_columns(pl.col(tmp).cast(pl.Int64, strict=False).alias(tmp))
    value = pl.col(tmp)
    frame = add_issue_columns(
        frame, col, [(value.is_null(), "int.invalid"), (value < 0, "int.negative")], present=_present(col)
    )
    return frame.with_columns(value.alias(col)).drop(tmp)


def _money_field(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    tmp = col + "__value"
    frame = frame.with_columns(expr_parse_vnd(pl.col(col)).alias(tmp))
    frame = add_issue_columns(frame, col, [(pl.col(tmp).is_null(), "money.invalid")], present=_present(col))
    return frame.with_columns(pl.col(tmp).alias(col)).drop(tmp)


def _distinct_lookup(frame: pl.DataFrame, col: str, meaning: dict[str, object]) -> dict[str, object]:
    """Raw cell text -> meaning, folding only the distinct values (tick and enum columns have a handful)."""
    distinct = [v for v in frame.get_column(col).unique().to_list() if v is not None]
    prefold(distinct)
    return {v: meaning[folded(v)] for v in distinct if folded(v) in meaning}


def _bool_field(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    lookup = _distinct_lookup(
        frame, col, {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    )
    tmp = col + "__value"
    frame = frame.with_columns(
        pl.col(col).replace_strict(lookup, default=None, return_dtype=pl.Boolean).alias(tmp)
    )
    # Blank means "no" in a tick column; anything unrecognised stays null and is flagged.
    frame = add_issue_columns(frame, col, [(pl.col(tmp).is_null(), "bool.unclear")], present=_present(col))
    return frame.with_columns(pl.col(tmp).fill_null(False).alias(col)).drop(tmp)


def _enum_field(frame: pl.DataFrame, col: str, values: dict[str, tuple[str, ...]]) -> pl.DataFrame:
    meaning: dict[str, object] = {folded(c): c for c in values}
    meaning.update({spelling: canonical for canonical, spellings in values.items() for spelling in spellings})
    lookup = _distinct_lookup(frame, col, meaning)
    tmp = col + "__value"
    frame = frame.with_columns(
        pl.col(col).replace_strict(lookup, default=None, return_dtype=pl.Utf8).alias(tmp)
    )
    frame = add_issue_columns(frame, col, [(pl.col(tmp).is_null(), "enum.unknown")], present=_present(col))
    return frame.with_columns(pl.col(tmp).alias(col)).drop(tmp)


def _si_field(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    # Mã số BHXH: 10 digits (QĐ 595/QĐ-BHXH); Excel drops a leading zero when the column is numeric.
    tmp, length = col + "__text", col + "__len"
    # Same Excel/CSV damage as ID numbers: full-width digits, invisible characters, the apostrophe or the
    # ="…" literal that forces text, a ".0" float residue, separators.
    # (Only when some cell needs it: the Unicode steps cost more than the rest on 200,000 clean rows.)
    text = pl.col(col).str.strip_chars()
    if frame.select(pl.col(col).str.contains(r"[^\x00-\x7F]|[=\"'`]").any()).item():
        text = (
            pl.col(col)
            .str.normalize("NFKC")
            .str.replace_all(r"\p{Cf}", "")
            .str.strip_chars()
            .str.replace(r'^=\s*"(.*)"$', "$1")
            .str.strip_chars("'‘’`\"“” ")
        )
    frame = frame.with_columns(text.str.replace(r"\.0+$", "").str.replace_all(r"[\s.\-]", "").alias(tmp))
    frame = frame.with_columns(
        pl.when(pl.col(tmp).str.contains(r"^[0-9]+$")).then(pl.col(tmp).str.len_chars()).alias(length)
    )
    value = pl.when(pl.col(length) == 10).then(pl.col(tmp)).when(pl.col(length) == 9).then("0" + pl.col(tmp))
    frame = frame.with_columns(value.alias(col + "__value"))
    frame = add_issue_columns(
        frame,
        col,
        [
            (pl.col(col + "__value").is_null(), "si.invalid"),
            (pl.col(length) == 9, "si.lost_leading_zero_restored"),
        ],
        present=_present(col),
    )
    return frame.with_columns(pl.col(col + "__value").alias(col)).drop(tmp, length, col + "__value")


def _flag_year_only(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """The kernel marks a birth year alone with ``__year_only``; the clerk gets the kernel's warning for it."""
    flag = col + "__year_only"
    if flag not in frame.columns:
        return frame
    issues = pl.col(col + ISSUES_SUFFIX)
    with_flag = (
        pl.when(pl.col(flag).fill_null(False))
        .then(issues.list.concat(pl.lit(["birth.year_only"])))
        .otherwise(issues)
    )
    frame = frame.with_columns(with_flag.alias(col + ISSUES_SUFFIX))
    return frame.with_columns(
        pl.col(col + ISSUES_SUFFIX).list.first().alias(col + ISSUE_SUFFIX),
        pl.col(col + ISSUES_SUFFIX)
        .list.first()
        .replace_strict(SEVERITY_OF, default=None, return_dtype=pl.Utf8)
        .alias(col + SEVERITY_SUFFIX),
    )


def _per_distinct(frame: pl.DataFrame, col: str, expr_fn: Callable[[pl.Expr], pl.Expr]) -> pl.DataFrame:
    """Apply a per-value text expression to each distinct value once when values repeat (names, communes)."""
    distinct = frame.select(pl.col(col)).unique()
    if distinct.height * 2 > frame.height:
        return frame.with_columns(expr_fn(pl.col(col)).alias(col))
    table = distinct.select(pl.col(col).alias("__key"), expr_fn(pl.col(col)).alias("__value"))
    joined = frame.join(table, left_on=col, right_on="__key", how="left", nulls_equal=True)
    return joined.with_columns(pl.col("__value").alias(col)).drop("__value").select(frame.columns)


# Codes that show the column's day/month order was contested (proofs on both sides): only then do the
# counts matter, so only then must every row be parsed rather than each distinct text once.
_ORDER_CONTESTED = ("date.month_first_column", "date.invalid", "date.unparseable")


def _normalise_dates_distinct(
    frame: pl.DataFrame, col: str, *, kind: str, today: dt.date | None
) -> pl.DataFrame:
    """:func:`normalise_dates` on each distinct text once, joined back (a list repeats its dates a lot).

    The kernel decides a column's day/month order from the values that prove one order, the side with more
    proofs winning. Distinct values keep every proof but not the counts, so when the distinct result shows
    a contested order (a month-first warning or an impossible date) the whole column is parsed instead.
    """
    distinct = frame.select(pl.col(col)).unique()
    if distinct.height * 2 > frame.height:
        return normalise_dates(frame, col, kind=kind, today=today)  # type: ignore[arg-type]
    key = "__date_key"
    parsed = normalise_dates(distinct.with_columns(pl.col(col).alias(key)), col, kind=kind, today=today)  # type: ignore[arg-type]
    contested = parsed.select(
        pl.col(col + ISSUES_SUFFIX).list.eval(pl.element().is_in(_ORDER_CONTESTED)).list.any().any()
    )
    if contested.item():
        return normalise_dates(frame, col, kind=kind, today=today)  # type: ignore[arg-type]
    added = [c for c in parsed.columns if c not in (col, key)]
    joined = frame.join(
        parsed.rename({col: "__date_value"}), left_on=col, right_on=key, how="left", nulls_equal=True
    )
    return (
        joined.with_columns(pl.col("__date_value").alias(col))
        .drop("__date_value")
        .select(*frame.columns, *added)
    )


def normalise_fields(frame: pl.DataFrame, form: FormSpec, *, today: dt.date | None = None) -> pl.DataFrame:
    """Normalise every field column of ``frame`` present in ``form`` (see the module docstring)."""
    fields = [c for c in form.columns if c.field in frame.columns]
    frame = frame.with_columns([pl.col(c.field).alias(c.field + RAW_SUFFIX) for c in fields])
    if "date_of_birth" in frame.columns and "date_of_birth" not in {c.field for c in fields}:
        frame = frame.with_columns(pl.col("date_of_birth").alias("date_of_birth" + RAW_SUFFIX))
        spec = form.column("dob_male") or form.column("dob_female")
        if spec is not None:
            fields.append(spec.model_copy(update={"field": "date_of_birth"}))
    if "sex" in frame.columns and form.column("sex") is not None and "sex" not in {c.field for c in fields}:
        fields.append(form.column("sex"))  # type: ignore[arg-type]
    # Dates first: the ID check compares CCCD digits with the birth year.
    for spec in fields:
        if spec.type in (FieldType.DATE, FieldType.BIRTH_DATE):
            kind = "birth" if spec.type == FieldType.BIRTH_DATE else "event"
            frame = _normalise_dates_distinct(frame, spec.field, kind=kind, today=today)
            if kind == "birth":
                frame = _flag_year_only(frame, spec.field)
    for spec in fields:
        if spec.type == FieldType.NAME:
            frame = _per_distinct(frame, spec.field, expr_person_name)
        elif spec.type in (FieldType.TEXT, FieldType.COMMUNE, FieldType.DISTRICT, FieldType.PROVINCE):
            frame = _per_distinct(frame, spec.field, expr_clean_text)
    for spec in fields:
        if spec.type == FieldType.MONEY:
            frame = _money_field(frame, spec.field)
        elif spec.type == FieldType.BOOL:
            frame = _bool_field(frame, spec.field)
        elif spec.type == FieldType.ENUM:
            frame = _enum_field(frame, spec.field, spec.values)
        elif spec.type == FieldType.INT:
            frame = _int_field(frame, spec.field)
        elif spec.type == FieldType.SI_NUMBER:
            frame = _si_field(frame, spec.field)
    for spec in fields:
        if spec.type == FieldType.PHONE:
            frame = normalise_phones(frame, spec.field)
    id_spec = next((s for s in fields if s.type == FieldType.ID_NUMBER), None)
    if id_spec is not None:
        frame = normalise_id_numbers(
            frame,
            id_spec.field,
            dob_col="date_of_birth" if "date_of_birth" in frame.columns else None,
            sex_col="sex" if "sex" in frame.columns else None,
            today=today,
        )
    return frame
