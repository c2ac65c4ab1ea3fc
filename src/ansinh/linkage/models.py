"""Linkage on the Django side: which record belongs to which golden person, what the officers decided.

* ``RecordLink``: one record the linker knows — an imported row (``import_row``) or a person's own golden
  record (for persons created outside an import) — with the person it belongs to, how it got there and its
  prepared match keys (so an incremental run never re-prepares the registry).
* ``BlockKey``: the record's blocking-key values (hashed), indexed: the candidates for a new list are found
  by index look-ups instead of loading the registry.
* ``ReviewPair``: a pair scored between the two thresholds, waiting for an officer.
* ``ReviewVerdict``: an officer's "same person" / "different people" on a pair of record keys; passed to the
  engine as must-link / cannot-link at every later run, so the pair is never asked again.
* ``PersonMerge``: one merge of two persons (the older code kept, the other redirected), undoable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager, ScopedQuerySet
from ansinh.org.roles import Action, Resource


class RecordLink(models.Model):
    """A record (imported row or golden person record) linked to the person it is about."""

    class Method(models.TextChoices):
        NEW = "new", _("Người mới")
        MATCHED = "matched", _("Khớp tự động")
        VERDICT = "verdict", _("Theo kết luận của cán bộ")
        RELINK = "relink", _("Đối chiếu lại")
        GOLDEN = "golden", _("Bản ghi gốc của đối tượng")

    record_key = models.CharField(max_length=30, unique=True, help_text=_("r:<dòng nhập> hoặc p:<đối tượng>"))
    import_row = models.OneToOneField(
        "intake.ImportRow", null=True, blank=True, on_delete=models.CASCADE, related_name="record_link"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="record_links")
    match_probability = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=8, choices=Method.choices)
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    features = models.JSONField(default=dict, help_text=_("Khóa so khớp đã chuẩn bị (bộ máy ghép bản ghi)"))
    linked_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.PERSON, "area__path")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.record_key} → {self.person_id}"


class BlockKey(models.Model):
    """One blocking-key value of a record (hash of key number + values): the index behind incremental runs."""

    record = models.ForeignKey(RecordLink, on_delete=models.CASCADE, related_name="block_keys")
    value = models.CharField(max_length=40, db_index=True)

    def __str__(self) -> str:
        return self.value


class ReviewPairQuerySet(ScopedQuerySet["ReviewPair"]):
    def restrict(self, user, action: Action = Action.VIEW) -> ReviewPairQuerySet:
        """A pair is in an officer's area when EITHER of its records is."""
        if not (user and user.is_authenticated and user.can(Resource.PERSON, action)) or not user.area_path:
            return self.none()
        path = user.area_path
        return self.filter(
            models.Q(record_l__area__path=path)
            | models.Q(record_l__area__path__startswith=path + "/")
            | models.Q(record_r__area__path=path)
            | models.Q(record_r__area__path__startswith=path + "/")
        )


class ReviewPair(models.Model):
    """Two records the model could not decide on (between the lower and the upper threshold)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ xem xét")
        DECIDED = "decided", _("Đã kết luận")
        SUPERSEDED = "superseded", _("Không cần xem xét nữa")  # the two records became one person meanwhile

    record_l = models.ForeignKey(RecordLink, on_delete=models.CASCADE, related_name="+")
    record_r = models.ForeignKey(RecordLink, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    evidence = models.JSONField(default=dict, help_text=_("Mức khớp theo từng trường"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    source_job = models.ForeignKey(
        "intake.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    model_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(ReviewPairQuerySet)()
    area_scope = AreaScope(Resource.PERSON, "record_l__area__path")

    class Meta:
        ordering = ["-match_probability", "pk"]
        constraints = [models.UniqueConstraint(fields=["record_l", "record_r"], name="linkage_pair_unique")]

    def __str__(self) -> str:
        return f"{self.record_l.record_key} ~ {self.record_r.record_key} ({self.match_probability:.2f})"


class ReviewVerdict(models.Model):
    """An officer's decision on a pair of record keys (key_l < key_r). Never asked again; reversible."""

    class Verdict(models.TextChoices):
        SAME = "same", _("Cùng một người")
        DIFFERENT = "different", _("Hai người khác nhau")

    record_key_l = models.CharField(max_length=30)
    record_key_r = models.CharField(max_length=30)
    verdict = models.CharField(max_length=9, choices=Verdict.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    area_path = models.CharField(max_length=64, blank=True, help_text=_("Địa bàn của cặp (cho nhật ký)"))

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["record_key_l", "record_key_r"], name="linkage_verdict_unique"),
            models.CheckConstraint(
                condition=models.Q(record_key_l__lt=models.F("record_key_r")), name="linkage_verdict_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_key_l} / {self.record_key_r}: {self.verdict}"


class PersonMerge(models.Model):
    """Two persons found to be one: ``kept`` (the older code) absorbs ``absorbed`` (redirected to it)."""

    class Reason(models.TextChoices):
        AUTOMATIC = "auto", _("Khớp tự động (trên ngưỡng)")
        VERDICT = "verdict", _("Cán bộ kết luận cùng một người")
        RELINK = "relink", _("Đối chiếu lại toàn bộ")

    kept = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="merges_absorbed")
    moved_record_keys = models.JSONField(default=list)
    pair_keys = models.JSONField(default=list, help_text=_("Cặp bản ghi dẫn đến việc gộp"))
    reason = models.CharField(max_length=8, choices=Reason.choices)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_note = models.TextField(blank=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.PERSON, "kept__area__path")

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.kept_id}"
