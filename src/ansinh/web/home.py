"""Counters on the home page. Apps append `HomeCounter`s; each counts only what the user may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ansinh.org.roles import Action, Resource


@dataclass(frozen=True)
class HomeCounter:
    label: str
    resource: Resource
    count: Callable[[object], int]  # user -> number, already area-scoped
    url_name: str | None = None


def _persons(user) -> int:
    from ansinh.registry.models import Person

    return Person.objects.restrict(user, Action.VIEW).filter(merged_into__isnull=True).count()


def _audit_events(user) -> int:
    from ansinh.web.selectors import audit_event_list

    return audit_event_list(user=user).count()


HOME_COUNTERS: list[HomeCounter] = [
    HomeCounter(_("Đối tượng trong địa bàn"), Resource.PERSON, _persons, "registry:person_list"),
    HomeCounter(_("Sự kiện nhật ký"), Resource.AUDIT, _audit_events, "web:audit_log"),
]


def home_counters_for(user) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    out = []
    for counter in HOME_COUNTERS:
        if not user.can(counter.resource, Action.VIEW):
            continue
        try:
            url = reverse(counter.url_name) if counter.url_name else None
        except NoReverseMatch:
            url = None
        out.append({"label": counter.label, "value": counter.count(user), "url": url})
    return out
