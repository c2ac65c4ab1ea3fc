"""Demo data: three policies with batches in different states across districts (idempotent).

People come from the synthetic population generator (``ansinh.demo.people``); amounts of the province's own
policies (free workers, CV 2642) are demo assumptions [M] — the Bình Phước texts were not found (policies.md §2).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

DEMO_MARK = "(dữ liệu mẫu)"
EMPLOYER_CODE = "dn-mau-may-loc-ninh"

_FAILED = {
    "nq68-tam-hoan": {
        "code": "min_days",
        "message_vi": "Thời gian tạm hoãn dưới 15 ngày liên tục",
        "citation": "QĐ 23/2021/QĐ-TTg Điều 13",
    },
    "bp-lao-dong-tu-do": {
        "code": "is_free_worker",
        "message_vi": "Có hợp đồng lao động, không thuộc lao động tự do",
        "citation": "NQ 68/NQ-CP mục II.12",
    },
    "bp-cv2642": {
        "code": "stranded",
        "message_vi": "Không còn ở lại TP. Hồ Chí Minh, Bình Dương, Đồng Nai",
        "citation": "CV 2642/UBND-KGVX [M]",
    },
}
_AMOUNT = {"nq68-tam-hoan": 3_710_000, "bp-lao-dong-tu-do": 1_500_000, "bp-cv2642": 1_000_000}


def _people(n: int, seed: int) -> list[dict]:
    try:
        from ansinh.demo.people import generate_people

        records, _ = generate_people(n=n * 3, dup_rate=0.0, seed=seed)
        # keep clean first records: digits-only CCCD/CMND and a full date of birth
        rows = [
            r
            for r in records.to_dicts()
            if re.fullmatch(r"\d{9}|\d{12}", str(r.get("id_number") or ""))
            and re.fullmatch(r"\d{2}/\d{2}/\d{4}", str(r.get("date_of_birth") or ""))
        ][:n]
    except Exception:  # the generator is another helper's module: fall back to a fixed list
        rows = [
            {
                "full_name": f"Nguyễn Văn Mẫu {i + 1}",
                "date_of_birth": f"0{1 + i % 9}/0{1 + i % 9}/1980",
                "sex": "Nam",
                "id_number": f"07008{seed:03d}{i:04d}",
            }
            for i in range(n)
        ]
    out = []
    for row in rows:
        day = str(row.get("date_of_birth") or "")
        try:
            iso = dt.datetime.strptime(day, "%d/%m/%Y").date().isoformat()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            iso = ""
        out.append(
            {
                "full_name": row["full_name"],
                "date_of_birth": iso,
                "sex": row.get("sex") or "",
                "id_number": row.get("id_number") or "",
                "phone": row.get("phone") or "",
            }
        )
    return out


def _rows(policy: str, district, n: int, seed: int, ineligible: tuple[int, ...] = ()) -> list[dict]:
    communes = list(district.children.order_by("code")) if district.level < 3 else [district]
    rows = []
    for i, person in enumerate(_people(n, seed)):
        failed = [_FAILED[policy]] if i in ineligible else []
        amount = 0 if failed else (_AMOUNT[policy] if policy != "nq68-tam-hoan" or i % 3 else 1_855_000)
        extra = 1_000_000 if policy == "nq68-tam-hoan" and i % 5 == 1 and not failed else 0
        commune = communes[i % len(communes)]
        rows.append(
            {
                **person,
                "commune_code": commune.code,
                "address": commune.full_name,
                "eligible": not failed,
                "amount_vnd": amount + extra,
                "extra_amount": extra,
                "failed_conditions": failed,
                "version": "2021",
                "source_row": i + 7,
                "start_date": "2021-08-02",
                "end_date": "2021-09-15",
                "bank_account": f"5100{seed:03d}{i:05d}",
                "bank_name": "Agribank chi nhánh Bình Phước",
                "note": "Mang thai" if extra else "",
            }
        )
    return rows


def _returns(batch, failed_refs: int = 0) -> bytes:
    from ansinh.relief.models import Payment

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã chi trả", "Kết quả", "Ngày", "Ghi chú"])
    for i, payment in enumerate(
        Payment.objects.filter(award__application__batch=batch, status="pending").order_by("pk")
    ):
        writer.writerow(
            [
                payment.reference,
                "Thất bại" if i < failed_refs else "Đã chi",
                "20/09/2021",
                "Sai số tài khoản" if i < failed_refs else "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def load_relief_demo(say: Callable[[str], None]) -> None:
    """Create the demo batches once; later runs only report they are there."""
    from ansinh.relief.models import Batch

    if Batch.objects.filter(title__contains=DEMO_MARK).exists():
        say(f"Hỗ trợ: dữ liệu mẫu đã có ({Batch.objects.filter(title__contains=DEMO_MARK).count()} đợt).")
        return
    with transaction.atomic():
        made = _build(say)
    say(f"Hỗ trợ: đã tạo {made} đợt mẫu (NQ 68 tạm hoãn, lao động tự do, CV 2642).")


def _build(say: Callable[[str], None]) -> int:
    from ansinh.documents.pdf import weasyprint_available
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.org.models import OrgUnit, User
    from ansinh.relief import services
    from ansinh.relief.models import Payment

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["huyen.locninh", "huyen.dongphu", "ldvl", "lanhdao", "xa.locninh"]
        )
    }
    if len(users) < 5:
        say("Hỗ trợ: thiếu tài khoản demo, bỏ qua dữ liệu mẫu.")
        return 0

    def district(name):
        return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=name)

    loc_ninh, dong_phu = district("Lộc Ninh"), district("Đồng Phú")
    employer, _ = OrgUnit.objects.get_or_create(
        code=EMPLOYER_CODE,
        defaults={
            "name": "Công ty TNHH May mặc Lộc Ninh (mẫu)",
            "short_name": "Công ty May mặc Lộc Ninh",
            "kind": OrgUnit.Kind.EMPLOYER,
            "area": loc_ninh,
        },
    )
    dp_commune = dong_phu.children.order_by("code").first()
    ln_commune = loc_ninh.children.order_by("code").first()
    dp_unit = OrgUnit.objects.get(code=f"ubnd-xa-{dp_commune.code}")
    ln_unit = OrgUnit.objects.get(code=f"ubnd-xa-{ln_commune.code}")
    pdf_ok = weasyprint_available()[0]
    clerk_ln, clerk_dp, division, leader = (
        users["huyen.locninh"],
        users["huyen.dongphu"],
        users["ldvl"],
        users["lanhdao"],
    )

    def create(policy, unit, area, rows, actor, label):
        return services.batch_create_from_rows(
            policy_code=policy, unit=unit, area=area, rows=rows, actor=actor, title=f"{label} {DEMO_MARK}"
        )

    # 1. NQ 68 suspension, employer in Lộc Ninh: one batch the whole way, one waiting for appraisal.
    b1 = create(
        "nq68-tam-hoan",
        employer,
        loc_ninh,
        _rows("nq68-tam-hoan", loc_ninh, 12, 681, (11,)),
        clerk_ln,
        "Tạm hoãn HĐLĐ — Công ty May mặc Lộc Ninh, đợt 01",
    )
    services.batch_submit(batch=b1, actor=clerk_ln)
    services.batch_confirm(batch=b1, actor=clerk_ln, reference="312/BHXH-QLT")
    services.batch_appraise(batch=b1, actor=division)
    decision = services.batch_approve(batch=b1, actor=leader)
    if pdf_ok:
        services.decision_sign(decision=decision, actor=leader)
        services.payment_export(batch=b1, actor=clerk_ln, fmt="xlsx")
        services.payment_import_returns(
            batch=b1, actor=clerk_ln, content=_returns(b1, failed_refs=1), filename="kq.csv"
        )
        failed = Payment.objects.get(award__application__batch=b1, status="failed")
        services.payment_reissue(payment=failed, actor=clerk_ln)
        services.payment_import_returns(batch=b1, actor=clerk_ln, content=_returns(b1), filename="kq2.csv")
        services.payment_confirm(
            payments=Payment.objects.filter(award__application__batch=b1, status="disbursed"), actor=clerk_ln
        )
    b2 = create(
        "nq68-tam-hoan",
        employer,
        loc_ninh,
        _rows("nq68-tam-hoan", loc_ninh, 6, 682),
        clerk_ln,
        "Tạm hoãn HĐLĐ — Công ty May mặc Lộc Ninh, đợt 02",
    )
    services.batch_submit(batch=b2, actor=clerk_ln)
    services.batch_confirm(batch=b2, actor=clerk_ln, reference="355/BHXH-QLT")

    # 2. Free workers, a commune of Đồng Phú: one approved and signed (to pay), one submitted and overdue.
    b3 = create(
        "bp-lao-dong-tu-do",
        dp_unit,
        dp_commune,
        _rows("bp-lao-dong-tu-do", dp_commune, 10, 12, (3, 7)),
        clerk_dp,
        f"Lao động tự do — UBND {dp_commune.full_name}, đợt 01",
    )
    services.batch_submit(batch=b3, actor=clerk_dp)
    services.batch_appraise(batch=b3, actor=clerk_dp)
    decision3 = services.batch_approve(batch=b3, actor=leader)
    if pdf_ok:
        services.decision_sign(decision=decision3, actor=leader)
    b4 = create(
        "bp-lao-dong-tu-do",
        dp_unit,
        dp_commune,
        _rows("bp-lao-dong-tu-do", dp_commune, 5, 13),
        clerk_dp,
        f"Lao động tự do — UBND {dp_commune.full_name}, đợt 02",
    )
    services.batch_submit(batch=b4, actor=clerk_dp)
    # shown as overdue: the demo pretends it was received a week ago
    type(b4).objects.filter(pk=b4.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))

    # 3. CV 2642 stranded residents, a commune of Lộc Ninh: appraised (waiting for approval) and a draft.
    b5 = create(
        "bp-cv2642",
        ln_unit,
        ln_commune,
        _rows("bp-cv2642", ln_commune, 8, 2642, (5,)),
        clerk_ln,
        f"CV 2642 — người dân ở TP.HCM, Bình Dương, Đồng Nai — UBND {ln_commune.full_name}, đợt 01",
    )
    services.batch_submit(batch=b5, actor=clerk_ln)
    services.batch_appraise(batch=b5, actor=clerk_ln)
    create(
        "bp-cv2642",
        ln_unit,
        ln_commune,
        _rows("bp-cv2642", ln_commune, 4, 2643),
        users["xa.locninh"],
        f"CV 2642 — UBND {ln_commune.full_name}, đợt 02",
    )
    return 6
