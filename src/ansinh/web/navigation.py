"""The navigation each role sees: an entry appears when the user's roles allow its resource."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ansinh.org.roles import Action, Resource


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    resource: Resource
    action: Action = Action.VIEW


# Apps add their entries here; an entry whose URL does not exist (yet) is skipped.
NAV_ITEMS = [
    NavItem(_("Tổng quan"), "reports:dashboard", Resource.REPORT),
    NavItem(_("Kế hoạch"), "plans:board", Resource.PLAN),
    NavItem(_("Nhập danh sách"), "intake:upload_list", Resource.IMPORT),
    NavItem(_("Đợt hồ sơ"), "relief:batch_list", Resource.BATCH),
    NavItem(_("Quyết định"), "relief:decision_list", Resource.DECISION),
    NavItem(_("Chi trả"), "relief:payment_ledger", Resource.PAYMENT),
    NavItem(_("Đối tượng"), "registry:person_list", Resource.PERSON),
    NavItem(_("Trùng lặp"), "linkage:review_queue", Resource.PERSON, Action.REVIEW),
    NavItem(_("Chính sách"), "policies:catalogue", Resource.POLICY),
    NavItem(_("Cơ sở"), "facilities:home", Resource.FACILITY),
    NavItem(_("Báo cáo"), "reports:report_list", Resource.REPORT),
    NavItem(_("Nhật ký"), "web:audit_log", Resource.AUDIT),
    NavItem(_("Quản trị"), "admin:index", Resource.USER, Action.CHANGE),
]


def navigation_for(user) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if not user.can(item.resource, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items
