"""Screens of the policy catalogue: the browser, a policy page with a "try it" form, the explanation
of a stored application, and the province-decision screen. Views are thin: parse → access → service →
render; reads go through ``selectors`` (catalogue in force = YAML + stored province decisions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ansinh.org.access import access
from ansinh.org.roles import Action, Resource
from ansinh.policies import selectors, services
from ansinh.policies.catalogue_schema import Policy
from ansinh.policies.engine import PolicyNotComputable
from ansinh.policies.engine.compiler import today_in_vietnam
from ansinh.policies.forms import UNIT_NAMES, ProvinceDecisionForm, TryPolicyForm

#: Vietnamese names of the bodies (role codes of the catalogue).
BODY_NAMES = {
    "employer": "Người sử dụng lao động",
    "worker": "Người lao động",
    "business_household": "Hộ kinh doanh",
    "commune_committee": "UBND cấp xã",
    "district_committee": "UBND cấp huyện",
    "provincial_committee": "UBND tỉnh",
    "social_insurance_agency": "Cơ quan bảo hiểm xã hội",
    "department": "Sở LĐ-TB&XH",
    "district_labour_office": "Phòng LĐ-TB&XH cấp huyện",
    "employment_service_centre": "Trung tâm Dịch vụ việc làm",
    "tax_subdepartment": "Chi cục Thuế",
    "health_facility": "Cơ sở y tế",
    "health_department": "Sở Y tế",
    "culture_department": "Sở VH-TT&DL",
    "social_policy_bank": "Ngân hàng Chính sách xã hội",
    "trade_union": "Công đoàn",
}
STEP_NAMES = {
    "confirm": "Xác nhận",
    "certify": "Xác nhận",
    "compile": "Lập danh sách",
    "appraise": "Thẩm định",
    "consolidate": "Tổng hợp",
    "approve": "Phê duyệt",
    "decide": "Quyết định",
    "pay": "Chi trả",
}
TAG_NAMES = {"C2": "hai nguồn", "C1": "một nguồn", "M": "chưa xác minh"}
_OPERATORS = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "add": "+",
    "sub": "−",
    "mul": "×",
}


def _require(request: HttpRequest, action: Action = Action.VIEW) -> None:
    if not request.user.can(Resource.POLICY, action):
        raise PermissionDenied


def _policy_or_404(code: str) -> Policy:
    policy = selectors.policy_effective(code)
    if policy is None:
        raise Http404("Không có chính sách này")
    return policy


def _date_param(request: HttpRequest, name: str = "ngay") -> dt.date | None:
    return selectors.parse_day(request.GET.get(name, ""))


# --- rendering catalogue data for people -------------------------------------------------------------


def show_value(value: Any, unit: str = "") -> str:
    """A parameter value as text: 1.855.000 đ, 15 ngày, 01/05/2021, a tier table as lines."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list):
        if value and hasattr(value[0], "amount"):
            return "; ".join(f"≥ {t.min}: {_money(t.amount)}" for t in value)
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        if unit == "vnd":
            return _money(value)
        suffix = {"days": " ngày", "months": " tháng", "percent": "%"}.get(unit, "")
        return f"{value:,}".replace(",", ".") + suffix
    return str(value)


def is_demo(decision_reference: str | None) -> bool:
    """True for a value set by the demo loader's decision (an assumption, not a real decision)."""
    return bool(decision_reference) and decision_reference.startswith(services.DEMO_NUMBER)


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def formula(node: Any, policy: Policy) -> str:
    """A predicate or amount expression of the catalogue in words (read-only rendering)."""
    labels = {c.name: c.label_vi for c in policy.inputs}

    def walk(item: Any) -> str:
        if isinstance(item, bool):
            return "đúng" if item else "sai"
        if isinstance(item, int | dt.date):
            return show_value(item)
        if isinstance(item, str):
            if item.startswith("param."):
                spec = policy.parameters.get(item.removeprefix("param."))
                return f"[{spec.label_vi}]" if spec else item
            return labels.get(item, item)
        if isinstance(item, list):
            return "{" + ", ".join(walk(i) for i in item) + "}"
        if isinstance(item, dict) and len(item) == 1:
            ((op, args),) = item.items()
            parts = [walk(a) for a in args] if isinstance(args, list) else [walk(args)]
            if op in _OPERATORS:
                return "(" + f" {_OPERATORS[op]} ".join(parts) + ")"
            text = {
                "all": lambda: " và ".join(parts),
                "any": lambda: "(" + " hoặc ".join(parts) + ")",
                "not": lambda: f"không ({parts[0]})",
                "in": lambda: f"{parts[0]} thuộc {parts[1]}",
                "is_null": lambda: f"{parts[0]} để trống",
                "not_null": lambda: f"{parts[0]} có giá trị",
                "min": lambda: "nhỏ hơn trong (" + "; ".join(parts) + ")",
                "max": lambda: "lớn hơn trong (" + "; ".join(parts) + ")",
                "days": lambda: f"số ngày từ {parts[0]} đến {parts[1]}",
                "overlap_days": lambda: (
                    f"số ngày của [{parts[0]} – {parts[1]}] nằm trong [{parts[2]} – {parts[3]}]"
                ),
                "add_days": lambda: f"{parts[0]} cộng {parts[1]} ngày",
                "add_months": lambda: f"{parts[0]} cộng {parts[1]} tháng",
                "add_years": lambda: f"{parts[0]} cộng {parts[1]} năm",
                "if": lambda: f"nếu {parts[0]} thì {parts[1]}, ngược lại {parts[2]}",
                "bracket": lambda: f"mức theo bậc của {parts[0]} (bảng {parts[1]})",
                "coalesce": lambda: " (nếu trống: ".join(parts) + ")" * (len(parts) - 1),
                "lit": lambda: f"“{args}”",
            }.get(op)
            return text() if text else str(item)
        return str(item)

    return walk(node)


