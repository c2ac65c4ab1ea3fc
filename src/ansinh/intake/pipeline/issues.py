"""Issue codes the intake pipeline adds to the kernel's (same shape: code, severity, Vietnamese message).

The kernel's codes (``id.*``, ``date.*``, ``phone.*``) live in :data:`ansinh.kernel.issues.ISSUES`; these are
the checks that belong to a list rather than to a value (a required column left empty, a duplicate row).
"""

from __future__ import annotations

import polars as pl

from ansinh.kernel.issues import (
    ERROR,
    ISSUE_SUFFIX,
    ISSUES,
    ISSUES_SUFFIX,
    SEVERITY_SUFFIX,
    WARNING,
    IssueType,
)


def _issue(code: str, severity: str, vi: str, en: str) -> tuple[str, IssueType]:
    return code, IssueType(code, severity, vi, en)  # type: ignore[arg-type]


INTAKE_ISSUES: dict[str, IssueType] = dict(
    [
        _issue(
            "required.missing", ERROR, "Thiếu {header} (cột bắt buộc).", "{header} is missing (required)."
        ),
        _issue(
            "int.invalid",
            ERROR,
            '"{value}" không phải số nguyên.',
            '"{value}" is not a whole number.',
        ),
        _issue(
            "int.negative",
            ERROR,
            '"{value}" không được là số âm.',
            '"{value}" must not be negative.',
        ),
        _issue(
            "money.invalid",
            ERROR,
            'Số tiền "{value}" không đọc được; hãy ghi số đồng, ví dụ 3.710.000.',
            'Amount "{value}" cannot be read; write it in dong, e.g. 3.710.000.',
        ),
        _issue(
            "bool.unclear",
            WARNING,
            'Không rõ "{value}" là có hay không; hãy ghi «x» hoặc «Có» khi có, để trống khi không.',
            'Cannot tell whether "{value}" means yes or no; write «x» or «Có» for yes, leave blank for no.',
        ),
        _issue(
            "enum.unknown",
            WARNING,
            'Giá trị "{value}" không thuộc các giá trị cho phép ({allowed}).',
            '"{value}" is not one of the allowed values ({allowed}).',
        ),
        _issue(
            "si.invalid",
            ERROR,
            'Mã số BHXH "{value}" phải gồm 10 chữ số.',
            'Social insurance number "{value}" must have 10 digits.',
        ),
        _issue(
            "si.lost_leading_zero_restored",
            WARNING,
            'Mã số BHXH "{value}" bị mất số 0 ở đầu; đã bổ sung thành {normalised}.',
            'Social insurance number "{value}" lost its leading zero; restored as {normalised}.',
        ),
        _issue(
            "dates.end_before_start",
            ERROR,
            'Ngày kết thúc "{value}" trước ngày bắt đầu.',
            'End date "{value}" is before the start date.',
        ),
        _issue(
            "row.duplicate",
            WARNING,
            "Trùng với dòng {first_row} (cùng số CCCD/CMND {normalised}); dòng này vẫn được giữ để cán bộ xem xét.",
            "Duplicate of row {first_row} (same ID number {normalised}); kept for review.",
        ),
        _issue(
            "birth.year_only",
            WARNING,
            'Chỉ có năm sinh "{value}"; ngày sinh được ghi nhận là {normalised}.',
            'Only the birth year "{value}" is given; recorded as {normalised}.',
        ),
        _issue(
            "row.group_heading",
            WARNING,
            'Dòng chỉ có "{value}" (không có STT, số CCCD/CMND, ngày sinh): coi là tiêu đề nhóm, không phải '
            "một người, đã bỏ qua. Nếu đây là một người, hãy bổ sung thông tin rồi gửi lại.",
            'The row holds only "{value}" (no number, ID or birth date): taken as a group heading, not a '
            "person, and skipped. If it is a person, add the data and resend.",
        ),
        _issue(
            "column.ignored",
            WARNING,
            "Cột {letter} «{header}» không thuộc mẫu {form}; dữ liệu cột này không được nhập. "
            "Nếu cột có thông tin cần nhập, hãy chọn lại cách hiểu cột.",
            "Column {letter} «{header}» belongs to no field of form {form}; its data is not imported.",
        ),
        _issue(
            "cell.too_long",
            ERROR,
            "Ô có {length} ký tự, vượt giới hạn {limit}; nội dung đã bị cắt.",
            "The cell has {length} characters, over the limit of {limit}; it was cut.",
        ),
    ]
)


