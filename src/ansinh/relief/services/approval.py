"""Approval: batch_approve (draft decision + awards), decision_sign (PDF, PAdES, frozen), decision_amend."""

from __future__ import annotations

import re
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.org.roles import Action, Resource
from ansinh.registry.identity import person_active_id, person_alias_ids
from ansinh.relief.errors import DoubleAwardError, OutOfOrderError, ReliefError
from ansinh.relief.models import Application, Award, Batch, Decision
from ansinh.relief.policy_steps import policy_steps
from ansinh.relief.services._common import (
    full_name,
    require,
    require_other_person,
    require_status,
    set_status,
    today,
)
from ansinh.relief.services.paperwork import decision_document, to_pdf

S = Batch.Status
A = Application.Status


def _double_award_message(application: Application, existing: Award | None) -> str:
    name = application.data.get("full_name") or (application.person.full_name if application.person else "")
    where = ""
    if existing is not None:
        decision = existing.decision
        where = f" (đợt {existing.application.batch.sequence:02d}, {decision})"
    return (
        f"Không phê duyệt được: ông/bà {name} đã được phê duyệt chính sách này cho kỳ "
        f"{application.period_key}{where}. Một người chỉ được hỗ trợ một lần mỗi kỳ."
    )


@transaction.atomic
def batch_approve(*, batch: Batch, actor) -> Decision:
    """Đã thẩm định → Đã phê duyệt: a draft decision and one Award per accepted application.

    The database's unique (person, policy, period) constraint on Award is the last word: if another clerk
    approves the same person in another batch at the same moment, this transaction fails and names the person.
    """
    require(actor, Resource.BATCH, Action.APPROVE, batch.area.path)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    require_status(batch, (S.APPRAISED,), "phê duyệt đợt")
    require_other_person(actor, batch.appraised_by, "phê duyệt đợt")
    accepted = list(batch.applications.filter(status=A.ACCEPTED).select_related("person"))
    if not accepted:
        raise ReliefError("Đợt không có hồ sơ đạt để phê duyệt.")
    steps = policy_steps(batch.policy_code)
    decision = Decision.objects.create(
        batch=batch,
        legal_bases=list(steps.legal_bases),
        status=Decision.Status.DRAFT,
        people_count=len(accepted),
        amount_total=sum(a.computed_amount for a in accepted),
    )
    for application in accepted:
        if application.person_id is None:
            raise ReliefError(f"Hồ sơ #{application.pk} chưa gắn với một người trong sổ đối tượng.")
        # Linkage may have merged this record into another: the award belongs to the person, i.e. to the
        # active record, and an award already made to any of its aliases counts (one award per person).
        person_id = person_active_id(application.person_id)
        existing = (
            Award.objects.select_related("decision", "application__batch")
            .filter(
                person_id__in=person_alias_ids(person_id),
                policy_code=batch.policy_code,
                period_key=application.period_key,
            )
            .first()
        )
        if existing is not None:
            raise DoubleAwardError(_double_award_message(application, existing))
        try:
            with transaction.atomic():
                Award.objects.create(
                    application=application,
                    person_id=person_id,
                    policy_code=batch.policy_code,
                    period_key=application.period_key,
                    amount=application.computed_amount,
                    decision=decision,
                )
        except IntegrityError as error:  # a concurrent approval won the race
            raise DoubleAwardError(_double_award_message(application, None)) from error
        set_status(
            application,
            A.APPROVED,
            actor=actor,
            fields=("updated_at",),
            summary=f"Phê duyệt hồ sơ #{application.pk}: {application.computed_amount:,} đồng".replace(
                ",", "."
            ),
        )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=decision,
        summary=f"Dự thảo quyết định phê duyệt đợt {batch.sequence:02d}: {len(accepted)} người",
        after={"people_count": decision.people_count, "amount_total": decision.amount_total},
    )
    batch.approved_at = timezone.now()
    batch.approved_by = actor
    set_status(
        batch,
        S.APPROVED,
        actor=actor,
        summary=f"Phê duyệt đợt {batch.sequence:02d}",
        extra={"decision": decision.pk, "awards": len(accepted)},
        fields=("approved_at", "approved_by"),
    )
    return decision


def _next_number(year: int) -> str:
    """Next decision number of the year, "NN/QĐ-UBND" (numbers below 10 with a leading 0, NĐ 30)."""
    highest = 0
    for number in (
        Decision.objects.filter(issued_on__year=year).exclude(number="").values_list("number", flat=True)
    ):
        match = re.match(r"(\d+)/", number)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{highest + 1:02d}/QĐ-UBND"


