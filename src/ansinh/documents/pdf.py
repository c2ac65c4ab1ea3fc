"""PDF export through WeasyPrint, which needs the system's Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0).

Without Pango the import of ``weasyprint`` raises OSError; the system keeps running and callers show
``PdfUnavailable``'s message ("Xuất PDF không khả dụng: …") instead of crashing.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from ansinh.documents.fonts import FontChoice
from ansinh.documents.html import render_html
from ansinh.documents.nd30.model import AdministrativeDocument
from ansinh.documents.qr import verification_mark


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here; ``str(error)`` is the Vietnamese message for the user."""


def probe_weasyprint(module_name: str = "weasyprint") -> tuple[bool, str]:
    """Import ``module_name`` and render a one-line page: (True, version) or (False, reason in Vietnamese)."""
    try:
        weasyprint = importlib.import_module(module_name)
    except (ImportError, OSError) as error:  # OSError: libpango/libgobject not found by cffi
        return False, (
            f"không nạp được WeasyPrint ({error.__class__.__name__}: {error}); máy chủ cần thư viện Pango "
            "(gói Debian libpango-1.0-0, libpangoft2-1.0-0)"
        )
    try:
        weasyprint.HTML(string="<p>ok</p>").write_pdf()
    except Exception as error:  # any failure of the native stack means: no PDF here
        return False, f"WeasyPrint không chạy được ({error.__class__.__name__}: {error})"
    return True, f"WeasyPrint {weasyprint.__version__}"


@functools.cache
def weasyprint_available() -> tuple[bool, str]:
    """(True, version) when WeasyPrint imports and renders a page here; otherwise (False, reason). Cached."""
    return probe_weasyprint()


def unavailable_message(reason: str) -> str:
    """The message users see instead of a PDF."""
    return f"Xuất PDF không khả dụng: {reason}."


def require_weasyprint() -> Any:
    """The weasyprint module, or PdfUnavailable with the reason."""
    ok, reason = weasyprint_available()
    if not ok:
        raise PdfUnavailable(unavailable_message(reason))
    import weasyprint

    return weasyprint


def allowed_resource(url: str) -> bool:
    """Only data: URIs and the bundled font files may be loaded while rendering: never the network, never
    another local file (names and addresses come from citizens' spreadsheets; ADR 0062)."""
    if url.startswith("data:"):
        return True
    if not url.startswith("file:"):
        return False
    import fontpkg_noto_serif

    path = Path(url2pathname(urlparse(url).path)).resolve()
    return path.is_relative_to(fontpkg_noto_serif.ROOT.resolve())


def _local_only_fetcher(weasyprint: Any) -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed_resource(url):
                raise ValueError(f"Tài nguyên không được phép khi xuất PDF: {url[:80]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string (stylesheet inlined, fonts by file:// URL) to PDF bytes."""
    weasyprint = require_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_local_only_fetcher(weasyprint))
    return document.write_pdf(font_config=font_config)


def render_pdf(
    document: AdministrativeDocument,
    *,
    base_url: str | None = None,
    verify_url: str | None = None,
    font: FontChoice = "auto",
) -> bytes:
    """PDF of ``document``. It carries the verification QR code when ``verify_url`` is given, or
    ``base_url`` and ``document.document_id`` (then the URL is ``<base_url>/verify/<document_id>``)."""
    mark = verification_mark(document, base_url, url=verify_url)
    return html_to_pdf(render_html(document, mark=mark, font=font))
