"""Which steps a policy's batch goes through and the legal time limit of each (working days).

The policy catalogue (src/ansinh/policies/catalogue/*.yaml, `bodies` and `processing_limits`) is the
source when it loads; while it cannot be loaded (it is still being written) this small table, taken from
policies.md §1.4–1.6, §1.10 and §2, keeps the workflow running. Values marked [M] are assumptions: the
Bình Phước texts for the free-worker and CV 2642 policies were not found (policies.md §2.1, §2.2).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from ansinh.kernel.calendar import add_working_days


@dataclass(frozen=True)
class PolicySteps:
    code: str
    name: str
    short_name: str
    basis: str  # cited in the decision title: "Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ"
    needs_confirmation: bool  # BHXH confirms the list before appraisal
    limits: dict[str, int] = field(default_factory=dict)  # step → working days
    citations: dict[str, str] = field(default_factory=dict)  # step → legal citation of the limit
    channel: str = "bank"  # default payment channel
    legal_bases: tuple[str, ...] = ()
    approver: str = (
        "province"  # who issues the approving decision: "province" or "district" people's committee
    )

    def limit(self, step: str) -> int:
        return self.limits.get(step, 2)

    def due(self, step: str, start: dt.date) -> dt.date:
        """The deadline of ``step`` started on ``start`` (start itself does not count)."""
        return add_working_days(start, self.limit(step))


_NQ68 = "Nghị quyết số 68/NQ-CP ngày 01 tháng 7 năm 2021 của Chính phủ"
_BASE_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
    "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
    "Căn cứ Nghị quyết số 68/NQ-CP ngày 01 tháng 7 năm 2021 của Chính phủ về một số chính sách hỗ trợ người lao "
    "động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19",
)
_QD23 = (
    "Căn cứ Quyết định số 23/2021/QĐ-TTg ngày 07 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định việc thực hiện "
    "một số chính sách hỗ trợ người lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19; Quyết "
    "định số 33/2021/QĐ-TTg ngày 06 tháng 11 năm 2021 của Thủ tướng Chính phủ sửa đổi, bổ sung một số điều của "
    "Quyết định số 23/2021/QĐ-TTg"
)

FALLBACK: dict[str, PolicySteps] = {
    "nq68-tam-hoan": PolicySteps(
        "nq68-tam-hoan",
        "Hỗ trợ người lao động tạm hoãn thực hiện hợp đồng lao động, nghỉ việc không hưởng lương",
        "người lao động tạm hoãn thực hiện hợp đồng lao động, nghỉ việc không hưởng lương",
        "Nghị quyết số 68/NQ-CP",
        True,
        {"confirm": 2, "appraise": 2, "approve": 2, "pay": 2},
        dict.fromkeys(("confirm", "appraise", "approve"), "QĐ 23/2021/QĐ-TTg Điều 16 (sửa bởi QĐ 33)")
        | {"pay": "QĐ 23/2021/QĐ-TTg Điều 20 (áp dụng tương tự) [M]"},
        "employer",
        (*_BASE_BASES, _QD23),
    ),
    "nq68-ngung-viec": PolicySteps(
        "nq68-ngung-viec",
        "Hỗ trợ người lao động ngừng việc",
        "người lao động ngừng việc",
        "Nghị quyết số 68/NQ-CP",
        True,
        {"confirm": 2, "appraise": 2, "approve": 2, "pay": 2},
        dict.fromkeys(("confirm", "appraise", "approve", "pay"), "QĐ 23/2021/QĐ-TTg Điều 20"),
        "employer",
        (*_BASE_BASES, _QD23),
    ),
    "nq68-cham-dut": PolicySteps(
        "nq68-cham-dut",
        "Hỗ trợ người lao động chấm dứt hợp đồng lao động nhưng không đủ điều kiện hưởng trợ cấp thất nghiệp",
        "người lao động chấm dứt hợp đồng lao động nhưng không đủ điều kiện hưởng trợ cấp thất nghiệp",
        "Nghị quyết số 68/NQ-CP",
        False,
        {"appraise": 2, "approve": 3, "pay": 2},
        {"appraise": "QĐ 23/2021/QĐ-TTg Điều 24", "approve": "QĐ 23/2021/QĐ-TTg Điều 24", "pay": "[M]"},
        "bank",
        (*_BASE_BASES, _QD23),
    ),
    "nq68-ho-kinh-doanh": PolicySteps(
        "nq68-ho-kinh-doanh",
        "Hỗ trợ hộ kinh doanh phải tạm ngừng kinh doanh",
        "hộ kinh doanh phải tạm ngừng kinh doanh",
        "Nghị quyết số 68/NQ-CP",
        True,
        {"confirm": 3, "appraise": 2, "approve": 2, "pay": 2},
        dict.fromkeys(("confirm", "appraise", "approve"), "QĐ 23/2021/QĐ-TTg Điều 37") | {"pay": "[M]"},
        "bank",
        (*_BASE_BASES, _QD23),
    ),
    "bp-lao-dong-tu-do": PolicySteps(
        "bp-lao-dong-tu-do",
        "Hỗ trợ người lao động không có giao kết hợp đồng lao động (lao động tự do)",
        "người lao động không có giao kết hợp đồng lao động (lao động tự do)",
        "Nghị quyết số 68/NQ-CP và quyết định của Ủy ban nhân dân tỉnh Bình Phước",
        False,
        {"appraise": 2, "approve": 2, "pay": 2},
        dict.fromkeys(("appraise", "approve", "pay"), "[M] chưa tìm được văn bản của tỉnh"),
        "commune_cash",
        _BASE_BASES,
        "district",
    ),
    "bp-cv2642": PolicySteps(
        "bp-cv2642",
        "Hỗ trợ người dân Bình Phước gặp khó khăn đang ở TP. Hồ Chí Minh, Bình Dương, Đồng Nai",
        "người dân Bình Phước gặp khó khăn đang ở Thành phố Hồ Chí Minh, Bình Dương, Đồng Nai",
        "Công văn số 2642/UBND-KGVX ngày 04/8/2021 của Ủy ban nhân dân tỉnh",
        False,
        {"appraise": 2, "approve": 2, "pay": 2},
        dict.fromkeys(("appraise", "approve", "pay"), "[M] nội dung CV 2642 chưa xác minh"),
        "bank",
        (
            _BASE_BASES[0],
            "Căn cứ Công văn số 2642/UBND-KGVX ngày 04 tháng 8 năm 2021 của Ủy ban nhân dân tỉnh",
        ),
    ),
}


@functools.cache
def _catalogue():
    """The policy catalogue, or None while it does not load (then the fallback table is used)."""
    try:
        from ansinh.policies.catalogue import load_catalogue

        return load_catalogue()
    except Exception:  # the catalogue is another helper's work in progress; never block the workflow
        return None


def policy_steps(code: str) -> PolicySteps:
    """Steps and limits for ``code``: catalogue values override the fallback table where present."""
    base = FALLBACK.get(code) or PolicySteps(
        code, code, code, "", False, {"appraise": 2, "approve": 2, "pay": 2}
    )
    catalogue = _catalogue()
    if catalogue is None or code not in catalogue.policies:
        return base
    policy = catalogue.policies[code]
    limits = dict(base.limits)
    citations = dict(base.citations)
    for limit in policy.processing_limits:
        step = {"certify": "confirm", "decide": "approve"}.get(limit.step, limit.step)
        if step in ("confirm", "appraise", "approve", "pay"):
            limits[step] = limit.working_days
            citations[step] = limit.citation
    return PolicySteps(
        code,
        policy.name_vi,
        base.short_name,
        base.basis,
        policy.bodies.confirms is not None and policy.bodies.confirms != "employer",
        limits,
        citations,
        base.channel,
        base.legal_bases,
        base.approver,
    )


def policy_name(code: str) -> str:
    return policy_steps(code).name
