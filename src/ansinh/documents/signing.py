"""PAdES signing and verification of PDFs with pyHanko 0.38.

Signing produces PAdES-B-B (CMS with signed attributes incl. signing-certificate-v2, /SubFilter
ETSI.CAdES.detached) as an incremental update. B-T would add an RFC 3161 timestamp from a TSA; none is
reachable offline, so the signing time is the signer's claimed time (ADR 0065).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


class SigningError(RuntimeError):
    """Signing failed; ``str(error)`` is a Vietnamese message for the user."""


@dataclass(frozen=True)
class VerificationResult:
    """The verdict on a PDF's last signature, with a Vietnamese summary for the verification page.

    ``intact``: the signed bytes are unchanged; ``valid``: the cryptographic signature checks out and
    the file was not changed after signing; ``trusted``: the signer's certificate chains to a given root.
    """

    intact: bool
    valid: bool
    trusted: bool
    signer_name: str
    signing_time: dt.datetime | None
    sha256: str
    summary_vi: str
    signature_count: int = 0
    signers: tuple[str, ...] = ()  # every signer, in signing order

    @property
    def ok(self) -> bool:
        """Everything holds: intact, valid and trusted."""
        return self.intact and self.valid and self.trusted


def sha256_hex(data: bytes) -> str:
    """SHA-256 of a file's bytes, the identity the verification page compares."""
    return hashlib.sha256(data).hexdigest()


def _next_field_name(reader: PdfFileReader) -> str:
    return f"ChuKySo{len(reader.embedded_signatures) + 1}"


def sign_pdf(
    pdf_bytes: bytes,
    signer_key_path: Path | str,
    cert_path: Path | str,
    ca_cert_path: Path | str,
    reason: str,
    location: str,
    name: str,
) -> bytes:
    """Sign ``pdf_bytes`` (PAdES-B-B, SHA-256) with the PEM key and certificate; return the signed PDF."""
    signer = signers.SimpleSigner.load(
        key_file=str(signer_key_path), cert_file=str(cert_path), ca_chain_files=(str(ca_cert_path),)
    )
    if signer is None:
        raise SigningError("Ký số không thành công: không đọc được khóa hoặc chứng thư số.")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name=_next_field_name(PdfFileReader(io.BytesIO(pdf_bytes))),
        reason=reason,
        location=location,
        name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    output = signers.sign_pdf(writer, metadata, signer=signer)
    return output.getvalue()


def _load_certificate(root: Path | str | bytes | asn1_x509.Certificate) -> asn1_x509.Certificate:
    if isinstance(root, asn1_x509.Certificate):
        return root
    data = Path(root).read_bytes() if isinstance(root, Path | str) else root
    if data.lstrip().startswith(b"-----BEGIN"):
        from asn1crypto import pem

        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def _subject_name(certificate: asn1_x509.Certificate) -> str:
    native = certificate.subject.native
    return str(native.get("common_name") or certificate.subject.human_friendly)


@dataclass(frozen=True)
class _SignatureCheck:
    signer_name: str
    signing_time: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    unchanged_after: bool


def _check(embedded, context: ValidationContext, *, is_last: bool) -> _SignatureCheck:
    status = validate_pdf_signature(embedded, context)
    # After the last signature only validation data (DSS, document timestamps) may follow; after an earlier
    # one, also the next signers' signatures (form filling, in pyHanko's difference analysis).
    allowed = ModificationLevel.LTA_UPDATES if is_last else ModificationLevel.FORM_FILLING
    unchanged_after = status.docmdp_ok is not False and (
        status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        or status.modification_level is None
        or status.modification_level <= allowed
    )
    intact = bool(status.intact)
    return _SignatureCheck(
        signer_name=_subject_name(status.signing_cert) if status.signing_cert is not None else "",
        signing_time=status.signer_reported_dt,
        intact=intact,
        valid=bool(status.valid and intact and unchanged_after),
        trusted=bool(status.trusted),
        unchanged_after=unchanged_after,
    )


def verify_pdf(
    pdf_bytes: bytes, trust_roots: Sequence[Path | str | bytes | asn1_x509.Certificate]
) -> VerificationResult:
    """Validate every signature of ``pdf_bytes`` against ``trust_roots`` (PEM/DER paths or bytes).

    The verdict holds only if it holds for all signatures; the signer and time reported are the last
    signature's. No network: revocation is not fetched (the demo CA publishes none), so a chain is
    "trusted" when it builds to one of the given roots and every certificate is within its validity.
    """
    digest = sha256_hex(pdf_bytes)

    def failed(summary: str, count: int = 0) -> VerificationResult:
        return VerificationResult(False, False, False, "", None, digest, summary, count)

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # a damaged file is an answer ("not intact"), not a crash
        return failed(f"Tệp không đọc được như một PDF hợp lệ ({error.__class__.__name__}).")
    if not signatures:
        return failed("Tệp không có chữ ký số.")
    context = ValidationContext(trust_roots=[_load_certificate(r) for r in trust_roots], allow_fetching=False)
    try:
        checks = [
            _check(embedded, context, is_last=index == len(signatures) - 1)
            for index, embedded in enumerate(signatures)
        ]
    except Exception as error:  # pyHanko raises on malformed CMS or byte ranges: the file was altered
        return failed(
            f"Chữ ký số không kiểm tra được, tệp có thể đã bị sửa ({error.__class__.__name__}).",
            len(signatures),
        )
    last = checks[-1]
    intact = all(c.intact for c in checks)
    valid = all(c.valid for c in checks)
    trusted = all(c.trusted for c in checks)
    summary = _summary(
        intact=intact,
        valid=valid,
        trusted=trusted,
        unchanged_after=all(c.unchanged_after for c in checks),
        signers=[c.signer_name for c in checks],
        when=last.signing_time,
    )
    return VerificationResult(
        intact,
        valid,
        trusted,
        last.signer_name,
        last.signing_time,
        digest,
        summary,
        len(signatures),
        tuple(c.signer_name for c in checks),
    )


def _summary(
    *,
    intact: bool,
    valid: bool,
    trusted: bool,
    unchanged_after: bool,
    signers: Sequence[str],
    when: dt.datetime | None,
) -> str:
    if not intact:
        return "Văn bản đã bị thay đổi sau khi ký: chữ ký số không còn khớp với nội dung."
    if not unchanged_after:
        return "Chữ ký số đúng với phần đã ký, nhưng tệp có nội dung được thêm vào sau khi ký."
    if not valid:
        return "Chữ ký số không hợp lệ."
    if len(signers) == 1:
        time_text = (
            f" lúc {when.astimezone(dt.timezone(dt.timedelta(hours=7))):%H:%M ngày %d/%m/%Y}" if when else ""
        )
        who = f"chữ ký số của {signers[0]}{time_text}"
    else:
        who = f"{len(signers)} chữ ký số ({', '.join(signers)})"
    if not trusted:
        return (
            f"Văn bản nguyên vẹn, {who} hợp lệ về mật mã, nhưng chứng thư số "
            "không thuộc tổ chức chứng thực được tin cậy."
        )
    return f"Văn bản nguyên vẹn; {who} hợp lệ và được tin cậy."
