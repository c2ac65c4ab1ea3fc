"""Relief pages: parse → access → service → render. Service errors become messages (Vietnamese)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ansinh.audit import events
from ansinh.org.access import access
from ansinh.org.roles import Action, Resource
from ansinh.registry.models import Person
from ansinh.relief import forms, selectors, services
from ansinh.relief.errors import ReliefError
from ansinh.relief.models import Appeal, Application, Batch, Decision, Payment
from ansinh.relief.policy_steps import FALLBACK, policy_steps
from ansinh.relief.services import paperwork


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return redirect(fallback)


def _run(request: HttpRequest, call, success: str) -> bool:
    """Run a service; show its Vietnamese refusal as an error message instead of a 500."""
    try:
        result = call()
    except ReliefError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success.format(result=result))
    return True


def _file(name: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---- batches --------------------------------------------------------------------------------------


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("policy", "status", "due", "q")}
    qs = selectors.batch_list(
        user=request.user,
        policy=filters["policy"],
        status=filters["status"],
        due=filters["due"],
        query=filters["q"],
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "batch": b,
            "due": selectors.due_info(b),
            "next": selectors.next_step(b),
            "policy": policy_steps(b.policy_code).name,
        }
        for b in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "statuses": Batch.Status.choices,
        "policies": [(code, steps.name) for code, steps in FALLBACK.items()],
    }
    template = "relief/partials/batch_rows.html" if request.htmx else "relief/batch_list.html"
    return render(request, template, context)


def _batch_context(request: HttpRequest, batch: Batch) -> dict:
    user = request.user
    steps = policy_steps(batch.policy_code)
    applications = selectors.batch_applications(user=user, batch=batch)
    appraisable = batch.status in (
        (Batch.Status.CONFIRMED,) if steps.needs_confirmation else (Batch.Status.SUBMITTED,)
    )
    return {
        "batch": batch,
        "steps": steps,
        "due": selectors.due_info(batch),
        "next": selectors.next_step(batch),
        "applications": applications,
        "appraisable": appraisable,
        "can": {
            "submit": user.can(Resource.BATCH, Action.SUBMIT)
            and batch.status in (Batch.Status.DRAFT, Batch.Status.RETURNED),
            "confirm": user.can(Resource.BATCH, Action.APPRAISE)
            and steps.needs_confirmation
            and batch.status == Batch.Status.SUBMITTED,
            "appraise": user.can(Resource.BATCH, Action.APPRAISE) and appraisable,
            "approve": user.can(Resource.BATCH, Action.APPROVE) and batch.status == Batch.Status.APPRAISED,
            "pay": user.can(Resource.PAYMENT, Action.PAY)
            and batch.status in (Batch.Status.APPROVED, Batch.Status.PAID),
            "export": user.can(Resource.PAYMENT, Action.EXPORT)
            and batch.status in (Batch.Status.APPROVED, Batch.Status.PAID),
            "view_personal": user.can(Resource.PERSON, Action.VIEW_PERSONAL),
        },
        "decisions": batch.decisions.order_by("created_at"),
        "signed": batch.decisions.filter(status=Decision.Status.SIGNED).exists(),
        "payments": selectors.payment_list(user=user).filter(award__application__batch=batch).order_by("pk"),
        "export_form": forms.ExportForm(),
        "returns_form": forms.ReturnsForm(),
        "confirm_form": forms.ConfirmForm(),
        "pdf_ok": paperwork.pdf_status(),
    }


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    return render(request, "relief/batch_detail.html", _batch_context(request, batch))


@login_required
@require_POST
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """submit / confirm / appraise / approve on one batch."""
    batch = selectors.batch_get(user=request.user, pk=pk)
    user = request.user
    if action == "submit":
        _run(request, lambda: services.batch_submit(batch=batch, actor=user), "Đã gửi đợt.")
    elif action == "confirm":
        form = forms.ConfirmForm(request.POST)
        reference = form.data.get("reference", "")
        _run(
            request,
            lambda: services.batch_confirm(batch=batch, actor=user, reference=reference),
            "Đã ghi nhận xác nhận của BHXH.",
        )
    elif action == "appraise":
        _run(
            request,
            lambda: services.batch_appraise(batch=batch, actor=user),
            "Đã thẩm định đợt: {result.people_count} hồ sơ đạt.",
        )
    elif action == "approve":
        if _run(
            request,
            lambda: services.batch_approve(batch=batch, actor=user),
            "Đã phê duyệt; dự thảo quyết định đã được tạo.",
        ):
            decision = batch.decisions.order_by("-created_at").first()
            return redirect("relief:decision_detail", pk=decision.pk)
    else:
        messages.error(request, "Thao tác không hợp lệ.")
    return redirect("relief:batch_detail", pk=batch.pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One row's appraisal (HTMX: returns the re-rendered row)."""
    application = access(Application, request.user, pk, Action.APPRAISE)
    form = forms.RowDecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            application = services.application_decide(
                application=application,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ReliefError as exc:
            error = str(exc)
    else:
        error = "Thao tác thẩm định không hợp lệ."
    if request.htmx:
        batch = application.batch
        context = _batch_context(request, batch)
        return render(
            request,
            "relief/partials/application_row.html",
            {
                **context,
                "a": Application.objects.select_related("person", "area").get(pk=application.pk),
                "row_error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("relief:batch_detail", pk=application.batch_id)


@login_required
def batch_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The submission (tờ trình) with the appraised list, as PDF or xlsx."""
    batch = access(Batch, request.user, pk, Action.EXPORT)
    if batch.status not in (
        Batch.Status.APPRAISED,
        Batch.Status.APPROVED,
        Batch.Status.PAID,
        Batch.Status.RECONCILED,
    ):
        messages.error(request, "Tờ trình chỉ lập được sau khi thẩm định.")
        return redirect("relief:batch_detail", pk=pk)
    document = paperwork.submission_document(batch)
    events.record(actor=request.user, action=events.EXPORT, obj=batch, summary=f"Xuất tờ trình ({fmt})")
    if fmt == "xlsx":
        return _file(
            f"to-trinh-dot-{batch.sequence:02d}.xlsx", services.payments.XLSX, paperwork.to_xlsx(document)
        )
    try:
        return _file(f"to-trinh-dot-{batch.sequence:02d}.pdf", "application/pdf", paperwork.to_pdf(document))
    except ReliefError as error:
        messages.error(request, str(error))
        return redirect("relief:batch_detail", pk=pk)


# ---- payments -------------------------------------------------------------------------------------


@login_required
@require_POST
def payment_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    form = forms.ExportForm(request.POST)
    fmt = form.cleaned_data["fmt"] if form.is_valid() else "xlsx"
    try:
        export = services.payment_export(batch=batch, actor=request.user, fmt=fmt)
    except ReliefError as error:
        messages.error(request, str(error))
        return redirect("relief:batch_detail", pk=pk)
    return _file(export.filename, export.content_type, export.content)


@login_required
@require_POST
def payment_returns(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    form = forms.ReturnsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chưa chọn tệp kết quả chi trả.")
    else:
        upload = form.cleaned_data["file"]
        _run(
            request,
            lambda: services.payment_import_returns(
                batch=batch, actor=request.user, content=upload.read(), filename=upload.name
            ),
            "Đã nhập kết quả: {result.disbursed} đã chi, {result.failed} thất bại, {result.returned} bị trả lại.",
        )
    return redirect("relief:batch_detail", pk=pk)


@login_required
@require_POST
def payment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm receipt of the selected (or all disbursed) payments of a batch."""
    batch = selectors.batch_get(user=request.user, pk=pk)
    ids = request.POST.getlist("payment")
    qs = selectors.payment_list(user=request.user).filter(
        award__application__batch=batch, status=Payment.Status.DISBURSED
    )
    if ids:
        qs = qs.filter(pk__in=ids)
    _run(
        request,
        lambda: services.payment_confirm(payments=list(qs), actor=request.user),
        "Đã xác nhận nhận tiền cho {result} khoản.",
    )
    return redirect("relief:batch_detail", pk=pk)


@login_required
@require_POST
def payment_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    payment = access(Payment, request.user, pk, Action.PAY)
    _run(
        request,
        lambda: services.payment_reissue(payment=payment, actor=request.user),
        "Đã lập lệnh chi lại {result.reference}.",
    )
    return redirect("relief:batch_detail", pk=payment.award.application.batch_id)


@login_required
def payment_ledger(request: HttpRequest) -> HttpResponse:
    batch = None
    if request.GET.get("batch"):
        batch = selectors.batch_get(user=request.user, pk=request.GET["batch"])
    book = selectors.ledger(user=request.user, batch=batch)
    return render(request, "relief/payment_ledger.html", {"book": book, "batch": batch})


# ---- decisions ------------------------------------------------------------------------------------


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.decision_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "relief/decision_list.html", {"page": page})


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    awards = decision.awards.select_related("application__area", "person").order_by("application__source_row")
    can_sign = request.user.can(Resource.DECISION, Action.SIGN) and decision.status == Decision.Status.DRAFT
    verify_url = (
        reverse("documents:verify", args=[decision.verification_id]) if decision.verification_id else ""
    )
    return render(
        request,
        "relief/decision_detail.html",
        {
            "decision": decision,
            "awards": awards,
            "can_sign": can_sign,
            "sign_form": forms.SignForm(),
            "can_amend": request.user.can(Resource.BATCH, Action.APPROVE)
            and decision.status == Decision.Status.SIGNED,
            "amend_form": forms.AmendForm(),
            "verify_url": verify_url,
            "pdf_ok": paperwork.pdf_status(),
            "separation": decision.batch.appraised_by_id == request.user.pk,
        },
    )


@login_required
@require_POST
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    form = forms.SignForm(request.POST)
    title = form.cleaned_data["signer_title"] if form.is_valid() else "Phó Chủ tịch"
    _run(
        request,
        lambda: services.decision_sign(
            decision=decision,
            actor=request.user,
            signer_title=title,
            base_url=request.build_absolute_uri("/"),
        ),
        "Đã ký Quyết định số {result.number}.",
    )
    return redirect("relief:decision_detail", pk=pk)


@login_required
@require_POST
def decision_amend(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(user=request.user, pk=pk)
    form = forms.AmendForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        amendment = services.decision_amend(
            decision=decision,
            actor=request.user,
            reason=reason,
            remove_application_ids=[i for i in request.POST.getlist("remove") if i.isdigit()],
        )
    except ReliefError as error:
        messages.error(request, str(error))
        return redirect("relief:decision_detail", pk=pk)
    messages.success(request, "Đã tạo dự thảo quyết định sửa đổi, bổ sung.")
    return redirect("relief:decision_detail", pk=amendment.pk)


@login_required
def decision_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Signed PDF (stored), draft PDF preview, or the annex as xlsx."""
    decision = selectors.decision_get(user=request.user, pk=pk)
    name = (decision.number or f"du-thao-{decision.pk}").replace("/", "-")
    events.record(actor=request.user, action=events.EXPORT, obj=decision, summary=f"Tải quyết định ({fmt})")
    if fmt == "xlsx":
        return _file(
            f"QD-{name}-phu-luc.xlsx",
            services.payments.XLSX,
            paperwork.to_xlsx(paperwork.decision_document(decision)),
        )
    if decision.status == Decision.Status.SIGNED and decision.pdf:
        return FileResponse(
            decision.pdf.open("rb"),
            as_attachment=True,
            filename=f"QD-{name}.pdf",
            content_type="application/pdf",
        )
    try:
        pdf = paperwork.to_pdf(paperwork.decision_document(decision))
    except ReliefError as error:
        messages.error(request, str(error))
        return redirect("relief:decision_detail", pk=pk)
    return _file(f"QD-{name}-du-thao.pdf", "application/pdf", pdf)


# ---- person, appeals ------------------------------------------------------------------------------


@login_required
def person_relief(request: HttpRequest, person_code: str) -> HttpResponse:
    person = access(Person, request.user, None, Action.VIEW, person_code=person_code)
    unmasked = request.user.can(Resource.PERSON, Action.VIEW_PERSONAL)
    events.record_view(actor=request.user, obj=person, summary=f"Xem lịch sử hỗ trợ của {person.person_code}")
    history = selectors.person_relief(user=request.user, person=person)
    trail = events.AuditEvent.objects.filter(
        object_type__in=["relief.application", "relief.payment"],
        object_id__in=[str(a.pk) for a in history["applications"]] + [str(p.pk) for p in history["payments"]],
    ).order_by("seq")
    return render(
        request,
        "relief/person_relief.html",
        {
            "person": person,
            "unmasked": unmasked,
            **history,
            "trail": trail,
            "appeal_form": forms.AppealForm(),
            "answer_form": forms.AppealAnswerForm(),
        },
    )


@login_required
@require_POST
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    application = access(Application, request.user, pk, Action.CREATE)
    form = forms.AppealForm(request.POST)
    _run(
        request,
        lambda: services.appeal_file(
            application=application,
            actor=request.user,
            disputed_condition=form.data.get("disputed_condition", ""),
            text=form.data.get("text", ""),
        ),
        "Đã ghi nhận khiếu nại; hạn trả lời {result.due_date:%d/%m/%Y}.",
    )
    return redirect("relief:person_relief", person_code=application.person.person_code)


@login_required
@require_POST
def appeal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = access(Appeal, request.user, pk, Action.APPRAISE)
    form = forms.AppealAnswerForm(request.POST)
    upheld = form.data.get("upheld") == "1"
    _run(
        request,
        lambda: services.appeal_answer(
            appeal=appeal, actor=request.user, upheld=upheld, response=form.data.get("response", "")
        ),
        "Đã trả lời khiếu nại.",
    )
    return redirect("relief:person_relief", person_code=appeal.application.person.person_code)
