"""Review queue pages: parse → access → service → render. Viewing both records is an audited view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ansinh.audit import events
from ansinh.linkage import selectors, services
from ansinh.linkage.models import ReviewPair
from ansinh.org.roles import Action, Resource
from ansinh.registry import selectors as registry_selectors
from ansinh.registry.services import RegistryError


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ReviewPair.Status.OPEN)
    if status not in ReviewPair.Status.values:
        status = ReviewPair.Status.OPEN
    pairs = selectors.review_pair_list(user=request.user, status=status)
    page = Paginator(pairs, 25).get_page(request.GET.get("page"))
    rows = [
        (pair, selectors.record_values(pair.record_l), selectors.record_values(pair.record_r))
        for pair in page
    ]
    return render(
        request,
        "linkage/review_queue.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": ReviewPair.Status.choices,
            "open_count": selectors.review_pair_list(user=request.user).count(),
            "unmasked": request.user.can(Resource.PERSON, Action.VIEW_PERSONAL),
        },
    )


@login_required
def review_pair(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.review_pair_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.review_pair_decide(
                pair=pair,
                verdict=request.POST.get("verdict", ""),
                note=request.POST.get("note", ""),
                actor=request.user,
            )
        except RegistryError as exc:
            messages.error(request, str(exc))
        else:
            following = selectors.review_pair_list(user=request.user).exclude(pk=pair.pk).first()
            if following is not None and request.POST.get("next") == "1":
                messages.success(
                    request, f"Đã ghi kết luận cho cặp #{pair.pk} (sẽ không hỏi lại). Đây là cặp tiếp theo."
                )
                return redirect("linkage:review_pair", pk=following.pk)
            messages.success(request, "Đã ghi kết luận. Cặp này sẽ không được hỏi lại.")
        return redirect("linkage:review_pair", pk=pair.pk)
    left, right = selectors.record_values(pair.record_l), selectors.record_values(pair.record_r)
    unmasked = request.user.can(Resource.PERSON, Action.VIEW_PERSONAL)
    if unmasked:
        events.record_view(
            actor=request.user,
            obj=pair.record_l.person,
            summary=f"Xem cặp nghi trùng #{pair.pk} ({pair.record_l.record_key})",
        )
        if pair.record_r.person_id != pair.record_l.person_id:
            events.record_view(
                actor=request.user,
                obj=pair.record_r.person,
                summary=f"Xem cặp nghi trùng #{pair.pk} ({pair.record_r.record_key})",
            )
    evidence = selectors.pair_evidence(pair, left, right)
    return render(
        request,
        "linkage/review_pair.html",
        {
            "pair": pair,
            "left": left,
            "right": right,
            "unmasked": unmasked,
            "evidence": evidence,
            "weights": selectors.weight_summary(pair, evidence),
            "verdict": selectors.verdict_for(pair),
            "can_review": request.user.can(Resource.PERSON, Action.REVIEW),
        },
    )


@login_required
@require_POST
def verdict_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.review_pair_get(user=request.user, pk=pk)
    verdict = selectors.verdict_for(pair)
    if verdict is None:
        messages.error(request, "Cặp này chưa có kết luận.")
    else:
        try:
            services.review_verdict_reverse(
                verdict=verdict, note=request.POST.get("note", ""), actor=request.user
            )
        except RegistryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã đổi kết luận.")
    return redirect("linkage:review_pair", pk=pair.pk)


@login_required
def person_links(request: HttpRequest, person_code: str) -> HttpResponse:
    """The person page's section on linked records and merges (loaded by HTMX)."""
    person = registry_selectors.person_get(user=request.user, person_code=person_code)
    context = selectors.person_links(user=request.user, person=person)
    context.update(person=person, can_review=request.user.can(Resource.PERSON, Action.REVIEW))
    return render(request, "linkage/partials/person_links.html", context)


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.merge_get(user=request.user, pk=pk)
    try:
        absorbed = services.merge_undo(merge=merge, actor=request.user, note=request.POST.get("note", ""))
    except RegistryError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("registry:person_detail", args=[merge.kept.person_code]))
    messages.success(request, f"Đã tách {absorbed.person_code} khỏi {merge.kept.person_code}.")
    return redirect(reverse("registry:person_detail", args=[absorbed.person_code]))
