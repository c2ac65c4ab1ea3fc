"""Batch transitions up to appraisal: create, submit, confirm (BHXH), decide rows, appraise."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ansinh.audit import events
from ansinh.core.bulk import copy_insert
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.roles import Action, Resource
from ansinh.registry.models import Person
from ansinh.relief.errors import OutOfOrderError, ReliefError
from ansinh.relief.models import Application, Batch
from ansinh.relief.policy_steps import policy_steps
from ansinh.relief.services._common import (
    reports_counters_after_status,
    require,
    require_status,
    set_status,
    today,
)
from ansinh.reports.aggregates import batch_counters_refresh

S = Batch.Status
A = Application.Status
_SEX = {
    "nam": Person.Sex.MALE,
    "nữ": Person.Sex.FEMALE,
    "nu": Person.Sex.FEMALE,
    "male": Person.Sex.MALE,
    "female": Person.Sex.FEMALE,
    "m": Person.Sex.MALE,
    "f": Person.Sex.FEMALE,
}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@transaction.atomic
def batch_create_from_rows(
    *,
    policy_code: str,
    unit,
    area: AdminUnit,
    rows: list[dict],
    actor,
    period_key: str = "2021",
    title: str = "",
    cutoff_date: dt.date | None = None,
    source_import=None,
) -> Batch:
    """A draft batch of ``rows`` (accepted rows of a list, already evaluated by the policy engine).

    Each row: full_name, date_of_birth, sex, id_number, commune_code, eligible, amount_vnd,
    failed_conditions, version, source_row (and any other normalised field, kept in ``data``).
    """
    require(actor, Resource.BATCH, Action.CREATE, area.path)
    return _create(
        policy_code=policy_code,
        unit=unit,
        area=area,
        rows=rows,
        actor=actor,
        period_key=period_key,
        title=title,
        cutoff_date=cutoff_date,
        source_import=source_import,
    )


def _create(*, policy_code, unit, area, rows, actor, period_key, title, cutoff_date, source_import) -> Batch:
    sequence = (
        Batch.objects.filter(policy_code=policy_code, submitting_unit=unit).aggregate(m=Max("sequence"))["m"]
        or 0
    ) + 1
    batch = Batch.objects.create(
        policy_code=policy_code,
        sequence=sequence,
        submitting_unit=unit,
        area=area,
        period_key=period_key,
        title=title
        or f"{policy_steps(policy_code).name} — {unit.short_name or unit.name}, đợt {sequence:02d}",
        created_by=actor if getattr(actor, "pk", None) else None,
        cutoff_date=cutoff_date,
        source_import=source_import,
    )
    _add_rows(batch, rows)
    _refresh_totals(batch)
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=batch,
        summary=f"Lập đợt {batch.sequence:02d} ({len(rows)} hồ sơ)",
        after={"status": batch.status},
    )
    return batch


def _chunks(values: list, size: int = 900):
    for start in range(0, len(values), size):  # SQLite's limit on query parameters
        yield values[start : start + size]


def _add_rows(batch: Batch, rows: list[Mapping[str, Any]]) -> None:
    """All rows at once: one query for the communes, one per 900 ID numbers for known people, bulk inserts
    for new people and for the applications (an import of 20 000 rows must not take minutes)."""
    codes = sorted({str(r["commune_code"]) for r in rows if r.get("commune_code")})
    units = {}
    for chunk in _chunks(codes):
        units.update({u.code: u for u in AdminUnit.objects.filter(edition=Edition.Y2021, code__in=chunk)})
    ids = sorted({str(r.get("id_number") or "").strip() for r in rows} - {""})
    known: dict[str, Person] = {}
    for chunk in _chunks(ids):
        known.update(
            {p.id_number: p for p in Person.objects.filter(id_number__in=chunk, merged_into__isnull=True)}
        )
    places, people, new_people = [], [], []
    for row in rows:
        place = units.get(str(row.get("commune_code") or ""), batch.area)
        id_number = str(row.get("id_number") or "").strip()
        person = known.get(id_number) if id_number else None
        if person is None:
            person = _new_person(row, place)
            new_people.append(person)
            if id_number:
                known[id_number] = person
        places.append(place)
        people.append(person)
    Person.objects.bulk_create(new_people, batch_size=1000)
    copy_insert(  # no primary keys are needed back; COPY on PostgreSQL (ansinh.core.bulk)
        Application,
        [_application(batch, row, place, person) for row, place, person in zip(rows, places, people, strict=True)],
    )


def _new_person(row: Mapping[str, Any], area: AdminUnit) -> Person:
    sex = _SEX.get(str(row.get("sex") or "").strip().lower(), "")
    return Person(
        person_code=f"AS{uuid.uuid4().hex[:10].upper()}",
        full_name=str(row.get("full_name") or "").strip(),
        date_of_birth=_as_date(row.get("date_of_birth")),
        sex=sex,
        id_number=str(row.get("id_number") or "").strip(),
        phone=str(row.get("phone") or ""),
        address=str(row.get("address") or ""),
        area=area,
    )


def _application(batch: Batch, row: Mapping[str, Any], place: AdminUnit, person: Person) -> Application:
    amount = int(row.get("amount_vnd") or row.get("amount") or 0)
    requested = row.get("requested_amount")
    return Application(
        batch=batch,
        person=person,
        area=place,
        policy_code=batch.policy_code,
        period_key=batch.period_key,
        period_start=_as_date(row.get("start_date")),
        period_end=_as_date(row.get("end_date")),
        source_row=row.get("source_row"),
        data=_json_value(dict(row)),
        requested_amount=int(requested) if str(requested or "").isdigit() else None,
        computed_amount=amount,
        eligible=bool(row.get("eligible")),
        failed_conditions=_json_value(list(row.get("failed_conditions") or [])),
        policy_version=str(row.get("version") or ""),
        flags=_json_value(list(row.get("flags") or [])),
    )


@transaction.atomic
def batch_add_rows(*, batch: Batch, rows: list[dict], actor) -> Batch:
    """Add evaluated rows to a draft batch (e.g. the ESC's open batch until its cut-off)."""
    require(actor, Resource.BATCH, Action.CREATE, batch.area.path)
    batch = _locked(batch)
    require_status(batch, (S.DRAFT, S.RETURNED), "thêm hồ sơ vào đợt")
    _add_rows(batch, rows)
    _refresh_totals(batch)
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=batch,
        summary=f"Thêm {len(rows)} hồ sơ vào đợt {batch.sequence:02d}",
    )
    batch_counters_refresh(batch.pk)  # Reports (issue 8): a returned batch's rows count as submitted
    return batch


