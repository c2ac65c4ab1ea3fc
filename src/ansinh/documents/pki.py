"""A demo PKI: a self-made root CA and signer certificates, for the demo and the tests only.

Every certificate says "DEMO … không dùng cho sản xuất" in its subject. Production uses certificates
from a licensed Vietnamese CA (Ban Cơ yếu Chính phủ for state bodies) on a token or HSM, not these files.
Generation is idempotent: existing files are reused (ADR 0064).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

DEMO_CA_NAME = "An Sinh DEMO CA — không dùng cho sản xuất"
DEMO_ORGANIZATION = "An Sinh DEMO"
CA_KEY_FILE, CA_CERT_FILE = "demo-root-ca.key.pem", "demo-root-ca.cert.pem"


@dataclass(frozen=True)
class CaFiles:
    """Paths of the demo root CA's key and certificate (PEM)."""

    key_path: Path
    cert_path: Path


@dataclass(frozen=True)
class SignerFiles:
    """Paths of one signer's key and certificate, and of the CA that issued it (PEM)."""

    key_path: Path
    cert_path: Path
    ca_cert_path: Path
    common_name: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "signer"


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def ensure_demo_ca(directory: Path | str, *, name: str = DEMO_CA_NAME, years: int = 10) -> CaFiles:
    """Create the demo root CA in ``directory`` unless it is already there; return its paths."""
    directory = Path(directory)
    files = CaFiles(directory / CA_KEY_FILE, directory / CA_CERT_FILE)
    if files.key_path.exists() and files.cert_path.exists():
        return files
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(files.key_path, _key_pem(key))
    files.cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return files


def ensure_demo_signer(
    directory: Path | str,
    *,
    common_name: str,
    title: str = "",
    organization: str = DEMO_ORGANIZATION,
    years: int = 3,
    ca: CaFiles | None = None,
) -> SignerFiles:
    """Create (once) a signer certificate issued by the demo CA, for ``common_name``; return the paths."""
    directory = Path(directory)
    ca = ca or ensure_demo_ca(directory)
    slug = _slug(common_name)
    files = SignerFiles(
        directory / f"signer-{slug}.key.pem", directory / f"signer-{slug}.cert.pem", ca.cert_path, common_name
    )
    if files.key_path.exists() and files.cert_path.exists():
        return files
    ca_key = _load_key(ca.key_path)
    ca_cert = x509.load_pem_x509_certificate(ca.cert_path.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "DEMO - không dùng cho sản xuất"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(min(now + dt.timedelta(days=365 * years), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # digitalSignature + nonRepudiation (contentCommitment): pyHanko requires the latter by default.
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(files.key_path, _key_pem(key))
    files.cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return files
