"""Fixtures of the relief tests: users by role and area, and a batch made from row dicts."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.geo.models import AdminUnit, Edition


def district(name: str) -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=name)


def make_rows(
    n: int,
    *,
    district_name: str = "Lộc Ninh",
    ineligible: tuple[int, ...] = (),
    id_prefix: str = "0701",
    amount: int = 3_710_000,
) -> list[dict]:
    """``n`` evaluated rows of communes of ``district_name``; rows in ``ineligible`` failed a condition."""
    communes = list(district(district_name).children.order_by("code"))
    rows = []
    for i in range(n):
        failed = (
            [
                {
                    "code": "min_days",
                    "message_vi": "Tạm hoãn dưới 15 ngày liên tục",
                    "citation": "QĐ 23/2021/QĐ-TTg Điều 13",
                }
            ]
            if i in ineligible
            else []
        )
        rows.append(
            {
                "full_name": f"Nguyễn Văn Thử {i + 1}",
                "date_of_birth": dt.date(1985, 1 + i % 12, 1 + i % 28).isoformat(),
                "sex": "Nam" if i % 2 else "Nữ",
                "id_number": f"{id_prefix}{i:08d}",
                "commune_code": communes[i % len(communes)].code,
                "eligible": not failed,
                "amount_vnd": 0 if failed else amount,
                "failed_conditions": failed,
                "version": "qd23",
                "source_row": i + 2,
                "start_date": "2021-08-01",
                "end_date": "2021-08-31",
                "bank_account": f"0123{i:06d}",
                "bank_name": "Agribank Bình Phước",
            }
        )
    return rows


@pytest.fixture
def actors(make_user):
    """The cast of the workflow: district clerks of Lộc Ninh and Đồng Phú, two leaders, a commune clerk."""
    return {
        "clerk": make_user("district_officer", district="Lộc Ninh"),
        "clerk2": make_user("district_officer", district="Lộc Ninh"),
        "other_clerk": make_user("district_officer", district="Đồng Phú"),
        "leader": make_user("leader", unit="ban-giam-doc"),
        "leader2": make_user("leader", unit="ban-giam-doc"),
        "commune": make_user("commune_officer", commune_of="Lộc Ninh"),
        "auditor": make_user("auditor", unit="van-phong"),
    }


@pytest.fixture
def pki(settings, tmp_path):
    settings.PKI_DIR = tmp_path / "pki"
    return settings.PKI_DIR


def new_batch(
    actor, *, policy: str = "bp-lao-dong-tu-do", district_name: str = "Lộc Ninh", n: int = 4, **kwargs
):
    from ansinh.org.models import OrgUnit
    from ansinh.relief.services import batch_create_from_rows

    area = district(district_name)
    unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
    return batch_create_from_rows(
        policy_code=policy,
        unit=unit,
        area=area,
        rows=make_rows(n, district_name=district_name, **kwargs),
        actor=actor,
    )
