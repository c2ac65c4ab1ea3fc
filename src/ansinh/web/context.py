"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from ansinh.web.navigation import navigation_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(user)}
