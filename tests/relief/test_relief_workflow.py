"""Every transition of the relief state machine, and every refusal leaves the database unchanged."""

from __future__ import annotations

import pytest
from tests.relief.conftest import new_batch

from ansinh.audit.models import AuditEvent
from ansinh.relief.errors import OutOfOrderError, PermissionRefused, ReliefError
from ansinh.relief.models import Application, Award, Batch, Decision
from ansinh.relief.services import (
    application_decide,
    batch_appraise,
    batch_approve,
    batch_confirm,
    batch_submit,
)

pytestmark = pytest.mark.django_db


def snapshot(batch: Batch) -> tuple:
    batch.refresh_from_db()
    return (
        batch.status,
        batch.due_date,
        batch.appraised_by_id,
        batch.approved_by_id,
        tuple(batch.applications.values_list("status", flat=True)),
        Award.objects.count(),
        Decision.objects.count(),
    )


def refused(error_type, call, batch: Batch):
    """Run ``call`` expecting ``error_type``; assert nothing changed in the database."""
    before = snapshot(batch)
    events_before = AuditEvent.objects.count()
    with pytest.raises(error_type) as info:
        call()
    assert snapshot(batch) == before
    assert AuditEvent.objects.count() == events_before
    return str(info.value)


def test_free_worker_batch_goes_draft_to_approved(actors):
    batch = new_batch(actors["clerk"], n=5, ineligible=(4,))
    assert batch.status == Batch.Status.DRAFT and batch.people_count == 5
    batch = batch_submit(batch=batch, actor=actors["clerk"])
    assert batch.status == Batch.Status.SUBMITTED and batch.due_date is not None
    first = batch.applications.order_by("pk").first()
    application_decide(
        application=first, actor=actors["clerk2"], decision="return", reason="Thiếu bản sao CCCD"
    )
    batch = batch_appraise(batch=batch, actor=actors["clerk2"])
    assert batch.status == Batch.Status.APPRAISED
    statuses = sorted(batch.applications.values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "accepted", "rejected", "returned"]
    rejected = batch.applications.get(status="rejected")
    assert "Tạm hoãn dưới 15 ngày" in rejected.note
    decision = batch_approve(batch=batch, actor=actors["leader"])
    batch.refresh_from_db()
    assert batch.status == Batch.Status.APPROVED and decision.status == Decision.Status.DRAFT
    assert Award.objects.filter(decision=decision).count() == 3
    assert decision.amount_total == 3 * 3_710_000
    transitions = AuditEvent.objects.filter(
        kind="transition", object_type="relief.batch", object_id=str(batch.pk)
    )
    assert [e.after["status"] for e in transitions.order_by("seq")] == ["submitted", "appraised", "approved"]
    assert transitions.order_by("seq").first().before == {"status": "draft"}


def test_bulk_reject_and_return_with_reasons(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=3), actor=actors["clerk"])
    ids = list(batch.applications.order_by("pk").values_list("pk", flat=True))
    batch = batch_appraise(
        batch=batch,
        actor=actors["clerk"],
        rejections={ids[0]: "Đã hưởng chính sách khác"},
        returns={ids[1]: "Sai số CCCD"},
    )
    assert dict(batch.applications.values_list("pk", "note"))[ids[1]] == "Sai số CCCD"
    assert batch.people_count == 1


def test_all_returned_sends_batch_back_and_it_can_be_resubmitted(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    ids = list(batch.applications.values_list("pk", flat=True))
    batch = batch_appraise(
        batch=batch,
        actor=actors["clerk"],
        returns=dict.fromkeys(ids, "Bổ sung xác nhận"),
        accept_eligible=False,
    )
    assert batch.status == Batch.Status.RETURNED
    batch = batch_submit(batch=batch, actor=actors["clerk"])
    assert set(batch.applications.values_list("status", flat=True)) == {"pending"}


def test_out_of_order_steps_are_refused(actors):
    batch = new_batch(actors["clerk"])
    message = refused(OutOfOrderError, lambda: batch_appraise(batch=batch, actor=actors["clerk"]), batch)
    assert "Đang lập" in message
    refused(OutOfOrderError, lambda: batch_approve(batch=batch, actor=actors["leader"]), batch)
    batch_submit(batch=batch, actor=actors["clerk"])
    refused(OutOfOrderError, lambda: batch_submit(batch=batch, actor=actors["clerk"]), batch)
    refused(OutOfOrderError, lambda: batch_approve(batch=batch, actor=actors["leader"]), batch)
    # the free-worker policy has no social-insurance confirmation step
    refused(
        OutOfOrderError, lambda: batch_confirm(batch=batch, actor=actors["clerk"], reference="01/BHXH"), batch
    )


def test_confirmation_required_before_appraisal_for_suspension_policy(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], policy="nq68-tam-hoan"), actor=actors["clerk"])
    refused(OutOfOrderError, lambda: batch_appraise(batch=batch, actor=actors["clerk"]), batch)
    refused(ReliefError, lambda: batch_confirm(batch=batch, actor=actors["clerk"], reference="  "), batch)
    batch = batch_confirm(batch=batch, actor=actors["clerk"], reference="125/BHXH-QLT")
    assert batch.status == Batch.Status.CONFIRMED and batch.confirmation_ref == "125/BHXH-QLT"
    assert batch_appraise(batch=batch, actor=actors["clerk"]).status == Batch.Status.APPRAISED


