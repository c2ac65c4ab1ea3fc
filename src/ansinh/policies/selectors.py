"""Reads of the policies app: the catalogue in force (YAML + stored province decisions) and the
history of each province-configurable parameter.

Other apps (intake evaluation, relief) get the catalogue through :func:`catalogue_effective`, never by
loading the YAML alone: that way a province decision recorded by an officer applies everywhere.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Max, QuerySet

from ansinh.policies.catalogue import apply_decisions, load_catalogue
from ansinh.policies.catalogue_schema import Catalogue, Parameter, ParameterValue, Policy
from ansinh.policies.catalogue_schema import ProvinceDecision as PureDecision
from ansinh.policies.models import ProvinceDecision

_lock = threading.Lock()
_cached: dict[str, Any] = {"key": None, "catalogue": None}


def parse_day(text: str) -> dt.date | None:
    """A day typed as dd/mm/yyyy or yyyy-mm-dd, or None."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def stored_decisions() -> QuerySet[ProvinceDecision]:
    """All recorded province decisions (province-wide data, not area-scoped; readable by every role
    that may view policies)."""
    return ProvinceDecision.objects.select_related("entered_by")


def to_pure(decision: ProvinceDecision) -> PureDecision:
    """The stored decision as the pure catalogue layer expects it."""
    note = decision.summary if not decision.note else f"{decision.summary} — {decision.note}"
    return PureDecision(
        number=decision.number,
        signed_on=decision.issued_on,
        policy=decision.policy_code,
        parameter=decision.parameter,
        value=decision.typed_value,
        valid_from=decision.valid_from,
        valid_to=decision.valid_to,
        note_vi=f"{note} (người ký: {decision.signer})",
    )


def _decisions_key() -> tuple[Any, ...]:
    # Rows are never updated or deleted, so count + newest id + newest entry time identify the set
    # (the time guards against an id reused after a rolled-back transaction on SQLite).
    row = ProvinceDecision.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("entered_at"))
    return (row["n"], row["last"], row["at"])


def catalogue_effective() -> Catalogue:
    """The policy catalogue in force: the YAML catalogue with every stored province decision applied.

    Cached per process; the cache is rebuilt when the set of stored decisions changes (one small
    aggregate query per call).
    """
    key = _decisions_key()
    with _lock:
        if _cached["key"] == key and _cached["catalogue"] is not None:
            return _cached["catalogue"]
    base = load_catalogue()
    catalogue = (
        apply_decisions(base, [to_pure(d) for d in ProvinceDecision.objects.all()]) if key[0] else base
    )
    with _lock:
        _cached.update(key=key, catalogue=catalogue)
    return catalogue


def forget_effective_catalogue() -> None:
    """Drop the cached catalogue (called after a decision is recorded)."""
    with _lock:
        _cached.update(key=None, catalogue=None)


def policy_effective(code: str) -> Policy | None:
    """One policy of the catalogue in force, or None."""
    return catalogue_effective().policies.get(code)


# --- grouping for the catalogue browser -------------------------------------------------------------


@dataclass(frozen=True)
class PolicyGroup:
    key: str
    title: str
    policies: list[Policy]


def unverified_count(policy: Policy) -> int:
    """How many parameter values of ``policy`` are not verified against the legal text."""
    return sum(1 for p in policy.parameters.values() for v in p.values if not v.verified)


def grouped_policies(catalogue: Catalogue | None = None) -> list[PolicyGroup]:
    """NQ 68 points (in order), NQ 116, the province's own policies; other codes last."""
    catalogue = catalogue or catalogue_effective()
    nq68, nq116, province, other = [], [], [], []
    for policy in catalogue.policies.values():
        if policy.code.startswith("bp-") or policy.province_configurable:
            province.append(policy)
        elif policy.code.startswith("nq68-"):
            nq68.append(policy)
        elif policy.code.startswith("nq116-"):
            nq116.append(policy)
        else:
            other.append(policy)
    nq68.sort(key=lambda p: (p.nq68_point or 99, p.code))
    groups = [
        PolicyGroup(
            "nq68",
            "Nghị quyết 68/NQ-CP và QĐ 23/2021/QĐ-TTg (mục II.12 — lao động tự do — ở nhóm chính sách của tỉnh)",
            nq68,
        ),
        PolicyGroup("nq116", "Nghị quyết 116/NQ-CP và QĐ 28/2021/QĐ-TTg (Quỹ bảo hiểm thất nghiệp)", nq116),
        PolicyGroup(
            "province",
            "Chính sách của tỉnh Bình Phước (tỉnh quyết định tham số)",
            sorted(province, key=lambda p: p.code),
        ),
        PolicyGroup("other", "Chính sách khác", sorted(other, key=lambda p: p.code)),
    ]
    return [g for g in groups if g.policies]


