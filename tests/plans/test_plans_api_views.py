"""API (scoped) and the main screens render for the roles that use them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_lists_tasks_and_task_21_with_scoped_live_figure(seed_plan, relief_data, make_user):
    officer = make_user("district_officer", district="Lộc Ninh")
    client = _client(officer)
    tasks = client.get(f"/api/v1/plans/{seed_plan.code}/tasks").json()
    assert {t["code"] for t in tasks} >= {"1.1", "2.1", "4.2.3"}
    task_id = next(t["id"] for t in tasks if t["code"] == "2.1")
    detail = client.get(f"/api/v1/plans/tasks/{task_id}").json()
    assert [r["district"] for r in detail["live_figure"]["rows"]] == ["Huyện Lộc Ninh"]
    assert detail["deadline_state"] == "no_deadline"


def test_api_hides_other_districts_playbook_tasks(reference_data, make_user):
    import datetime as dt

    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.plans.services.regimes import commune_regime_set

    commune = (
        AdminUnit.objects.filter(edition=Edition.Y2021, parent__name="Lộc Ninh").order_by("code").first()
    )
    _, tasks = commune_regime_set(commune=commune, regime="l4", starts_on=dt.date(2021, 11, 1), document="x")
    dong_phu = _client(make_user("district_officer", district="Đồng Phú"))
    assert dong_phu.get(f"/api/v1/plans/tasks/{tasks[0].pk}").status_code == 404
    loc_ninh = _client(make_user("district_officer", district="Lộc Ninh"))
    assert loc_ninh.get(f"/api/v1/plans/tasks/{tasks[0].pk}").status_code == 200


def test_office_screens_render(seed_plan, make_user):
    client = _client(make_user("office_officer", unit="van-phong"))
    for name in [
        "plans:board",
        "plans:gantt",
        "plans:calendar",
        "plans:steering",
        "plans:regimes",
        "plans:report",
        "plans:plan_create",
    ]:
        response = client.get(reverse(name) + "?on=2021-10-04")
        assert response.status_code == 200, name
    assert "Tiến độ thực hiện" in client.get(reverse("plans:gantt")).content.decode()


def test_facility_officer_cannot_open_the_report_or_create_plans(seed_plan, make_user):
    client = _client(make_user("facility_officer", unit="ttbtxh"))
    assert client.get(reverse("plans:board")).status_code == 200
    assert client.get(reverse("plans:report")).status_code == 403
    assert client.get(reverse("plans:plan_create")).status_code == 403


def test_board_puts_overdue_first(seed_plan, make_user):
    page = _client(make_user("office_officer", unit="van-phong")).get(
        reverse("plans:board") + "?on=2021-10-04"
    )
    groups = page.context["board"].groups
    assert groups[0].overdue >= 1
    first_rows = [r.state.state for r in groups[0].rows]
    assert first_rows == sorted(first_rows, key=lambda s: s != "overdue")
    assert page.context["board"].counts["overdue"] >= 3


def test_steering_members_show_on_their_tasks(seed_plan, make_user):
    page = (
        _client(make_user("leader", unit="ban-giam-doc"))
        .get(reverse("plans:task", args=[seed_plan.tasks.get(code="2.1").pk]))
        .content.decode()
    )
    assert "Lê Thị Phó" in page and "demo" in page


def test_board_warns_the_users_own_unit_in_app(seed_plan, make_user):
    page = _client(make_user("division_officer", unit="phong-ldvl")).get(
        reverse("plans:board") + "?on=2021-09-28"
    )
    assert [row.task.code for row in page.context["mine"]] == ["3.1"]  # due 30/09/2021, 2 working days left
    assert "Đơn vị của bạn cần chú ý" in page.content.decode()


def test_gantt_positions_are_css_numbers_in_vietnamese(seed_plan, make_user):
    import re

    client = _client(make_user("office_officer", unit="van-phong"))
    html = client.get(reverse("plans:gantt") + "?on=2021-10-15", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "gantt-bar" in html
    assert not re.search(r"(left|width):\d+,\d", html)  # "37,5%" would be dropped by the browser
    assert re.search(r"gantt-today\" style=\"left:\d+\.\d+%", html)
