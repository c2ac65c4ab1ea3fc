"""Shared pieces of the registry services: codes, errors, the link summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ansinh.registry.models import Person

CODE_PREFIX = "P"
CODE_DIGITS = 10
_SEX = {
    "nam": Person.Sex.MALE,
    "nữ": Person.Sex.FEMALE,
    "nu": Person.Sex.FEMALE,
    "m": Person.Sex.MALE,
    "f": Person.Sex.FEMALE,
}


class RegistryError(Exception):
    """A registry change that cannot be made (Vietnamese message for the user)."""


@dataclass
class LinkSummary:
    """What one linkage run did (also the audit event's ``after``)."""

    rows: int = 0
    linked: int = 0
    matched: int = 0
    new_persons: int = 0
    merged: int = 0
    review_pairs: int = 0
    flagged: int = 0
    moved: int = 0
    jobs: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)
