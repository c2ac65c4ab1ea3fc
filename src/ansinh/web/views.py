"""Shell pages: home, audit log, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ansinh.core.health import health_report
from ansinh.org.roles import Action, Resource
from ansinh.web.home import home_counters_for
from ansinh.web.selectors import audit_event_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"counters": home_counters_for(request.user)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.can(Resource.AUDIT, Action.VIEW):
        raise Http404
    page = Paginator(audit_event_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/audit_log.html", {"page": page})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["database"]["ok"] else 503)