def _refresh_totals(batch: Batch) -> None:
    live = batch.applications.exclude(status__in=[A.REJECTED, A.RETURNED, A.WITHDRAWN])
    totals = live.aggregate(people=Count("pk"), amount=Sum("computed_amount", filter=Q(eligible=True)))
    batch.people_count = totals["people"]
    batch.amount_total = totals["amount"] or 0
    batch.save(update_fields=["people_count", "amount_total"])


@transaction.atomic
def batch_create_from_import(
    *, job, policy_code: str, rows: list[dict], actor, period_key: str = "2021"
) -> Batch:
    """A draft batch from an import job's accepted rows (intake stores the rows; the caller passes them)."""
    require(actor, Resource.BATCH, Action.CREATE, job.area.path)
    return _create(
        policy_code=policy_code,
        unit=job.unit,
        area=job.area,
        rows=rows,
        actor=actor,
        period_key=period_key,
        title="",
        cutoff_date=None,
        source_import=job,
    )


def _locked(batch: Batch) -> Batch:
    """Re-read the batch under a row lock so two clicks cannot both pass the status check."""
    return Batch.objects.select_for_update().get(pk=batch.pk)


@transaction.atomic
def batch_submit(*, batch: Batch, actor) -> Batch:
    """Đang lập / Trả lại → Đã gửi. Due date: BHXH confirmation or appraisal, per the policy."""
    require(actor, Resource.BATCH, Action.SUBMIT, batch.area.path)
    batch = _locked(batch)
    require_status(batch, (S.DRAFT, S.RETURNED), "gửi đợt")
    if not batch.applications.exists():
        raise ReliefError("Đợt chưa có hồ sơ nào, không gửi được.")
    return _submit(batch, actor)