def _policy_context(policy: Policy, day: dt.date) -> dict[str, Any]:
    catalogue = selectors.catalogue_effective()
    current = policy.version_at(day)
    parameters = [
        {
            "name": name,
            "spec": spec,
            "unit_hint": UNIT_NAMES.get(spec.unit, spec.unit),
            "values": [
                {
                    "v": v,
                    "text": show_value(v.value, spec.unit),
                    "current": v.covers(day),
                    "demo": is_demo(v.decision),
                }
                for v in spec.values
            ],
        }
        for name, spec in policy.parameters.items()
    ]
    return {
        "policy": policy,
        "day": day,
        "current_version": current,
        "parameters": parameters,
        "derived": [(name, formula(node, policy)) for name, node in policy.derived.items()],
        "conditions": [
            {"c": c, "formula": formula(c.predicate, policy) if c.predicate is not None else ""}
            for c in policy.conditions
        ],
        "components": [
            {
                "a": a,
                "formula": formula(a.value, policy),
                "when": formula(a.when, policy) if a.when is not None else "",
            }
            for a in (policy.amount.components if policy.amount else [])
        ],
        "compatibility": [
            {
                "i": i,
                "name": catalogue.policies[i.policy].name_vi if i.policy in catalogue.policies else i.policy,
            }
            for i in policy.compatibility
        ],
        "computed_in": [
            (code, catalogue.policies[code].name_vi)
            for code in policy.computed_in
            if code in catalogue.policies
        ],
        "bodies": [
            (label, BODY_NAMES.get(code, code))
            for label, code in (
                ("Lập danh sách", policy.bodies.compiles),
                ("Xác nhận", policy.bodies.confirms),
                ("Thẩm định", policy.bodies.appraises),
                ("Phê duyệt", policy.bodies.approves),
                ("Chi trả", policy.bodies.pays),
            )
            if code
        ],
        "limits": [
            {"l": lim, "step": STEP_NAMES.get(lim.step, lim.step), "body": BODY_NAMES.get(lim.body, lim.body)}
            for lim in policy.processing_limits
        ],
        "unverified": selectors.unverified_count(policy),
        "configurable": selectors.configurable_parameters(policy),
        "tag_names": TAG_NAMES,
    }


def _explanation_context(policy: Policy, row: dict[str, object], as_of: dt.date) -> dict[str, Any]:
    """The explanation of ``row`` under ``policy`` on ``as_of``, ready for the partial template."""
    try:
        result = selectors.explain_fields(policy, row, as_of)
    except PolicyNotComputable as error:
        return {"explain_error": str(error)}
    units = {name: spec.unit for name, spec in policy.parameters.items()}
    labels = {name: spec.label_vi for name, spec in policy.parameters.items()}

    def uses(parameters: tuple) -> list[dict[str, Any]]:
        return [
            {
                "label": labels.get(p.name, p.name),
                "text": show_value(p.value, units.get(p.name, "")),
                "reference": p.reference,
                "verified": p.verified,
                "decision": p.decision,
                "demo": is_demo(p.decision),
            }
            for p in parameters
        ]

    return {
        "x": result,
        "x_conditions": [{"o": o, "params": uses(o.parameters)} for o in result.conditions],
        "x_components": [{"o": o, "params": uses(o.parameters)} for o in result.components],
        "x_derived": [
            (name, show_value(value) if value is not None else "—") for name, value in result.derived.items()
        ],
        "x_failed_count": len(result.failed_conditions),
    }


