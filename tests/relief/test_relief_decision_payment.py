"""Signing (PDF + PAdES, immutable afterwards), payments, returns import, reissue, confirmation, ledger."""

from __future__ import annotations

import csv
import io

import pytest
from tests.relief.conftest import new_batch

from ansinh.documents.models import GeneratedDocument
from ansinh.documents.pdf import weasyprint_available
from ansinh.documents.services import document_verify
from ansinh.relief import selectors
from ansinh.relief.errors import OutOfOrderError, ReliefError
from ansinh.relief.models import Application, Award, Batch, Decision, ImmutableDecisionError, Payment
from ansinh.relief.services import (
    batch_appraise,
    batch_approve,
    batch_submit,
    decision_amend,
    decision_sign,
    payment_confirm,
    payment_export,
    payment_import_returns,
    payment_reissue,
)
from ansinh.relief.services._common import full_name

pytestmark = pytest.mark.django_db
needs_pdf = pytest.mark.skipif(not weasyprint_available()[0], reason="WeasyPrint/Pango không có trên máy này")


def approved_batch(actors, n: int = 3) -> tuple[Batch, Decision]:
    batch = batch_submit(batch=new_batch(actors["clerk"], n=n), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    decision = batch_approve(batch=batch, actor=actors["leader"])
    batch.refresh_from_db()
    return batch, decision


def signed_batch(actors, n: int = 3) -> tuple[Batch, Decision]:
    batch, decision = approved_batch(actors, n)
    return batch, decision_sign(
        decision=decision, actor=actors["leader"], base_url="https://ansinh.example.vn"
    )


@needs_pdf
def test_sign_makes_a_verifiable_pdf_and_freezes_the_decision(actors, pki):
    batch, decision = signed_batch(actors)
    assert decision.status == Decision.Status.SIGNED
    assert decision.number.endswith("/QĐ-UBND") and decision.issued_on is not None
    stored = GeneratedDocument.objects.get(pk=decision.verification_id)
    assert stored.sha256 == decision.pdf_sha256 and stored.signed
    verdict = document_verify(stored)
    assert verdict.valid, verdict.message
    assert verdict.result.signer_name == full_name(actors["leader"])
    with stored.file.open("rb") as handle:
        pdf = handle.read()
    middle = len(pdf) // 3  # inside the signed byte range (the signature sits in the incremental update)
    tampered = pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]
    assert tampered != pdf
    assert not document_verify(stored, tampered).valid
    decision.amount_total += 1
    with pytest.raises(ImmutableDecisionError):
        decision.save()
    with pytest.raises(ImmutableDecisionError):
        Decision.objects.get(pk=decision.pk).delete()
    amendment = decision_amend(decision=decision, actor=actors["leader"], reason="Sửa ngày sinh một người")
    assert amendment.amends_id == decision.pk and amendment.status == Decision.Status.DRAFT
    batch.refresh_from_db()
    assert batch.due_date is not None


@needs_pdf
def test_appraiser_cannot_sign_and_sign_twice_refused(actors, pki, make_user):
    both = make_user("leader", unit="ban-giam-doc")
    both.roles = ["leader", "division_officer"]
    both.save()
    batch = batch_submit(batch=new_batch(actors["clerk"], n=2), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=both)
    decision = batch_approve(batch=batch, actor=actors["leader"])
    with pytest.raises(ReliefError, match="Tách bạch"):
        decision_sign(decision=decision, actor=both)
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT
    decision_sign(decision=decision, actor=actors["leader2"])
    with pytest.raises(OutOfOrderError):
        decision_sign(decision=Decision.objects.get(pk=decision.pk), actor=actors["leader2"])


def test_payment_needs_a_signed_decision(actors):
    batch, _ = approved_batch(actors)
    with pytest.raises(OutOfOrderError, match="chưa được ký"):
        payment_export(batch=batch, actor=actors["clerk"])
    assert Payment.objects.count() == 0