def _submit(batch: Batch, actor) -> Batch:
    steps = policy_steps(batch.policy_code)
    batch.applications.filter(status=A.RETURNED).update(status=A.PENDING)
    batch.submitted_at = timezone.now()
    batch.due_date = steps.due("confirm" if steps.needs_confirmation else "appraise", today())
    set_status(
        batch,
        S.SUBMITTED,
        actor=actor,
        summary=f"Gửi đợt {batch.sequence:02d}",
        extra={"due_date": batch.due_date},
        fields=("submitted_at", "due_date"),
    )
    _refresh_totals(batch)
    return batch


@transaction.atomic
def batch_confirm(*, batch: Batch, actor, reference: str) -> Batch:
    """Đã gửi → Đã xác nhận (BHXH): records the social insurance agency's confirmation (QĐ 23 Art. 16: 2 wd)."""
    require(actor, Resource.BATCH, Action.APPRAISE, batch.area.path)
    batch = _locked(batch)
    if not policy_steps(batch.policy_code).needs_confirmation:
        raise OutOfOrderError("Chính sách này không có bước xác nhận của cơ quan BHXH.")
    require_status(batch, (S.SUBMITTED,), "ghi nhận xác nhận BHXH")
    if not reference.strip():
        raise ReliefError("Cần ghi số văn bản xác nhận của cơ quan BHXH.")
    batch.confirmation_ref = reference.strip()
    batch.confirmed_at = timezone.now()
    batch.due_date = policy_steps(batch.policy_code).due("appraise", today())
    set_status(
        batch,
        S.CONFIRMED,
        actor=actor,
        summary=f"BHXH xác nhận đợt {batch.sequence:02d} ({reference})",
        extra={"due_date": batch.due_date},
        fields=("confirmation_ref", "confirmed_at", "due_date"),
    )
    return batch


def _appraisable_statuses(batch: Batch) -> tuple[str, ...]:
    return (S.CONFIRMED,) if policy_steps(batch.policy_code).needs_confirmation else (S.SUBMITTED,)


@transaction.atomic
def application_decide(*, application: Application, actor, decision: str, reason: str = "") -> Application:
    """During appraisal, one row: "accept" (eligible rows only), "reject" (with a reason) or "return" (with a
    comment for the sender)."""
    batch = application.batch
    require(actor, Resource.APPLICATION, Action.APPRAISE, application.area.path)
    require_status(_locked(batch), _appraisable_statuses(batch), "thẩm định hồ sơ")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if decision == "accept":
        if not application.eligible:
            raise ReliefError(
                f"Hồ sơ của {application.data.get('full_name', '')} không đủ điều kiện, không thể chấp nhận."
            )
        new, note = A.ACCEPTED, reason
    elif decision in ("reject", "return"):
        if not reason.strip():
            raise ReliefError(
                "Cần ghi lý do " + ("không chấp nhận." if decision == "reject" else "trả lại để bổ sung.")
            )
        new, note = (A.REJECTED if decision == "reject" else A.RETURNED), reason.strip()
    else:
        raise ReliefError("Thao tác thẩm định không hợp lệ.")
    application.note = note
    before = {"status": application.status}
    application.status = new
    application.save(update_fields=["status", "note", "updated_at"])
    events.record(
        actor=actor,
        action=events.TRANSITION,
        obj=application,
        before=before,
        after={"status": new, "note": note},
        summary=f"Thẩm định hồ sơ #{application.pk}: {A(new).label}" + (f" — {note}" if note else ""),
    )
    reports_counters_after_status(application, before["status"], new)  # Reports (issue 8): dashboard counters
    return application


