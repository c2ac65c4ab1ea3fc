"""Upload a list, watch it go through the pipeline, cancel it, confirm unsure columns, get the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ansinh.intake import selectors, services
from ansinh.intake.forms import UploadForm
from ansinh.org.roles import Action, Resource


def _form_choices() -> list[tuple[str, str]]:
    from ansinh.intake.pipeline.formspec import default_forms

    return [(code, f"{code} — {spec.name_vi}") for code, spec in sorted(default_forms().items())]


@login_required
def upload_list(request: HttpRequest) -> HttpResponse:
    if not request.user.can(Resource.IMPORT, Action.VIEW):
        raise Http404
    can_upload = request.user.can(Resource.IMPORT, Action.CREATE)
    units = selectors.sender_units_for(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, units=units, form_choices=_form_choices(),
                      initial={"unit": request.user.org_unit_id})
    if request.method == "POST" and can_upload and form.is_valid():
        try:
            job = services.import_job_create(uploaded_file=form.cleaned_data["file"], unit=form.cleaned_data["unit"],
                                             actor=request.user, form_code=form.cleaned_data["form_code"])
        except services.ImportRefused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("intake:job_detail", job_id=job.pk)
    page = Paginator(selectors.import_job_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "intake/upload_list.html", {"form": form, "page": page, "can_upload": can_upload})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    template = "intake/partials/job_progress.html" if request.htmx else "intake/job_detail.html"
    batches = selectors.batches_of_job(user=request.user, job=job) if job.status == job.Status.STORED else []
    response = render(request, template, {"job": job, "field_choices": _field_choices(job), "batches": batches})
    if request.htmx and job.is_finished:
        response["HX-Refresh"] = "true"  # show the full result page once, then stop polling
    return response


def _field_choices(job) -> list[tuple[str, str]]:
    if not job.unsure_columns:
        return []
    from ansinh.intake.pipeline.formspec import default_forms

    spec = default_forms().get(job.form_code)
    return [(c.field, c.headers[0]) for c in spec.columns] if spec else []


@login_required
@require_POST
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, job_id=job_id, action=Action.CREATE)
    try:
        services.import_job_cancel(job=job, actor=request.user)
        messages.info(request, "Đã gửi yêu cầu hủy.")
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    return redirect("intake:job_detail", job_id=job.pk)


@login_required
@require_POST
def job_confirm_mapping(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, job_id=job_id, action=Action.CREATE)
    choices = {c["header"]: request.POST.get(f"map-{i}", "") for i, c in enumerate(job.unsure_columns)}
    try:
        services.sender_mapping_confirm(job=job, choices=choices, actor=request.user)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    return redirect("intake:job_detail", job_id=job.pk)


@login_required
def job_report(request: HttpRequest, job_id: int) -> HttpResponse:
    """The clerk's own file back, problem cells highlighted with a comment in each."""
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    data = services.import_job_problem_report(job=job, actor=request.user)
    name = job.original_name.rsplit(".", 1)[0] + "-kiem-tra.xlsx"
    return FileResponse(data, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
