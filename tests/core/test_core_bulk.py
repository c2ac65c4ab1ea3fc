"""`copy_insert`: the same rows as save() would write (auto timestamps, JSON, dates), on both databases."""

from __future__ import annotations

import pytest
from django.db import transaction

from ansinh.core.bulk import copy_insert
from ansinh.intake.models import ImportJob


@pytest.mark.django_db
def test_copy_insert_writes_what_save_would(make_user):
    clerk = make_user("district_officer", district="Lộc Ninh")
    unit = clerk.org_unit
    counts = {"rows": 3, "ghi chú": 'tab\tdòng\nmới "ngoặc" \\ gạch', "list": [1, None, True]}
    jobs = [ImportJob(original_name=f"ds-{i}.xlsx", sha256=f"h{i}", unit=unit, area=unit.area, created_by=clerk,
                      file=f"ds-{i}.xlsx", counts=counts, problems=[{"row": i}]) for i in range(2500)]
    with transaction.atomic():
        assert copy_insert(ImportJob, jobs) == 2500
    stored = ImportJob.objects.order_by("original_name")
    assert stored.count() == 2500
    first = stored.get(original_name="ds-0.xlsx")
    assert first.counts == counts and first.problems == [{"row": 0}]
    assert first.created_at is not None and first.status == ImportJob.Status.QUEUED
    assert first.unit == unit and first.created_by == clerk and first.finished_at is None


@pytest.mark.django_db
def test_copy_insert_of_nothing_writes_nothing():
    assert copy_insert(ImportJob, []) == 0
    assert not ImportJob.objects.exists()