def _unit_issues() -> dict[str, IssueType]:
    """The geo lookup's unit issues as intake warnings (``commune.*``; see :mod:`.units`)."""
    try:
        from ansinh.geo.lookup import UNIT_ISSUE_MESSAGES
    except ImportError:
        return {}
    return {
        code.replace("unit.", "commune."): IssueType(code.replace("unit.", "commune."), WARNING, text, text)
        for code, text in UNIT_ISSUE_MESSAGES.items()
    }


INTAKE_ISSUES.update(_unit_issues())
ALL_ISSUES: dict[str, IssueType] = {**ISSUES, **INTAKE_ISSUES}
SEVERITY_OF: dict[str, str] = {code: issue.severity for code, issue in ALL_ISSUES.items()}


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(code: str, lang: str = "vi", **values: object) -> str:
    """Format the message of a kernel or intake issue ``code``; unknown codes give the code itself."""
    issue = ALL_ISSUES.get(code)
    if issue is None:
        return code
    template = issue.message_vi if lang == "vi" else issue.message_en
    return template.format_map(_KeepMissing(values))


def issue_exprs(column: str, checks: list[tuple[pl.Expr, str]], *, present: pl.Expr) -> list[pl.Expr]:
    """The kernel's three issue columns for intake checks (errors first).

    Built from when/then chains and a bit-mask lookup rather than list concatenation: most cells have no
    issue, and scalar branches are several times cheaper on 200,000 rows than building a list per cell.
    """
    rank = {ERROR: 0, WARNING: 1}
    ordered = sorted(checks, key=lambda c: rank[SEVERITY_OF[c[1]]])
    conditions = [(present & cond.fill_null(False), code) for cond, code in ordered]
    empty = pl.lit([], dtype=pl.List(pl.Utf8))
    if not conditions:
        return [
            pl.when(present).then(empty).alias(column + ISSUES_SUFFIX),
            pl.lit(None, pl.Utf8).alias(column + ISSUE_SUFFIX),
            pl.lit(None, pl.Utf8).alias(column + SEVERITY_SUFFIX),
        ]
    first = pl.when(conditions[0][0]).then(pl.lit(conditions[0][1]))
    severity = pl.when(conditions[0][0]).then(pl.lit(SEVERITY_OF[conditions[0][1]]))
    for cond, code in conditions[1:]:
        first = first.when(cond).then(pl.lit(code))
        severity = severity.when(cond).then(pl.lit(SEVERITY_OF[code]))
    if len(conditions) == 1:
        cond, code = conditions[0]
        issues = pl.when(cond).then(pl.lit([code], dtype=pl.List(pl.Utf8))).when(present).then(empty)
    else:
        # A bit mask per cell and a lookup of the 2^k possible lists: concat_list + drop_nulls on every
        # row costs ~0.5 s per 200,000 rows and column (the policies engine measured the same, ADR 0010).
        mask = pl.sum_horizontal([cond.cast(pl.Int32) * (1 << i) for i, (cond, _) in enumerate(conditions)])
        table = {
            bits: [code for i, (_, code) in enumerate(conditions) if bits & (1 << i)]
            for bits in range(1 << len(conditions))
        }
        issues = pl.when(present).then(mask.replace_strict(table, return_dtype=pl.List(pl.Utf8)))
    return [
        issues.alias(column + ISSUES_SUFFIX),
        first.otherwise(None).alias(column + ISSUE_SUFFIX),
        severity.otherwise(None).alias(column + SEVERITY_SUFFIX),
    ]


def add_issue_columns(
    frame: pl.DataFrame, column: str, checks: list[tuple[pl.Expr, str]], *, present: pl.Expr
) -> pl.DataFrame:
    """:func:`issue_exprs` with each condition computed once (as a temporary column) before it is reused."""
    temps = {f"__chk_{column}_{i}": cond for i, (cond, _) in enumerate(checks)}
    temps[f"__present_{column}"] = present
    frame = frame.with_columns([expr.alias(name) for name, expr in temps.items()])
    names = list(temps)
    exprs = issue_exprs(
        column,
        [(pl.col(names[i]), code) for i, (_, code) in enumerate(checks)],
        present=pl.col(names[-1]),
    )
    return frame.with_columns(exprs).drop(names)


__all__ = ["ALL_ISSUES", "INTAKE_ISSUES", "SEVERITY_OF", "add_issue_columns", "issue_exprs", "message"]