def returns_csv(rows: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã chi trả", "Kết quả", "Ngày", "Ghi chú"])
    for reference, result in rows:
        writer.writerow([reference, result, "10/09/2021", ""])
    return buffer.getvalue().encode("utf-8")


@needs_pdf
def test_export_import_returns_reissue_confirm_and_ledger(actors, pki):
    batch, _decision = signed_batch(actors, n=3)
    export = payment_export(batch=batch, actor=actors["clerk"], fmt="csv")
    text = export.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][1] == "Mã chi trả" and len(lines) == 4
    refs = [line[1] for line in lines[1:]]
    assert Payment.objects.filter(status="pending").count() == 3
    xlsx = payment_export(batch=batch, actor=actors["clerk"], fmt="xlsx")
    assert xlsx.content[:2] == b"PK"
    assert Payment.objects.count() == 3  # a second export reuses the pending payments
    # an unknown reference refuses the whole file
    with pytest.raises(ReliefError, match="không thuộc đợt"):
        payment_import_returns(
            batch=batch,
            actor=actors["clerk"],
            content=returns_csv([(refs[0], "Đã chi"), ("XX", "Đã chi")]),
            filename="kq.csv",
        )
    assert Payment.objects.filter(status="pending").count() == 3
    summary = payment_import_returns(
        batch=batch,
        actor=actors["clerk"],
        filename="kq.csv",
        content=returns_csv([(refs[0], "Đã chi"), (refs[1], "Đã chi"), (refs[2], "Thất bại")]),
    )
    assert (summary.disbursed, summary.failed) == (2, 1)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.APPROVED
    book = selectors.ledger(user=actors["clerk"], batch=batch)
    assert (book.total.approved, book.total.disbursed, book.total.confirmed) == (
        3 * 3_710_000,
        2 * 3_710_000,
        0,
    )
    issues = [d["issue"] for d in book.discrepancies]
    assert any("chưa chi lại" in i for i in issues) and sum("chưa xác nhận" in i for i in issues) == 2
    failed = Payment.objects.get(reference=refs[2])
    new = payment_reissue(payment=failed, actor=actors["clerk"])
    with pytest.raises(OutOfOrderError):
        payment_reissue(payment=Payment.objects.get(pk=failed.pk), actor=actors["clerk"])
    payment_import_returns(
        batch=batch,
        actor=actors["clerk"],
        filename="kq2.csv",
        content=returns_csv([(new.reference, "Đã chi")]),
    )
    batch.refresh_from_db()
    assert batch.status == Batch.Status.PAID
    payment_confirm(payments=Payment.objects.filter(status="disbursed"), actor=actors["clerk"])
    batch.refresh_from_db()
    assert batch.status == Batch.Status.RECONCILED
    book = selectors.ledger(user=actors["clerk"])
    assert book.total.approved == book.total.disbursed == book.total.confirmed == 3 * 3_710_000
    assert book.discrepancies == [] and all(line.reconciled for line in book.by_commune)
    # Đồng Phú's officer sees none of it
    assert selectors.ledger(user=actors["other_clerk"]).total.approved == 0


@needs_pdf
def test_bank_file_cells_are_safe(actors, pki):
    batch = batch_submit(batch=new_batch(actors["clerk"], n=1), actor=actors["clerk"])
    application = batch.applications.get()
    application.data = {**application.data, "bank_name": '=HYPERLINK("http://x")'}
    application.save()
    batch_appraise(batch=batch, actor=actors["clerk"])
    decision_sign(decision=batch_approve(batch=batch, actor=actors["leader"]), actor=actors["leader"])
    text = payment_export(
        batch=Batch.objects.get(pk=batch.pk), actor=actors["clerk"], fmt="csv"
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


@needs_pdf
def test_amending_decision_removes_a_person_when_signed(actors, pki):
    batch, decision = signed_batch(actors, n=3)
    first, second = list(decision.awards.order_by("application_id").values_list("application_id", flat=True))[
        :2
    ]
    amendment = decision_amend(
        decision=decision,
        actor=actors["leader"],
        reason="Trùng với danh sách xã khác",
        remove_application_ids=[first],
    )
    assert amendment.people_count == 2 and amendment.amount_total == 2 * 3_710_000
    signed = decision_sign(decision=amendment, actor=actors["leader2"])
    assert signed.status == Decision.Status.SIGNED and signed.number != decision.number
    assert not Award.objects.filter(application_id=first).exists()
    assert Application.objects.get(pk=first).status == "rejected"
    # once a payment order exists, nobody can be taken off the list by amendment
    payment_export(batch=Batch.objects.get(pk=batch.pk), actor=actors["clerk"], fmt="csv")
    with pytest.raises(ReliefError, match="lệnh chi trả"):
        decision_amend(
            decision=Decision.objects.get(pk=signed.pk),
            actor=actors["leader"],
            reason="x",
            remove_application_ids=[second],
        )
