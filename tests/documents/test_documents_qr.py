"""The verification mark: URL, content fingerprint, QR image."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ansinh.documents.qr import (
    content_sha256,
    qr_png,
    qr_svg,
    short_hash,
    verification_mark,
    verification_url,
)
from ansinh.documents.samples import sample_decision


def test_verification_url() -> None:
    assert verification_url("https://a.vn/", "abc") == "https://a.vn/verify/abc"
    with pytest.raises(ValueError):
        verification_url("https://a.vn", "")


def test_content_hash_ignores_the_id_and_follows_the_content() -> None:
    decision = sample_decision(5)
    assert content_sha256(decision) == content_sha256(replace(decision, document_id="other"))
    changed = replace(decision, summary=decision.summary + " sửa")
    assert content_sha256(changed) != content_sha256(decision)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", short_hash(content_sha256(decision)))


def test_mark_and_images() -> None:
    mark = verification_mark(sample_decision(2, document_id="d-1"), "https://a.vn")
    assert mark is not None and mark.url == "https://a.vn/verify/d-1"
    own_route = verification_mark(sample_decision(2), url="https://a.vn/xac-minh/d-1/")
    assert own_route is not None and own_route.url == "https://a.vn/xac-minh/d-1/"
    assert verification_mark(sample_decision(2), "https://a.vn") is None  # no id, no QR
    assert b"<svg" in qr_svg(mark.url)
    assert qr_png(mark.url).startswith(b"\x89PNG")
