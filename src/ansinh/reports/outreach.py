"""“Miss nobody” (không để ai bị bỏ sót): known populations vs. those who applied or were supported.

Known populations are the rows of lists already imported (intake `ImportRow`): employers' worker lists,
lists confirmed by social insurance, the ESC's list of terminated workers, commune household and free-worker
lists, F0/F1 lists, facility rosters. A person on such a list who has no application for the policy the list
points to is *likely eligible, never applied*: they go on the commune's outreach list with the reason.
The opposite check lists people supported under several policies, against the catalogue's compatibility rules.

Matching a person to an application: the ID number (either on the person or in the application's row), else
folded full name + date of birth (catches a 9-digit CMND on one side and a 12-digit CCCD on the other).
Applications are matched province-wide (a person may have applied in another district) but only rows inside
the user's area are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ansinh.kernel.text import fold
from ansinh.org.roles import Action, Resource

LOCKDOWN_REGIMES = {"ct16", "ct16plus", "lockdown"}
SUPPORT_WINDOW = (
    dt.date(2021, 5, 1),
    dt.date(2022, 1, 31),
)  # NQ 68/126 support period; final filing 31/01/2022


@dataclass(frozen=True)
class PopulationSource:
    """A kind of imported list and the policy its people are likely eligible for."""

    form_code: str
    policy_code: str
    reason: str
    needs_lockdown: bool = False  # only when the commune was under CT 16 / lockdown (plans.regimes_for)
    assumption: bool = False  # [M]: mapping not confirmed by a legal text


POPULATION_SOURCES: tuple[PopulationSource, ...] = (
    PopulationSource(
        "mau-05",
        "nq68-tam-hoan",
        "Có tên trong danh sách người lao động tạm hoãn HĐLĐ, nghỉ việc không hưởng lương do người sử "
        "dụng lao động lập (Mẫu số 05), đã được BHXH xác nhận",
    ),
    PopulationSource(
        "mau-06",
        "nq68-ngung-viec",
        "Có tên trong danh sách người lao động ngừng việc do người sử dụng lao động lập",
    ),
    PopulationSource(
        "mau-07",
        "nq68-cham-dut",
        "Có tên trong danh sách người lao động chấm dứt HĐLĐ không đủ điều kiện hưởng trợ cấp thất "
        "nghiệp do Trung tâm Dịch vụ việc làm tổng hợp",
    ),
    PopulationSource(
        "mau-08a", "nq68-f0-f1", "Có tên trong danh sách người điều trị COVID-19 (F0) của cơ sở y tế"
    ),
    PopulationSource("mau-08b", "nq68-f0-f1", "Có tên trong danh sách người cách ly y tế (F1)"),
    PopulationSource(
        "ds-lao-dong-tu-do", "bp-lao-dong-tu-do", "Có tên trong danh sách lao động tự do do UBND xã lập"
    ),
    PopulationSource(
        "ds-ho-tro-luong-thuc",
        "bp-lao-dong-tu-do",
        "Thuộc hộ gia đình khó khăn được hỗ trợ lương thực, ở xã thực hiện giãn cách",
        needs_lockdown=True,
        assumption=True,
    ),
    PopulationSource(
        "ds-cv2642",
        "bp-cv2642",
        "Có tên trong danh sách người dân Bình Phước gặp khó khăn tại vùng dịch (CV 2642/UBND-KGVX)",
    ),
    PopulationSource(
        "ds-hoc-vien-doi-tuong",
        "bp-ho-tro-luong-thuc",
        "Đang được quản lý, nuôi dưỡng tại cơ sở trong thời gian giãn cách",
        needs_lockdown=True,
        assumption=True,
    ),
)
SOURCES_BY_FORM = {s.form_code: s for s in POPULATION_SOURCES}

RegimesFor = Callable[[str, dt.date, dt.date], list]


def _default_regimes() -> RegimesFor | None:
    try:
        from ansinh.plans.services.regimes import regimes_for
    except ImportError:  # the plans app is optional for this check
        return None
    return regimes_for


@dataclass
class OutreachRow:
    commune_code: str
    commune_name: str
    full_name: str
    date_of_birth: dt.date | None
    id_number: str
    policy_code: str
    reason: str
    source: str  # file name and sender
    import_row_id: int
    assumption: bool

    @property
    def policy_label(self) -> str:
        from ansinh.reports.selectors import policy_label

        return policy_label(self.policy_code)


@dataclass
class CommuneCoverage:
    commune_code: str
    commune_name: str
    known: int  # distinct people on population lists
    applied: int
    outreach: int


def _person_key(name: str, dob: dt.date | None) -> tuple[str, str] | None:
    return (fold(name), dob.isoformat()) if name and dob else None


def _applied_index(
    policy_codes: set[str], id_numbers: set[str], births: set[dt.date]
) -> dict[str, tuple[set[str], set[tuple[str, str]]]]:
    """policy → (ID numbers, (folded name, birth date)) of the applicants (province-wide) who could be one of
    the listed people: same ID number or same birth date. Bounded by the lists, not by all applications."""
    from django.db.models import Q

    from ansinh.relief.models import Application

    index: dict[str, tuple[set[str], set[tuple[str, str]]]] = defaultdict(lambda: (set(), set()))
    base = Application.objects.filter(policy_code__in=policy_codes).exclude(status="withdrawn")
    chunk = 2000
    ids, days = sorted(id_numbers), sorted(births)
    filters = [Q(person__isnull=True)]
    filters += [Q(person__id_number__in=ids[i : i + chunk]) for i in range(0, len(ids), chunk)]
    filters += [Q(person__date_of_birth__in=days[i : i + chunk]) for i in range(0, len(days), chunk)]
    fields = ("pk", "policy_code", "person__id_number", "person__full_name", "person__date_of_birth", "data")
    seen: set[int] = set()
    for condition in filters:
        for pk, policy, pid, name, dob, data in base.filter(condition).values_list(*fields).iterator():
            if pk in seen:
                continue
            seen.add(pk)
            id_set, keys = index[policy]
            data = data or {}
            for value in (pid, data.get("id_number")):
                if value:
                    id_set.add(str(value).strip())
            row_dob = dob or _as_date(data.get("date_of_birth"))
            for person_name in (name, data.get("full_name")):
                key = _person_key(person_name or "", row_dob)
                if key:
                    keys.add(key)
    return index


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def outreach_list(
    *, user, commune_code: str = "", policy_code: str = "", regimes_for: RegimesFor | None = None
) -> tuple[list[OutreachRow], list[CommuneCoverage]]:
    """People likely eligible with no application, in the user's area; and coverage per commune."""
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.intake.models import ImportRow

    if not user.can(Resource.IMPORT, Action.VIEW):
        return [], []
    regimes_for = regimes_for or _default_regimes()
    sources = [s for s in POPULATION_SOURCES if not policy_code or s.policy_code == policy_code]
    rows = (
        ImportRow.objects.restrict(user, Action.VIEW)
        .filter(job__form_code__in=[s.form_code for s in sources], superseded=False)
        .exclude(eligible=False)
        .select_related("job", "job__unit", "job__area")
    )
    if commune_code:
        rows = rows.filter(commune_code=commune_code)
    rows = list(rows)
    index = _applied_index(
        {s.policy_code for s in sources},
        {r.id_number for r in rows if r.id_number},
        {r.date_of_birth for r in rows if r.date_of_birth},
    )
    lockdown_cache: dict[str, str] = {}
    found: list[OutreachRow] = []
    known: dict[str, set] = defaultdict(set)
    applied: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    for row in rows:
        source = SOURCES_BY_FORM[row.job.form_code]
        commune = row.commune_code or (row.job.area.code if row.job.area.level == 3 else "")
        person = row.id_number or f"{fold(row.full_name)}|{row.date_of_birth}"
        known[commune].add(person)
        ids, keys = index.get(source.policy_code, (set(), set()))
        if (row.id_number and row.id_number in ids) or _person_key(row.full_name, row.date_of_birth) in keys:
            applied[commune] += (person, source.policy_code) not in seen
            seen.add((person, source.policy_code))
            continue
        reason = source.reason
        if source.needs_lockdown or source.policy_code == "bp-lao-dong-tu-do":
            lockdown = _lockdown_text(commune, regimes_for, lockdown_cache)
            if source.needs_lockdown and not lockdown:
                continue
            if lockdown:
                reason = f"{reason}; {lockdown}"
        if (person, source.policy_code) in seen:
            continue
        seen.add((person, source.policy_code))
        found.append(
            OutreachRow(
                commune,
                "",
                row.full_name,
                row.date_of_birth,
                row.id_number,
                source.policy_code,
                f"{reason}; chưa có hồ sơ đề nghị hỗ trợ chính sách này.",
                f"{row.job.original_name} ({row.job.unit.name}, {row.job.created_at:%d/%m/%Y})",
                row.pk,
                source.assumption,
            )
        )
    names = dict(
        AdminUnit.objects.filter(edition=Edition.Y2021, code__in=list(known)).values_list("code", "name")
    )
    for item in found:
        item.commune_name = names.get(item.commune_code, item.commune_code or "—")
    per_commune = Counter(item.commune_code for item in found)
    coverage = [
        CommuneCoverage(code, names.get(code, code or "—"), len(people), applied[code], per_commune[code])
        for code, people in known.items()
    ]
    coverage.sort(key=lambda c: (-c.outreach, c.commune_name))
    found.sort(key=lambda r: (r.commune_name, r.policy_code, fold(r.full_name)))
    return found, coverage


