"""Area scope for plan data: a plan speaks *to* an area, so it is seen from above and from below.

Relief records belong to one place and are seen only from that place or above (`ScopedQuerySet`).
A provincial plan is different: the Department issues it for the whole province and every district
and commune officer works on its tasks (task 2.1 names "the districts" as coordinating units), so a
plan record is visible when its area lies inside the user's area (as for relief records) *or* the
user's area lies inside the record's area (a district officer reading a provincial task). A district
officer still never sees another district's records: "70/689" is neither above nor below "70/693".
Role checks are unchanged: the role must grant the action on the model's resource.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from ansinh.org.access import ScopedQuerySet
from ansinh.org.roles import Action

if TYPE_CHECKING:
    from ansinh.org.models import User


def ancestor_paths(path: str) -> list[str]:
    """ "70/693/25xxx" → ["70", "70/693"] (strict ancestors, outermost first)."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def path_related(user_path: str | None, record_path: str | None) -> bool:
    """True when the record's area is the user's, above it or below it (the write-side twin of restrict)."""
    if not user_path or not record_path:
        return False
    return (
        record_path == user_path
        or record_path.startswith(user_path + "/")
        or user_path.startswith(record_path + "/")
    )


class PlanScopedQuerySet(ScopedQuerySet):
    def restrict(self, user: User, action: Action = Action.VIEW) -> PlanScopedQuerySet:
        """Records whose area is the user's area, inside it, or one of its ancestors."""
        scope = self.model.area_scope  # type: ignore[attr-defined]
        if not (user and user.is_authenticated and user.can(scope.resource, action)):
            return self.none()
        user_path = user.area_path
        if not user_path:
            return self.none()
        lookup = scope.area_path_lookup
        condition = (
            models.Q(**{lookup: user_path})
            | models.Q(**{f"{lookup}__startswith": user_path + "/"})
            | models.Q(**{f"{lookup}__in": ancestor_paths(user_path)})
        )
        return self.filter(condition)


class PlanScopedManager(models.Manager.from_queryset(PlanScopedQuerySet)):  # type: ignore[misc]
    pass
