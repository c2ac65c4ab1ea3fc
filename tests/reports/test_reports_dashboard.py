"""Dashboard: scoping (a district officer sees only its district), constant query count, drill-down, API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ansinh.reports.aggregates import reports_rebuild
from ansinh.reports.models import Stage
from ansinh.reports.selectors import DashboardFilters, ReportFilterError, dashboard_figures

pytestmark = pytest.mark.django_db


def _approve(batch):
    from ansinh.relief.models import Application, Batch

    Application.objects.filter(batch=batch).update(status="approved")
    Batch.objects.filter(pk=batch.pk).update(status="approved")


def test_district_officer_sees_only_its_district(world, make_user, client):
    _approve(world.batch(district="Lộc Ninh", n=4, amount=1_000_000))
    _approve(world.batch(district="Đồng Phú", n=7, amount=2_000_000))
    reports_rebuild()
    leader = make_user("leader")
    district = make_user("district_officer", district="Lộc Ninh")

    everything = dashboard_figures(user=leader, filters=DashboardFilters())
    assert everything.funnel.people[Stage.APPROVED] == 11
    assert everything.funnel.amount[Stage.APPROVED] == 4 * 1_000_000 + 7 * 2_000_000
    assert {r.label for r in everything.by_area} == {"Lộc Ninh", "Đồng Phú"}

    mine = dashboard_figures(user=district, filters=DashboardFilters())
    assert mine.funnel.people[Stage.APPROVED] == 4
    assert mine.area_level_label.startswith("Xã")  # broken down by its communes
    assert not mine.budget_visible
    other = world.district("Đồng Phú").path
    with pytest.raises(ReportFilterError):
        dashboard_figures(user=district, filters=DashboardFilters(area_path=other))

    client.force_login(district)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert "Đồng Phú" not in page.content.decode()
    assert client.get(reverse("reports:dashboard"), {"area": other}).status_code == 400
    # The drill-down behind "approved" lists exactly the 4 applications of Lộc Ninh.
    drill = client.get(reverse("reports:drilldown"), {"stage": "approved"})
    assert drill.context["page"].paginator.count == 4
    # API: same scope.
    api = client.get("/api/v1/reports/dashboard")
    assert api.status_code == 200
    assert api.json()["funnel"]["people"]["approved"] == 4
    assert client.get("/api/v1/reports/dashboard", {"area": other}).status_code == 403
    assert client.get(reverse("reports:drilldown"), {"area": other}).status_code == 400


def test_dashboard_query_count_does_not_grow_with_applications(
    world, make_user, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = make_user("leader")
    client.force_login(leader)
    _approve(world.batch(n=3))
    reports_rebuild()
    client.get(reverse("reports:dashboard"))  # warm caches (units, catalogue)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    for district in ("Đồng Phú", "Bù Đăng", "Chơn Thành"):
        _approve(world.batch(district=district, n=40))
        world.batch(district=district, n=25, policy="nq68-ngung-viec")
    reports_rebuild()
    with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as large:
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    print(f"\nBảng điều hành: {len(small)} truy vấn với 3 hồ sơ, {len(large)} truy vấn với 198 hồ sơ")
    assert len(large) == len(small)
    assert "<svg" in response.content.decode()
    assert response.context["f"].funnel.people[Stage.SUBMITTED] == 3 + 3 * 65


def test_commune_officer_and_facility_officer(world, make_user, client):
    _approve(world.batch(district="Lộc Ninh", n=6, commune_index=0))
    reports_rebuild()
    commune = make_user("commune_officer", commune_of="Lộc Ninh")
    assert dashboard_figures(user=commune, filters=DashboardFilters()).funnel.people[Stage.APPROVED] == 6
    facility = make_user("facility_officer", unit="ttbtxh")
    client.force_login(facility)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_budget_entry_by_province_office_only_and_used_share(world, make_user, client):
    from ansinh.reports.models import Budget

    _approve(world.batch(n=4, amount=2_500_000))
    reports_rebuild()
    office = make_user("office_officer", unit="van-phong")
    client.force_login(office)
    page = client.get(reverse("reports:budget_list"))
    assert page.status_code == 200 and page.context["can_edit"]
    client.post(
        reverse("reports:budget_list"),
        {"policy": "nq68-tam-hoan", "year": "2021", "allocated": "100.000.000", "source": "QĐ số 01/QĐ-UBND"},
    )
    budget = Budget.objects.get(policy_code="nq68-tam-hoan", year=2021)
    assert (budget.allocated, budget.is_demo) == (100_000_000, False)
    leader = make_user("leader")
    row = dashboard_figures(user=leader, filters=DashboardFilters()).budgets[0]
    assert (row["used"], round(row["percent"])) == (10_000_000, 10)
    district = make_user("district_officer", district="Lộc Ninh")
    client.force_login(district)
    client.post(
        reverse("reports:budget_list"),
        {"policy": "nq68-tam-hoan", "year": "2021", "allocated": "1", "source": "x"},
    )
    assert Budget.objects.get(policy_code="nq68-tam-hoan", year=2021).allocated == 100_000_000