def _lockdown_text(commune: str, regimes_for: RegimesFor | None, cache: dict[str, str]) -> str:
    if not commune or regimes_for is None:
        return ""
    if commune not in cache:
        periods = [p for p in regimes_for(commune, *SUPPORT_WINDOW) if p.regime in LOCKDOWN_REGIMES]
        cache[commune] = "; ".join(
            f"xã áp dụng {p.label} từ {p.starts_on:%d/%m/%Y}"
            + (f" đến {p.ends_on:%d/%m/%Y}" if p.ends_on else "")
            for p in periods
        )
    return cache[commune]


@dataclass
class MultiPolicyRow:
    person_id: int
    full_name: str
    id_number: str
    commune_name: str
    policies: list[str]
    amount: int
    conflicts: list[str]  # "A + B: note (citation)"


def multi_policy_review(*, user) -> list[MultiPolicyRow]:
    """People supported (awarded) under two or more policies in the user's area, conflicts first."""
    from ansinh.relief.models import Award

    awards = Award.objects.restrict(user, Action.VIEW).values_list(
        "person_id",
        "person__full_name",
        "person__id_number",
        "application__area__name",
        "policy_code",
        "period_key",
        "amount",
    )
    people: dict[int, dict] = {}
    for pid, name, id_number, commune, policy, period, amount in awards.iterator():
        entry = people.setdefault(
            pid, {"name": name, "id": id_number, "commune": commune, "policies": {}, "amount": 0}
        )
        entry["policies"].setdefault(policy, set()).add(period)
        entry["amount"] += amount
    rules = _compatibility_rules()
    out = []
    for pid, entry in people.items():
        codes = sorted(entry["policies"])
        if len(codes) < 2:
            continue
        conflicts = []
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                rule = rules.get((a, b)) or rules.get((b, a))
                if rule:
                    conflicts.append(f"{a} + {b}: {rule}")
        out.append(
            MultiPolicyRow(
                pid, entry["name"], entry["id"], entry["commune"], codes, entry["amount"], conflicts
            )
        )
    out.sort(key=lambda r: (not r.conflicts, r.commune_name, fold(r.full_name)))
    return out


def _compatibility_rules() -> dict[tuple[str, str], str]:
    """(policy, other) → "note (citation) [tag]" from the catalogue's `compatibility` lists."""
    try:
        from ansinh.policies.catalogue import load_catalogue

        catalogue = load_catalogue()
    except Exception:  # the catalogue is another helper's; without it no pair is flagged
        return {}
    return {
        (code, item.policy): f"{item.note_vi} ({item.citation}) [{item.tag}]"
        for code, policy in catalogue.policies.items()
        for item in policy.compatibility
    }
