"""Payments: export instructions (bank file, commune cash list), import returns, reissue, confirm receipt."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.documents.nd30 import Column, Table
from ansinh.documents.spreadsheet import safe_cell, tables_xlsx
from ansinh.org.roles import Action, Resource
from ansinh.relief.errors import OutOfOrderError, ReliefError
from ansinh.relief.models import Application, Award, Batch, Decision, Payment
from ansinh.relief.policy_steps import policy_steps
from ansinh.relief.services._common import require, require_status, set_status, today
from ansinh.relief.services.paperwork import application_row, payment_list_document, to_pdf, to_xlsx
from ansinh.reports.aggregates import batch_counters_refresh

S = Batch.Status
P = Payment.Status
LIVE = (P.PENDING, P.DISBURSED, P.CONFIRMED)

BANK_COLUMNS = (
    Column("stt", "STT", 0.45, "index"),
    Column("reference", "Mã chi trả", 1.3, "code"),
    Column("full_name", "Họ và tên", 1.9),
    Column("id_number", "Số CMND/CCCD", 1.3, "code"),
    Column("bank_account", "Số tài khoản", 1.3, "code"),
    Column("bank_name", "Ngân hàng", 1.3),
    Column("total", "Số tiền (đồng)", 1.1, "money", total=True),
    Column("content", "Nội dung chuyển khoản", 2.2),
)
RETURN_HEADERS = ("Mã chi trả", "Kết quả", "Ngày", "Ghi chú")
_RESULT = {
    "đã chi": P.DISBURSED,
    "da chi": P.DISBURSED,
    "thành công": P.DISBURSED,
    "thanh cong": P.DISBURSED,
    "disbursed": P.DISBURSED,
    "thất bại": P.FAILED,
    "that bai": P.FAILED,
    "failed": P.FAILED,
    "không thành công": P.FAILED,
    "trả lại": P.RETURNED,
    "tra lai": P.RETURNED,
    "returned": P.RETURNED,
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def _signed_decision(batch: Batch) -> Decision:
    decision = batch.decisions.filter(status=Decision.Status.SIGNED, amends__isnull=True).first()
    if decision is None:
        raise OutOfOrderError("Chưa thể chi trả: quyết định phê duyệt của đợt chưa được ký.")
    return decision


def _ensure_payments(batch: Batch, actor, channel: str) -> list[Payment]:
    """A pending payment for every award of the batch that has no live one (never a second live one)."""
    created = []
    awards = Award.objects.filter(application__batch=batch).select_related("application")
    for award in awards:
        if award.payments.filter(status__in=LIVE).exists():
            continue
        attempt = award.payments.count() + 1
        created.append(
            Payment.objects.create(
                award=award,
                channel=channel,
                amount=award.amount,
                reference=f"CT{batch.pk:04d}-{award.pk:06d}-{attempt}",
            )
        )
    if created:
        events.record(
            actor=actor,
            action=events.CREATE,
            obj=batch,
            summary=f"Lập lệnh chi trả đợt {batch.sequence:02d}: {len(created)} khoản",
        )
    return created


@transaction.atomic
def payment_export(*, batch: Batch, actor, fmt: str = "xlsx", channel: str | None = None) -> ExportFile:
    """Payment instructions for the pending payments of ``batch``.

    fmt "xlsx"/"csv": bank transfer file; "cash_xlsx"/"cash_pdf": the commune's cash list with a signature column.
    Every text cell is neutralised against formula injection (documents core ``safe_cell``).
    """
    require(actor, Resource.PAYMENT, Action.EXPORT, batch.area.path)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    require_status(batch, (S.APPROVED, S.PAID), "xuất danh sách chi trả")
    decision = _signed_decision(batch)
    channel = channel or policy_steps(batch.policy_code).channel
    _ensure_payments(batch, actor, channel)
    payments = list(
        Payment.objects.filter(award__application__batch=batch, status=P.PENDING)
        .select_related("award__application__area", "award__application__person")
        .order_by("award__application__source_row", "pk")
    )
    if not payments:
        raise ReliefError("Không còn khoản nào chờ chi trong đợt này.")
    stem = f"chi-tra-dot-{batch.sequence:02d}-{batch.policy_code}"
    events.record(
        actor=actor,
        action=events.EXPORT,
        obj=batch,
        summary=f"Xuất danh sách chi trả ({fmt}) đợt {batch.sequence:02d}: {len(payments)} khoản",
    )
    if fmt in ("cash_xlsx", "cash_pdf"):
        document = payment_list_document(batch, decision, [p.award.application for p in payments])
        if fmt == "cash_pdf":
            return ExportFile(f"{stem}-tien-mat.pdf", "application/pdf", to_pdf(document))
        return ExportFile(f"{stem}-tien-mat.xlsx", XLSX, to_xlsx(document))
    rows = [_bank_row(p, decision) for p in payments]
    if fmt == "csv":
        return ExportFile(f"{stem}-ngan-hang.csv", "text/csv; charset=utf-8", _csv(rows))
    table = Table(columns=BANK_COLUMNS, rows=rows)
    content = tables_xlsx(
        [table],
        title=f"LỆNH CHI TRẢ ĐỢT {batch.sequence:02d}",
        subtitle=f"Theo Quyết định số {decision.number}",
    )
    return ExportFile(f"{stem}-ngan-hang.xlsx", XLSX, content)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bank_row(payment: Payment, decision: Decision) -> dict:
    application = payment.award.application
    row = application_row(application)
    return {
        **row,
        "reference": payment.reference,
        "total": payment.amount,
        "bank_account": str(application.data.get("bank_account") or ""),
        "bank_name": str(application.data.get("bank_name") or ""),
        "content": f"{payment.reference} ho tro theo QD {decision.number}",
    }


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.title for c in BANK_COLUMNS])
    for index, row in enumerate(rows, start=1):
        writer.writerow(
            [
                index,
                *(
                    safe_cell(row.get(c.key)) if c.kind != "money" else row.get(c.key)
                    for c in BANK_COLUMNS[1:]
                ),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Vietnamese correctly


@dataclass
class ReturnsSummary:
    disbursed: int = 0
    failed: int = 0
    returned: int = 0
    problems: list[str] = field(default_factory=list)


def _read_returns(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a returns file (csv or xlsx) keyed by the header names RETURN_HEADERS."""
    from ansinh.intake.pipeline.limits import IntakeError
    from ansinh.intake.pipeline.reader import read_first_sheet_cells

    try:  # the list-intake reader: same size guards, encodings and Vietnamese errors
        cells = read_first_sheet_cells(content, filename)
    except IntakeError as exc:
        raise ReliefError(exc.message) from exc
    for start, row in enumerate(cells):
        if any(str(v).strip() == RETURN_HEADERS[0] for v in row):
            header = [str(v).strip() for v in row]
            return [
                dict(zip(header, [str(v).strip() for v in line], strict=False))
                for line in cells[start + 1 :]
                if any(str(v).strip() for v in line)
            ]
    raise ReliefError(f"Không thấy cột “{RETURN_HEADERS[0]}” trong tệp kết quả chi trả.")