@transaction.atomic
def decision_sign(
    *, decision: Decision, actor, signer_title: str = "Phó Chủ tịch", base_url: str | None = None
) -> Decision:
    """Dự thảo → Đã ký: number and date, PDF with the verification QR code, PAdES signature with the
    signer's (demo) certificate, stored with its SHA-256. Afterwards the decision never changes."""
    from ansinh.documents.services import document_store, sign_with_demo_certificate, verification_url

    batch = decision.batch
    require(actor, Resource.DECISION, Action.SIGN, batch.area.path)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    require_status(decision, (Decision.Status.DRAFT,), "ký quyết định")
    if batch.status not in (S.APPROVED, S.PAID, S.RECONCILED):
        raise OutOfOrderError("Không thể ký: đợt chưa được phê duyệt.")
    require_other_person(actor, batch.appraised_by, "ký quyết định của đợt")
    signed_on = today()
    decision.number = _next_number(signed_on.year)
    decision.issued_on = signed_on
    decision.signer_name = full_name(actor)
    decision.signer_title = signer_title
    decision.verification_id = uuid.uuid4()
    if decision.amends_id:
        _apply_removals(decision, actor)
    document = decision_document(decision)
    url = verification_url(decision.verification_id, base_url)
    pdf = to_pdf(document, url)
    try:
        signed = sign_with_demo_certificate(
            pdf,
            signer_name=decision.signer_name,
            signer_title=signer_title,
            reason=f"Ký ban hành Quyết định số {decision.number}",
        )
    except Exception as error:  # pyHanko/cryptography failures: refuse cleanly, nothing is saved
        raise ReliefError(f"Ký số không thành công: {error}") from error
    stored = document_store(
        content=signed,
        filename=f"QD-{decision.number.replace('/', '-')}.pdf",
        kind="decision",
        title=document.summary,
        actor=actor,
        number=decision.number,
        issued_on=signed_on,
        signed=True,
        signer_name=decision.signer_name,
        signed_at=timezone.now(),
        source=decision,
        document_id=decision.verification_id,
    )
    decision.pdf.name = stored.file.name
    decision.pdf_sha256 = stored.sha256
    decision.signed_at = stored.signed_at
    decision.signed_by = actor
    set_status(
        decision,
        Decision.Status.SIGNED,
        actor=actor,
        summary=f"Ký Quyết định số {decision.number}",
        extra={"sha256": stored.sha256},
        fields=(
            "number",
            "issued_on",
            "signer_name",
            "signer_title",
            "verification_id",
            "pdf",
            "pdf_sha256",
            "signed_at",
            "signed_by",
        ),
    )
    if not decision.amends_id:
        batch.due_date = policy_steps(batch.policy_code).due("pay", signed_on)
        batch.save(update_fields=["due_date"])
    return decision


@transaction.atomic
def decision_amend(*, decision: Decision, actor, reason: str, remove_application_ids=()) -> Decision:
    """A signed decision is corrected only by a new decision that amends it (a draft, signed as usual).

    ``remove_application_ids``: people taken off the approved list when the amendment is signed (only people
    for whom no payment order exists yet)."""
    require(actor, Resource.BATCH, Action.APPROVE, decision.batch.area.path)
    require_status(decision, (Decision.Status.SIGNED,), "sửa đổi quyết định")
    if not reason.strip():
        raise ReliefError("Cần ghi lý do sửa đổi, bổ sung quyết định.")
    if decision.amendments.filter(status=Decision.Status.DRAFT).exists():
        raise OutOfOrderError("Đã có một dự thảo quyết định sửa đổi đang chờ ký.")
    awards = {a.application_id: a for a in Award.objects.filter(application__batch=decision.batch)}
    removed = sorted({int(i) for i in remove_application_ids})
    for application_id in removed:
        award = awards.get(application_id)
        if award is None:
            raise ReliefError(f"Hồ sơ #{application_id} không có trong danh sách đã phê duyệt.")
        _check_removable(award)
    kept = [a for i, a in awards.items() if i not in removed]
    amendment = Decision.objects.create(
        batch=decision.batch,
        amends=decision,
        reason=reason.strip(),
        legal_bases=decision.legal_bases,
        people_count=len(kept),
        amount_total=sum(a.amount for a in kept),
        removed_applications=removed,
    )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=amendment,
        summary=f"Dự thảo quyết định sửa đổi {decision.number}: {reason.strip()[:120]}",
        after={"removed_applications": removed},
    )
    return amendment


def _check_removable(award: Award) -> None:
    if award.payments.exists():
        name = award.application.data.get("full_name") or award.person.full_name
        raise ReliefError(
            f"Đã lập lệnh chi trả cho ông/bà {name}; không thể loại khỏi danh sách bằng quyết định sửa đổi."
        )


def _apply_removals(amendment: Decision, actor) -> None:
    """On signing an amendment: withdraw the awards of the people it takes off the list."""
    for application_id in amendment.removed_applications or []:
        award = Award.objects.select_related("application", "person").get(application_id=application_id)
        _check_removable(award)
        application = award.application
        award.delete()
        application.note = f"Bị loại khỏi danh sách theo quyết định sửa đổi: {amendment.reason}"
        set_status(
            application,
            A.REJECTED,
            actor=actor,
            summary=f"Hồ sơ #{application.pk} bị loại theo quyết định sửa đổi",
            fields=("note", "updated_at"),
        )
