"""JSON API of the policy catalogue (/api/v1/policies/…): the catalogue in force (YAML + province
decisions) and the explanation of one applicant. Policy data is province-wide (no area scope); the
role must allow viewing policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError

from ansinh.org.roles import Action, Resource
from ansinh.policies import selectors
from ansinh.policies.catalogue_schema import Policy
from ansinh.policies.engine import PolicyNotComputable
from ansinh.policies.engine.compiler import today_in_vietnam

router = Router(tags=["policies"])


def _require_view(request) -> None:
    if not request.auth.can(Resource.POLICY, Action.VIEW):
        raise HttpError(403, "Không có quyền xem danh mục chính sách.")


class PolicySummaryOut(Schema):
    code: str
    name_vi: str
    name_en: str
    nq68_point: int | None
    decided_by: str
    computed: bool
    province_configurable: bool
    versions: list[dict[str, Any]]
    unverified_values: int


class ExplainIn(Schema):
    policy: str
    fields: dict[str, Any]
    as_of: dt.date | None = None


def _summary(policy: Policy) -> dict[str, Any]:
    return {
        "code": policy.code,
        "name_vi": policy.name_vi,
        "name_en": policy.name_en,
        "nq68_point": policy.nq68_point,
        "decided_by": policy.decided_by,
        "computed": policy.computed,
        "province_configurable": policy.province_configurable,
        "versions": [v.model_dump(mode="json") for v in policy.versions],
        "unverified_values": selectors.unverified_count(policy),
    }


@router.get("/", response=list[PolicySummaryOut])
def policy_list(request):
    """Every policy of the catalogue in force, with its versions."""
    _require_view(request)
    return [_summary(p) for g in selectors.grouped_policies() for p in g.policies]


@router.post("/explain")
def policy_explain(request, payload: ExplainIn) -> dict[str, Any]:
    """Explain one applicant: ``fields`` are the list's columns (dates dd/mm/yyyy, booleans yes/no).

    Returns eligible, amount_vnd, version, failed_conditions and every condition and amount part with
    its citation and the parameter values used.
    """
    _require_view(request)
    policy = selectors.policy_effective(payload.policy)
    if policy is None:
        raise HttpError(404, f"Không có chính sách “{payload.policy}”.")
    try:
        result = selectors.explain_fields(policy, payload.fields, payload.as_of or today_in_vietnam())
    except PolicyNotComputable as error:
        raise HttpError(400, str(error)) from error
    data = result.as_dict()
    data["input_errors"] = [
        {"column": e.column, "value": e.value, "reason_vi": e.reason_vi} for e in result.input_errors
    ]
    return data


@router.get("/applications/{application_id}/explain")
def application_explain(request, application_id: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """Explain a stored relief application (area-scoped: 404 outside the caller's area), with the
    decision date used and the result stored when the batch was made."""
    from ansinh.org.access import access
    from ansinh.relief.models import Application

    _require_view(request)
    application = access(Application.objects.select_related("batch"), request.auth, application_id)
    policy = selectors.policy_effective(application.policy_code)
    if policy is None:
        raise HttpError(404, f"Không có chính sách “{application.policy_code}”.")
    case = selectors.application_case(application, policy, as_of)
    try:
        result = selectors.explain_fields(policy, case.row, case.as_of)
    except PolicyNotComputable as error:
        raise HttpError(400, str(error)) from error
    data = result.as_dict()
    data.update(
        application=application.pk,
        as_of_reason=case.as_of_reason,
        missing_required=case.missing_required,
        stored={
            "eligible": application.eligible,
            "amount_vnd": application.computed_amount,
            "version": application.policy_version,
        },
    )
    return data


# After "/explain": the path converter would otherwise take "explain" as a code.
@router.get("/{code}")
def policy_detail(request, code: str) -> dict[str, Any]:
    """One policy in full: versions, parameters with dated values (incl. province decisions), conditions,
    amount, compatibility, bodies, limits, documents (the catalogue schema, dates ISO)."""
    _require_view(request)
    policy = selectors.policy_effective(code)
    if policy is None:
        raise HttpError(404, f"Không có chính sách “{code}”.")
    return policy.model_dump(mode="json")
