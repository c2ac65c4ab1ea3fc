"""The English catalogue is complete, valid and compiled (a fresh machine needs no gettext tools)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

import ansinh

PO = Path(ansinh.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_compiled_catalogue_is_committed():
    assert PO.with_suffix(".mo").stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_catalogue_is_valid_gettext():
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_english_is_active_when_chosen():
    with translation.override("en"):
        assert gettext("Đăng nhập") == "Sign in"
    with translation.override("vi"):
        assert gettext("Đăng nhập") == "Đăng nhập"
