"""The Department, its units and the bodies it works with; users, their roles and area scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.roles import Action, Resource, Role, role_allows


class OrgUnit(models.Model):
    """An organisational unit: a division of the Department, a facility, a district office, a commune
    committee, or an outside body (the Provincial People's Committee, the Department of Health, BHXH)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở")
        LEADERSHIP = "leadership", _("Ban Giám đốc")
        DIVISION = "division", _("Phòng chuyên môn")
        OFFICE = "office", _("Văn phòng")
        FACILITY = "facility", _("Đơn vị sự nghiệp")
        DISTRICT_OFFICE = "district_office", _("Phòng LĐ-TB&XH cấp huyện")
        COMMUNE = "commune", _("UBND cấp xã")
        EXTERNAL = "external", _("Cơ quan ngoài Sở")
        EMPLOYER = "employer", _("Người sử dụng lao động")

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    area = models.ForeignKey("geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one unit, holds roles, and sees one area (province, district
    or commune). The area is what `restrict()` filters on; the roles say which actions are allowed."""

    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    area = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Phạm vi địa bàn: tỉnh, huyện hoặc xã"),
    )
    roles = models.JSONField(default=list, blank=True, help_text=_("Vai trò: " + ", ".join(Role.values)))
    phone = models.CharField(max_length=15, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ("Trần Văn Giám")."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def role_set(self) -> set[str]:
        return set(self.roles or [])

    def can(self, resource: Resource, action: Action) -> bool:
        """Role check only (what); the area check (which records) is `restrict()`/`access_*`."""
        if not self.is_active:
            return False
        return role_allows(self.role_set, resource, action)

    @property
    def area_path(self) -> str | None:
        return self.area.path if self.area_id else None

    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(r, r)) for r in self.roles or []]


class ApiToken(models.Model):
    """A bearer token for a machine client, acting as `user` (same roles and area scope)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_sha256 = models.CharField(max_length=64, unique=True)
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
