"""Roles and what each may do. One table, read by every permission check (views, API, services).

A role grants *actions on resources*; the user's area scope then limits *which records*. Both must
allow an access. Keep the matrix here, in one place: the permission-matrix test reads it too.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo Sở")
    DIVISION_OFFICER = "division_officer", _("Chuyên viên phòng chuyên môn")
    OFFICE_OFFICER = "office_officer", _("Chuyên viên Văn phòng Sở")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ Phòng LĐ-TB&XH huyện")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ UBND xã")
    FACILITY_OFFICER = "facility_officer", _("Viên chức cơ sở, trung tâm")
    AUDITOR = "auditor", _("Kiểm tra viên (chỉ xem)")
    ADMIN = "admin", _("Quản trị hệ thống")


class Resource(StrEnum):
    PERSON = "person"
    APPLICATION = "application"
    BATCH = "batch"
    DECISION = "decision"
    PAYMENT = "payment"
    IMPORT = "import"
    PLAN = "plan"
    TASK = "task"
    POLICY = "policy"
    REPORT = "report"
    AUDIT = "audit"
    USER = "user"
    FACILITY = "facility"


class Action(StrEnum):
    VIEW = "view"
    VIEW_PERSONAL = "view_personal"  # unmasked ID numbers and phones
    CREATE = "create"
    CHANGE = "change"
    SUBMIT = "submit"
    APPRAISE = "appraise"
    APPROVE = "approve"
    SIGN = "sign"
    PAY = "pay"
    EXPORT = "export"
    REVIEW = "review"  # linkage review: same person / different people


R, A = Resource, Action
_READ = {A.VIEW}
_CLERK = {A.VIEW, A.VIEW_PERSONAL, A.CREATE, A.CHANGE, A.SUBMIT, A.EXPORT}

# role → resource → actions. Anything absent is refused.
PERMISSIONS: dict[str, dict[Resource, set[Action]]] = {
    Role.LEADER: {
        R.PERSON: {A.VIEW, A.VIEW_PERSONAL, A.EXPORT}, R.APPLICATION: {A.VIEW, A.EXPORT},
        R.BATCH: {A.VIEW, A.APPROVE, A.EXPORT}, R.DECISION: {A.VIEW, A.APPROVE, A.SIGN, A.EXPORT},
        R.PAYMENT: _READ | {A.EXPORT}, R.IMPORT: _READ, R.PLAN: {A.VIEW, A.CHANGE}, R.TASK: {A.VIEW, A.CHANGE},
        R.POLICY: {A.VIEW, A.CHANGE}, R.REPORT: {A.VIEW, A.EXPORT}, R.FACILITY: _READ,
    },
    Role.DIVISION_OFFICER: {
        R.PERSON: _CLERK | {A.REVIEW}, R.APPLICATION: _CLERK | {A.APPRAISE},
        R.BATCH: _CLERK | {A.APPRAISE}, R.DECISION: {A.VIEW, A.CREATE, A.EXPORT}, R.PAYMENT: _CLERK | {A.PAY},
        R.IMPORT: _CLERK, R.PLAN: _READ, R.TASK: {A.VIEW, A.CHANGE}, R.POLICY: {A.VIEW, A.CHANGE},
        R.REPORT: {A.VIEW, A.EXPORT}, R.FACILITY: _READ,
    },
    Role.OFFICE_OFFICER: {
        R.PERSON: _READ, R.APPLICATION: _READ, R.BATCH: _READ, R.DECISION: _READ, R.PAYMENT: _READ,
        R.IMPORT: _READ, R.PLAN: {A.VIEW, A.CREATE, A.CHANGE, A.EXPORT}, R.TASK: {A.VIEW, A.CREATE, A.CHANGE},
        R.POLICY: _READ, R.REPORT: {A.VIEW, A.CREATE, A.EXPORT}, R.FACILITY: {A.VIEW, A.CHANGE},
    },
    Role.DISTRICT_OFFICER: {
        R.PERSON: _CLERK | {A.REVIEW}, R.APPLICATION: _CLERK | {A.APPRAISE},
        R.BATCH: _CLERK | {A.APPRAISE}, R.DECISION: _READ, R.PAYMENT: _CLERK | {A.PAY}, R.IMPORT: _CLERK,
        R.PLAN: _READ, R.TASK: {A.VIEW, A.CHANGE}, R.POLICY: _READ, R.REPORT: {A.VIEW, A.EXPORT},
    },
    Role.COMMUNE_OFFICER: {
        R.PERSON: _CLERK, R.APPLICATION: _CLERK, R.BATCH: _CLERK, R.PAYMENT: {A.VIEW, A.PAY},
        R.IMPORT: _CLERK, R.PLAN: _READ, R.TASK: {A.VIEW, A.CHANGE}, R.POLICY: _READ, R.REPORT: _READ,
    },
    Role.FACILITY_OFFICER: {
        R.PLAN: _READ, R.TASK: {A.VIEW, A.CHANGE}, R.FACILITY: {A.VIEW, A.CREATE, A.CHANGE, A.EXPORT},
        R.POLICY: _READ, R.IMPORT: {A.VIEW, A.CREATE},
    },
    Role.AUDITOR: {res: {A.VIEW} for res in Resource},
    Role.ADMIN: {R.USER: {A.VIEW, A.CREATE, A.CHANGE}, R.AUDIT: {A.VIEW}, R.POLICY: _READ, R.PLAN: _READ},
}


def role_allows(roles: set[str], resource: Resource, action: Action) -> bool:
    """True when one of the roles grants the action on the resource."""
    return any(action in PERMISSIONS.get(role, {}).get(resource, set()) for role in roles)