@transaction.atomic
def batch_appraise(
    *,
    batch: Batch,
    actor,
    rejections: Mapping[int, str] | None = None,
    returns: Mapping[int, str] | None = None,
    accept_eligible: bool = True,
) -> Batch:
    """Bulk appraisal, then Đã gửi/Đã xác nhận → Đã thẩm định.

    ``rejections``/``returns``: application id → reason/comment. With ``accept_eligible`` every still pending
    eligible row is accepted; pending ineligible rows are rejected with their failed conditions as the reason.
    With no accepted row the batch goes back to the sender (Trả lại) or is refused (Từ chối).
    """
    require(actor, Resource.BATCH, Action.APPRAISE, batch.area.path)
    batch = _locked(batch)
    require_status(batch, _appraisable_statuses(batch), "thẩm định đợt")
    by_id = {a.pk: a for a in batch.applications.select_for_update()}
    for ids in (rejections or {}, returns or {}):
        unknown = set(ids) - set(by_id)
        if unknown:
            raise ReliefError(f"Hồ sơ {sorted(unknown)} không thuộc đợt này.")
    for app_id, reason in (rejections or {}).items():
        application_decide(application=by_id[app_id], actor=actor, decision="reject", reason=reason)
    for app_id, comment in (returns or {}).items():
        application_decide(application=by_id[app_id], actor=actor, decision="return", reason=comment)
    pending = batch.applications.filter(status=A.PENDING)
    if accept_eligible:
        for application in pending.filter(eligible=True):
            application_decide(application=application, actor=actor, decision="accept")
    for application in batch.applications.filter(status=A.PENDING):
        if application.eligible:
            raise ReliefError(f"Còn hồ sơ của {application.data.get('full_name', '')} chưa thẩm định.")
        failed = ", ".join(_condition_text(c) for c in application.failed_conditions) or "không đủ điều kiện"
        application_decide(
            application=application, actor=actor, decision="reject", reason=f"Không đủ điều kiện: {failed}"
        )
    accepted = batch.applications.filter(status=A.ACCEPTED).count()
    returned = batch.applications.filter(status=A.RETURNED).count()
    batch.appraised_at = timezone.now()
    batch.appraised_by = actor
    if accepted:
        batch.due_date = policy_steps(batch.policy_code).due("approve", today())
        new, summary = S.APPRAISED, f"Thẩm định đợt {batch.sequence:02d}: {accepted} hồ sơ đạt"
    else:
        batch.due_date = None
        new = S.RETURNED if returned else S.REJECTED
        summary = f"Thẩm định đợt {batch.sequence:02d}: không có hồ sơ đạt"
    set_status(
        batch,
        new,
        actor=actor,
        summary=summary,
        extra={"accepted": accepted, "returned": returned, "due_date": batch.due_date},
        fields=("appraised_at", "appraised_by", "due_date"),
    )
    _refresh_totals(batch)
    return batch


def _condition_text(condition: Any) -> str:
    if isinstance(condition, dict):
        return str(condition.get("message_vi") or condition.get("code") or condition)
    return str(condition)


def pending_rows(batch: Batch) -> Iterable[Application]:
    return batch.applications.filter(status=A.PENDING)


@transaction.atomic
def batch_apply_corrected_list(*, batch: Batch, replaced: Mapping[int, Iterable[int]], rows: list[dict],
                               actor) -> Batch:
    """A sender re-sent a corrected list while `batch` is still open (draft or returned): the applications
    of the rows it corrects (``{import job: [source rows]}``) are withdrawn and the corrected rows added, so
    nobody appears twice."""
    require(actor, Resource.BATCH, Action.CREATE, batch.area.path)
    batch = _locked(batch)
    require_status(batch, (S.DRAFT, S.RETURNED), "cập nhật danh sách đã sửa")
    _withdraw_replaced(batch, replaced, actor)
    return batch_add_rows(batch=batch, rows=rows, actor=actor)  # also recounts the batch's counters


def _withdraw_replaced(batch: Batch, replaced: Mapping[int, Iterable[int]], actor) -> None:
    """Withdraw the applications of the replaced rows: one pass over the batch, one UPDATE per chunk and
    one audit event per application, written together (a corrected list of 200,000 rows must not take
    200,000 round trips). An application knows its list (`data.import_job`); older ones came from the
    batch's own list. The dashboard counters are recounted for the whole batch by the caller."""
    wanted = {(job_id, row) for job_id, rows in replaced.items() for row in rows}
    live = (batch.applications.exclude(status=A.WITHDRAWN).order_by()
            .values_list("pk", "status", "source_row", "data__import_job", "area__path").iterator(chunk_size=5000))
    hits = [(pk, status, row, path) for pk, status, row, list_id, path in live
            if (list_id or batch.source_import_id, row) in wanted]
    for chunk in _chunks([pk for pk, *_ in hits]):
        Application.objects.filter(pk__in=chunk).update(status=A.WITHDRAWN)
    events.record_many([
        {"actor": actor, "action": events.TRANSITION, "object_type": Application._meta.label_lower,
         "object_id": str(pk), "area_path": path, "before": {"status": status}, "after": {"status": A.WITHDRAWN},
         "summary": f"Thay bằng dòng của danh sách đã sửa (dòng cũ {row})"}
        for pk, status, row, path in hits
    ])
