"""The JSON API (django-ninja) under /api/v1. Apps add routers in `ROUTERS`; the schema is at /api/v1/openapi.json."""

from __future__ import annotations

from importlib import import_module

from ninja import NinjaAPI

from ansinh.web.api_auth import ApiTokenAuth, SessionAuthCsrf

api = NinjaAPI(
    title="An Sinh API",
    version="1",
    description="Hồ sơ, đợt, quyết định, chi trả; tra cứu tình trạng hồ sơ. Phạm vi dữ liệu theo địa bàn người dùng.",
    auth=[ApiTokenAuth(), SessionAuthCsrf()],
    urls_namespace="api",
)

# (prefix, "module.path:router"); a module that is not there yet is skipped.
ROUTERS = [
    ("/relief", "ansinh.relief.api:router"),
    ("/plans", "ansinh.plans.api:router"),
    ("/reports", "ansinh.reports.api:router"),
    ("/policies", "ansinh.policies.api:router"),
]

for prefix, target in ROUTERS:
    module_name, _, attr = target.partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, getattr(module, attr))


@api.get("/me", tags=["system"])
def me(request):
    user = request.auth
    return {"username": user.username, "roles": user.roles, "area": user.area.full_name if user.area else None}
