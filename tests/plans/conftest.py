"""Fixtures of the plans tests: the seed plan, and relief batches in two districts."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def seed_plan(reference_data):
    from ansinh.plans.models import Plan
    from ansinh.plans.services.seed import seed_plan_load

    seed_plan_load()
    return Plan.objects.get(code="kh-sldtbxh-2021-09-267")


def _district(name: str):
    from ansinh.geo.models import AdminUnit, Edition

    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=name)


@pytest.fixture
def relief_data(reference_data):
    """Lộc Ninh: 3 NQ 68 batches (submitted, appraised, paid with 2 payments) and 1 CV 2642 batch;
    Đồng Phú: 1 approved NQ 68 batch. Amounts are integer VND."""
    from ansinh.org.models import OrgUnit
    from ansinh.registry.models import Person
    from ansinh.relief.models import Application, Award, Batch, Decision, Payment

    made = {}
    for name, specs in {
        "Lộc Ninh": [
            ("nq68-tam-hoan", "submitted", 10, 18_550_000),
            ("nq68-ngung-viec", "appraised", 5, 5_000_000),
            ("bp-lao-dong-tu-do", "paid", 2, 3_000_000),
            ("bp-cv2642", "approved", 4, 4_000_000),
        ],
        "Đồng Phú": [("nq68-tam-hoan", "approved", 7, 25_970_000)],
    }.items():
        district = _district(name)
        unit = OrgUnit.objects.get(code=f"pldtbxh-{district.code}")
        commune = district.children.order_by("code").first()
        for seq, (policy, status, people, amount) in enumerate(specs, start=1):
            batch = Batch.objects.create(
                policy_code=policy,
                sequence=seq,
                submitting_unit=unit,
                area=district,
                status=status,
                people_count=people,
                amount_total=amount,
                due_date=dt.date(2021, 10, 8) if status in ("submitted", "appraised") else None,
            )
            made[(name, policy)] = batch
            if status == "paid":
                decision = Decision.objects.create(
                    batch=batch,
                    number=f"{seq}{district.code}/QĐ-UBND",
                    status="signed",
                    people_count=people,
                    amount_total=amount,
                )
                for i in range(people):
                    person = Person.objects.create(
                        person_code=f"P{district.code}{seq}{i}", full_name=f"Người {i}", area=commune
                    )
                    app = Application.objects.create(
                        batch=batch,
                        person=person,
                        area=commune,
                        policy_code=policy,
                        computed_amount=1_500_000,
                        status="paid",
                    )
                    award = Award.objects.create(
                        application=app,
                        person=person,
                        policy_code=policy,
                        period_key="2021",
                        amount=1_500_000,
                        decision=decision,
                    )
                    Payment.objects.create(
                        award=award, channel="commune_cash", amount=1_500_000, status="disbursed"
                    )
    return made