def _parse_day(text: str) -> dt.date:
    text = text.strip()[:10]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    return today()


@transaction.atomic
def payment_import_returns(*, batch: Batch, actor, content: bytes, filename: str) -> ReturnsSummary:
    """The bank's or commune's results: Đã chi / Thất bại / Trả lại per payment reference. All or nothing:
    any unknown reference or result refuses the whole file, listing every problem."""
    require(actor, Resource.PAYMENT, Action.PAY, batch.area.path)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    require_status(batch, (S.APPROVED, S.PAID), "nhập kết quả chi trả")
    rows = _read_returns(content, filename)
    by_ref = {
        p.reference: p for p in Payment.objects.select_for_update().filter(award__application__batch=batch)
    }
    summary = ReturnsSummary()
    plan = []
    for number, row in enumerate(rows, start=2):
        reference = row.get(RETURN_HEADERS[0], "")
        result = _RESULT.get(row.get(RETURN_HEADERS[1], "").strip().lower())
        payment = by_ref.get(reference)
        if payment is None:
            summary.problems.append(f"Dòng {number}: mã chi trả “{reference}” không thuộc đợt này.")
        elif result is None:
            summary.problems.append(
                f"Dòng {number}: kết quả “{row.get(RETURN_HEADERS[1], '')}” không hiểu được "
                "(dùng: Đã chi, Thất bại, Trả lại)."
            )
        elif not (payment.status == P.PENDING or (payment.status == P.DISBURSED and result == P.RETURNED)):
            summary.problems.append(
                f"Dòng {number}: khoản {reference} đang “{payment.get_status_display()}”, "
                "không nhận kết quả này."
            )
        else:
            plan.append(
                (payment, result, _parse_day(row.get(RETURN_HEADERS[2], "")), row.get(RETURN_HEADERS[3], ""))
            )
    if summary.problems:
        raise ReliefError("Tệp kết quả chi trả có lỗi, chưa ghi nhận gì: " + " ".join(summary.problems[:20]))
    for payment, result, day, note in plan:
        payment.paid_on = day if result == P.DISBURSED else payment.paid_on
        payment.note = note[:300]
        set_status(
            payment,
            result,
            actor=actor,
            summary=f"Kết quả chi trả {payment.reference}: {P(result).label}",
            fields=("paid_on", "note"),
        )
        setattr(
            summary,
            {P.DISBURSED: "disbursed", P.FAILED: "failed", P.RETURNED: "returned"}[result],
            getattr(summary, {P.DISBURSED: "disbursed", P.FAILED: "failed", P.RETURNED: "returned"}[result])
            + 1,
        )
    _advance_batch(batch, actor)
    return summary


