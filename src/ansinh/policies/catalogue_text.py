"""Plain-text and JSON-ready views of the catalogue for ``ansinh policies list|show``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansinh.policies.catalogue_schema import Catalogue, Parameter, Policy

UNVERIFIED = "chưa xác minh"

STEP_VI = {
    "confirm": "xác nhận",
    "certify": "xác nhận",
    "compile": "lập danh sách",
    "appraise": "thẩm định",
    "consolidate": "tổng hợp",
    "approve": "phê duyệt",
    "decide": "quyết định",
    "pay": "chi trả",
}

ROLE_VI = {
    "employer": "người sử dụng lao động",
    "worker": "người lao động",
    "business_household": "hộ kinh doanh",
    "commune_committee": "UBND cấp xã",
    "district_committee": "UBND cấp huyện",
    "provincial_committee": "UBND tỉnh",
    "social_insurance_agency": "cơ quan BHXH",
    "department": "Sở LĐ-TB&XH",
    "district_labour_office": "Phòng LĐ-TB&XH huyện",
    "employment_service_centre": "Trung tâm Dịch vụ việc làm",
    "tax_subdepartment": "Chi cục Thuế",
    "health_facility": "cơ sở y tế",
    "health_department": "Sở Y tế",
    "culture_department": "Sở VH-TT&DL",
    "social_policy_bank": "Ngân hàng Chính sách xã hội",
    "trade_union": "công đoàn cơ sở",
}


def _role(code: str | None) -> str:
    return "—" if code is None else f"{ROLE_VI.get(code, code)} ({code})"


def _verified_label(verified: bool) -> str:
    return "đã xác minh" if verified else UNVERIFIED


def policy_list_rows(catalogue: Catalogue) -> list[dict[str, Any]]:
    """One summary dict per policy, sorted by code."""
    rows = []
    for code in sorted(catalogue.policies):
        policy = catalogue.policies[code]
        rows.append(
            {
                "code": policy.code,
                "name_vi": policy.name_vi,
                "name_en": policy.name_en,
                "nq68_point": policy.nq68_point,
                "decided_by": policy.decided_by,
                "computed": policy.computed,
                "province_configurable": policy.province_configurable,
                "versions": [
                    {
                        "code": v.code,
                        "effective_from": v.effective_from.isoformat(),
                        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                    }
                    for v in policy.versions
                ],
                "has_unverified_values": any(
                    not value.verified for p in policy.parameters.values() for value in p.values
                ),
            }
        )
    return rows


def policy_list_text(catalogue: Catalogue) -> str:
    """A table of codes, points, how each policy is handled, and its versions."""
    lines = [f"{'mã':32} {'điểm':>4}  {'xử lý':18} phiên bản — tên"]
    for row in policy_list_rows(catalogue):
        handling = "tính" if row["computed"] else "theo dõi"
        handling += " (cơ quan khác)" if row["decided_by"] == "other_agency" else ""
        point = str(row["nq68_point"] or "")
        versions = ", ".join(v["code"] for v in row["versions"])
        flag = " [có giá trị chưa xác minh]" if row["has_unverified_values"] else ""
        lines.append(f"{row['code']:32} {point:>4}  {handling:18} {versions} — {row['name_vi']}{flag}")
    return "\n".join(lines)


def _format_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, list):
        return ", ".join(
            f"từ {item.min}: {_format_value(item.amount)}" if hasattr(item, "min") else str(item)
            for item in value
        )
    return str(value)


def _parameter_lines(name: str, parameter: Parameter, as_of: dt.date) -> list[str]:
    configurable = " (tỉnh quy định được)" if parameter.province_configurable else ""
    lines = [f"  - {name}: {parameter.label_vi}{configurable}"]
    for value in parameter.values:
        until = f"{value.valid_to:%d/%m/%Y}" if value.valid_to else "nay"
        marker = " ← áp dụng" if value.covers(as_of) else ""
        lines.append(
            f"      {_format_value(value.value)} | {value.valid_from:%d/%m/%Y} – {until} | {value.reference} | "
            f"{_verified_label(value.verified)}{marker}"
        )
    return lines


def policy_detail_text(policy: Policy, *, as_of: dt.date) -> str:
    """Everything about one policy, marking the version and values in force on ``as_of``."""
    version = policy.version_at(as_of)
    lines = [
        f"{policy.code} — {policy.name_vi}",
        f"  ({policy.name_en})",
        f"Điểm NQ 68: {policy.nq68_point or '—'} | quyết định bởi: "
        f"{'cơ quan khác' if policy.decided_by == 'other_agency' else 'tỉnh'} | "
        f"{'hệ thống tính' if policy.computed else 'chỉ theo dõi, không tính'}",
    ]
    if policy.tracking_note_vi:
        lines.append(f"Ghi chú: {policy.tracking_note_vi}")
    if policy.computed_in:
        lines.append(f"Được tính trong: {', '.join(policy.computed_in)}")
    if policy.assumption_note_vi:
        lines.append(f"GIẢ ĐỊNH: {policy.assumption_note_vi}")
    lines.append("Căn cứ pháp lý:")
    lines += [f"  - {c.ref} [{c.tag}]" + (f" {c.url}" if c.url else "") for c in policy.legal_basis]
    bodies = policy.bodies
    lines.append(
        f"Cơ quan: lập danh sách {_role(bodies.compiles)}; xác nhận {_role(bodies.confirms)}; thẩm định "
        f"{_role(bodies.appraises)}; phê duyệt {_role(bodies.approves)}; chi trả {_role(bodies.pays)}"
    )
    for limit in policy.processing_limits:
        lines.append(
            f"  Thời hạn {STEP_VI[limit.step]} ({_role(limit.body)}): {limit.working_days} ngày làm việc — "
            f"{limit.citation} [{limit.tag}]"
        )
    if policy.batch_cutoffs:
        cutoffs = policy.batch_cutoffs
        days = ", ".join(f"{d:02d}" for d in cutoffs.before_days_of_month)
        lines.append(
            f"  Tổng hợp theo đợt ({cutoffs.body}): trước ngày {days} hằng tháng — {cutoffs.citation}"
        )
    if policy.filing_window:
        window = policy.filing_window
        opens = f"{window.opens:%d/%m/%Y}" if window.opens else "—"
        closes = f"{window.closes:%d/%m/%Y}" if window.closes else "—"
        lines.append(
            f"Thời gian nhận hồ sơ: {opens} – {closes} ({window.reference}; {_verified_label(window.verified)})"
        )
    if policy.list_form:
        lines.append(f"Mẫu danh sách: {policy.list_form}")
    if policy.required_documents:
        lines.append("Hồ sơ:")
        lines += [f"  - {doc}" for doc in policy.required_documents]
    lines.append("Phiên bản:")
    for v in policy.versions:
        until = f"{v.effective_to:%d/%m/%Y}" if v.effective_to else "nay"
        marker = " ← áp dụng" if version and v.code == version.code else ""
        lines.append(
            f"  - {v.code}: {v.label_vi}, {v.effective_from:%d/%m/%Y} – {until} ({v.reference}){marker}"
        )
    rule = policy.version_rule
    lines.append(
        f"Cách chọn phiên bản ({rule.basis}, {_verified_label(rule.verified)}): {rule.explanation_vi} — {rule.citation}"
    )
    lines.append(f"Ngày xét: {as_of:%d/%m/%Y} → phiên bản {version.code if version else 'không có'}")
    if policy.inputs:
        lines.append("Cột dữ liệu (ngoài record_id, full_name, date_of_birth, sex, id_number):")
        for column in policy.inputs:
            need = "bắt buộc" if column.required else f"tùy chọn, mặc định {column.default!r}"
            values = f" [{', '.join(column.values)}]" if column.values else ""
            lines.append(f"  - {column.name} ({column.type}, {need}){values}: {column.label_vi}")
    if policy.parameters:
        lines.append("Tham số:")
        for name, parameter in policy.parameters.items():
            lines += _parameter_lines(name, parameter, as_of)
    if policy.conditions:
        lines.append("Điều kiện:")
        for condition in policy.conditions:
            scope = f" (chỉ phiên bản {', '.join(condition.versions)})" if condition.versions else ""
            lines.append(f"  - {condition.code}{scope}: {condition.citation} [{condition.tag}]")
            lines.append(f"      khi không đạt: {condition.message_vi}")
    if policy.amount:
        lines.append("Mức hỗ trợ (tổng các phần, bằng 0 nếu không đủ điều kiện):")
        for component in policy.amount.components:
            scope = f" (chỉ phiên bản {', '.join(component.versions)})" if component.versions else ""
            lines.append(
                f"  - {component.code}{scope}: {component.label_vi} — {component.citation} [{component.tag}]"
            )
    if policy.compatibility:
        lines.append("Không hưởng cùng:")
        lines += [f"  - {i.policy}: {i.note_vi} — {i.citation} [{i.tag}]" for i in policy.compatibility]
    return "\n".join(lines)
