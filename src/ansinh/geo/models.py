"""Administrative units (tỉnh, huyện, xã) in two editions: 2021 three-level and 2025 two-level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Edition(models.IntegerChoices):
    Y2021 = 2021, _("2021 (ba cấp)")
    Y2025 = 2025, _("2025 (hai cấp)")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def edition(self, edition: int) -> AdminUnitQuerySet:
        return self.filter(edition=edition)

    def within(self, unit: AdminUnit) -> AdminUnitQuerySet:
        """The unit itself and every unit below it."""
        return self.filter(path__startswith=unit.path)


class AdminUnit(models.Model):
    """One administrative unit of one edition.

    `path` is the chain of codes from the province down ("70", "70/689", "70/689/25432"); area scoping
    filters on its prefix, so "everything in Lộc Ninh" is one indexed `LIKE '70/707/%'`.
    Old records keep pointing at 2021 units: the 2025 edition is added beside it, never over it.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Tỉnh")
        DISTRICT = 2, _("Huyện")
        COMMUNE = 3, _("Xã")

    edition = models.PositiveSmallIntegerField(choices=Edition.choices, default=Edition.Y2021)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=150)
    unit_type = models.CharField(max_length=30)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=64, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "path"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="geo_unit_edition_code_unique")]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.full_name

    @property
    def district_code(self) -> str | None:
        parts = self.path.split("/")
        return parts[1] if len(parts) > 1 else None


class UnitMapping(models.Model):
    """A 2021 commune and the 2025 unit it became part of (the merger of 01/07/2025)."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="mapped_to")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="mapped_from")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="geo_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
