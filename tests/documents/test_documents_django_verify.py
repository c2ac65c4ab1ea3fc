"""The public verification page: stored signed PDF → Hợp lệ; a tampered copy → Không hợp lệ; no login needed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ansinh.documents.pdf import render_pdf, weasyprint_available
from ansinh.documents.samples import sample_decision
from ansinh.documents.services import document_store, document_verify, sign_with_demo_certificate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not weasyprint_available()[0], reason="WeasyPrint/Pango không có trên máy này"),
]


@pytest.fixture
def signed_document(settings, tmp_path):
    settings.PKI_DIR = tmp_path / "pki"
    pdf = render_pdf(sample_decision(5))
    signed = sign_with_demo_certificate(
        pdf, signer_name="Trần Văn Mi", signer_title="Phó Chủ tịch", reason="Ký ban hành"
    )
    return document_store(
        content=signed,
        filename="qd.pdf",
        kind="decision",
        title="Quyết định mẫu",
        actor=None,
        number="2345/QĐ-UBND",
        signed=True,
        signer_name="Trần Văn Mi",
    ), signed


def test_stored_signed_document_is_valid_on_the_public_page(signed_document):
    document, _ = signed_document
    page = Client().get(reverse("documents:verify", args=[document.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Hợp lệ" in text and "Không hợp lệ" not in text
    assert "Trần Văn Mi" in text and document.sha256 in text


def test_tampered_upload_is_not_valid(signed_document):
    document, signed = signed_document
    middle = len(signed) // 3
    tampered = signed[:middle] + bytes([signed[middle] ^ 0x01]) + signed[middle + 1 :]
    page = Client().post(
        reverse("documents:verify", args=[document.pk]),
        {"file": SimpleUploadedFile("qd.pdf", tampered, content_type="application/pdf")},
    )
    text = page.content.decode()
    assert "Không hợp lệ" in text and "tệp bạn tải lên" in text
    assert document_verify(document, signed).valid


def test_unknown_document_is_404():
    assert Client().get("/van-ban/xac-minh/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_unsigned_document_is_not_valid(settings, tmp_path):
    settings.PKI_DIR = tmp_path / "pki"
    document = document_store(
        content=b"%PDF-1.4 not signed", filename="x.pdf", kind="other", title="Bản nháp", actor=None
    )
    verdict = document_verify(document)
    assert not verdict.valid and verdict.matches_stored and "không có chữ ký số" in verdict.message
