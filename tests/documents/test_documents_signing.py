"""PAdES signing with the demo PKI and verification with pyHanko's validator."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from ansinh.documents.pki import DEMO_CA_NAME, ensure_demo_ca, ensure_demo_signer
from ansinh.documents.signing import sha256_hex, sign_pdf, verify_pdf


@pytest.fixture(scope="module")
def signed_pdf(decision_pdf: bytes, signer) -> bytes:
    return sign_pdf(
        decision_pdf,
        signer.key_path,
        signer.cert_path,
        signer.ca_cert_path,
        reason="Phê duyệt danh sách đợt 03",
        location="Bình Phước",
        name="Trần Văn Mi",
    )


def test_signed_decision_is_intact_valid_and_trusted(signed_pdf: bytes, signer) -> None:
    result = verify_pdf(signed_pdf, [signer.ca_cert_path])
    assert (result.intact, result.valid, result.trusted) == (True, True, True)
    assert result.signer_name == "Trần Văn Mi"
    assert result.signing_time is not None and result.signing_time.tzinfo is not None
    assert result.sha256 == sha256_hex(signed_pdf)
    assert result.summary_vi.startswith("Văn bản nguyên vẹn; chữ ký số của Trần Văn Mi")
    assert b"/ETSI.CAdES.detached" in signed_pdf  # PAdES, not the legacy adbe.pkcs7.detached


def test_signing_appends_an_incremental_update(decision_pdf: bytes, signed_pdf: bytes) -> None:
    assert signed_pdf.startswith(decision_pdf)
    assert len(signed_pdf) > len(decision_pdf)


def test_one_changed_byte_makes_the_signature_not_intact(
    decision_pdf: bytes, signed_pdf: bytes, signer
) -> None:
    tampered = bytearray(signed_pdf)
    tampered[len(decision_pdf) // 2] ^= 0x01  # inside the signed byte range (page content)
    result = verify_pdf(bytes(tampered), [signer.ca_cert_path])
    assert result.intact is False and result.valid is False
    assert "đã bị thay đổi" in result.summary_vi


def test_a_signature_from_another_ca_is_not_trusted(signed_pdf: bytes, tmp_path: Path) -> None:
    # Same CA name, different key: exactly what a forger would make.
    other = ensure_demo_ca(tmp_path / "other")
    result = verify_pdf(signed_pdf, [other.cert_path])
    assert result.intact is True
    assert result.trusted is False
    assert "không thuộc tổ chức chứng thực được tin cậy" in result.summary_vi


def test_an_unsigned_pdf_is_reported_as_such(decision_pdf: bytes, signer) -> None:
    result = verify_pdf(decision_pdf, [signer.ca_cert_path])
    assert (result.intact, result.valid, result.trusted, result.signature_count) == (False, False, False, 0)
    assert result.summary_vi == "Tệp không có chữ ký số."


def test_garbage_is_not_a_crash(signer) -> None:
    result = verify_pdf(b"not a pdf at all", [signer.ca_cert_path])
    assert result.valid is False and result.summary_vi.startswith("Tệp không đọc được")


def test_a_second_signature_is_validated_as_the_latest(signed_pdf: bytes, pki_dir: Path) -> None:
    second = ensure_demo_signer(pki_dir, common_name="Lê Thị Hoa")
    twice = sign_pdf(
        signed_pdf,
        second.key_path,
        second.cert_path,
        second.ca_cert_path,
        reason="Ký nháy",
        location="Bình Phước",
        name="Lê Thị Hoa",
    )
    result = verify_pdf(twice, [second.ca_cert_path])
    assert result.ok and result.signer_name == "Lê Thị Hoa" and result.signature_count == 2
    assert result.signers == ("Trần Văn Mi", "Lê Thị Hoa")
    assert "2 chữ ký số (Trần Văn Mi, Lê Thị Hoa)" in result.summary_vi
    tampered = bytearray(twice)
    tampered[100] ^= 0x01  # inside both signatures' ranges
    assert verify_pdf(bytes(tampered), [second.ca_cert_path]).intact is False


def test_content_appended_after_signing_is_intact_but_not_valid(signed_pdf: bytes, signer) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 40 Tf (HUY) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), [signer.ca_cert_path])
    assert result.intact is True  # the signed bytes are untouched ...
    assert result.valid is False  # ... but the page shown is not the page signed
    assert "được thêm vào sau khi ký" in result.summary_vi


def test_demo_pki_is_idempotent_and_labelled(pki_dir: Path, signer) -> None:
    before = signer.cert_path.read_bytes(), signer.ca_cert_path.read_bytes()
    again = ensure_demo_signer(pki_dir, common_name="Trần Văn Mi")
    assert (again.cert_path.read_bytes(), again.ca_cert_path.read_bytes()) == before
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(signer.ca_cert_path.read_bytes())
    assert DEMO_CA_NAME in ca.subject.rfc4514_string()
    assert "không dùng cho sản xuất" in DEMO_CA_NAME
    assert oct(signer.key_path.stat().st_mode & 0o777) == "0o600"
