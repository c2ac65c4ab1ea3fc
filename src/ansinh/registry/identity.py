"""Who a person record really is, after linkage merges: the active (golden) record and its aliases."""

from __future__ import annotations

from ansinh.registry.models import Person

_MAX_DEPTH = 20  # merges chain rarely deeper than two; the bound only guards against a corrupted cycle


def person_active_id(person_id: int) -> int:
    """Follow `merged_into` to the record that stands for the person today."""
    current = person_id
    for _ in range(_MAX_DEPTH):
        nxt = Person.objects.filter(pk=current).values_list("merged_into_id", flat=True).first()
        if nxt is None:
            return current
        current = nxt
    return current


def person_alias_ids(active_id: int) -> set[int]:
    """The active record and every record merged into it (directly or through others)."""
    group, frontier = {active_id}, {active_id}
    for _ in range(_MAX_DEPTH):
        frontier = (
            set(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)) - group
        )
        if not frontier:
            break
        group |= frontier
    return group
