"""API: catalogue list/detail (with province decisions) and explain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ansinh.org.services import api_token_create
from ansinh.policies.catalogue import load_catalogue
from ansinh.policies.services import province_decision_record

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test')}"}


def test_list_and_detail(officers):
    client, headers = Client(), bearer(officers["district"])
    assert client.get("/api/v1/policies/").status_code == 401
    listed = client.get("/api/v1/policies/", **headers).json()
    assert {p["code"] for p in listed} == set(load_catalogue().policies)
    tam_hoan = next(p for p in listed if p["code"] == "nq68-tam-hoan")
    assert [v["code"] for v in tam_hoan["versions"]] == ["qd23-original", "qd33-nq126"]
    detail = client.get("/api/v1/policies/nq68-tam-hoan", **headers).json()
    assert detail["parameters"]["min_days"]["values"][0]["value"] == 15
    assert client.get("/api/v1/policies/khong-co", **headers).status_code == 404


def test_detail_includes_province_decisions(officers):
    province_decision_record(
        actor=officers["leader"],
        policy_code="bp-lao-dong-tu-do",
        parameter="rate_per_day",
        value=60_000,
        valid_from=dt.date(2021, 9, 1),
        number="9/QĐ-UBND",
        issued_on=dt.date(2021, 8, 30),
        signer="Chủ tịch",
        summary="Mức hỗ trợ",
    )
    detail = Client().get("/api/v1/policies/bp-lao-dong-tu-do", **bearer(officers["auditor"])).json()
    values = detail["parameters"]["rate_per_day"]["values"]
    assert [(v["value"], v["valid_from"], v["valid_to"]) for v in values] == [
        (50_000, "2021-05-01", "2021-08-31"),
        (60_000, "2021-09-01", None),
    ]
    assert values[1]["decision"] == "9/QĐ-UBND ngày 30/08/2021"


def test_explain_fourteen_day_suspension_fails_the_fifteen_day_condition(officers):
    payload = {
        "policy": "nq68-tam-hoan",
        "as_of": "2021-11-01",
        "fields": {"start_date": "01/08/2021", "end_date": "14/08/2021", "si_participating": "yes"},
    }
    response = Client().post(
        "/api/v1/policies/explain", payload, content_type="application/json", **bearer(officers["district"])
    )
    assert response.status_code == 200
    data = response.json()
    assert data["eligible"] is False and data["amount_vnd"] == 0
    assert data["failed_conditions"] == ["min_consecutive_days"]
    failed = next(c for c in data["conditions"] if c["code"] == "min_consecutive_days")
    assert failed["passed"] is False and "15 ngày" in failed["message_vi"]
    assert failed["citation"].startswith("QĐ 23/2021/QĐ-TTg Điều 13")
    assert {"name": "min_days", "value": 15}.items() <= failed["parameters"][0].items()
    assert data["version"] == "qd33-nq126"


def test_explain_fifteen_days_eligible_and_missing_fields_fail_their_conditions(officers):
    client, headers = Client(), bearer(officers["district"])
    ok = client.post(
        "/api/v1/policies/explain",
        {
            "policy": "nq68-tam-hoan",
            "as_of": "2021-09-01",
            "fields": {
                "start_date": "01/08/2021",
                "end_date": "15/08/2021",
                "si_participating": "yes",
                "pregnant": "yes",
            },
        },
        content_type="application/json",
        **headers,
    ).json()
    assert ok["eligible"] is True and ok["amount_vnd"] == 1_855_000 + 1_000_000
    assert ok["version"] == "qd23-original"
    empty = client.post(
        "/api/v1/policies/explain",
        {"policy": "nq68-tam-hoan", "fields": {}},
        content_type="application/json",
        **headers,
    ).json()
    assert "si_participating" in empty["failed_conditions"] and "period_valid" in empty["failed_conditions"]
    tracked = client.post(
        "/api/v1/policies/explain",
        {"policy": "nq68-vay-tra-luong", "fields": {}},
        content_type="application/json",
        **headers,
    )
    assert tracked.status_code == 400


def test_application_explain_is_area_scoped(officers):
    from .conftest import stored_application

    application = stored_application(
        officers["other_district"],
        district_name="Đồng Phú",
        row={"start_date": "01/08/2021", "end_date": "31/08/2021", "si_participating": "yes"},
    )
    url = f"/api/v1/policies/applications/{application.pk}/explain?as_of=2021-09-01"
    assert Client().get(url, **bearer(officers["district"])).status_code == 404
    data = Client().get(url, **bearer(officers["other_district"])).json()
    assert data["eligible"] is True and data["amount_vnd"] == 3_710_000
    assert data["as_of"] == "2021-09-01" and data["stored"]["amount_vnd"] == 3_710_000
