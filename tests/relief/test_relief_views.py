"""Pages: lists, detail, actions through the browser forms, person page audited, errors shown not raised."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.relief.conftest import new_batch

from ansinh.audit.models import AuditEvent
from ansinh.relief.models import Batch
from ansinh.relief.services import batch_appraise, batch_submit

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_lists_and_detail_render_with_due_badges(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=3, ineligible=(2,)), actor=actors["clerk"])
    Batch.objects.filter(pk=batch.pk).update(due_date="2021-01-04")
    client = client_for(actors["clerk"])
    page = client.get(reverse("relief:batch_list")).content.decode()
    assert "Quá hạn" in page and "table-danger" in page
    link = reverse("relief:batch_detail", args=[batch.pk])
    assert link in client.get(reverse("relief:batch_list") + "?due=overdue").content.decode()
    assert link not in client.get(reverse("relief:batch_list") + "?due=soon").content.decode()
    detail = client.get(reverse("relief:batch_detail", args=[batch.pk])).content.decode()
    assert "Tạm hoãn dưới 15 ngày liên tục" in detail and "QĐ 23/2021/QĐ-TTg Điều 13" in detail
    assert "hx-post" in detail
    for name in ("relief:decision_list", "relief:payment_ledger"):
        assert client.get(reverse(name)).status_code == 200
    assert (
        client_for(actors["other_clerk"]).get(reverse("relief:batch_detail", args=[batch.pk])).status_code
        == 404
    )


def test_htmx_row_decision_and_refusal_message(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    application = batch.applications.first()
    client = client_for(actors["clerk"])
    response = client.post(
        reverse("relief:application_decide", args=[application.pk]),
        {"decision": "return", "reason": "Thiếu giấy tờ"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Trả lại để bổ sung" in response.content.decode()
    response = client.post(
        reverse("relief:application_decide", args=[batch.applications.last().pk]),
        {"decision": "reject", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "Cần ghi lý do" in response.content.decode()
    # approving one's own appraisal: refused with a message, not a crash
    response = client.post(reverse("relief:batch_action", args=[batch.pk, "approve"]), follow=True)
    assert "Vai trò của bạn không được phê duyệt" in response.content.decode()


def test_person_page_is_audited(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=1), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    person = batch.applications.get().person
    before = AuditEvent.objects.filter(kind="view").count()
    page = client_for(actors["clerk"]).get(reverse("relief:person_relief", args=[person.person_code]))
    assert page.status_code == 200 and person.full_name in page.content.decode()
    assert AuditEvent.objects.filter(kind="view", object_id=str(person.pk)).count() == before + 1
