"""Chain the pure stages: read -> find sheet and header -> recognise form -> cut data rows -> normalise ->
validate -> evaluate. One call, one :class:`ImportResult`, nothing written anywhere.

Stage timings are kept in ``ImportResult.timings`` (seconds) for the benchmark and ``--json``.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .evaluate import Evaluation, evaluate_accepted
from .formspec import FormSpec, default_forms
from .grid import ROW_COL, SheetGrid
from .header import HeaderInfo, detect_header
from .issues import ALL_ISSUES
from .limits import DEFAULT_LIMITS, AmbiguousFormError, IntakeError, Limits, NoDataError
from .mapping import FormMatch, recognise_form
from .normalise import (
    RAW_SUFFIX,
    SOURCE_SUFFIX,
    combine_split_birth_dates,
    combine_split_date_parts,
    combine_split_name,
    normalise_fields,
)
from .region import data_rows
from .units import resolve_admin_units
from .validate import PROBLEM_SCHEMA, Validation, validate


@dataclass(slots=True)
class ImportResult:
    """Everything the pure pipeline learnt about one file."""

    file_name: str
    sheet: str
    form: FormSpec
    match: FormMatch
    header: HeaderInfo
    rows: int
    normalised: pl.DataFrame  # every data row after normalisation (issue columns included)
    validation: Validation
    evaluation: Evaluation
    cut: dict[str, int]
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    grid: SheetGrid | None = None

    @property
    def accepted(self) -> pl.DataFrame:
        return self.validation.accepted

    @property
    def problems(self) -> pl.DataFrame:
        return self.validation.problems

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "accepted": self.validation.accepted.height,
            "warnings": self.validation.warning_rows,
            "rejected": self.validation.rejected_rows,
            "duplicates": self.validation.duplicates,
        }

    def output_fields(self) -> list[str]:
        """The form's field names present in the normalised frame, in form order."""
        cols = set(self.accepted.columns)
        names = [c.field for c in self.form.columns if c.field in cols]
        if "date_of_birth" in cols and "date_of_birth" not in names:
            names.insert(1, "date_of_birth")
        if "sex" in cols and "sex" not in names:
            names.insert(2, "sex")
        names += [c for c in ("commune_code", "district_code") if c in cols]
        return names


def choose_sheet(
    grids: list[SheetGrid],
    forms: dict[str, FormSpec],
    *,
    form_code: str | None,
    overrides: dict[str, str | None] | None,
    file_name: str,
) -> tuple[SheetGrid, HeaderInfo, FormMatch, list[FormMatch]]:
    """The visible sheet whose header best fits a form (hidden and empty sheets are skipped)."""
    best: tuple[SheetGrid, HeaderInfo, FormMatch, list[FormMatch]] | None = None
    ambiguous: AmbiguousFormError | None = None
    last_error: IntakeError | None = None
    for grid in grids:
        if grid.hidden or grid.frame.height == 0 or not grid.cell_columns:
            continue
        try:
            header = detect_header(grid, forms)
            match, fits = recognise_form(
                header, forms, form_code=form_code, overrides=overrides, file_name=file_name
            )
        except AmbiguousFormError as exc:
            ambiguous = ambiguous or exc
            continue
        except IntakeError as exc:
            last_error = exc
            continue
        if best is None or match.score > best[2].score:
            best = (grid, header, match, fits)
    if best is not None:
        return best
    if ambiguous is not None:
        raise ambiguous
    if last_error is not None:
        last_error.file_name = file_name
        if isinstance(last_error, NoDataError):
            last_error.message = (
                f"Tệp «{file_name}»: không tìm thấy trang nào có dòng tiêu đề cột của danh sách."
            )
            last_error.args = (last_error.message,)
        raise last_error
    raise NoDataError(f"Tệp «{file_name}» không có trang tính nào chứa dữ liệu.", file_name=file_name)


