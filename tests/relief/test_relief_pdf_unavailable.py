"""Without Pango/WeasyPrint the pages say "Xuất PDF không khả dụng" instead of crashing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.relief.conftest import new_batch

from ansinh.documents import pdf
from ansinh.relief.models import Decision
from ansinh.relief.services import batch_appraise, batch_approve, batch_submit, decision_sign, paperwork

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_pango(monkeypatch):
    # Simulates a server without the system's Pango: the documents core reports WeasyPrint unavailable.
    reason = (False, "không nạp được WeasyPrint (OSError: libpango-1.0-0 not found)")
    monkeypatch.setattr(pdf, "weasyprint_available", lambda: reason)
    monkeypatch.setattr(paperwork, "weasyprint_available", lambda: reason)


def test_sign_and_download_say_pdf_unavailable(actors, no_pango, pki):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=1), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    decision = batch_approve(batch=batch, actor=actors["leader"])
    with pytest.raises(Exception, match="Xuất PDF không khả dụng"):
        decision_sign(decision=decision, actor=actors["leader"])
    assert Decision.objects.get(pk=decision.pk).status == "draft"
    client = Client()
    client.force_login(actors["leader"])
    page = client.get(reverse("relief:decision_detail", args=[decision.pk])).content.decode()
    assert "Xuất PDF không khả dụng" in page
    response = client.get(reverse("relief:decision_file", args=[decision.pk, "pdf"]), follow=True)
    assert response.status_code == 200 and "Xuất PDF không khả dụng" in response.content.decode()
    assert client.get(reverse("relief:decision_file", args=[decision.pk, "xlsx"])).content[:2] == b"PK"
