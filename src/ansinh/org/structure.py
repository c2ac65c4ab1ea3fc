"""The Department's structure as the seed plan names it, and the outside bodies it works with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str


DEPARTMENT_UNITS = [
    UnitSpec("ban-giam-doc", "Ban Giám đốc Sở", "Ban Giám đốc", "leadership"),
    UnitSpec("van-phong", "Văn phòng Sở", "Văn phòng", "office"),
    UnitSpec("phong-ldvl", "Phòng Lao động – Việc làm", "Phòng LĐ-VL", "division"),
    UnitSpec("phong-qllvxh", "Phòng Quản lý lĩnh vực xã hội", "Phòng QLLVXH", "division"),
    UnitSpec("co-so-cai-nghien", "Cơ sở Cai nghiện ma túy", "Cơ sở Cai nghiện", "facility"),
    UnitSpec("ttbtxh", "Trung tâm Bảo trợ xã hội", "TT Bảo trợ xã hội", "facility"),
    UnitSpec("ttdvvl", "Trung tâm Dịch vụ việc làm", "TT Dịch vụ việc làm", "facility"),
]

EXTERNAL_BODIES = [
    UnitSpec("ubnd-tinh", "Ủy ban nhân dân tỉnh Bình Phước", "UBND tỉnh", "external"),
    UnitSpec("so-y-te", "Sở Y tế tỉnh Bình Phước", "Sở Y tế", "external"),
    UnitSpec("bhxh-tinh", "Bảo hiểm xã hội tỉnh Bình Phước", "BHXH tỉnh", "external"),
    UnitSpec("so-tai-chinh", "Sở Tài chính tỉnh Bình Phước", "Sở Tài chính", "external"),
]
