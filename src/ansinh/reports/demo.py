"""Demo: after the relief demo batches are loaded, rebuild the counters, add labelled demo budgets, plant two
known-population lists for the “miss nobody” page and generate one periodic report. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# Marks the demo lists (sha256 field), so a second run finds them instead of adding them again.
_EMPLOYER_LIST_SHA = "demo-outreach-mau05".ljust(64, "0")
_HOUSEHOLD_LIST_SHA = "demo-outreach-luongthuc".ljust(64, "0")
_NEVER_APPLIED = (
    "Nguyễn Thị Hồng Nhung",
    "Trần Văn Khánh",
    "Lê Thị Mỹ Duyên",
    "Phạm Văn Tài",
    "Điểu Thị Thanh",
    "Hoàng Văn Bình",
)
_HOUSEHOLDS = ("Thị Lan", "Đỗ Văn Hùng", "Lâm Thị Kim", "Võ Văn Sáu", "Bùi Thị Hạnh")


def load_demo_reports(say: Callable[[str], None]) -> None:
    from ansinh.reports.aggregates import reports_rebuild
    from ansinh.reports.models import StageCounter
    from ansinh.reports.services import budgets_demo_ensure

    planted = _plant_population_lists()
    result = reports_rebuild()
    # Demo allocations for 2021 and for every year the demo batches fall in (labelled “giả định”).
    years = {2021} | {d.year for d in StageCounter.objects.dates("period", "year")}
    made = sum(budgets_demo_ensure(year) for year in sorted(years))
    report = _demo_report()
    say(
        f"Báo cáo: đã tính lại {result.stage_rows} dòng số liệu tổng hợp, {result.batch_rows} dòng theo đợt, "
        f"{result.timing_rows} mốc thời gian; {made} kinh phí giả định (trình diễn); {planted} danh sách rà soát "
        f"bỏ sót mẫu; {report}."
    )


def _plant_population_lists() -> int:
    """An employer's Mẫu 05 list (its applicants plus six who never applied) and a food-support household list
    in Chơn Thành (under Chỉ thị 16 in the plans demo): the outreach page then has people to find."""
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.intake.models import ImportJob, ImportRow
    from ansinh.org.models import OrgUnit, User
    from ansinh.relief.models import Application

    actor = User.objects.filter(username="ldvl").first() or User.objects.order_by("pk").first()
    if actor is None:
        return 0
    made = 0
    applicants = list(
        Application.objects.filter(policy_code="nq68-tam-hoan", person__isnull=False)
        .select_related("person", "area", "batch__submitting_unit", "batch__area")
        .order_by("pk")
    )
    if applicants and not ImportJob.objects.filter(sha256=_EMPLOYER_LIST_SHA).exists():
        batch = applicants[0].batch
        job = ImportJob.objects.create(
            file="demo/ds-tam-hoan-ra-soat.xlsx",
            sha256=_EMPLOYER_LIST_SHA,
            form_code="mau-05",
            original_name=f"Mẫu 05 - DS người lao động tạm hoãn HĐLĐ - {batch.submitting_unit.name} (rà soát).xlsx",
            unit=batch.submitting_unit,
            area=batch.area,
            created_by=actor,
            status=ImportJob.Status.STORED,
            counts={"rows": len(applicants) + len(_NEVER_APPLIED)},
        )
        rows = [
            ImportRow(
                job=job,
                source_row=i + 1,
                row_key=a.person.id_number or f"a{i}",
                full_name=a.person.full_name,
                date_of_birth=a.person.date_of_birth,
                id_number=a.person.id_number,
                commune_code=a.area.code,
                eligible=True,
            )
            for i, a in enumerate(applicants)
        ]
        communes = list(
            AdminUnit.objects.filter(edition=Edition.Y2021, parent=batch.area).order_by("code")
        ) or [batch.area]
        for i, name in enumerate(_NEVER_APPLIED):
            rows.append(
                ImportRow(
                    job=job,
                    source_row=len(rows) + 1,
                    row_key=f"070{i:09d}",
                    full_name=name,
                    date_of_birth=dt.date(1985 + i, 1 + i, 10 + i),
                    id_number=f"0701950{i:05d}",
                    commune_code=communes[i % len(communes)].code,
                    eligible=True,
                )
            )
        ImportRow.objects.bulk_create(rows)
        made += 1
    district = AdminUnit.objects.filter(edition=Edition.Y2021, code="697").first()  # Huyện Chơn Thành
    unit = OrgUnit.objects.filter(code="pldtbxh-697").first()
    if district and unit and not ImportJob.objects.filter(sha256=_HOUSEHOLD_LIST_SHA).exists():
        communes = list(district.children.order_by("code"))
        job = ImportJob.objects.create(
            file="demo/ds-luong-thuc-chon-thanh.xlsx",
            sha256=_HOUSEHOLD_LIST_SHA,
            form_code="ds-ho-tro-luong-thuc",
            original_name="DS hộ gia đình được hỗ trợ lương thực - huyện Chơn Thành (mẫu).xlsx",
            unit=unit,
            area=district,
            created_by=actor,
            status=ImportJob.Status.STORED,
            counts={"rows": len(_HOUSEHOLDS)},
        )
        ImportRow.objects.bulk_create(
            [
                ImportRow(
                    job=job,
                    source_row=i + 1,
                    row_key=f"071{i:09d}",
                    full_name=name,
                    date_of_birth=dt.date(1970 + 3 * i, 2 + i, 5 + i),
                    id_number=f"0701880{i:05d}",
                    commune_code=communes[i % len(communes)].code,
                    eligible=None,
                )
                for i, name in enumerate(_HOUSEHOLDS)
            ]
        )
        made += 1
    return made


def _demo_report() -> str:
    """One province periodic report, generated now (not queued) so the list shows files at once."""
    from django.utils import timezone

    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.reports.generation import report_generate
    from ansinh.reports.models import ReportRun

    province = AdminUnit.objects.filter(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE).first()
    if province is None or ReportRun.objects.filter(scheduled=True, area=province).exists():
        return "báo cáo mẫu đã có"
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.PERIODIC,
        area=province,
        period_from=dt.date(2021, 7, 1),
        period_to=timezone.localdate().replace(month=12, day=31),
        scheduled=True,
    )
    report_generate(run.pk)
    return "1 báo cáo định kỳ mẫu"
