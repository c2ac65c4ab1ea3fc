"""API: token auth, area scoping (Lộc Ninh's token cannot read Đồng Phú's batch → 404), public status look-up."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.relief.conftest import new_batch

from ansinh.org.services import api_token_create
from ansinh.relief.services import batch_appraise, batch_submit

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test')}"}


def test_token_auth_and_area_scoping(actors):
    loc_ninh = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    dong_phu = new_batch(actors["other_clerk"], district_name="Đồng Phú", n=2, id_prefix="0702")
    client = Client()
    assert client.get("/api/v1/relief/batches").status_code == 401
    headers = bearer(actors["clerk"])
    listed = client.get("/api/v1/relief/batches", **headers).json()
    assert [b["id"] for b in listed] == [loc_ninh.pk]
    assert client.get(f"/api/v1/relief/batches/{loc_ninh.pk}", **headers).json()["status"] == "submitted"
    assert client.get(f"/api/v1/relief/batches/{dong_phu.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/relief/batches/{dong_phu.pk}/applications", **headers).status_code == 404
    apps = client.get(f"/api/v1/relief/batches/{loc_ninh.pk}/applications", **headers).json()
    assert len(apps) == 2 and apps[0]["id_number_masked"].endswith(apps[0]["id_number_masked"][-4:])
    assert "•" in apps[0]["id_number_masked"]
    listed_apps = client.get("/api/v1/relief/applications", **headers).json()
    assert {a["batch_id"] for a in listed_apps} == {loc_ninh.pk}
    other_app = dong_phu.applications.first()
    assert client.get(f"/api/v1/relief/applications/{other_app.pk}", **headers).status_code == 404
    # the province-wide leader sees both
    assert len(client.get("/api/v1/relief/batches", **bearer(actors["leader"])).json()) == 2
    assert client.get("/api/v1/relief/decisions", **headers).json() == []
    assert client.get("/api/v1/relief/payments", **headers).json() == []


def test_public_status_lookup_reveals_status_only(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=1), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    application = batch.applications.get()
    last4 = application.data["id_number"][-4:]
    client = Client()
    answer = client.post(
        "/api/v1/relief/status",
        {"application_id": application.pk, "id_last4": last4},
        content_type="application/json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "accepted" and body["status_label"] == "Đạt (thẩm định)"
    assert "full_name" not in body and application.data["full_name"] not in answer.content.decode()
    wrong = client.post(
        "/api/v1/relief/status",
        {"application_id": application.pk, "id_last4": "9999" if last4 != "9999" else "0000"},
        content_type="application/json",
    )
    assert wrong.status_code == 404


def test_openapi_schema_lists_relief_paths(actors):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/relief/batches" in schema["paths"] and "/api/v1/relief/status" in schema["paths"]
