"""Relief API (django-ninja, mounted at /api/v1/relief): the same area scoping as the pages.

Lists go through ``restrict()``, details through ``access()`` (missing and not-allowed are the same 404).
The public status look-up needs no login and returns the status only, no personal data.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from ansinh.org.access import access
from ansinh.org.roles import Action
from ansinh.relief import selectors
from ansinh.relief.models import Application, Batch, Decision, Payment

router = Router(tags=["relief"])


class BatchOut(Schema):
    id: int
    policy_code: str
    sequence: int
    title: str
    status: str
    status_label: str
    submitting_unit: str
    area: str
    people_count: int
    amount_total: int
    due_date: dt.date | None
    due_state: str


class ApplicationOut(Schema):
    id: int
    batch_id: int
    policy_code: str
    period_key: str
    full_name: str
    id_number_masked: str
    commune: str
    eligible: bool
    failed_conditions: list
    computed_amount: int
    status: str
    note: str


class DecisionOut(Schema):
    id: int
    batch_id: int
    number: str
    issued_on: dt.date | None
    status: str
    people_count: int
    amount_total: int
    signer_name: str
    pdf_sha256: str
    amends_id: int | None
    verification_id: str | None


class PaymentOut(Schema):
    id: int
    batch_id: int
    reference: str
    person_code: str
    channel: str
    amount: int
    status: str
    paid_on: dt.date | None
    received_on: dt.date | None


class StatusIn(Schema):
    application_id: int
    id_last4: str


class StatusOut(Schema):
    application_id: int
    status: str
    status_label: str
    batch_status_label: str


def _batch(b: Batch) -> dict:
    return {
        "id": b.pk,
        "policy_code": b.policy_code,
        "sequence": b.sequence,
        "title": b.title,
        "status": b.status,
        "status_label": str(b.get_status_display()),
        "submitting_unit": b.submitting_unit.name,
        "area": b.area.full_name,
        "people_count": b.people_count,
        "amount_total": b.amount_total,
        "due_date": b.due_date,
        "due_state": selectors.due_info(b).state,
    }


def _masked(number: str) -> str:
    return ("•" * max(0, len(number) - 4)) + number[-4:] if number else ""


def _application(a: Application) -> dict:
    return {
        "id": a.pk,
        "batch_id": a.batch_id,
        "policy_code": a.policy_code,
        "period_key": a.period_key,
        "full_name": str(a.data.get("full_name") or (a.person.full_name if a.person else "")),
        "id_number_masked": _masked(str(a.data.get("id_number") or "")),
        "commune": a.area.full_name,
        "eligible": a.eligible,
        "failed_conditions": a.failed_conditions,
        "computed_amount": a.computed_amount,
        "status": a.status,
        "note": a.note,
    }


def _decision(d: Decision) -> dict:
    return {
        "id": d.pk,
        "batch_id": d.batch_id,
        "number": d.number,
        "issued_on": d.issued_on,
        "status": d.status,
        "people_count": d.people_count,
        "amount_total": d.amount_total,
        "signer_name": d.signer_name,
        "pdf_sha256": d.pdf_sha256,
        "amends_id": d.amends_id,
        "verification_id": str(d.verification_id) if d.verification_id else None,
    }


def _payment(p: Payment) -> dict:
    return {
        "id": p.pk,
        "batch_id": p.award.application.batch_id,
        "reference": p.reference,
        "person_code": p.award.person.person_code,
        "channel": p.channel,
        "amount": p.amount,
        "status": p.status,
        "paid_on": p.paid_on,
        "received_on": p.received_on,
    }


@router.get("/batches", response=list[BatchOut])
def batches(request, status: str = "", policy: str = ""):
    """Batches in the caller's area (filters: status, policy)."""
    return [_batch(b) for b in selectors.batch_list(user=request.auth, status=status, policy=policy)[:500]]


@router.get("/batches/{batch_id}", response=BatchOut)
def batch_detail(request, batch_id: int):
    return _batch(selectors.batch_get(user=request.auth, pk=batch_id))


@router.get("/batches/{batch_id}/applications", response=list[ApplicationOut])
def batch_applications(request, batch_id: int):
    batch = selectors.batch_get(user=request.auth, pk=batch_id)
    return [_application(a) for a in selectors.batch_applications(user=request.auth, batch=batch)]


@router.get("/applications", response=list[ApplicationOut])
def applications(request, status: str = "", policy: str = ""):
    """Applications in the caller's area (filters: status, policy); at most 2 000."""
    qs = Application.objects.restrict(request.auth, Action.VIEW).select_related("person", "area")
    if status:
        qs = qs.filter(status=status)
    if policy:
        qs = qs.filter(policy_code=policy)
    return [_application(a) for a in qs.order_by("pk")[:2000]]


@router.get("/applications/{application_id}", response=ApplicationOut)
def application_detail(request, application_id: int):
    return _application(
        access(Application.objects.select_related("person", "area"), request.auth, application_id)
    )


@router.get("/decisions", response=list[DecisionOut])
def decisions(request):
    return [_decision(d) for d in selectors.decision_list(user=request.auth)[:500]]


@router.get("/decisions/{decision_id}", response=DecisionOut)
def decision_detail(request, decision_id: int):
    return _decision(selectors.decision_get(user=request.auth, pk=decision_id))


@router.get("/payments", response=list[PaymentOut])
def payments(request, batch_id: int | None = None, status: str = ""):
    qs = selectors.payment_list(user=request.auth)
    if batch_id:
        qs = qs.filter(award__application__batch_id=batch_id)
    if status:
        qs = qs.filter(status=status)
    return [_payment(p) for p in qs.order_by("pk")[:2000]]


@router.post("/status", response=StatusOut, auth=None)
def status_lookup(request, payload: StatusIn):
    """Public: an applicant's status by application number + last 4 digits of the ID number. Status only."""
    application = Application.objects.select_related("batch").filter(pk=payload.application_id).first()
    number = str(application.data.get("id_number") or "") if application else ""
    if application is None or len(payload.id_last4) != 4 or not number.endswith(payload.id_last4):
        raise Http404("Không tìm thấy hồ sơ")
    return {
        "application_id": application.pk,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "batch_status_label": str(application.batch.get_status_display()),
    }
