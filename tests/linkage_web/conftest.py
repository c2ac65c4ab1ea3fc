"""Import jobs with stored rows, made directly (the intake pipeline is tested in tests/intake)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile

from ansinh.geo.models import AdminUnit, Edition
from ansinh.intake.models import ImportJob, ImportRow
from ansinh.org.models import OrgUnit


def commune(district: str, index: int = 0) -> AdminUnit:
    parent = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=district)
    return parent.children.order_by("code")[index]


def make_job(*, user, district: str, rows: list[dict], form_code: str = "mau-05", name: str = "ds.xlsx"):
    """A stored import job of the district office with ``rows`` (full_name, dob "dd/mm/yyyy" or
    "yyyy", id_number, phone, sex, commune index)."""
    area = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=district)
    unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
    digest = hashlib.sha256(f"{name}{rows}".encode()).hexdigest()
    job = ImportJob(
        original_name=name,
        sha256=digest,
        form_code=form_code,
        unit=unit,
        area=area,
        created_by=user,
        status=ImportJob.Status.STORED,
    )
    job.file.save(name, ContentFile(b"x"), save=False)
    job.save()
    for i, r in enumerate(rows):
        dob_text = r.get("dob", "")
        dob = dt.datetime.strptime(dob_text, "%d/%m/%Y").date() if len(dob_text) == 10 else None  # noqa: DTZ007
        unit3 = commune(district, r.get("commune", 0))
        ImportRow.objects.create(
            job=job,
            source_row=7 + i,
            row_key=f"k{i}",
            full_name=r["full_name"],
            date_of_birth=dob,
            id_number=r.get("id_number", ""),
            commune_code=unit3.code,
            data={
                "full_name": r["full_name"],
                "date_of_birth": dob_text,
                "sex": r.get("sex", ""),
                "id_number": r.get("id_number", ""),
                "phone": r.get("phone", ""),
                "address": unit3.full_name,
            },
        )
    return job


@pytest.fixture
def officer(make_user):
    return make_user("district_officer", district="Lộc Ninh")


@pytest.fixture(autouse=True)
def review_band(settings):
    """Explicit thresholds, so the tests do not depend on the committed model's default threshold."""
    settings.LINKAGE_LOWER_THRESHOLD = 0.3
    settings.LINKAGE_UPPER_THRESHOLD = 0.9999
