"""Golden person records: one row per real person, with a stable ID that survives merges."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource


class Person(models.Model):
    """A person known to the system. `person_code` is stable: when two records turn out to be one
    person, the older code is kept and the other points to it through `merged_into`."""

    class Sex(models.TextChoices):
        MALE = "nam", _("Nam")
        FEMALE = "nu", _("Nữ")

    person_code = models.CharField(max_length=20, unique=True)
    full_name = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    birth_year_only = models.BooleanField(default=False)
    sex = models.CharField(max_length=3, choices=Sex.choices, blank=True)
    id_number = models.CharField(max_length=12, blank=True, db_index=True)
    phone = models.CharField(max_length=11, blank=True)
    address = models.CharField(max_length=300, blank=True)
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.PERSON, "area__path")

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.person_code})"
