"""Evaluate the accepted rows with the policy engine (``ansinh.policies.engine``), when a form feeds one policy.

A form that feeds exactly one *computed* policy of the catalogue is evaluated row by row (vectorised): each
accepted row gets ``eligible``, ``amount_vnd`` and ``failed_conditions``. Forms that feed several or no
computed policies (the loan lists, rosters) are not evaluated here; the result says why.

Where an input comes from, in order:

1. a column of the list with the input's name (a blank cell takes the catalogue's default, if any);
2. the form's ``constants``: what the list states by what it is (an F0 list: ``status: F0``; the ESC's
   Mẫu 07 list: not eligible for unemployment benefit), with ``constants_note_vi`` saying why;
3. two documented derivations: QĐ 23 lists (Mẫu 05/06/07) are confirmed by the social insurance agency
   (Điều 15, 16), so a row with a social insurance number stands for "was paying compulsory SI"
   (``si_participating``); on NQ 116 Mẫu 02 the note "Không nhận hỗ trợ" means ``declined``;
4. the catalogue's default; a required input with none of these makes the evaluation say which is missing.

The appraisal officer still checks every assumption; the result note lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from .formspec import FormSpec
from .grid import ROW_COL

EVALUATION_COLUMNS = ("eligible", "amount_vnd", "failed_conditions", "version")


@dataclass(slots=True)
class Evaluation:
    """The policy engine's verdict on the accepted rows, or why there is none."""

    policy: str | None
    frame: pl.DataFrame | None  # __row, eligible, amount_vnd, failed_conditions, version
    note: str
    as_of: dt.date | None = None

    @property
    def eligible(self) -> int:
        return 0 if self.frame is None else int(self.frame["eligible"].fill_null(False).sum())

    @property
    def total_vnd(self) -> int:
        return 0 if self.frame is None else int(self.frame["amount_vnd"].fill_null(0).sum())


def _engine():
    from ansinh.policies import catalogue as policy_catalogue
    from ansinh.policies import engine
    from ansinh.policies.engine.compiler import polars_type

    return policy_catalogue, engine, polars_type


def evaluate_accepted(frame: pl.DataFrame, form: FormSpec, *, as_of: dt.date | None = None) -> Evaluation:
    """Evaluate ``frame`` (accepted, normalised rows) under the one computed policy ``form`` feeds."""
    try:
        policy_catalogue, engine, polars_type = _engine()
        catalogue = policy_catalogue.load_catalogue()
    except ImportError as exc:  # the policy engine is not installed in this build
        return Evaluation(None, None, f"Chưa có bộ máy xét chính sách ({exc.name}).")
    computed = [code for code in form.policies if code in catalogue.policies and catalogue.get(code).computed]
    if len(computed) != 1:
        listed = ", ".join(form.policies) or "không có"
        return Evaluation(
            None, None, f"Mẫu {form.code} không gắn với đúng một chính sách tính được (chính sách: {listed})."
        )
    policy = catalogue.get(computed[0])
    if as_of is None:
        today = dt.datetime.now(dt.UTC).date()
        closes = policy.filing_window.closes if policy.filing_window else None
        as_of = min(today, closes) if closes else today
    typed = frame.select(pl.col(ROW_COL), pl.col(ROW_COL).cast(pl.Utf8).alias("record_id"))
    exprs: list[pl.Series] = []
    missing: list[str] = []
    assumed: list[str] = []
    for column in engine.input_columns(policy):
        if column.name == "record_id":
            continue
        dtype = polars_type(column)
        if column.name in frame.columns:
            series = frame[column.name].cast(dtype, strict=False)
            if column.default is not None:
                series = series.fill_null(column.default)
            exprs.append(series.alias(column.name))
        elif column.name in form.constants:
            exprs.append(
                pl.repeat(form.constants[column.name], frame.height, dtype=dtype, eager=True).alias(
                    column.name
                )
            )
            assumed.append(column.name)
        elif (derived := _derive(frame, column.name)) is not None:
            exprs.append(derived.alias(column.name))
            assumed.append(column.name)
        elif column.default is not None or not column.required:
            exprs.append(pl.repeat(column.default, frame.height, dtype=dtype, eager=True).alias(column.name))
        else:
            missing.append(column.name)
    if missing:
        return Evaluation(
            policy.code,
            None,
            f"Danh sách thiếu cột cần để xét chính sách {policy.code}: {', '.join(missing)}.",
        )
    typed = typed.with_columns(exprs)
    try:
        result = engine.evaluate(typed, policy, as_of=as_of)
    except engine.PolicyNotComputable as exc:
        return Evaluation(policy.code, None, f"Không xét được chính sách {policy.code}: {exc}.", as_of)
    note = f"Đã xét theo chính sách {policy.code} (ngày áp dụng {as_of:%d/%m/%Y})."
    if assumed:
        note += f" Giả định theo loại danh sách: {', '.join(assumed)}"
        note += f" — {form.constants_note_vi}" if form.constants_note_vi else "."
    return Evaluation(policy.code, result.select(ROW_COL, *EVALUATION_COLUMNS), note, as_of)


def _derive(frame: pl.DataFrame, name: str) -> pl.Series | None:
    """The two documented derivations (module docstring, point 3)."""
    if name == "si_participating" and "social_insurance_number" in frame.columns:
        return frame["social_insurance_number"].is_not_null()
    if name == "declined" and "note" in frame.columns:
        note = frame["note"].fill_null("").str.to_lowercase()
        return note.str.contains("không nhận") | note.str.contains("khong nhan")
    return None