# --- views --------------------------------------------------------------------------------------------


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """All policies, grouped: NQ 68 points, NQ 116, the province's own policies."""
    _require(request)
    groups = selectors.grouped_policies()
    total = sum(len(g.policies) for g in groups)
    rows = [
        {
            "group": g,
            "items": [
                {
                    "p": p,
                    "unverified": selectors.unverified_count(p),
                    "configurable": bool(selectors.configurable_parameters(p)),
                }
                for p in g.policies
            ],
        }
        for g in groups
    ]
    return render(
        request,
        "policies/catalogue.html",
        {
            "groups": rows,
            "total": total,
            "decision_count": selectors.stored_decisions().count(),
        },
    )


@login_required
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One policy: versions, parameters with dated values, conditions, amounts, bodies, documents, try-it."""
    _require(request)
    policy = _policy_or_404(code)
    day = _date_param(request) or today_in_vietnam()
    context = _policy_context(policy, day)
    context["can_change"] = request.user.can(Resource.POLICY, Action.CHANGE)
    if policy.computed:
        trying = "thu" in request.GET
        form = TryPolicyForm(request.GET if trying else None, policy=policy)
        context["try_form"] = form
        if trying and form.is_valid():
            context.update(
                _explanation_context(policy, form.row(), form.decision_date() or today_in_vietnam())
            )
            context["tried"] = True
        if request.htmx and trying:
            return render(request, "policies/partials/_try_result.html", context)
    return render(request, "policies/policy_detail.html", context)


@login_required
def explain_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Why a stored application is (not) eligible, condition by condition, with the amount breakdown."""
    from ansinh.relief.models import Application

    application = access(Application.objects.select_related("batch", "area", "person"), request.user, pk)
    policy = _policy_or_404(application.policy_code)
    case = selectors.application_case(application, policy, _date_param(request))
    context: dict[str, Any] = {"application": application, "policy": policy, "case": case}
    context.update(_explanation_context(policy, case.row, case.as_of))
    result = context.get("x")
    if result is not None:
        context["differs"] = result.eligible != application.eligible or (
            result.eligible and result.amount_vnd != application.computed_amount
        )
    labels = {c.name: c.label_vi for c in policy.inputs}
    context["fields"] = [
        (labels.get(k, k), v)
        for k, v in case.row.items()
        if k not in ("record_id", "full_name", "id_number", "date_of_birth", "sex")
    ]
    return render(request, "policies/explain.html", context)


@login_required
def decision_new(request: HttpRequest, code: str) -> HttpResponse:
    """Record a province decision for a province-configurable parameter; the parameter's history."""
    _require(request)
    policy = _policy_or_404(code)
    parameters = selectors.configurable_parameters(policy)
    if not parameters:
        raise Http404("Chính sách này không có tham số do tỉnh quyết định")
    can_change = request.user.can(Resource.POLICY, Action.CHANGE)
    chosen = request.POST.get("parameter") or request.GET.get("tham_so") or next(iter(parameters))
    if chosen not in parameters:
        chosen = next(iter(parameters))
    form = None
    supported = parameters[chosen].unit in (*services.INTEGER_UNITS, "date")
    if request.method == "POST":
        _require(request, Action.CHANGE)
        form = ProvinceDecisionForm(request.POST, parameters=parameters, chosen=chosen)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.province_decision_record(
                    actor=request.user,
                    policy_code=policy.code,
                    parameter=data["parameter"],
                    value=data["value"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    signer=data["signer"],
                    summary=data["summary"],
                    note=data["note"],
                )
            except services.PolicyDecisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Đã ghi nhận quyết định {decision.number}.")
                return redirect(
                    reverse("policies:decision_new", args=[policy.code]) + f"?tham_so={decision.parameter}"
                )
    elif can_change and supported:
        form = ProvinceDecisionForm(parameters=parameters, chosen=chosen)
    spec, entries, decisions = selectors.parameter_history(policy.code, chosen)
    return render(
        request,
        "policies/decision_new.html",
        {
            "policy": policy,
            "form": form,
            "can_change": can_change,
            "parameters": parameters,
            "chosen": chosen,
            "spec": spec,
            "unit_name": UNIT_NAMES.get(spec.unit, spec.unit) if spec else "",
            "supported": supported,
            "history": [
                {
                    "e": e,
                    "text": show_value(e.value.value, spec.unit if spec else ""),
                    "demo": is_demo(e.value.decision),
                    "current": e.value.covers(today_in_vietnam()),
                }
                for e in entries
            ],
            "decisions": [{"d": d, "text": show_value(d.typed_value, d.unit)} for d in decisions],
            "today": today_in_vietnam(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )
