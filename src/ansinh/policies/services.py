"""Writes of the policies app: recording a province decision that sets a catalogue parameter.

Only officers whose role may change policies (``Resource.POLICY``/``Action.CHANGE``: Department
leaders and division officers) record decisions, only for parameters the catalogue marks
``province_configurable``; each write is audited with the parameter value before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from ansinh.audit import events
from ansinh.org.roles import Action, Resource
from ansinh.policies.catalogue import CatalogueError, apply_decisions
from ansinh.policies.catalogue_schema import Parameter
from ansinh.policies.models import ProvinceDecision
from ansinh.policies.selectors import (
    catalogue_effective,
    forget_effective_catalogue,
    parse_day,
    stored_decisions,
    to_pure,
)

#: Units whose values are whole numbers (money in VND, days, months, counts, percent).
INTEGER_UNITS = ("vnd", "days", "months", "count", "percent")


class PolicyDecisionError(Exception):
    """A province decision cannot be recorded; the message (Vietnamese) says why."""


def parse_parameter_value(parameter: Parameter, value: Any) -> int | dt.date:
    """``value`` (int, date, or text as typed by an officer) as the parameter's type, or PolicyDecisionError."""
    if parameter.unit in INTEGER_UNITS:
        if isinstance(value, bool):
            raise PolicyDecisionError("Giá trị phải là một số nguyên.")
        if isinstance(value, str):
            text = value.strip().replace(".", "").replace(" ", "").replace("đ", "")
            if not text.isdigit():
                raise PolicyDecisionError("Giá trị phải là một số nguyên không âm (ví dụ 50000 hoặc 50.000).")
            value = int(text)
        if not isinstance(value, int) or value < 0:
            raise PolicyDecisionError("Giá trị phải là một số nguyên không âm.")
        return value
    if parameter.unit == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        day = parse_day(str(value))
        if day is None:
            raise PolicyDecisionError("Giá trị phải là một ngày dạng dd/mm/yyyy.")
        return day
    raise PolicyDecisionError(
        f"Tham số loại “{parameter.unit}” không nhập qua màn hình này (chỉ số tiền, số ngày, số tháng, ngày)."
    )


def _shown(value: Any) -> Any:
    return f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else value


@transaction.atomic
def province_decision_record(
    *,
    actor: Any,
    policy_code: str,
    parameter: str,
    value: Any,
    valid_from: dt.date,
    number: str,
    issued_on: dt.date,
    signer: str,
    summary: str,
    valid_to: dt.date | None = None,
    note: str = "",
) -> ProvinceDecision:
    """Record a province decision setting ``policy_code.parameter`` to ``value`` from ``valid_from``.

    Earlier values are kept (closed the day before ``valid_from``), never overwritten. Raises
    :class:`PolicyDecisionError` (nothing written) when the actor may not change policies, the
    parameter is not province-configurable, or the value does not fit the parameter.
    """
    if not (
        actor and getattr(actor, "is_authenticated", False) and actor.can(Resource.POLICY, Action.CHANGE)
    ):
        raise PolicyDecisionError("Bạn không có quyền ghi nhận quyết định về tham số chính sách.")
    number, signer, summary = number.strip(), signer.strip(), summary.strip()
    if not number or not signer or not summary:
        raise PolicyDecisionError("Cần nhập đủ số quyết định, người ký và trích yếu.")
    if valid_to is not None and valid_to < valid_from:
        raise PolicyDecisionError("Ngày kết thúc áp dụng phải từ ngày bắt đầu áp dụng trở đi.")
    catalogue = catalogue_effective()
    policy = catalogue.policies.get(policy_code)
    if policy is None:
        raise PolicyDecisionError(f"Không có chính sách “{policy_code}”.")
    spec = policy.parameters.get(parameter)
    if spec is None:
        raise PolicyDecisionError(f"Chính sách {policy_code} không có tham số “{parameter}”.")
    if not spec.province_configurable:
        raise PolicyDecisionError(
            f"Tham số “{spec.label_vi}” do văn bản trung ương quy định; tỉnh không được thay đổi."
        )
    typed = parse_parameter_value(spec, value)
    if ProvinceDecision.objects.filter(number=number, policy_code=policy_code, parameter=parameter).exists():
        raise PolicyDecisionError(f"Quyết định {number} đã được ghi cho tham số này.")

    decision = ProvinceDecision(
        number=number,
        issued_on=issued_on,
        signer=signer,
        summary=summary,
        policy_code=policy_code,
        parameter=parameter,
        unit=spec.unit,
        value=typed.isoformat() if isinstance(typed, dt.date) else typed,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        entered_by=actor,
    )
    # Check the whole catalogue still compiles with the decision before anything is written.
    try:
        apply_decisions(catalogue, [to_pure(decision)])
    except CatalogueError as error:
        raise PolicyDecisionError(f"Giá trị không áp dụng được vào danh mục: {error}") from error
    before = spec.value_at(valid_from)
    decision.save()
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=decision,
        summary=f"Quyết định {number}: {policy_code}.{parameter} = {_shown(typed)} từ {valid_from:%d/%m/%Y}",
        before={
            "parameter": f"{policy_code}.{parameter}",
            "value": _shown(before.value) if before else None,
            "reference": before.reference if before else None,
        },
        after={
            "parameter": f"{policy_code}.{parameter}",
            "value": _shown(typed),
            "valid_from": valid_from,
            "valid_to": valid_to,
            "number": number,
            "issued_on": issued_on,
        },
    )
    forget_effective_catalogue()
    return decision


DEMO_NUMBER = "DEMO-01/QĐ-UBND"


def load_policies_demo(say: Callable[[str], None]) -> None:
    """One clearly labelled demo decision for the free-worker per-day rate (idempotent)."""
    from ansinh.org.models import User

    if stored_decisions().filter(number=DEMO_NUMBER).exists():
        say("Chính sách: quyết định mẫu của tỉnh đã có.")
        return
    actor = User.objects.filter(username="lanhdao").first()
    if actor is None:
        say("Chính sách: thiếu tài khoản demo 'lanhdao', bỏ qua quyết định mẫu.")
        return
    province_decision_record(
        actor=actor,
        policy_code="bp-lao-dong-tu-do",
        parameter="rate_per_day",
        value=60_000,
        valid_from=dt.date(2021, 9, 1),
        number=DEMO_NUMBER,
        issued_on=dt.date(2021, 8, 25),
        signer="Phó Chủ tịch UBND tỉnh (mẫu)",
        summary="GIẢ ĐỊNH TRÌNH DIỄN — không phải quyết định thật: nâng mức hỗ trợ lao động tự do lên "
        "60.000 đồng/người/ngày từ 01/09/2021",
        note="Dữ liệu mẫu để minh họa cách tỉnh thay đổi tham số; thay bằng quyết định thật của UBND tỉnh.",
    )
    say("Chính sách: đã ghi quyết định mẫu (giả định) về mức hỗ trợ lao động tự do.")
