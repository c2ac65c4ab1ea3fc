"""Person pages: parse → access → render. Full records are audited views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansinh.audit import events
from ansinh.org.roles import Action, Resource
from ansinh.registry import selectors


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.person_list(user=request.user, query=query), 50).get_page(
        request.GET.get("page")
    )
    template = "registry/partials/person_rows.html" if request.htmx else "registry/person_list.html"
    return render(request, template, {"page": page, "q": query})


@login_required
def person_detail(request: HttpRequest, person_code: str) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_code=person_code)
    unmasked = request.user.can(Resource.PERSON, Action.VIEW_PERSONAL)
    if unmasked:
        events.record_view(actor=request.user, obj=person)
    return render(request, "registry/person_detail.html", {"person": person, "unmasked": unmasked})
