"""Persistence of generated documents, signing with the demo signer, and verification for the public page."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from ansinh.audit import events
from ansinh.documents.models import GeneratedDocument
from ansinh.documents.pki import SignerFiles, ensure_demo_ca, ensure_demo_signer
from ansinh.documents.signing import VerificationResult, sha256_hex, sign_pdf, verify_pdf


def pki_dir() -> Path:
    return Path(settings.PKI_DIR)


def demo_signer(common_name: str, title: str = "") -> SignerFiles:
    """The demo certificate of ``common_name`` under settings.PKI_DIR (created once)."""
    directory = pki_dir()
    ca = ensure_demo_ca(directory)
    return ensure_demo_signer(directory, common_name=common_name, title=title, ca=ca)


def verification_url(document_id: uuid.UUID | str, base_url: str | None = None) -> str:
    """Absolute URL of the public verification page of ``document_id`` (printed in the QR code)."""
    base = (base_url or settings.SITE_BASE_URL).rstrip("/")
    return base + reverse("documents:verify", args=[str(document_id)])


def sign_with_demo_certificate(pdf: bytes, *, signer_name: str, signer_title: str, reason: str) -> bytes:
    """PAdES-sign ``pdf`` with the demo certificate of ``signer_name`` (ADR 0064/0065 of the documents core)."""
    files = demo_signer(signer_name, signer_title)
    return sign_pdf(
        pdf,
        files.key_path,
        files.cert_path,
        files.ca_cert_path,
        reason=reason,
        location="Bình Phước",
        name=signer_name,
    )


@transaction.atomic
def document_store(
    *,
    content: bytes,
    filename: str,
    kind: str,
    title: str,
    actor,
    number: str = "",
    issued_on: dt.date | None = None,
    signed: bool = False,
    signer_name: str = "",
    signed_at: dt.datetime | None = None,
    source=None,
    document_id: uuid.UUID | None = None,
    content_type: str = "application/pdf",
) -> GeneratedDocument:
    """Keep ``content`` with its SHA-256; audited as a CREATE."""
    document = GeneratedDocument(
        id=document_id or uuid.uuid4(),
        kind=kind,
        title=title[:300],
        number=number,
        issued_on=issued_on,
        content_type=content_type,
        sha256=sha256_hex(content),
        signed=signed,
        signer_name=signer_name,
        signed_at=signed_at,
        created_by=actor if getattr(actor, "pk", None) else None,
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=document,
        summary=f"Lưu văn bản {document} (SHA-256 {document.sha256[:16]}…)",
    )
    return document


@dataclass(frozen=True)
class Verdict:
    """What the public page says about a file: valid or not, and why."""

    valid: bool
    matches_stored: bool
    result: VerificationResult | None
    sha256: str
    message: str


def document_verify(document: GeneratedDocument, uploaded: bytes | None = None) -> Verdict:
    """Recompute the SHA-256 of the stored (or uploaded) file and validate its signature with pyHanko."""
    if uploaded is None:
        with document.file.open("rb") as handle:
            data = handle.read()
    else:
        data = uploaded
    digest = sha256_hex(data)
    matches = digest == document.sha256
    if not document.signed:
        message = "Văn bản này không có chữ ký số." if matches else "Tệp không trùng với văn bản đã lưu."
        return Verdict(False, matches, None, digest, message)
    ca = ensure_demo_ca(pki_dir())
    result = verify_pdf(data, [ca.cert_path])
    valid = matches and result.ok
    if not matches and result.ok:
        message = (
            "Chữ ký số hợp lệ nhưng tệp không trùng với bản gốc đã lưu trong hệ thống "
            f"(SHA-256 khác). {result.summary_vi}"
        )
    elif not matches:
        message = f"Tệp không trùng với bản gốc đã lưu. {result.summary_vi}"
    else:
        message = result.summary_vi
    return Verdict(valid, matches, result, digest, message)
