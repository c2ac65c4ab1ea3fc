"""Official reports: xlsx content (formula-safe), scoping, loan three-stage grid, PDF, scheduled job."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from ansinh.reports.aggregates import reports_rebuild
from ansinh.reports.models import ReportRun
from ansinh.reports.services import ReportError, report_run_create

pytestmark = pytest.mark.django_db
JULY, DEC = dt.date(2021, 7, 1), dt.date(2021, 12, 31)


def _set(batch, app_status: str, n: int | None = None):
    from ansinh.relief.models import Application

    ids = list(Application.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True))[:n]
    Application.objects.filter(pk__in=ids).update(status=app_status)


def _cells(run) -> list[list]:
    run.xlsx.open("rb")
    sheet = openpyxl.load_workbook(io.BytesIO(run.xlsx.read())).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_periodic_report_xlsx_figures_scoping_and_formula_safety(
    world, make_user, django_capture_on_commit_callbacks
):
    from ansinh.geo.models import AdminUnit

    b1 = world.batch(district="Lộc Ninh", n=5, amount=1_855_000)
    _set(b1, "approved", 4)
    _set(b1, "paid", 2)
    b2 = world.batch(district="Đồng Phú", n=3, amount=1_000_000, policy='=HYPERLINK("http://x")')
    _set(b2, "approved")
    reports_rebuild()
    leader = make_user("leader")
    province = AdminUnit.objects.get(edition=2021, level=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_create(kind="periodic", area=province, period_from=JULY, period_to=DEC, actor=leader)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.message
    rows = _cells(run)
    flat = [v for row in rows for v in row if v is not None]
    # The Lộc Ninh policy row: 5 submitted, 4 approved, 4 × 1,855,000, 2 paid, 2 × 1,855,000.
    tam_hoan = next(r for r in rows if r[1] and str(r[1]).startswith("Người lao động tạm hoãn"))
    assert tam_hoan[2:7] == [5, 4, 4 * 1_855_000, 2, 2 * 1_855_000]
    assert '\'=HYPERLINK("http://x")' in flat  # neutralised, not a formula
    assert not any(isinstance(v, str) and v.startswith("=") for v in flat)
    districts = [r[1] for r in rows if r[1] in ("Huyện Lộc Ninh", "Huyện Đồng Phú")]
    by_code = sorted(["Lộc Ninh", "Đồng Phú"], key=lambda name: world.district(name).code)
    assert districts == [f"Huyện {name}" for name in by_code]  # official order (unit code), not alphabetical
    assert run.figures["by_policy"][0]["drill"]["area"] == province.path

    # A district officer may report on its district only, and sees only its district's figures.
    officer = make_user("district_officer", district="Lộc Ninh")
    with pytest.raises(ReportError):
        report_run_create(kind="periodic", area=province, period_from=JULY, period_to=DEC, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        own = report_run_create(
            kind="periodic", area=officer.area, period_from=JULY, period_to=DEC, actor=officer
        )
    own.refresh_from_db()
    assert [r["submitted"] for r in own.figures["by_policy"]] == [5]
    assert ReportRun.objects.restrict(officer).count() == 1  # the province run is not listed for them


def test_loan_report_three_stage_grid(world, make_user, django_capture_on_commit_callbacks):
    from ansinh.geo.models import AdminUnit
    from ansinh.relief.models import Application

    batch = world.batch(policy="nq68-vay-tra-luong", n=4, amount=300_000_000)
    lines = ["ngung_viec", "ngung_viec", "phuc_hoi_nganh", "phuc_hoi_tam_dung"]
    for app, line, workers in zip(
        Application.objects.filter(batch=batch).order_by("pk"), lines, [10, 20, 5, 8], strict=True
    ):
        app.data = {"loan_line": line, "workers": workers, "employer_code": f"DN{app.pk}"}
        app.save()
    _set(batch, "approved", 3)
    _set(batch, "paid", 1)
    reports_rebuild()
    leader = make_user("leader")
    province = AdminUnit.objects.get(edition=2021, level=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_create(kind="loans", area=province, period_from=JULY, period_to=DEC, actor=leader)
    run.refresh_from_db()
    grid = {row["line"]: row for row in run.figures["loans"]}
    assert (grid["ngung_viec"]["submitted_employers"], grid["ngung_viec"]["submitted_workers"]) == (2, 30)
    assert grid["ngung_viec"]["approved_workers"] == 30 and grid["ngung_viec"]["paid_workers"] == 10
    assert grid["ngung_viec"]["approved_million"] == 600.0
    assert grid["phuc_hoi_nganh"]["approved_employers"] == 1
    assert grid["phuc_hoi_tam_dung"]["approved_employers"] == 0
    rows = _cells(run)
    assert any(r[1] == "Cho vay trả lương ngừng việc" for r in rows)
    header = next(r for r in rows if r[0] == "STT")
    assert header[:5] == [
        "STT",
        "Nội dung cho vay",
        "Số người sử dụng lao động",
        "Số lượt người lao động",
        "Số tiền (triệu đồng)",
    ]
    # Three stage tables one under the other: received 2/30/600, approved 2/30/600, disbursed 1/10/300.
    lines = [r for r in rows if r[1] == "Cho vay trả lương ngừng việc"]
    assert [r[2:5] for r in lines] == [[2, 30, 600], [2, 30, 600], [1, 10, 300]]


def test_report_pdf_pages_and_report_list_page(world, make_user, client, django_capture_on_commit_callbacks):
    from ansinh.documents.pdf import weasyprint_available

    _set(world.batch(n=3), "approved")
    reports_rebuild()
    leader = make_user("leader")
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_list"),
            {"kind": "periodic", "period_from": "2021-07-01", "period_to": "2021-12-31"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("reports:report_detail", args=[run.pk]))
    assert (
        "reports:drilldown" not in page.content.decode()
        and "/bao-cao/chi-tiet/?policy=" in page.content.decode()
    )
    assert client.get(reverse("reports:report_download", args=[run.pk, "xlsx"])).status_code == 200
    if weasyprint_available()[0]:
        pdf = client.get(reverse("reports:report_download", args=[run.pk, "pdf"]))
        body = b"".join(pdf.streaming_content)
        assert body.startswith(b"%PDF")
    listing = client.get(reverse("reports:report_list"))
    assert "Báo cáo định kỳ" in listing.content.decode()


def test_nightly_job_rebuilds_and_queues_last_month_once(world, django_capture_on_commit_callbacks):
    from ansinh.reports.scheduling import reports_nightly

    _set(world.batch(n=2), "approved")
    with django_capture_on_commit_callbacks(execute=True):
        first = reports_nightly(today=dt.date(2021, 9, 3))
    second = reports_nightly(today=dt.date(2021, 9, 4))
    assert len(first["queued_reports"]) == 2 and second["queued_reports"] == []
    august = ReportRun.objects.get(kind="periodic")
    assert (august.period_from, august.period_to, august.status) == (
        dt.date(2021, 8, 1),
        dt.date(2021, 8, 31),
        "done",
    )
    assert august.figures["by_policy"][0]["approved"] == 2
