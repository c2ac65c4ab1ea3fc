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


def combine_split_birth_dates(frame: pl.DataFrame, fields: set[str], sources: dict[str, str]) -> pl.DataFrame:
    """Mẫu 05-style lists write the birth date under "Nam" or "Nữ": make ``date_of_birth`` and ``sex``."""
    if not ({"dob_male", "dob_female"} & fields) or "date_of_birth" in fields:
        return frame
    male = pl.col("dob_male") if "dob_male" in fields else pl.lit(None, pl.Utf8)
    female = pl.col("dob_female") if "dob_female" in fields else pl.lit(None, pl.Utf8)
    male_present = male.is_not_null() & (male.str.strip_chars() != "")
    female_present = female.is_not_null() & (female.str.strip_chars() != "")
    columns = [
        pl.when(male_present).then(male).otherwise(female).alias("date_of_birth"),
        pl.when(male_present)
        .then(pl.lit(sources.get("dob_male")))
        .when(female_present)
        .then(pl.lit(sources.get("dob_female")))
        .alias("date_of_birth" + SOURCE_SUFFIX),
    ]
    if "sex" not in fields:
        columns.append(
            pl.when(male_present).then(pl.lit("nam")).when(female_present).then(pl.lit("nữ")).alias("sex")
        )
    return frame.with_columns(columns).drop([f for f in ("dob_male", "dob_female") if f in fields])


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
    frame = frame.with_columns(
        pl.col(col).str.strip_chars().str.replace(r"\.0+$", "").str.replace_all(r"[\s.\-]", "").alias(tmp)
    )
    frame = frame.with_columns(
        pl.when(pl.col(tmp).str.contains(r"^\d+$")).then(pl.col(tmp).str.len_chars()).alias(length)
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
