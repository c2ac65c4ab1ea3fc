"""Import jobs: an uploaded list file, its progress through the pipeline, and its stored rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.core.fields import AppendOrderIndex, JSONTextField
from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource


class ImportJob(models.Model):
    """One uploaded file. Stages: read → normalised → checked → linked → stored; all-or-nothing write.
    The same file (same SHA-256) for the same unit and form is never imported twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ xử lý")
        READING = "reading", _("Đang đọc")
        NORMALISED = "normalised", _("Đã chuẩn hóa")
        CHECKED = "checked", _("Đã kiểm tra")
        LINKED = "linked", _("Đã đối chiếu trùng")
        STORED = "stored", _("Đã lưu")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")
        DUPLICATE = "duplicate", _("Tệp đã nhập trước đó")
        NEEDS_MAPPING = "needs_mapping", _("Cần xác nhận cột")

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    form_code = models.CharField(max_length=40, blank=True)
    policy_code = models.CharField(max_length=40, blank=True, help_text=_("chính sách được xét cho danh sách"))
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="imports")
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.QUEUED, db_index=True)
    cancel_requested = models.BooleanField(default=False)
    counts = models.JSONField(default=dict, help_text=_("rows, accepted, warnings, rejected, duplicates"))
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    unsure_columns = models.JSONField(default=list, blank=True, help_text=_("cột cần cán bộ xác nhận"))
    data_fields = models.JSONField(
        default=list, blank=True, help_text=_("tên trường của các giá trị trong ImportRow.data (dạng mảng)"))
    report = models.FileField(upload_to="imports/reports/%Y/%m/", blank=True)
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    linked_at = models.DateTimeField(
        null=True, blank=True, help_text=_("lúc các dòng đã được đối chiếu với sổ đối tượng (liên kết)"))

    objects = ScopedManager()
    area_scope = AreaScope(Resource.IMPORT, "area__path")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.STORED, self.Status.FAILED, self.Status.CANCELLED,
                               self.Status.DUPLICATE, self.Status.NEEDS_MAPPING}

    STAGES = ("reading", "normalised", "checked", "linked", "stored")

    @property
    def stage_index(self) -> int:
        return self.STAGES.index(self.status) + 1 if self.status in self.STAGES else 0


class ImportRow(models.Model):
    """One accepted row of an import, as the pipeline normalised and evaluated it.

    Written in bulk (PostgreSQL COPY, SQLite executemany) in the job's single final transaction, and
    read back by job. `row_key` identifies the person inside a sender's list (ID number, else folded
    name + birth date), so a corrected file updates its rows instead of duplicating them.

    The table is a staging store, indexed by job only (ADR 0034): looking a person up across lists goes
    through the registry (`registry.Person`, linkage's `RecordLink`), which is indexed for exactly that.
    `data` holds the row's other normalised fields as text: in bulk-written rows a JSON array whose names
    are the job's `data_fields` (once per list, not once per row), in rows made one by one an object.
    Fields with a column of their own are not repeated; `field_values` puts everything back together.
    """

    # No database-level FK: 200,000 deferred RI checks at commit would cost more than the COPY itself.
    # Rows are only ever written by `store.bulk_insert_rows` for a job created in the same transaction,
    # and deleted with it through the ORM (on_delete=CASCADE still applies there). See ADR 0034.
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows", db_constraint=False,
                            db_index=False)
    source_row = models.PositiveIntegerField()
    row_key = models.CharField(max_length=200)
    full_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    id_number = models.CharField(max_length=20, blank=True)
    commune_code = models.CharField(max_length=10, blank=True)
    has_warning = models.BooleanField(default=False)
    data = JSONTextField(default=dict)
    problems = JSONTextField(default=list, blank=True)
    eligible = models.BooleanField(null=True)
    amount_vnd = models.BigIntegerField(default=0)
    failed_conditions = JSONTextField(default=list, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)
    flags = JSONTextField(default=list, blank=True)
    superseded = models.BooleanField(default=False)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.IMPORT, "job__area__path")

    class Meta:
        ordering = ["job", "source_row"]
        # Rows arrive job after job: a BRIN index on PostgreSQL costs nothing per row (ADR 0034).
        indexes = [AppendOrderIndex(fields=["job"], name="intake_row_job_idx")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.source_row}"

    @property
    def field_values(self) -> dict:
        """Every normalised field of the row as text, as the list gave it (dates dd/mm/yyyy)."""
        data = self.data or {}
        if isinstance(data, list):
            data = dict(zip(self._data_field_names(), data, strict=False))
        own = {"full_name": self.full_name, "id_number": self.id_number, "commune_code": self.commune_code,
               "date_of_birth": self.date_of_birth.strftime("%d/%m/%Y") if self.date_of_birth else ""}
        return {**data, **{k: v for k, v in own.items() if v and not data.get(k)}}

    def _data_field_names(self) -> list[str]:
        if ImportRow.job.is_cached(self):
            return self.job.data_fields
        # Only the names, not the whole job: a job carries up to 5,000 problems (ImportJob.problems).
        names = getattr(self, "_data_fields", None)
        if names is None:
            names = ImportJob.objects.filter(pk=self.job_id).values_list("data_fields", flat=True).first() or []
            self._data_fields = names
        return names

    @staticmethod
    def prefetch_data_fields(rows: list[ImportRow]) -> None:
        """One query for the field names of many rows' jobs (readers of `field_values` over many lists)."""
        missing = {r.job_id for r in rows if not ImportRow.job.is_cached(r)}
        names = dict(ImportJob.objects.filter(pk__in=missing).values_list("pk", "data_fields")) if missing else {}
        for row in rows:
            if row.job_id in names:
                row._data_fields = names[row.job_id]


class SenderMapping(models.Model):
    """A clerk's confirmed column mapping for one sender and form: applied to that sender's next files."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    form_code = models.CharField(max_length=40)
    header_text = models.CharField(max_length=300)
    field = models.CharField(max_length=60, blank=True, help_text=_("trống = bỏ qua cột này"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "form_code", "header_text"], name="intake_sender_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.form_code}: {self.header_text} → {self.field or '—'}"