# --- parameter history for the decision screen ------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """A value of a parameter as the catalogue in force has it, with the stored decision behind it."""

    value: ParameterValue
    decision: ProvinceDecision | None


def parameter_history(
    policy_code: str, parameter: str
) -> tuple[Parameter | None, list[HistoryEntry], list[ProvinceDecision]]:
    """(parameter in force, its dated values with the decision that set each, every stored decision)."""
    policy = policy_effective(policy_code)
    spec = policy.parameters.get(parameter) if policy else None
    decisions = list(
        stored_decisions()
        .filter(policy_code=policy_code, parameter=parameter)
        .order_by("issued_on", "number")
    )
    by_reference = {f"{d.number} ngày {d.issued_on:%d/%m/%Y}": d for d in decisions}
    entries = [HistoryEntry(v, by_reference.get(v.decision or "")) for v in (spec.values if spec else [])]
    return spec, entries, decisions


def configurable_parameters(policy: Policy) -> dict[str, Parameter]:
    """The parameters of ``policy`` the province may set by decision."""
    return {name: p for name, p in policy.parameters.items() if p.province_configurable}


def value_on(parameter: Parameter, day: dt.date) -> ParameterValue | None:
    """The value of ``parameter`` in force on ``day``."""
    return parameter.value_at(day)


# --- explaining a stored application ----------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationCase:
    """What the engine is given for one stored application, and why that date."""

    row: dict[str, object]
    as_of: dt.date
    as_of_reason: str
    missing_required: list[str]


def _as_text(value: object, column_type: str) -> object:
    """A stored field as the engine reads it (ISO dates → dd/mm/yyyy; booleans kept)."""
    if column_type == "date" and isinstance(value, str):
        text = value.strip()[:10]
        try:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        except ValueError:
            return value
    return value


def application_case(application: Any, policy: Policy, as_of: dt.date | None = None) -> ApplicationCase:
    """The applicant row of ``application`` (its normalised list fields) and the decision date.

    The decision date (version rule: the day the support is decided) is the signed approval decision's
    date when there is one, else the batch's approval date, else today.
    """
    from ansinh.policies.engine import input_columns
    from ansinh.policies.engine.compiler import today_in_vietnam

    data = dict(application.data or {})
    data.setdefault("start_date", application.period_start.isoformat() if application.period_start else None)
    data.setdefault("end_date", application.period_end.isoformat() if application.period_end else None)
    row: dict[str, object] = {}
    missing: list[str] = []
    for column in input_columns(policy):
        value = data.get(column.name)
        if value is None or value == "":
            if column.required and column.name != "record_id":
                missing.append(column.label_vi)
            continue
        row[column.name] = _as_text(value, column.type)
    if as_of is not None:
        return ApplicationCase(row, as_of, "ngày do người xem chọn", missing)
    try:
        decision = application.award.decision
    except ObjectDoesNotExist:
        decision = None
    if decision is not None and decision.issued_on:
        return ApplicationCase(
            row, decision.issued_on, f"ngày quyết định phê duyệt {decision.number}", missing
        )
    approved_at = application.batch.approved_at
    if approved_at is not None:
        return ApplicationCase(row, approved_at.date(), "ngày phê duyệt đợt", missing)
    return ApplicationCase(row, today_in_vietnam(), "hôm nay (hồ sơ chưa được phê duyệt)", missing)


def explain_fields(policy: Policy, fields: dict[str, object], as_of: dt.date) -> Any:
    """``engine.explain`` for a single case where absent required fields are empty cells, so each
    condition that needs one fails with its own message instead of the whole case being refused."""
    from ansinh.policies.engine import explain, input_columns

    row = {c.name: None for c in input_columns(policy) if c.required and c.name != "record_id"}
    row.update({k: v for k, v in fields.items() if k != "record_id"})
    return explain(policy, row, as_of)
