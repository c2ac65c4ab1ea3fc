"""Fixtures for the reports tests: batches and applications made directly (fast), in real communes."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone


class World:
    """Builds batches of applications in named districts; statuses are set by the test."""

    def __init__(self):
        from ansinh.geo.models import AdminUnit, Edition

        self.units = AdminUnit.objects.filter(edition=Edition.Y2021)
        self.seq = 0

    def district(self, name: str):
        from ansinh.geo.models import AdminUnit

        return self.units.get(level=AdminUnit.Level.DISTRICT, name=name)

    def communes(self, district_name: str):
        return list(self.district(district_name).children.order_by("code"))

    def batch(
        self,
        *,
        policy: str = "nq68-tam-hoan",
        district: str = "Lộc Ninh",
        n: int = 5,
        amount: int = 1_855_000,
        status: str = "submitted",
        submitted: dt.datetime | None = None,
        commune_index: int | None = None,
        id_prefix: str = "0702",
    ):
        from ansinh.org.models import OrgUnit
        from ansinh.registry.models import Person
        from ansinh.relief.models import Application, Batch

        area = self.district(district)
        unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
        self.seq += 1
        submitted = submitted or timezone.make_aware(dt.datetime(2021, 8, 10, 9, 0))
        batch = Batch.objects.create(
            policy_code=policy,
            sequence=self.seq,
            submitting_unit=unit,
            area=area,
            status=status,
            submitted_at=None if status == "draft" else submitted,
        )
        communes = self.communes(district)
        apps = []
        for i in range(n):
            commune = communes[commune_index if commune_index is not None else i % len(communes)]
            person = Person.objects.create(
                person_code=f"P{self.seq:04d}{i:05d}",
                full_name=f"Người {self.seq}-{i}",
                id_number=f"{id_prefix}{self.seq:03d}{i:05d}"[:12],
                area=commune,
            )
            apps.append(
                Application(
                    batch=batch,
                    person=person,
                    area=commune,
                    policy_code=policy,
                    source_row=i + 1,
                    computed_amount=amount,
                    eligible=True,
                    data={"id_number": person.id_number, "full_name": person.full_name},
                )
            )
        Application.objects.bulk_create(apps)
        return batch


@pytest.fixture
def world(reference_data):
    random.seed(7)
    return World()