def run_import(
    path: str | Path,
    *,
    form_code: str | None = None,
    mapping_overrides: dict[str, str | None] | None = None,
    forms: dict[str, FormSpec] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    evaluate: bool = True,
) -> ImportResult:
    """Run the whole pure pipeline on ``path``; raise :class:`IntakeError` subclasses for unreadable input."""
    from .reader import read_workbook  # local: keeps `python -c "import ...run"` light for the CLI's help

    path = Path(path)
    forms = forms if forms is not None else default_forms()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    grids = read_workbook(path, limits=limits)
    timings["read"] = time.perf_counter() - t0

    t = time.perf_counter()
    grid, header, match, fits = choose_sheet(
        grids, forms, form_code=form_code, overrides=mapping_overrides, file_name=path.name
    )
    body, cut, stray_rows, heading_rows = data_rows(grid, header, match)
    timings["detect"] = time.perf_counter() - t

    t = time.perf_counter()
    sources = {m.field: m.grid_column for m in match.columns if m.field}
    body = combine_split_date_parts(body, set(body.columns), sources)
    body = combine_split_birth_dates(body, set(body.columns), sources)
    body = combine_split_name(body, set(body.columns))
    normalised = normalise_fields(body, match.form, today=today)
    normalised = resolve_admin_units(normalised)
    timings["normalise"] = time.perf_counter() - t

    t = time.perf_counter()
    validation = validate(normalised, match, oversize=grid.oversize, max_cell_chars=limits.max_cell_chars)
    if match.missing_required:
        validation.problems = pl.concat([_missing_columns_problem(header, match), validation.problems])
    ignored = _ignored_columns_problems(header, match)
    if ignored.height:
        validation.problems = pl.concat([ignored, validation.problems])
    if stray_rows or heading_rows:
        extra = [_stray_problems(stray_rows), _heading_problems(heading_rows)]
        validation.problems = pl.concat([validation.problems, *extra]).sort("row", maintain_order=True)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    if evaluate and validation.accepted.height:
        evaluation = evaluate_accepted(validation.accepted, match.form)
    else:
        evaluation = Evaluation(None, None, "Không xét chính sách (không có dòng hợp lệ hoặc đã tắt).")
    timings["evaluate"] = time.perf_counter() - t
    return ImportResult(
        file_name=path.name,
        sheet=grid.name,
        form=match.form,
        match=match,
        header=header,
        rows=body.height,
        normalised=normalised,
        validation=validation,
        evaluation=evaluation,
        cut=cut,
        alternatives=[(m.form.code, round(m.score, 3)) for m in fits[1:4]],
        timings=timings,
        grid=grid,
    )


def _stray_problems(rows: list[int]) -> pl.DataFrame:
    message = "Dòng không có họ tên, số CCCD/CMND, mã số BHXH hay ngày sinh: không phải một người, đã bỏ qua."
    return pl.DataFrame(
        {
            "row": rows,
            "field": [None] * len(rows),
            "column": [""] * len(rows),
            "letter": [""] * len(rows),
            "value": [None] * len(rows),
            "code": ["row.stray"] * len(rows),
            "severity": ["warning"] * len(rows),
            "message": [message] * len(rows),
        },
        schema=PROBLEM_SCHEMA,
    )


def _heading_problems(rows: list[tuple[int, str]]) -> pl.DataFrame:
    template = ALL_ISSUES["row.group_heading"].message_vi
    return pl.DataFrame(
        [
            {
                "row": row,
                "field": None,
                "column": "",
                "letter": "",
                "value": text,
                "code": "row.group_heading",
                "severity": "warning",
                "message": template.format(value=text),
            }
            for row, text in rows
        ],
        schema=PROBLEM_SCHEMA,
    )


def _ignored_columns_problems(header: HeaderInfo, match: FormMatch) -> pl.DataFrame:
    """One warning per header column that fits no field of the form: its data is not taken, and the clerk
    is told so (an extra "Mã NV" or "Phòng ban" column never breaks detection, and is never lost silently)."""
    unmapped = [m for m in match.columns if m.status == "unmapped"]
    row = header.header_rows[-1]
    return pl.DataFrame(
        [
            {
                "row": row,
                "field": None,
                "column": m.header,
                "letter": m.letter,
                "value": m.header,
                "code": "column.ignored",
                "severity": "warning",
                "message": ALL_ISSUES["column.ignored"].message_vi.format(
                    letter=m.letter, header=" ".join(m.header.split()), form=match.form.code
                ),
            }
            for m in unmapped
        ],
        schema=PROBLEM_SCHEMA,
    )


def _missing_columns_problem(header: HeaderInfo, match: FormMatch) -> pl.DataFrame:
    names = []
    for field_name in match.missing_required:
        spec = match.form.column(field_name)
        names.append(f"«{spec.headers[0]}»" if spec else field_name)
    return pl.DataFrame(
        [
            {
                "row": header.header_rows[-1],
                "field": None,
                "column": "",
                "letter": "",
                "value": None,
                "code": "required.column_missing",
                "severity": "error",
                "message": f"Danh sách thiếu cột bắt buộc của mẫu {match.form.code}: {', '.join(names)}; "
                "không dòng nào được nhận.",
            }
        ],
        schema=PROBLEM_SCHEMA,
    )


__all__ = ["RAW_SUFFIX", "ROW_COL", "SOURCE_SUFFIX", "ImportResult", "choose_sheet", "run_import"]
