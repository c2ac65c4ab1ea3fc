"""Progress on task 2.1 with its live figure; area scoping of figures and progress reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ansinh.plans import figures
from ansinh.plans.models import ProgressReport
from ansinh.plans.services.errors import PlanError
from ansinh.plans.services.work import oversight_note_create, progress_report_create

pytestmark = pytest.mark.django_db


def _row(figure, district_name):
    return next(r for r in figure.rows if r["district"].endswith(district_name))


def test_relief_figure_counts_batches_and_payments_by_district(seed_plan, relief_data, make_user):
    office = make_user("office_officer", unit="van-phong")
    figure = figures.compute("relief_batches_by_district", office)
    loc_ninh = _row(figure, "Lộc Ninh")
    assert (loc_ninh["received"], loc_ninh["appraised"], loc_ninh["approved"], loc_ninh["paid"]) == (
        3,
        2,
        1,
        1,
    )
    assert loc_ninh["amount_paid"] == 3_000_000  # two disbursed payments of 1.500.000 đ
    assert _row(figure, "Đồng Phú")["amount_approved"] == 25_970_000
    # Open batches (submitted, appraised) are listed with their own deadlines.
    assert [b["due_date"] for b in figure.upcoming] == [dt.date(2021, 10, 8)] * 2
    assert len(figure.rows) == 11  # the 11 district-level units of 2021
    cv2642 = figures.compute("relief_batches_cv2642", office)
    assert _row(cv2642, "Lộc Ninh")["approved"] == 1
    assert cv2642.totals["received"] == 1


def test_district_officer_sees_only_its_district_figures(seed_plan, relief_data, make_user):
    officer = make_user("district_officer", district="Lộc Ninh")
    figure = figures.compute("relief_batches_by_district", officer)
    assert [r["district"] for r in figure.rows] == ["Huyện Lộc Ninh"]
    assert figure.totals["received"] == 3
    assert figure.totals["amount_approved"] == 3_000_000  # Đồng Phú's 25.970.000 đ is not counted


def test_vaccination_figure_says_no_data_yet(make_user):
    figure = figures.compute("vaccination_coverage", make_user("office_officer", unit="van-phong"))
    assert "Chưa có dữ liệu" in figure.message


def test_district_update_and_live_figure_show_on_task_21(seed_plan, relief_data, make_user):
    officer = make_user("district_officer", district="Lộc Ninh")
    task = seed_plan.tasks.get(code="2.1")
    progress_report_create(
        actor=officer,
        task=task,
        status="in_progress",
        percent=70,
        text="Huyện Lộc Ninh đã chi trả đợt 1 cho 2 người lao động tự do.",
        reported_on=dt.date(2021, 10, 14),
    )
    task.refresh_from_db()
    assert task.status == "not_started"  # a district's report is its part; the task's overall status stays
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "Huyện Lộc Ninh đã chi trả đợt 1" in page
    assert "Tiến độ các đợt hỗ trợ theo NQ 68/NQ-CP" in page
    assert "Huyện Lộc Ninh" in page and "Huyện Đồng Phú" not in page
    assert "3.000.000" in page  # amount paid in Lộc Ninh, from the relief data


def test_progress_reports_are_scoped_between_districts(seed_plan, make_user):
    loc_ninh = make_user("district_officer", district="Lộc Ninh")
    dong_phu = make_user("district_officer", district="Đồng Phú")
    office = make_user("office_officer", unit="van-phong")
    task = seed_plan.tasks.get(code="2.1")
    progress_report_create(
        actor=loc_ninh, task=task, status="in_progress", percent=50, text="Lộc Ninh báo cáo"
    )
    progress_report_create(
        actor=office, task=task, status="in_progress", percent=40, text="Văn phòng tổng hợp"
    )
    assert set(ProgressReport.objects.restrict(dong_phu).values_list("text", flat=True)) == {
        "Văn phòng tổng hợp"
    }
    assert ProgressReport.objects.restrict(office).count() == 2
    task.refresh_from_db()
    assert (task.status, task.percent) == ("in_progress", 40)  # the province-level report sets the task


def test_progress_needs_task_change_permission_and_valid_values(seed_plan, make_user):
    task = seed_plan.tasks.get(code="2.1")
    auditor = make_user("auditor", unit="van-phong")
    with pytest.raises(PlanError, match="không có quyền"):
        progress_report_create(actor=auditor, task=task, status="done", percent=100, text="x")
    office = make_user("office_officer", unit="van-phong")
    with pytest.raises(PlanError, match="0 đến 100"):
        progress_report_create(actor=office, task=task, status="done", percent=120, text="x")


def test_only_office_or_leaders_record_oversight(seed_plan, make_user):
    task = seed_plan.tasks.get(code="4.2")
    division = make_user("division_officer", unit="phong-ldvl")
    with pytest.raises(PlanError):
        oversight_note_create(
            actor=division, task=task, kind="inspection", held_on=dt.date(2021, 9, 28), findings="x"
        )
    office = make_user("office_officer", unit="van-phong")
    note = oversight_note_create(
        actor=office,
        task=task,
        kind="supervision",
        held_on=dt.date(2021, 9, 28),
        findings="Cơ sở chưa gửi phương án",
        follow_ups="Gửi trước 05/10",
        follow_up_due=dt.date(2021, 10, 5),
    )
    assert note.get_kind_display() == "Giám sát"


def test_deadline_of_current_batch_is_set_by_lead_or_office(seed_plan, make_user):
    from ansinh.plans.selectors import state_of
    from ansinh.plans.services.work import task_deadline_set

    task = seed_plan.tasks.get(code="2.1")
    other_division = make_user("division_officer", unit="phong-qllvxh")
    with pytest.raises(PlanError, match="đơn vị chủ trì"):
        task_deadline_set(actor=other_division, task=task, due_date=dt.date(2021, 10, 20))
    lead = make_user("division_officer", unit="phong-ldvl")
    task_deadline_set(actor=lead, task=task, due_date=dt.date(2021, 10, 20), note="đợt 3 theo CV 1173")
    task.refresh_from_db()
    assert state_of(task, dt.date(2021, 10, 21)).state == "overdue"
    assert state_of(task, dt.date(2021, 10, 18)).state == "due_soon"
    with pytest.raises(PlanError, match="thường xuyên"):
        office = make_user("office_officer", unit="van-phong")
        task_deadline_set(actor=office, task=seed_plan.tasks.get(code="1.1"), due_date=dt.date(2021, 10, 20))


def test_progress_form_with_attachment_through_the_view(seed_plan, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = make_user("district_officer", district="Lộc Ninh")
    task = seed_plan.tasks.get(code="2.1")
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("plans:progress_create", args=[task.pk]),
        {
            "status": "in_progress",
            "percent": "40",
            "reported_on": "2021-10-14",
            "text": "Đã gửi danh sách đợt 2.",
            "attachments": [
                SimpleUploadedFile("danh-sach-dot-2.pdf", b"%PDF-1.4 demo", content_type="application/pdf"),
                SimpleUploadedFile("bien-ban.xlsx", b"PK demo", content_type="application/octet-stream"),
            ],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert sorted(a.name for a in report.attachments.all()) == ["bien-ban.xlsx", "danh-sach-dot-2.pdf"]
    refused = client.post(
        reverse("plans:progress_create", args=[task.pk]),
        {
            "status": "in_progress",
            "percent": "40",
            "reported_on": "2021-10-14",
            "text": "x",
            "attachments": [SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")],
        },
        follow=True,
    )
    assert "chỉ nhận PDF" in refused.content.decode()
    assert ProgressReport.objects.filter(task=task).count() == 1
