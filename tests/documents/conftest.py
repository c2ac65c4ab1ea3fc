"""Shared fixtures: a demo PKI in a temporary directory and the sample documents rendered once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansinh.documents.pdf import render_pdf, weasyprint_available
from ansinh.documents.pki import SignerFiles, ensure_demo_ca, ensure_demo_signer
from ansinh.documents.samples import sample_decision

BASE_URL = "https://ansinh.example.gov.vn"
DOCUMENT_ID = "9b2f6c1e-0d3a-4f51-8c7e-2a9d5e4b1c07"


def require_pdf() -> None:
    """Skip (with the reason printed) when WeasyPrint cannot run on this machine."""
    ok, reason = weasyprint_available()
    if not ok:
        print(f"PDF tests skipped: {reason}")
        pytest.skip(f"WeasyPrint unavailable: {reason}")


@pytest.fixture
def pdf_required() -> None:
    """Use in PDF tests: skips them with the printed reason when WeasyPrint cannot run."""
    require_pdf()


@pytest.fixture(scope="session")
def base_url() -> str:
    return BASE_URL


@pytest.fixture(scope="session")
def document_id() -> str:
    return DOCUMENT_ID


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(scope="session")
def signer(pki_dir: Path) -> SignerFiles:
    ensure_demo_ca(pki_dir)
    return ensure_demo_signer(pki_dir, common_name="Trần Văn Mi", title="Phó Chủ tịch UBND tỉnh")


@pytest.fixture(scope="session")
def decision_pdf() -> bytes:
    """The sample decision with a 40-row annex and its verification QR code, in Noto Serif."""
    require_pdf()
    return render_pdf(sample_decision(40, document_id=DOCUMENT_ID), base_url=BASE_URL, font="noto")
