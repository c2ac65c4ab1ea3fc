"""Writes for organisation data: the Department's structure and accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.models import OrgUnit, User
from ansinh.org.roles import Role
from ansinh.org.structure import DEPARTMENT_UNITS, EXTERNAL_BODIES


@transaction.atomic
def org_structure_load() -> dict[str, int]:
    """Create the Department's units, each district's labour office, each commune committee and the
    outside bodies. Idempotent: existing units are updated, none duplicated."""
    province = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)
    created = 0

    def upsert(code: str, **fields: object) -> OrgUnit:
        nonlocal created
        unit, was_created = OrgUnit.objects.update_or_create(code=code, defaults=fields)
        created += int(was_created)
        return unit

    department = upsert("so-ldtbxh", name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Phước",
                        short_name="Sở LĐ-TB&XH", kind=OrgUnit.Kind.DEPARTMENT, area=province, parent=None)
    for spec in DEPARTMENT_UNITS:
        upsert(spec.code, name=spec.name, short_name=spec.short_name, kind=spec.kind, parent=department,
               area=province)
    for spec in EXTERNAL_BODIES:
        upsert(spec.code, name=spec.name, short_name=spec.short_name, kind=spec.kind, parent=None, area=province)
    districts = AdminUnit.objects.filter(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT)
    for district in districts:
        office = upsert(f"pldtbxh-{district.code}", name=f"Phòng LĐ-TB&XH {district.full_name}",
                        short_name=f"Phòng LĐ-TB&XH {district.name}", kind=OrgUnit.Kind.DISTRICT_OFFICE,
                        parent=None, area=district)
        for commune in district.children.all():
            upsert(f"ubnd-xa-{commune.code}", name=f"UBND {commune.full_name}", short_name=commune.name,
                   kind=OrgUnit.Kind.COMMUNE, parent=office, area=commune)
    return {"created": created, "total": OrgUnit.objects.count()}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    unit_code: str
    area_code: str | None  # None = the whole province
    full_name: str


@transaction.atomic
def user_create_or_update(*, account: DemoAccount, actor: User | None = None) -> tuple[User, bool]:
    """Create a user with one role, unit and area, or bring an existing one back to that state."""
    unit = OrgUnit.objects.get(code=account.unit_code)
    if account.area_code:
        area = AdminUnit.objects.get(edition=Edition.Y2021, code=account.area_code)
    else:
        area = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)
    last, _, first = account.full_name.rpartition(" ")
    user, created = User.objects.get_or_create(username=account.username)
    before = {"roles": user.roles, "area": user.area_id, "org_unit": user.org_unit_id} if not created else None
    user.first_name, user.last_name = first, last
    user.roles = [account.role]
    user.org_unit, user.area = unit, area
    user.is_staff = account.role == Role.ADMIN
    user.set_password(account.password)
    user.save()
    events.record(actor=actor, action=events.CREATE if created else events.UPDATE, obj=user,
                  summary=f"Tài khoản {user.username} ({account.role})", before=before,
                  after={"roles": user.roles, "area": user.area_id, "org_unit": user.org_unit_id})
    return user, created


def api_token_create(*, user: User, name: str, actor: User | None = None) -> str:
    """Create a token for `user` and return it once; only its hash is stored."""
    import hashlib
    import secrets

    from ansinh.org.models import ApiToken

    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_sha256=hashlib.sha256(raw.encode()).hexdigest())
    events.record(actor=actor, action=events.CREATE, obj=token, summary=f"Tạo mã API '{name}' cho {user.username}")
    return raw
