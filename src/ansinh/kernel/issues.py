"""The shared issue representation of the kernel normalisers.

Per normalised column ``c`` a normaliser adds three columns (see the package docstring):
``c__issues`` (List(Utf8), all codes, most severe first), ``c__issue`` (the first one) and ``c__severity``.
A cell may carry several issues (an ID whose leading zero was restored AND whose birth-year digits disagree),
so the full list is kept; most consumers only need ``c__issue``/``c__severity``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

ISSUES_SUFFIX = "__issues"
ISSUE_SUFFIX = "__issue"
SEVERITY_SUFFIX = "__severity"


@dataclass(frozen=True, slots=True)
class IssueType:
    """One issue code: its severity and its message templates (placeholders: ``{value}`` and others)."""

    code: str
    severity: Severity
    message_vi: str
    message_en: str


def _issue(code: str, severity: Severity, vi: str, en: str) -> tuple[str, IssueType]:
    return code, IssueType(code, severity, vi, en)


#: Every issue code the kernel emits. Placeholders: {value} = the original cell text as the clerk typed it,
#: {normalised} = what the kernel made of it (the validator fills both; missing ones stay visible).
ISSUES: dict[str, IssueType] = dict(
    [
        # --- ID numbers (policies.md §6.1-6.2; NĐ 137/2015/NĐ-CP Art. 13, TT 07/2016/TT-BCA Art. 7) ---
        _issue(
            "id.looks_like_date",
            ERROR,
            'Ô số CCCD/CMND có "{value}" là một ngày tháng, không phải số giấy tờ; kiểm tra cột số CCCD/CMND '
            "(có thể đã lấy nhầm cột «Ngày cấp»).",
            'The ID number cell holds "{value}", a date, not an ID number; check the ID column '
            "(the date-of-issue column may have been taken for it).",
        ),
        _issue(
            "id.invalid_characters",
            ERROR,
            'Số CCCD/CMND "{value}" chứa ký tự không phải chữ số.',
            'ID number "{value}" contains characters other than digits.',
        ),
        _issue(
            "id.invalid_length",
            ERROR,
            'Số CCCD/CMND "{value}" không đúng độ dài (CCCD 12 số, CMND 9 số).',
            'ID number "{value}" has the wrong length (CCCD 12 digits, CMND 9 digits).',
        ),
        _issue(
            "id.precision_lost",
            ERROR,
            'Số CCCD/CMND "{value}" đã bị Excel đổi sang dạng số mũ và mất chữ số; '
            "hãy định dạng cột là Văn bản (Text) và nhập lại.",
            'ID number "{value}" was turned into scientific notation by Excel and lost digits; '
            "format the column as Text and type it again.",
        ),
        _issue(
            "id.lost_leading_zero_restored",
            WARNING,
            'Số CCCD/CMND "{value}" bị mất số 0 ở đầu; hệ thống đã bổ sung thành {normalised}, đề nghị kiểm tra.',
            'ID number "{value}" lost its leading zero; restored as {normalised}, please check.',
        ),
        _issue(
            "id.cccd_province_unknown",
            WARNING,
            "Số CCCD {normalised}: 3 số đầu không phải mã tỉnh/thành phố nơi đăng ký khai sinh.",
            "CCCD {normalised}: the first 3 digits are not a province code of birth registration.",
        ),
        _issue(
            "id.cccd_sex_mismatch",
            WARNING,
            "Số CCCD {normalised}: chữ số thứ 4 (giới tính) không khớp với giới tính đã khai.",
            "CCCD {normalised}: digit 4 (sex) does not match the stated sex.",
        ),
        _issue(
            "id.cccd_century_mismatch",
            WARNING,
            "Số CCCD {normalised}: chữ số thứ 4 (thế kỷ sinh) không khớp với năm sinh.",
            "CCCD {normalised}: digit 4 (century of birth) does not match the year of birth.",
        ),
        _issue(
            "id.cccd_birth_year_mismatch",
            WARNING,
            "Số CCCD {normalised}: chữ số thứ 5-6 (năm sinh) không khớp với năm sinh đã khai.",
            "CCCD {normalised}: digits 5-6 (year of birth) do not match the stated year of birth.",
        ),
        # --- dates ---
        _issue(
            "date.unparseable",
            ERROR,
            'Không hiểu ngày "{value}"; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/07/2021.',
            'Cannot read the date "{value}"; use day/month/year, e.g. 05/07/2021.',
        ),
        _issue(
            "date.month_year_only",
            ERROR,
            'Ngày "{value}" chỉ có tháng và năm, thiếu ngày; hãy ghi đủ ngày/tháng/năm, ví dụ 05/07/2021.',
            'The date "{value}" has only a month and a year; write the full day/month/year, e.g. 05/07/2021.',
        ),
        _issue(
            "date.year_only",
            ERROR,
            'Ngày "{value}" chỉ có năm, thiếu ngày và tháng; hãy ghi đủ ngày/tháng/năm, ví dụ 05/07/2021.',
            'The date "{value}" is only a year; write the full day/month/year, e.g. 05/07/2021.',
        ),
        _issue(
            "date.birth_month_year_only",
            WARNING,
            'Chỉ có tháng và năm sinh "{value}"; ngày sinh được ghi nhận là {normalised}. Đề nghị kiểm tra.',
            'Only the month and year of birth "{value}" are given; recorded as {normalised}. Please check.',
        ),
        _issue(
            "date.invalid",
            ERROR,
            'Ngày "{value}" không tồn tại (ví dụ 31/02).',
            'The date "{value}" does not exist (e.g. 31/02).',
        ),
        _issue(
            "date.out_of_range",
            ERROR,
            'Ngày "{value}" nằm ngoài khoảng hợp lệ (từ năm 1900 đến 2100; ngày sinh không được ở tương lai).',
            'The date "{value}" is out of range (years 1900-2100; a birth date cannot be in the future).',
        ),
        _issue(
            "date.ambiguous_day_month",
            WARNING,
            'Ngày "{value}" có thể đọc hai cách; hệ thống hiểu là {normalised} (ngày/tháng). Đề nghị kiểm tra.',
            'The date "{value}" can be read two ways; understood as {normalised} (day/month). Please check.',
        ),
        _issue(
            "date.month_first_column",
            WARNING,
            'Cột ngày được nhập theo thứ tự tháng/ngày; "{value}" được hiểu là {normalised}.',
            'The date column is month/day; "{value}" was read as {normalised}.',
        ),
        _issue(
            "date.two_digit_year",
            WARNING,
            'Năm viết 2 chữ số trong "{value}"; hệ thống hiểu là {normalised}.',
            'Two-digit year in "{value}"; understood as {normalised}.',
        ),
        # --- phones (policies.md §6.3) ---
        _issue(
            "phone.invalid",
            ERROR,
            'Số điện thoại "{value}" không hợp lệ (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09).',
            'Phone number "{value}" is not valid (mobiles have 10 digits starting 03, 05, 07, 08, 09).',
        ),
        _issue(
            "phone.several_first_kept",
            WARNING,
            'Ô có nhiều số điện thoại "{value}"; hệ thống lấy số đầu tiên {normalised}.',
            'The cell holds several phone numbers "{value}"; the first, {normalised}, was kept.',
        ),
        _issue(
            "phone.lost_leading_zero_restored",
            WARNING,
            'Số điện thoại "{value}" bị mất số 0 ở đầu; đã bổ sung thành {normalised}.',
            'Phone number "{value}" lost its leading zero; restored as {normalised}.',
        ),
        _issue(
            "phone.old_prefix_converted",
            WARNING,
            'Số điện thoại "{value}" dùng đầu số 11 số cũ; đã chuyển thành {normalised}.',
            'Phone number "{value}" uses an old 11-digit prefix; converted to {normalised}.',
        ),
        _issue(
            "phone.landline",
            WARNING,
            'Số "{value}" là số điện thoại cố định, không phải số di động.',
            '"{value}" is a landline number, not a mobile.',
        ),
    ]
)

__all__ = [
    "ERROR",
    "ISSUES",
    "ISSUES_SUFFIX",
    "ISSUE_MESSAGES",
    "ISSUE_SUFFIX",
    "SEVERITY_SUFFIX",
    "WARNING",
    "IssueType",
    "issue_columns",
    "issue_message",
    "issues_long",
]


#: The name used in the issue-4 brief.
ISSUE_MESSAGES = ISSUES


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def issue_message(code: str, lang: str = "vi", **values: object) -> str:
    """Format the message of ``code`` in ``lang`` ("vi" or "en"); missing placeholders are left visible."""
    issue = ISSUES[code]
    template = issue.message_vi if lang == "vi" else issue.message_en
    return template.format_map(_KeepMissing(values))


_SEVERITY_RANK = {ERROR: 0, WARNING: 1}


def issue_columns(column: str, checks: list[tuple[pl.Expr, str]], *, present: pl.Expr) -> list[pl.Expr]:
    """Build the three issue columns of ``column`` from ``(condition, code)`` pairs.

    ``present`` is true where the input cell had a value; absent cells get null issue columns. The codes
    are ordered errors first, then in the order of ``checks``. (Built with ``concat_str``: ``concat_list``
    plus ``list.drop_nulls`` is ten times slower on a million rows.)
    """
    ordered = sorted(checks, key=lambda check: _SEVERITY_RANK[ISSUES[check[1]].severity])
    conditions = [cond.fill_null(False) for cond, _ in ordered]
    if not conditions:
        conditions = [pl.lit(False)]
        ordered = [(pl.lit(False), "")]
    joined = pl.concat_str(
        [pl.when(cond).then(pl.lit(code)) for cond, (_, code) in zip(conditions, ordered, strict=True)],
        separator=";",
        ignore_nulls=True,
    )
    any_issue = pl.any_horizontal(conditions)
    errors = [
        cond
        for cond, (_, code) in zip(conditions, ordered, strict=True)
        if code and ISSUES[code].severity == ERROR
    ]
    any_error = pl.any_horizontal(errors) if errors else pl.lit(False)
    issues = (
        pl.when(present & any_issue)
        .then(joined.str.split(";"))
        .when(present)
        .then(pl.lit([], dtype=pl.List(pl.String)))
    )
    first = pl.when(present & any_issue).then(joined.str.extract(r"^([^;]+)", 1))
    severity = (
        pl.when(present & any_error).then(pl.lit(ERROR)).when(present & any_issue).then(pl.lit(WARNING))
    )
    return [
        issues.alias(column + ISSUES_SUFFIX),
        first.alias(column + ISSUE_SUFFIX),
        severity.alias(column + SEVERITY_SUFFIX),
    ]


def issues_long(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Long frame ``(row_nr, column, code, severity)`` of every issue of ``columns`` (row_nr 0-based)."""
    parts = [
        frame.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("row_nr"),
            pl.lit(col).alias("column"),
            pl.col(col + ISSUES_SUFFIX).alias("code"),
        )
        .explode("code")
        .drop_nulls("code")
        for col in columns
    ]
    if not parts:
        return pl.DataFrame(
            schema={"row_nr": pl.UInt32, "column": pl.String, "code": pl.String, "severity": pl.String}
        )
    long = pl.concat(parts)
    return long.with_columns(
        pl.col("code")
        .replace_strict({c: i.severity for c, i in ISSUES.items()}, default=None, return_dtype=pl.String)
        .alias("severity")
    ).sort("row_nr", maintain_order=True)
