"""Demo data of the plans app: the seed plan, the steering committee, a few progress reports and
oversight notes (labelled demo), and the epidemic-regime history of policies.md §2.6. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

DEMO_MARK = "[Dữ liệu minh họa] "

# (task code, username, reported on, status, percent, text)
_DEMO_PROGRESS = [
    (
        "1.2",
        "vanphong",
        dt.date(2021, 9, 24),
        "done",
        100,
        "Đã ban hành phương án phòng, chống dịch tại cơ quan Sở, gồm phương án ứng phó theo từng cấp độ dịch.",
    ),
    (
        "3.1",
        "ldvl",
        dt.date(2021, 9, 29),
        "in_progress",
        80,
        "Đã trình dự thảo Kế hoạch thu hút, phát triển nguồn lao động sau giãn cách; đang chờ ý kiến các sở, ngành.",
    ),
    (
        "2.1",
        "ldvl",
        dt.date(2021, 10, 15),
        "in_progress",
        60,
        "Đã thẩm định các đợt hồ sơ của các huyện gửi về; tiếp tục đôn đốc các huyện gửi hồ sơ đợt tiếp theo.",
    ),
    (
        "2.1",
        "huyen.locninh",
        dt.date(2021, 10, 14),
        "in_progress",
        70,
        "Huyện Lộc Ninh đã tiếp nhận, rà soát hồ sơ của các xã; đã chi trả cho người lao động đợt 1.",
    ),
    (
        "4.2",
        "coso.btxh",
        dt.date(2021, 9, 20),
        "in_progress",
        50,
        "Trung tâm Bảo trợ xã hội đã xây dựng xong phương án theo CV 6666/BYT-MT, đang hoàn thiện để gửi Văn phòng Sở.",
    ),
]


def load_demo(say: Callable[[str], None]) -> None:
    from ansinh.org.models import User
    from ansinh.plans.models import OversightNote, ProgressReport, Task
    from ansinh.plans.services.regimes import regimes_demo_load
    from ansinh.plans.services.seed import seed_plan_load
    from ansinh.plans.services.work import oversight_note_create, progress_report_create

    counts = seed_plan_load()
    say(
        f"Kế hoạch mẫu: {counts['tasks']} nhiệm vụ, {counts['subtasks']} nhiệm vụ con, "
        f"{counts['members']} thành viên Ban chỉ đạo (tên minh họa)."
    )
    users = {
        u.username: u
        for u in User.objects.filter(username__in={row[1] for row in _DEMO_PROGRESS} | {"vanphong"})
    }
    tasks = {t.code: t for t in Task.objects.filter(plan__code="kh-sldtbxh-2021-09-267")}
    added = 0
    for code, username, day, status, percent, text in _DEMO_PROGRESS:
        user = users.get(username)
        if (
            user is None
            or ProgressReport.objects.filter(task=tasks[code], reported_by=user, reported_on=day).exists()
        ):
            continue
        progress_report_create(
            actor=user,
            task=tasks[code],
            status=status,
            percent=percent,
            text=DEMO_MARK + text,
            reported_on=day,
        )
        added += 1
    office = users.get("vanphong")
    if office and not OversightNote.objects.filter(task=tasks["4.2"]).exists():
        oversight_note_create(
            actor=office,
            task=tasks["4.2"],
            kind="inspection",
            held_on=dt.date(2021, 9, 28),
            findings=DEMO_MARK
            + "Cơ sở Cai nghiện ma túy chưa gửi phương án; Trung tâm Dịch vụ việc làm đã gửi bản "
            "dự thảo, chưa có phương án xử lý khi có F0 tại đơn vị.",
            follow_ups="Cơ sở Cai nghiện gửi phương án về Văn phòng Sở; TTDVVL bổ sung phần xử lý F0.",
            follow_up_due=dt.date(2021, 10, 5),
        )
        oversight_note_create(
            actor=office,
            task=tasks["2.1"],
            kind="supervision",
            held_on=dt.date(2021, 10, 12),
            findings=DEMO_MARK
            + "Giám sát tiến độ thẩm định hồ sơ tại Phòng LĐ-TB&XH huyện Lộc Ninh: hồ sơ được "
            "tiếp nhận, rà soát đúng quy trình; một số hồ sơ thiếu xác nhận của người sử dụng lao động.",
            follow_ups="Huyện hướng dẫn người sử dụng lao động bổ sung xác nhận trong 03 ngày làm việc.",
            follow_up_due=dt.date(2021, 10, 15),
        )
    say(f"Tiến độ minh họa: {added} báo cáo mới.")
    # Demo mailboxes so the console e-mail backend shows the deadline alerts (only where none is set).
    from ansinh.org.models import OrgUnit

    for unit in OrgUnit.objects.filter(parent__code="so-ldtbxh", email=""):
        unit.email = f"{unit.code}@demo.sldtbxh.binhphuoc.gov.vn"
        unit.save(update_fields=["email"])
    regimes_demo_load(say)
