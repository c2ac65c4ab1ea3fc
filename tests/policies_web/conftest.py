"""Fixtures of the policies web tests: officers by role and a stored application in a district."""

from __future__ import annotations

import pytest

from ansinh.policies.selectors import forget_effective_catalogue


@pytest.fixture(autouse=True)
def _fresh_catalogue_cache():
    """Each test starts and ends with the per-process catalogue cache empty."""
    forget_effective_catalogue()
    yield
    forget_effective_catalogue()


@pytest.fixture
def officers(make_user):
    return {
        "leader": make_user("leader", unit="ban-giam-doc"),
        "division": make_user("division_officer", unit="phong-ldvl"),
        "district": make_user("district_officer", district="Lộc Ninh"),
        "other_district": make_user("district_officer", district="Đồng Phú"),
        "auditor": make_user("auditor", unit="van-phong"),
    }


def stored_application(actor, *, district_name: str, row: dict, policy: str = "nq68-tam-hoan"):
    """One application of ``policy`` in a draft batch of ``district_name`` (made through relief's service)."""
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.org.models import OrgUnit
    from ansinh.relief.services import batch_create_from_rows

    area = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=district_name)
    commune = area.children.order_by("code").first()
    unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
    full = {
        "full_name": "Nguyễn Văn Thử",
        "date_of_birth": "1985-01-01",
        "sex": "Nam",
        "id_number": "070185000001",
        "commune_code": commune.code,
        "eligible": True,
        "amount_vnd": 3_710_000,
        "failed_conditions": [],
        "version": "qd33-nq126",
        "source_row": 2,
        **row,
    }
    batch = batch_create_from_rows(policy_code=policy, unit=unit, area=area, rows=[full], actor=actor)
    return batch.applications.get()
