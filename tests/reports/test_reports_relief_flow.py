"""Through the real relief services (with the reports hooks they call): after a whole workflow — submit,
one-by-one and bulk appraisal, approval, signing, payment returns, reissue, receipt confirmation — the
incrementally kept counters equal a full rebuild, and the dashboard shows the figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from ansinh.documents.pdf import weasyprint_available
from ansinh.reports.aggregates import counters_as_dict, reports_rebuild
from ansinh.reports.models import Stage
from ansinh.reports.selectors import DashboardFilters, dashboard_figures

pytestmark = pytest.mark.django_db


def _rows(world, n: int) -> list[dict]:
    communes = world.communes("Lộc Ninh")
    return [
        {
            "full_name": f"Nguyễn Văn Luồng {i}",
            "date_of_birth": dt.date(1990, 1 + i, 1 + i).isoformat(),
            "id_number": f"07089{i:07d}",
            "commune_code": communes[i % len(communes)].code,
            "eligible": i != 4,
            "amount_vnd": 0 if i == 4 else 3_710_000,
            "failed_conditions": [] if i != 4 else [{"code": "x"}],
            "source_row": i + 2,
            "start_date": "2021-08-01",
            "end_date": "2021-08-31",
            "bank_account": f"0123{i:06d}",
            "bank_name": "Agribank",
        }
        for i in range(n)
    ]


def _returns(rows: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã chi trả", "Kết quả", "Ngày", "Ghi chú"])
    for reference, result in rows:
        writer.writerow([reference, result, "10/09/2021", ""])
    return buffer.getvalue().encode("utf-8")


def _incremental_equals_rebuild() -> dict:
    incremental = counters_as_dict()
    reports_rebuild()
    assert incremental == counters_as_dict()
    return incremental


@pytest.mark.skipif(not weasyprint_available()[0], reason="WeasyPrint/Pango không có trên máy này")
def test_relief_workflow_keeps_counters_equal_to_rebuild(world, make_user, settings, tmp_path):
    from ansinh.org.models import OrgUnit
    from ansinh.relief.models import Application, Payment
    from ansinh.relief.services import (
        application_decide,
        batch_appraise,
        batch_approve,
        batch_create_from_rows,
        batch_submit,
        decision_sign,
        payment_confirm,
        payment_export,
        payment_import_returns,
        payment_reissue,
    )

    settings.PKI_DIR = tmp_path / "pki"
    clerk = make_user("district_officer", district="Lộc Ninh")
    leader = make_user("leader", unit="ban-giam-doc")
    area = world.district("Lộc Ninh")
    unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
    batch = batch_create_from_rows(
        policy_code="bp-lao-dong-tu-do", unit=unit, area=area, rows=_rows(world, 6), actor=clerk
    )
    reports_rebuild()
    batch = batch_submit(batch=batch, actor=clerk)
    first = Application.objects.filter(batch=batch).order_by("pk").first()
    application_decide(application=first, actor=clerk, decision="accept")
    _incremental_equals_rebuild()
    batch_appraise(batch=batch, actor=clerk)
    decision = batch_approve(batch=batch, actor=leader)
    _incremental_equals_rebuild()
    decision_sign(decision=decision, actor=leader, base_url="https://ansinh.example.vn")
    export = payment_export(batch=batch, actor=clerk, fmt="csv")
    refs = [line[1] for line in list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]]
    payment_import_returns(
        batch=batch,
        actor=clerk,
        filename="kq.csv",
        content=_returns([(r, "Đã chi") for r in refs[:-1]] + [(refs[-1], "Thất bại")]),
    )
    counters = _incremental_equals_rebuild()
    new = payment_reissue(payment=Payment.objects.get(reference=refs[-1]), actor=clerk)
    payment_import_returns(
        batch=batch, actor=clerk, filename="kq2.csv", content=_returns([(new.reference, "Đã chi")])
    )
    payment_confirm(payments=Payment.objects.filter(status="disbursed")[:3], actor=clerk)
    counters = _incremental_equals_rebuild()

    figures = dashboard_figures(user=leader, filters=DashboardFilters())
    assert figures.funnel.people == {
        Stage.SUBMITTED: 6,
        Stage.APPRAISED: 5,
        Stage.APPROVED: 5,
        Stage.PAID: 5,
        Stage.CONFIRMED: 3,
    }
    assert figures.funnel.amount[Stage.APPROVED] == 5 * 3_710_000
    assert {k[4] for k in counters["parts"]} == set(Stage.values)
    # Step timings of the batch (submit → appraise → approve → pay) are recorded against their limits.
    steps = figures.timeliness_steps.steps
    assert set(steps) >= {"appraise", "approve", "pay"} and all(v[1] == 0 for v in steps.values())
