"""The PUBLIC verification page: anyone holding a document's QR code can check a file against it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from ansinh.documents.models import GeneratedDocument
from ansinh.documents.services import document_verify

MAX_UPLOAD = 20 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, document_id) -> HttpResponse:
    """GET: verify the stored file; POST with a file: verify the uploaded copy against the stored one."""
    document = get_object_or_404(GeneratedDocument, pk=document_id)
    uploaded = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Chưa chọn tệp để kiểm tra."
        elif upload.size > MAX_UPLOAD:
            error = "Tệp quá lớn (tối đa 20 MB)."
        else:
            uploaded = upload.read()
    verdict = document_verify(document, uploaded) if not error else None
    return render(
        request,
        "documents/verification.html",
        {
            "document": document,
            "verdict": verdict,
            "uploaded": uploaded is not None,
            "error": error,
        },
        status=200,
    )
