"""From an uploaded list to a paid batch: intake stores the accepted rows and hands them to relief
(`batch_create_from_import`); the batch then goes the whole way."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.intake.messy import people, write_csv

from ansinh.intake.services import import_job_create
from ansinh.org.models import OrgUnit
from ansinh.relief.models import Batch
from ansinh.relief.services import batch_appraise, batch_approve, batch_confirm, batch_submit

pytestmark = pytest.mark.django_db


def test_uploaded_list_becomes_a_draft_batch(actors, tmp_path, django_capture_on_commit_callbacks):
    clerk = actors["clerk"]
    path = tmp_path / "mau05.csv"
    write_csv(path, people(6), "utf-8")
    unit = OrgUnit.objects.get(code=f"pldtbxh-{clerk.area.code}")
    with django_capture_on_commit_callbacks(execute=True):  # the import job runs after its commit
        job = import_job_create(
            uploaded_file=SimpleUploadedFile("mau05.csv", path.read_bytes()), unit=unit, actor=clerk
        )
    job.refresh_from_db()
    batch = Batch.objects.filter(source_import=job).first()
    assert batch is not None, (job.status, job.message, job.counts)
    assert batch.status == Batch.Status.DRAFT and batch.applications.count() == job.counts.get("stored")
    assert all(a.person_id for a in batch.applications.all())
    assert batch.policy_code == "nq68-tam-hoan"
    eligible = batch.applications.filter(eligible=True)
    assert eligible.exists() and all(a.computed_amount > 0 for a in eligible)
    batch = batch_submit(batch=batch, actor=clerk)
    batch = batch_confirm(batch=batch, actor=clerk, reference="01/BHXH")
    batch = batch_appraise(batch=batch, actor=actors["clerk2"])
    decision = batch_approve(batch=batch, actor=actors["leader"])
    assert decision.people_count == eligible.count()
    assert decision.amount_total == sum(a.computed_amount for a in eligible)
