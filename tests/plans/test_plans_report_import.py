"""The consolidated report (.docx read back with python-docx; PDF when WeasyPrint works) and the
spreadsheet import of a new plan's tasks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter
from django.test import Client
from django.urls import reverse

from ansinh.documents.pdf import render_pdf, weasyprint_available
from ansinh.documents.word import render_docx
from ansinh.plans.services.importer import plan_import_spreadsheet
from ansinh.plans.services.report import consolidated_report
from ansinh.plans.services.work import plan_create, progress_report_create

pytestmark = pytest.mark.django_db


def _report(seed_plan, user):
    progress_report_create(
        actor=user,
        task=seed_plan.tasks.get(code="1.2"),
        status="done",
        percent=100,
        text="Đã ban hành phương án phòng chống dịch của Sở.",
        reported_on=dt.date(2021, 9, 24),
    )
    return consolidated_report(
        user=user,
        plan=seed_plan,
        period_from=dt.date(2021, 9, 1),
        period_to=dt.date(2021, 10, 15),
        issued_on=dt.date(2021, 10, 15),
        number=7,
    )


def test_report_docx_reads_as_an_official_report(seed_plan, relief_data, make_user):
    import docx

    office = make_user("office_officer", unit="van-phong")
    document = docx.Document(io.BytesIO(render_docx(_report(seed_plan, office))))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    text = "\n".join(texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert "Số: 07/BC-SLĐTBXH" in text
    assert "Kế hoạch số 267/KH-UBND ngày 14/08/2021" in text
    for code in ("1.1", "2.1", "3.1", "4.2"):
        assert code in text
    assert "Đã ban hành phương án phòng chống dịch của Sở." in text
    assert "Huyện Lộc Ninh" in text  # live figure table of task 2.1
    assert "Nơi nhận" in text


def test_report_pdf_when_weasyprint_is_available(seed_plan, make_user):
    ok, reason = weasyprint_available()
    if not ok:
        pytest.skip(reason)
    from ansinh.documents.pdftext import pdf_text

    pdf = render_pdf(_report(seed_plan, make_user("office_officer", unit="van-phong")))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "BÁO CÁO" in text and "2.1" in text


def test_report_view_downloads_docx(seed_plan, make_user):
    office = make_user("office_officer", unit="van-phong")
    client = Client()
    client.force_login(office)
    response = client.post(
        reverse("plans:report"),
        {
            "plan": seed_plan.code,
            "period_from": "2021-09-01",
            "period_to": "2021-10-15",
            "issued_on": "2021-10-15",
            "output": "docx",
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')


def _xlsx(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def _new_plan(make_user):
    office = make_user("office_officer", unit="van-phong")
    plan = plan_create(
        actor=office,
        code="kh-phuc-hoi",
        title="Kế hoạch phục hồi thị trường lao động",
        symbol="KH-SLĐTBXH",
        starts_on=dt.date(2021, 10, 1),
        ends_on=dt.date(2021, 12, 31),
    )
    return office, plan


def test_import_spreadsheet_creates_tasks(make_user):
    office, plan = _new_plan(make_user)
    content = _xlsx(
        [
            [
                "Mã",
                "Nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Loại thời hạn",
                "Hạn",
                "Tháng",
                "Chu kỳ",
                "Ngày báo cáo",
                "Nhiệm vụ cha",
            ],
            [
                "1",
                "Khảo sát nhu cầu tuyển dụng",
                "Phòng LĐ-VL",
                "TT Dịch vụ việc làm",
                "hạn cố định",
                "15/10/2021",
                "",
                "",
                "",
                "",
            ],
            ["1.1", "Tổng hợp số liệu khảo sát", "phong-ldvl", "", "trong tháng", "", "10/2021", "", "", "1"],
            ["2", "Báo cáo tiến độ", "Văn phòng Sở", "", "định kỳ", "", "", "hằng tuần", "5", ""],
            ["3", "Kết nối việc làm", "Trung tâm Dịch vụ việc làm", "", "thường xuyên", "", "", "", "", ""],
        ]
    )
    result = plan_import_spreadsheet(actor=office, plan=plan, content=content, filename="kh.xlsx")
    assert result.ok, result.errors
    tasks = {t.code: t for t in plan.tasks.all()}
    assert tasks["1"].due_date == dt.date(2021, 10, 15)
    assert tasks["1"].coordinating_units.get().code == "ttdvvl"
    assert tasks["1.1"].parent == tasks["1"] and tasks["1.1"].due_month == dt.date(2021, 10, 1)
    assert (tasks["2"].cycle, tasks["2"].cycle_day) == ("weekly", 5)
    assert tasks["3"].deadline_kind == "continuous"


def test_import_reports_vietnamese_errors_per_row_and_imports_nothing(make_user):
    office, plan = _new_plan(make_user)
    content = (
        "Mã,Nhiệm vụ,Đơn vị chủ trì,Loại thời hạn,Hạn\n"
        "1,Việc đúng,Văn phòng Sở,hạn cố định,15/10/2021\n"
        "2,Hạn sai,Văn phòng Sở,hạn cố định,31/02/2021x\n"
        "3,Thiếu hạn,Văn phòng Sở,hạn cố định,\n"
        "1,Trùng mã,Văn phòng Sở,thường xuyên,\n"
        "5,Loại lạ,Văn phòng Sở,mỗi khi rảnh,\n"
    ).encode()
    result = plan_import_spreadsheet(actor=office, plan=plan, content=content, filename="kh.csv")
    assert not result.ok
    assert result.errors[0].startswith("Dòng 3: hạn “31/02/2021x” không đúng dạng")
    assert any(e.startswith("Dòng 4:") and "thiếu cột Hạn" in e for e in result.errors)
    assert any(e.startswith("Dòng 5:") and "trùng" in e for e in result.errors)
    assert any(e.startswith("Dòng 6:") and "loại thời hạn" in e for e in result.errors)
    assert plan.tasks.count() == 0


def test_report_preview_in_browser_defaults_to_plan_end(seed_plan, make_user):
    client = Client()
    client.force_login(make_user("office_officer", unit="van-phong"))
    form_page = client.get(reverse("plans:report") + f"?plan={seed_plan.code}")
    assert form_page.context["form"].initial["period_to"] == dt.date(2021, 12, 31)
    response = client.post(
        reverse("plans:report"),
        {
            "plan": seed_plan.code,
            "period_from": "2021-09-01",
            "period_to": "2021-10-15",
            "issued_on": "2021-10-15",
            "output": "html",
        },
    )
    page = response.content.decode()
    assert "BÁO CÁO" in page and "Kính gửi" in page