def test_wrong_role_is_refused(actors):
    batch = new_batch(actors["clerk"])
    refused(PermissionRefused, lambda: batch_submit(batch=batch, actor=actors["leader"]), batch)
    batch_submit(batch=batch, actor=actors["clerk"])
    refused(PermissionRefused, lambda: batch_appraise(batch=batch, actor=actors["commune"]), batch)
    refused(PermissionRefused, lambda: batch_appraise(batch=batch, actor=actors["auditor"]), batch)
    batch_appraise(batch=batch, actor=actors["clerk"])
    message = refused(PermissionRefused, lambda: batch_approve(batch=batch, actor=actors["clerk2"]), batch)
    assert "phê duyệt" in message


def test_wrong_area_is_refused(actors):
    batch = new_batch(actors["clerk"])
    message = refused(
        PermissionRefused, lambda: batch_submit(batch=batch, actor=actors["other_clerk"]), batch
    )
    assert "địa bàn" in message
    batch_submit(batch=batch, actor=actors["clerk"])
    refused(PermissionRefused, lambda: batch_appraise(batch=batch, actor=actors["other_clerk"]), batch)


def test_appraiser_cannot_approve(actors, make_user):
    both = make_user("leader", unit="ban-giam-doc")
    both.roles = ["leader", "division_officer"]
    both.save()
    batch = batch_submit(batch=new_batch(actors["clerk"]), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=both)
    message = refused(ReliefError, lambda: batch_approve(batch=batch, actor=both), batch)
    assert "Tách bạch nhiệm vụ" in message
    assert batch_approve(batch=batch, actor=actors["leader"]).status == Decision.Status.DRAFT


def test_double_award_in_a_second_batch_names_the_person(actors):
    first = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    batch_approve(batch=batch_appraise(batch=first, actor=actors["clerk"]), actor=actors["leader"])
    second = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    batch_appraise(batch=second, actor=actors["clerk"])
    message = refused(ReliefError, lambda: batch_approve(batch=second, actor=actors["leader"]), second)
    assert "Nguyễn Văn Thử 1" in message and "một lần" in message
    assert Award.objects.count() == 2


def test_ineligible_row_cannot_be_accepted(actors):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=2, ineligible=(0,)), actor=actors["clerk"])
    bad = batch.applications.get(eligible=False)
    with pytest.raises(ReliefError):
        application_decide(application=bad, actor=actors["clerk"], decision="accept")
    assert Application.objects.get(pk=bad.pk).status == "pending"


def test_no_second_award_for_a_person_linkage_merged(actors):
    """Two records turned out to be one person (linkage merge): the second approval is refused."""
    from ansinh.registry.models import Person

    first = batch_submit(batch=new_batch(actors["clerk"], n=1), actor=actors["clerk"])
    batch_approve(batch=batch_appraise(batch=first, actor=actors["clerk"]), actor=actors["leader"])
    # The same worker sent again under another ID number (CMND instead of CCCD): a new person record.
    second = batch_submit(batch=new_batch(actors["clerk"], n=1, id_prefix="2851"), actor=actors["clerk"])
    batch_appraise(batch=second, actor=actors["clerk"])
    older = first.applications.get().person
    newer = second.applications.get().person
    assert older.pk != newer.pk
    Person.objects.filter(pk=newer.pk).update(merged_into=older)  # what the review queue's "same person" does
    message = refused(ReliefError, lambda: batch_approve(batch=second, actor=actors["leader"]), second)
    assert "một lần" in message
    assert Award.objects.count() == 1
