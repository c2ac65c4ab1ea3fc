"""The one door to area-scoped data.

Every list, detail, export, search and API read goes through `restrict()` (querysets) or `access()`
(one object). A record is visible when (1) one of the user's roles grants the action on the model's
resource and (2) the record's area lies inside the user's area. "Missing" and "not allowed" raise the
same Http404, so a guessed ID reveals nothing.

A model opts in by using `ScopedManager` and declaring `area_scope = AreaScope(resource, "path to the
area's path")`, e.g. `AreaScope(Resource.PERSON, "area__path")` or
`AreaScope(Resource.APPLICATION, "batch__area__path")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

from ansinh.org.roles import Action, Resource

if TYPE_CHECKING:
    from ansinh.org.models import User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class AreaScope:
    resource: Resource
    # Lookup from the model to the `path` of the AdminUnit that places a record (e.g. "area__path").
    area_path_lookup: str


class ScopedQuerySet(models.QuerySet[M]):
    def restrict(self, user: User, action: Action = Action.VIEW) -> ScopedQuerySet[M]:
        """Only the records `user` may `action`: role check, then area prefix."""
        scope: AreaScope = self.model.area_scope  # type: ignore[attr-defined]
        if not (user and user.is_authenticated and user.can(scope.resource, action)):
            return self.none()
        user_path = user.area_path
        if not user_path:
            # A user without an area sees nothing: never default to "everything".
            return self.none()
        # "70/689" must match "70/689" and "70/689/…", never "70/6891".
        return self.filter(
            models.Q(**{scope.area_path_lookup: user_path})
            | models.Q(**{f"{scope.area_path_lookup}__startswith": user_path + "/"})
        )


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


def access(queryset_or_model: Any, user: User, pk: Any, action: Action = Action.VIEW, **lookup: Any) -> Any:
    """One record by primary key (or `lookup`), or Http404 when it is missing *or* not allowed."""
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    filters = lookup or {"pk": pk}
    try:
        return qs.restrict(user, action).get(**filters)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy") from exc


def user_in_area(user: User, area_path: str | None) -> bool:
    """True when `area_path` lies inside the user's area (used by services for writes)."""
    if not area_path or not user.area_path:
        return False
    return area_path == user.area_path or area_path.startswith(user.area_path + "/")
