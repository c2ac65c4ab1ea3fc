"""API authentication: bearer tokens for machine clients, the session for the browser."""

from __future__ import annotations

import hashlib

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. Only the token's SHA-256 is stored (org.ApiToken)."""

    def authenticate(self, request, token: str):
        from ansinh.org.models import ApiToken

        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user", "user__area").filter(
            key_sha256=digest, revoked=False, user__is_active=True).first()
        if not found:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class SessionAuthCsrf(SessionAuth):
    """The logged-in browser session (CSRF-checked for writes by ninja)."""
