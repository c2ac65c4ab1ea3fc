"""One demo account per role, printed by `make run`. Demo only: every password is public."""

from __future__ import annotations

from ansinh.org.services import DemoAccount

DEMO_PASSWORD = "AnSinh@2021"  # noqa: S105 - demo only, printed by `make run`

# area_code None = the whole province; otherwise a district or commune named below and resolved by name.
DEMO_ACCOUNTS_BY_NAME: list[tuple[str, str, str, str | None, str]] = [
    # username, role, unit code, area (district name, or "district/commune"), full name
    ("lanhdao", "leader", "ban-giam-doc", None, "Trần Văn Giám"),
    ("ldvl", "division_officer", "phong-ldvl", None, "Nguyễn Thị Lao"),
    ("qllvxh", "division_officer", "phong-qllvxh", None, "Lê Văn Xã"),
    ("vanphong", "office_officer", "van-phong", None, "Phạm Thị Văn"),
    ("huyen.locninh", "district_officer", "district:Lộc Ninh", "Lộc Ninh", "Điểu Văn Lộc"),
    ("huyen.dongphu", "district_officer", "district:Đồng Phú", "Đồng Phú", "Hoàng Văn Phú"),
    ("xa.locninh", "commune_officer", "commune:Lộc Ninh", "Lộc Ninh/*", "Thị Hoa"),
    ("coso.btxh", "facility_officer", "ttbtxh", None, "Võ Thị Bảo"),
    ("kiemtra", "auditor", "van-phong", None, "Đặng Văn Tra"),
    ("quantri", "admin", "van-phong", None, "Bùi Văn Trị"),
]


def demo_accounts() -> list[DemoAccount]:
    """Resolve district/commune names to codes of the loaded 2021 units."""
    from ansinh.geo.models import AdminUnit, Edition

    accounts = []
    for username, role, unit, area, full_name in DEMO_ACCOUNTS_BY_NAME:
        area_code = None
        if area:
            district_name, _, commune = area.partition("/")
            district = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT,
                                             name=district_name)
            area_code = district.code
            if commune:
                area_code = district.children.order_by("code").first().code
        if unit.startswith("district:"):
            unit = f"pldtbxh-{area_code}"
        elif unit.startswith("commune:"):
            unit = f"ubnd-xa-{area_code}"
        accounts.append(DemoAccount(username, DEMO_PASSWORD, role, unit, area_code, full_name))
    return accounts
