"""Demo data for the review queue (idempotent): three stored lists linked to the registry.

* Lộc Ninh, NQ 68 suspension (Mẫu số 05): people of the synthetic population, plus some people of the relief
  demo's approved batch spelt differently (→ "already approved/paid", "already in another batch");
* Lộc Ninh, free workers: later, noisier records of the same people (→ automatic links and pairs for review;
  people also in the NQ 68 list → "incompatible policy" with the catalogue's citation);
* Đồng Phú, free workers: its own people with duplicates (pairs the Đồng Phú officer sees, Lộc Ninh's not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

DEMO_MARK = "(dữ liệu mẫu)"
_SEED = 2021


def load_linkage_demo(say: Callable[[str], None]) -> None:
    """Create and link the demo lists once; later runs only report what is there."""
    from ansinh.intake.models import ImportJob
    from ansinh.linkage.models import ReviewPair

    if ImportJob.objects.filter(sha256__startswith="demo-linkage-").exists():
        say(
            f"Đối chiếu trùng lặp: dữ liệu mẫu đã có ({ReviewPair.objects.filter(status='open').count()} cặp "
            f"chờ xem xét)."
        )
        return
    _relief_demo_first()
    jobs = _build_jobs(say)
    if not jobs:
        return
    from ansinh.registry.services import persons_link_import

    pairs = 0
    for job in jobs:
        summary = persons_link_import(job=job, actor=job.created_by)
        pairs += summary.review_pairs
    say(
        f"Đối chiếu trùng lặp: đã nhập và đối chiếu {len(jobs)} danh sách mẫu; {pairs} cặp chờ cán bộ xem xét."
    )


def _relief_demo_first() -> None:
    """The NQ 68 list re-uses people of the relief demo's batches (its loader is idempotent)."""
    from ansinh.relief.demo import load_relief_demo

    load_relief_demo(lambda _text: None)


def _parse(text: str) -> dt.date | None:
    for pattern, order in (
        (r"^(\d{1,2})/(\d{1,2})/(\d{4})$", "dmy"),
        (r"^(\d{4})-?(\d{2})-?(\d{2})$", "ymd"),
    ):
        found = re.match(pattern, text or "")
        if found:
            a, b, c = (int(x) for x in found.groups())
            try:
                return dt.date(c, b, a) if order == "dmy" else dt.date(a, b, c)
            except ValueError:
                return None
    return None


def _people(n: int, dup_rate: float, seed: int) -> list[tuple[str, dict]]:
    from ansinh.demo.people import generate_people

    records, truth = generate_people(n=n, dup_rate=dup_rate, seed=seed)
    joined = records.join(truth, on="record_id").sort("record_id")
    return [(r["person_id"], r) for r in joined.to_dicts()]


