"""Upload → background job → stored rows: all-or-nothing, idempotent, scoped, cancellable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.audit.verify import audit_chain_verify
from ansinh.intake import services
from ansinh.intake.models import ImportJob, ImportRow
from ansinh.org.models import OrgUnit

messy = pytest.importorskip("messy")


def _xlsx(tmp_path: Path, n: int = 8, name: str = "ds.xlsx", persons=None) -> tuple[bytes, list]:
    persons = persons or messy.people(n)
    path = tmp_path / name
    messy.write_messy_xlsx(path, persons)
    return path.read_bytes(), persons


def _upload(client, data: bytes, unit: OrgUnit, name: str = "ds.xlsx"):
    return client.post(reverse("intake:upload_list"),
                       {"file": SimpleUploadedFile(name, data), "unit": unit.pk, "form_code": ""})


@pytest.fixture
def clerk(make_user):
    return make_user("district_officer", district="Lộc Ninh")


@pytest.mark.django_db
def test_upload_runs_the_job_and_stores_every_valid_row(client, clerk, tmp_path, django_capture_on_commit_callbacks):
    data, _persons = _xlsx(tmp_path)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, data, clerk.org_unit)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intake:job_detail", args=[job.pk])
    assert job.status == ImportJob.Status.STORED, job.message
    assert job.form_code == "mau-05"
    assert job.counts["accepted"] == ImportRow.objects.filter(job=job).count() > 0
    assert job.counts["rows"] >= job.counts["accepted"]
    page = client.get(reverse("intake:job_detail", args=[job.pk]))
    assert page.status_code == 200 and "Đã lưu" in page.content.decode()
    assert audit_chain_verify()[1] == []
    # The stored list became a draft batch of applications for its policy, in the same transaction.
    from ansinh.relief.models import Batch

    batch = Batch.objects.get(source_import=job)
    assert batch.policy_code == "nq68-tam-hoan" and batch.status == Batch.Status.DRAFT
    assert batch.applications.count() == job.counts["stored"]


@pytest.mark.django_db
def test_same_file_twice_adds_nothing(client, clerk, tmp_path, django_capture_on_commit_callbacks):
    data, _ = _xlsx(tmp_path)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, data, clerk.org_unit)
    stored = ImportRow.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, data, clerk.org_unit, name="ds-lan-2.xlsx")
    second = ImportJob.objects.order_by("-pk").first()
    assert second.status == ImportJob.Status.DUPLICATE
    assert ImportRow.objects.count() == stored


@pytest.mark.django_db
def test_corrected_file_updates_rows_instead_of_duplicating(client, clerk, tmp_path, django_capture_on_commit_callbacks):
    persons = messy.people(8)
    first, _ = _xlsx(tmp_path, persons=persons, name="a.xlsx")
    second, _ = _xlsx(tmp_path, persons=persons[:6], name="b.xlsx")  # a corrected, shorter list
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, first, clerk.org_unit)
    live_before = ImportRow.objects.filter(superseded=False).count()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, second, clerk.org_unit, name="b.xlsx")
    job2 = ImportJob.objects.order_by("-pk").first()
    assert job2.status == ImportJob.Status.STORED
    assert job2.counts["updated"] == job2.counts["stored"] > 0
    assert "Đã cập nhật đợt hồ sơ" in job2.message and "theo danh sách đã sửa" in job2.message, job2.message
    from ansinh.relief.models import Application, Batch

    # The corrected list's page leads to the batch it updated (made from the first list).
    page = client.get(reverse("intake:job_detail", args=[job2.pk])).content.decode()
    assert reverse("relief:batch_detail", args=[Batch.objects.get().pk]) in page
    # Rows of the people resent were replaced, not added twice.
    assert ImportRow.objects.filter(superseded=False).count() == live_before
    # ... and so were their applications in the sender's still-open batch: one live application each.
    assert Batch.objects.count() == 1
    live = Application.objects.exclude(status=Application.Status.WITHDRAWN)
    assert live.count() == live_before
    assert live.values("person_id").distinct().count() == live.count()
    # Each withdrawn application has its own audit event; the chain stays intact.
    from ansinh.audit.models import AuditEvent

    withdrawn = list(Application.objects.filter(status=Application.Status.WITHDRAWN).values_list("pk", flat=True))
    assert len(withdrawn) == job2.counts["updated"]
    audited = AuditEvent.objects.filter(object_type="relief.application", object_id__in=[str(pk) for pk in withdrawn],
                                        after__status="withdrawn")
    assert audited.count() == len(withdrawn)
    assert audit_chain_verify()[1] == []
    # The dashboard counters, kept incrementally, equal a full rebuild.
    from ansinh.reports.aggregates import counters_as_dict, reports_rebuild

    incremental = counters_as_dict()
    reports_rebuild()
    assert counters_as_dict() == incremental


@pytest.mark.django_db
def test_unreadable_file_fails_with_a_clear_message_and_writes_nothing(client, clerk, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, b"PK\x03\x04 this is not really a workbook", clerk.org_unit, name="hong.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "hong.xlsx" in job.message or "đọc" in job.message.lower()
    assert not ImportRow.objects.exists()


@pytest.mark.django_db
def test_cancel_before_run_leaves_nothing(clerk, tmp_path):
    data, _ = _xlsx(tmp_path)
    job = services.import_job_create(uploaded_file=SimpleUploadedFile("ds.xlsx", data), unit=clerk.org_unit,
                                     actor=clerk)
    services.import_job_cancel(job=job, actor=clerk)
    job = services.import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.CANCELLED
    assert not ImportRow.objects.exists()


@pytest.mark.django_db
def test_crash_during_store_leaves_no_half_list(clerk, tmp_path, monkeypatch):
    data, _ = _xlsx(tmp_path, n=12)
    job = services.import_job_create(uploaded_file=SimpleUploadedFile("ds.xlsx", data), unit=clerk.org_unit,
                                     actor=clerk)

    def insert_then_crash(rows):
        from ansinh.intake import store

        store.bulk_insert_rows_original(rows)
        raise RuntimeError("mất điện giữa chừng")

    from ansinh.intake import store

    monkeypatch.setattr(store, "bulk_insert_rows_original", store.bulk_insert_rows, raising=False)
    monkeypatch.setattr(store, "bulk_insert_rows", insert_then_crash)
    with pytest.raises(RuntimeError):
        services.import_job_run(job_id=job.pk)
    assert not ImportRow.objects.exists()
    job.refresh_from_db()
    assert job.status != ImportJob.Status.STORED


@pytest.mark.django_db
def test_other_district_cannot_see_or_cancel_the_job(client, clerk, make_user, tmp_path):
    data, _ = _xlsx(tmp_path)
    job = services.import_job_create(uploaded_file=SimpleUploadedFile("ds.xlsx", data), unit=clerk.org_unit,
                                     actor=clerk)
    other = make_user("district_officer", district="Đồng Phú")
    client.force_login(other)
    assert client.get(reverse("intake:job_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("intake:job_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.cancel_requested is False


@pytest.mark.django_db
def test_cannot_import_for_a_unit_outside_ones_area(clerk, tmp_path):
    data, _ = _xlsx(tmp_path)
    dong_phu_office = OrgUnit.objects.get(code__startswith="pldtbxh-", area__name="Đồng Phú")
    with pytest.raises(services.ImportRefused):
        services.import_job_create(uploaded_file=SimpleUploadedFile("ds.xlsx", data), unit=dong_phu_office,
                                   actor=clerk)
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_list_corrected_twice_updates_the_same_open_batch(client, clerk, tmp_path, django_capture_on_commit_callbacks):
    """A, B … H sent; then C … H again (now on A … F's rows); then C, D again (on A, B's rows).
    Nobody may be lost or counted twice, and the rows' numbers alone must not decide who is replaced."""
    from ansinh.relief.models import Application, Batch

    persons = messy.people(8)
    client.force_login(clerk)
    for name, group in (("v1.xlsx", persons), ("v2.xlsx", persons[2:]), ("v3.xlsx", persons[2:4])):
        data, _ = _xlsx(tmp_path, persons=group, name=name)
        with django_capture_on_commit_callbacks(execute=True):
            _upload(client, data, clerk.org_unit, name=name)
        assert ImportJob.objects.order_by("-pk").first().status == ImportJob.Status.STORED
    assert Batch.objects.count() == 1
    live = Application.objects.exclude(status=Application.Status.WITHDRAWN).select_related("person")
    assert sorted(a.person.id_number for a in live) == sorted(p.id_number for p in persons)
    latest = {a.person.id_number: a.data["import_job"] for a in live}
    jobs = list(ImportJob.objects.order_by("pk").values_list("pk", flat=True))
    assert [latest[p.id_number] for p in persons] == [jobs[0]] * 2 + [jobs[2]] * 2 + [jobs[1]] * 4
