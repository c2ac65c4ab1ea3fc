"""Remember who is asking and from where, for audit events written deeper down."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_ip: ContextVar[str] = ContextVar("current_ip", default="")


def client_ip(request: HttpRequest) -> str:
    # Behind the reverse proxy the deployment guide configures, REMOTE_ADDR is the proxy; the proxy
    # sets X-Real-IP. We trust only that single header, never a client-supplied X-Forwarded-For chain.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