def _build_jobs(say: Callable[[str], None]) -> list:
    from django.core.files.base import ContentFile
    from django.db import transaction

    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.intake.models import ImportJob, ImportRow
    from ansinh.org.models import OrgUnit, User

    users = {u.username: u for u in User.objects.filter(username__in=["huyen.locninh", "huyen.dongphu"])}
    if len(users) < 2:
        say("Đối chiếu trùng lặp: thiếu tài khoản demo, bỏ qua dữ liệu mẫu.")
        return []

    def district(name: str) -> AdminUnit:
        return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=name)

    loc_ninh, dong_phu = district("Lộc Ninh"), district("Đồng Phú")

    def communes_of(d: AdminUnit) -> list[AdminUnit]:
        return list(d.children.order_by("code"))

    def place(person_id: str, d: AdminUnit) -> AdminUnit:
        units = communes_of(d)
        return units[int(hashlib.sha256(person_id.encode()).hexdigest(), 16) % len(units)]

    def row(r: dict, unit: AdminUnit) -> dict:
        return {
            "full_name": r["full_name"] or "",
            "date_of_birth": r["date_of_birth"] or "",
            "sex": r.get("sex") or "",
            "id_number": re.sub(r"\D", "", r.get("id_number") or ""),
            "phone": r.get("phone") or "",
            "address": unit.full_name,
            "commune_code": unit.code,
        }

    # Lộc Ninh: first records in the NQ 68 list, later records (noisy duplicates) in the free-worker list.
    population = _people(60, 0.6, _SEED)
    first_seen: set[str] = set()
    nq68, free_ln = [], []
    for person_id, r in population:
        unit = place(person_id, loc_ninh)
        (free_ln if person_id in first_seen else nq68).append(row(r, unit))
        first_seen.add(person_id)
    nq68 += _relief_people_respelt(loc_ninh)
    free_ln += _year_only_namesakes(nq68[:8])
    free_ln += nq68[4:6]  # the same people in an incompatible policy's list

    dp_people = _people(30, 0.7, _SEED + 1)
    free_dp = [row(r, place(pid, dong_phu)) for pid, r in dp_people]
    free_dp += _year_only_namesakes(free_dp[:6])

    specs = [
        (
            "nq68-tam-hoan",
            "mau-05",
            loc_ninh,
            users["huyen.locninh"],
            f"Danh sách tạm hoãn HĐLĐ — Công ty May mặc Lộc Ninh, đợt 03 {DEMO_MARK}.xlsx",
            nq68,
        ),
        (
            "bp-lao-dong-tu-do",
            "ds-lao-dong-tu-do",
            loc_ninh,
            users["huyen.locninh"],
            f"Danh sách lao động tự do — huyện Lộc Ninh {DEMO_MARK}.xlsx",
            free_ln,
        ),
        (
            "bp-lao-dong-tu-do",
            "ds-lao-dong-tu-do",
            dong_phu,
            users["huyen.dongphu"],
            f"Danh sách lao động tự do — huyện Đồng Phú {DEMO_MARK}.xlsx",
            free_dp,
        ),
    ]
    jobs = []
    with transaction.atomic():
        for i, (_policy, form_code, area, user, name, rows) in enumerate(specs, start=1):
            unit = OrgUnit.objects.get(code=f"pldtbxh-{area.code}")
            job = ImportJob(
                original_name=name,
                sha256=f"demo-linkage-{i}",
                form_code=form_code,
                unit=unit,
                area=area,
                created_by=user,
                status=ImportJob.Status.STORED,
                counts={"rows": len(rows), "stored": len(rows)},
                finished_at=dt.datetime.now(dt.UTC),
                message=f"Đã lưu {len(rows)} dòng.",
            )
            job.file.save(f"demo-linkage-{i}.txt", ContentFile("dữ liệu mẫu".encode()), save=False)
            job.save()
            ImportRow.objects.bulk_create(
                [
                    ImportRow(
                        job=job,
                        source_row=7 + n,
                        row_key=f"demo:{n}",
                        full_name=r["full_name"],
                        date_of_birth=_parse(r["date_of_birth"]),
                        id_number=r["id_number"],
                        commune_code=r["commune_code"],
                        data={k: v for k, v in r.items() if k != "commune_code"},
                        eligible=True,
                    )
                    for n, r in enumerate(rows)
                ]
            )
            jobs.append(job)
    return jobs


def _relief_people_respelt(district) -> list[dict]:
    """Four people of the relief demo's Lộc Ninh NQ 68 batches, as another clerk types them."""
    from ansinh.relief.models import Application

    out = []
    for app in (
        Application.objects.filter(policy_code="nq68-tam-hoan", area__path__startswith=district.path)
        .select_related("person", "area")
        .order_by("pk")[:4]
    ):
        person = app.person
        if person is None:
            continue
        import unicodedata

        folded = "".join(
            c for c in unicodedata.normalize("NFD", person.full_name) if unicodedata.category(c) != "Mn"
        )
        out.append(
            {
                "full_name": folded.replace("Đ", "D").replace("đ", "d"),
                "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
                "sex": person.get_sex_display(),
                "id_number": person.id_number.lstrip("0"),
                "phone": person.phone,
                "address": app.area.full_name,
                "commune_code": app.area.code,
            }
        )
    return out


def _year_only_namesakes(rows: list[dict]) -> list[dict]:
    """The same name in the same commune with only a birth year, no ID and no phone: a renewed record of
    the same person, or a namesake? The model is unsure — exactly what the review queue is for."""
    out = []
    seen: set[str] = set()
    for r in rows:
        if r["full_name"].lower() in seen:  # one namesake per person, not one per duplicate record
            continue
        seen.add(r["full_name"].lower())
        year = (r["date_of_birth"] or "")[-4:] if re.search(r"\d{4}$", r["date_of_birth"] or "") else ""
        out.append({**r, "date_of_birth": year, "id_number": "", "phone": ""})
    return out