@transaction.atomic
def payment_reissue(*, payment: Payment, actor) -> Payment:
    """A failed or returned payment is reissued as a new pending one (the old one stays as history)."""
    batch = payment.award.application.batch
    require(actor, Resource.PAYMENT, Action.PAY, batch.area.path)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    require_status(payment, (P.FAILED, P.RETURNED), "chi trả lại")
    if payment.award.payments.filter(status__in=LIVE).exists():
        raise OutOfOrderError(f"Khoản {payment.reference} đã được chi lại, không lập thêm lệnh chi.")
    attempt = payment.award.payments.count() + 1
    new = Payment.objects.create(
        award=payment.award,
        channel=payment.channel,
        amount=payment.award.amount,
        reissue_of=payment,
        reference=f"CT{batch.pk:04d}-{payment.award_id:06d}-{attempt}",
    )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=new,
        summary=f"Chi trả lại {payment.reference} → {new.reference}",
    )
    return new


@transaction.atomic
def payment_confirm(*, payments, actor, received_on: dt.date | None = None) -> int:
    """Đã chi → Đã xác nhận nhận tiền (the beneficiary's signature on the list, or the bank's credit note)."""
    count = 0
    batches = set()
    for payment in payments:
        batch = payment.award.application.batch
        require(actor, Resource.PAYMENT, Action.PAY, batch.area.path)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        require_status(payment, (P.DISBURSED,), "xác nhận đã nhận tiền")
        payment.received_on = received_on or today()
        set_status(
            payment,
            P.CONFIRMED,
            actor=actor,
            summary=f"Xác nhận đã nhận tiền {payment.reference}",
            fields=("received_on",),
        )
        batches.add(batch.pk)
        count += 1
    for batch in Batch.objects.filter(pk__in=batches):
        _advance_batch(batch, actor)
    return count


def _advance_batch(batch: Batch, actor) -> None:
    """Đã phê duyệt → Đã chi trả when every award is disbursed; → Đã đối soát when every one is confirmed
    received for exactly the approved amount."""
    # Reports (issue 8): payments of this batch changed (disbursed, failed, confirmed): recount its counters.
    batch_counters_refresh(batch.pk)
    awards = list(Award.objects.filter(application__batch=batch).prefetch_related("payments"))
    if not awards:
        return
    live = [
        next((p for p in a.payments.all() if p.status in (P.DISBURSED, P.CONFIRMED)), None) for a in awards
    ]
    all_disbursed = all(p is not None and p.amount == a.amount for p, a in zip(live, awards, strict=True))
    all_confirmed = all_disbursed and all(p.status == P.CONFIRMED for p in live)
    if batch.status == S.APPROVED and all_disbursed:
        batch.paid_at = timezone.now()
        batch.due_date = None
        set_status(
            batch,
            S.PAID,
            actor=actor,
            summary=f"Đợt {batch.sequence:02d} đã chi trả đủ",
            fields=("paid_at", "due_date"),
        )
        for application in Application.objects.filter(award__in=awards).exclude(
            status=Application.Status.PAID
        ):
            set_status(
                application,
                Application.Status.PAID,
                actor=actor,
                summary=f"Hồ sơ #{application.pk}: đã chi trả",
                fields=("updated_at",),
            )
    if batch.status == S.PAID and all_confirmed:
        batch.reconciled_at = timezone.now()
        set_status(
            batch,
            S.RECONCILED,
            actor=actor,
            summary=f"Đợt {batch.sequence:02d} đã đối soát khớp",
            fields=("reconciled_at",),
        )
