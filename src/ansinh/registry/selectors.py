"""Reads of person records, always through the area scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ansinh.org.access import access
from ansinh.org.roles import Action
from ansinh.registry.models import Person


def person_list(*, user, query: str = "") -> QuerySet[Person]:
    qs = Person.objects.restrict(user, Action.VIEW).filter(merged_into__isnull=True).select_related("area")
    if query:
        qs = qs.filter(Q(full_name__icontains=query) | Q(id_number=query) | Q(person_code=query))
    return qs


def person_get(*, user, person_code: str) -> Person:
    return access(Person, user, None, Action.VIEW, person_code=person_code)
