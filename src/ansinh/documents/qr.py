"""QR code and fingerprint printed on every document, pointing to the public verification page."""

from __future__ import annotations

import base64
import dataclasses
import enum
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg

from ansinh.documents.nd30.model import AdministrativeDocument


@dataclass(frozen=True)
class VerificationMark:
    """What the document shows for verification: the URL (in the QR code) and a short content hash."""

    url: str
    short_hash: str


def verification_url(base_url: str, document_id: str) -> str:
    """``<base_url>/verify/<document_id>`` (the lead's public page serves it)."""
    if not document_id:
        raise ValueError("Thiếu mã văn bản (document_id) để tạo đường dẫn xác thực.")
    return f"{base_url.rstrip('/')}/verify/{document_id}"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def content_sha256(document: AdministrativeDocument) -> str:
    """SHA-256 of the document's content (canonical JSON of the data model, without its own id).

    The file's hash cannot be printed inside the file it hashes, so the printed fingerprint is of the
    content; the verification page checks the uploaded file's own SHA-256 and its signature.
    """
    data = _plain(document)
    data.pop("document_id", None)
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_hash(hex_digest: str) -> str:
    """First 16 hex digits in groups of four, upper case: "3F2A-9C10-77B4-0E5D"."""
    head = hex_digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def verification_mark(
    document: AdministrativeDocument, base_url: str | None = None, *, url: str | None = None
) -> VerificationMark | None:
    """The mark for ``document``: ``url`` as given (the web app's own route), else built from ``base_url``
    and ``document.document_id``; None when neither can be formed (no QR code is printed)."""
    if url is None:
        if not base_url or not document.document_id:
            return None
        url = verification_url(base_url, document.document_id)
    return VerificationMark(url=url, short_hash=short_hash(content_sha256(document)))


def qr_svg(data: str) -> bytes:
    """An SVG QR code (vector, so it stays sharp in print), medium error correction."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, box_size=10)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_png(data: str, box_size: int = 6) -> bytes:
    """A PNG QR code (for python-docx, which embeds raster images only)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image()
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_svg_data_uri(data: str) -> str:
    """``data:image/svg+xml;base64,…`` for an <img> in the HTML."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data)).decode("ascii")
