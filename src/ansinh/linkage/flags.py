"""Flags with reasons for each linked row of an import: where else this person already is.

Codes (``linkage.*``; they replace the exact-ID floor's ``link.*`` flag of the same meaning when both fire):
``linkage.duplicate_in_list``, ``linkage.possible_duplicate``, ``linkage.other_list``,
``linkage.already_awarded``, ``linkage.incompatible_policy`` (with the catalogue's citation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from ansinh.intake.models import ImportJob, ImportRow
from ansinh.linkage.models import RecordLink, ReviewPair
from ansinh.linkage.records import chunks
from ansinh.registry.models import Person

OWN_PREFIX = "linkage."
# The floor check's flag that a linkage flag makes redundant (same meaning, found by fuzzy matching too).
FLOOR_EQUIVALENT = {
    "link.duplicate_in_list": "linkage.duplicate_in_list",
    "link.other_list": "linkage.other_list",
    "link.same_policy": "linkage.other_list",
}
_CLOSED_APPLICATION = ("rejected", "withdrawn")


@dataclass(frozen=True)
class JobPolicy:
    code: str
    period_key: str
    name: str


def job_policy(job: ImportJob) -> JobPolicy | None:
    """The policy a list is for: its batch's, else the job's evaluated policy, else the one (computed)
    policy its form feeds."""
    from ansinh.relief.models import Batch

    batch = Batch.objects.filter(source_import=job).order_by("pk").values("policy_code", "period_key").first()
    catalogue = _catalogue()
    if batch:
        return JobPolicy(
            batch["policy_code"], batch["period_key"], _policy_name(catalogue, batch["policy_code"])
        )
    if getattr(job, "policy_code", ""):  # the policy the intake pipeline evaluated the list under
        return JobPolicy(job.policy_code, "2021", _policy_name(catalogue, job.policy_code))
    if not job.form_code:
        return None
    from ansinh.intake.pipeline.formspec import default_forms

    form = default_forms().get(job.form_code)
    codes = [c for c in (form.policies if form else ()) if c in catalogue.policies]
    computed = [c for c in codes if catalogue.get(c).computed]
    code = (computed or codes or [None])[0]
    return JobPolicy(code, "2021", _policy_name(catalogue, code)) if code else None


def _catalogue():
    """The catalogue in force (YAML + the province's stored decisions), cached by the policies app."""
    from ansinh.policies.selectors import catalogue_effective

    return catalogue_effective()


def _policy_name(catalogue, code: str | None) -> str:
    if not code or code not in catalogue.policies:
        return code or ""
    policy = catalogue.get(code)
    return getattr(policy, "short_name_vi", None) or getattr(policy, "name_vi", None) or code


def incompatible_with(code: str) -> dict[str, tuple[str, str]]:
    """``{other policy: (citation, note)}``: policies not to be received together with ``code`` (both
    directions of the catalogue's ``compatibility`` lists)."""
    catalogue = _catalogue()
    out: dict[str, tuple[str, str]] = {}
    if code in catalogue.policies:
        for item in catalogue.get(code).compatibility:
            out[item.policy] = (item.citation, item.note_vi)
    for other in catalogue.policies.values():
        for item in other.compatibility:
            if item.policy == code:
                out.setdefault(other.code, (item.citation, item.note_vi))
    return out


def merge_groups(roots: set[int]) -> dict[int, int]:
    """``{person pk: root pk}`` for each root and every person redirected (through merges) into it."""
    owner = {pk: pk for pk in roots}
    frontier = set(roots)
    for _depth in range(10):  # merge chains are short; a cycle cannot exist (older always kept)
        found: dict[int, int] = {}
        for chunk in chunks(sorted(frontier)):
            for pk, into in Person.objects.filter(merged_into__in=chunk).values_list("pk", "merged_into"):
                if pk not in owner:
                    found[pk] = owner[into]
        if not found:
            break
        owner.update(found)
        frontier = set(found)
    return owner


def _status_label(model, value: str) -> str:
    return str(dict(model.Status.choices).get(value, value))


def compute_job_flags(job: ImportJob) -> dict[int, list[dict]]:
    """``{ImportRow pk: [flag, ...]}`` for the linked rows of ``job``."""
    from ansinh.relief.models import Application, Award, Batch

    links = list(
        RecordLink.objects.filter(import_row__job=job).values_list(
            "import_row_id", "import_row__source_row", "person_id", "person__person_code", "pk"
        )
    )
    flags: dict[int, list[dict]] = defaultdict(list)
    if not links:
        return flags
    policy = job_policy(job)
    owner = merge_groups({pid for _r, _s, pid, _c, _l in links})
    members = list(owner)
    rows_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row_id, source_row, pid, _code, _link in links:
        rows_of[pid].append((source_row, row_id))

    # 1. Duplicates inside this list (the same person on several rows).
    for rows in rows_of.values():
        rows.sort()
        first = rows[0][0]
        for _source_row, row_id in rows[1:]:
            flags[row_id].append(
                {
                    "code": "linkage.duplicate_in_list",
                    "message": f"Cùng một người với dòng {first} trong danh sách này",
                }
            )

    # 2. Pairs waiting for an officer.
    link_to_row = {link: row_id for row_id, _s, _p, _c, link in links}
    for chunk in chunks(list(link_to_row)):
        for pair in (
            ReviewPair.objects.filter(status=ReviewPair.Status.OPEN)
            .filter(Q(record_l_id__in=chunk) | Q(record_r_id__in=chunk))
            .select_related("record_l__import_row__job", "record_r__import_row__job")
            # A job's problem list (up to 5,000 items) would be loaded once per pair otherwise.
            .defer("record_l__import_row__job__problems", "record_r__import_row__job__problems")
        ):
            for mine, other in ((pair.record_l, pair.record_r), (pair.record_r, pair.record_l)):
                if mine.pk in link_to_row:
                    flags[link_to_row[mine.pk]].append(
                        {
                            "code": "linkage.possible_duplicate",
                            "message": f"Có thể trùng với {_describe(other, job)} (xác suất "
                            f"{pair.match_probability:.0%}) — chờ cán bộ xác minh",
                            "review_pair": pair.pk,
                        }
                    )
    if policy is None:
        return flags

    by_root: dict[int, list[dict]] = defaultdict(list)

    # 3. Already in another list of the same policy (which list, which batch, which status).
    other_rows = []
    for chunk in chunks(members):
        other_rows += list(
            RecordLink.objects.filter(
                person_id__in=chunk, import_row__isnull=False, import_row__superseded=False
            )
            .exclude(import_row__job=job)
            .values_list(
                "person_id",
                "import_row__job_id",
                "import_row__job__original_name",
                "import_row__job__unit__name",
                "import_row__job__form_code",
                "import_row__source_row",
                "import_row__job__policy_code",
            )
        )
    other_jobs = {r[1] for r in other_rows}
    batches = {
        b["source_import_id"]: b
        for b in Batch.objects.filter(source_import_id__in=other_jobs).values(
            "pk", "source_import_id", "policy_code", "sequence", "status", "title"
        )
    }
    forms_policy: dict[int, str | None] = {}
    incompatible = incompatible_with(policy.code)
    seen_batches: dict[int, set[int]] = defaultdict(set)
    for pid, job_id, name, unit_name, form_code, source_row, job_policy_code in other_rows:
        batch = batches.get(job_id)
        if batch:
            other_code = batch["policy_code"]
        else:
            if job_id not in forms_policy:
                other_policy = job_policy(
                    ImportJob(pk=job_id, form_code=form_code, policy_code=job_policy_code)
                )
                forms_policy[job_id] = other_policy.code if other_policy else None
            other_code = forms_policy[job_id]
        if other_code != policy.code and other_code not in incompatible:
            continue
        where = (
            f"đợt {batch['sequence']:02d}, trạng thái: {_status_label(Batch, batch['status'])}"
            if batch
            else "chưa lập đợt"
        )
        if batch:
            seen_batches[owner[pid]].add(batch["pk"])
        place = f"danh sách «{name}» của {unit_name} (lần nhập #{job_id}, dòng {source_row}; {where})"
        if other_code == policy.code:
            by_root[owner[pid]].append({"code": "linkage.other_list", "message": f"Đã có trong {place}"})
        else:
            citation, note = incompatible[other_code]
            by_root[owner[pid]].append(
                {
                    "code": "linkage.incompatible_policy",
                    "message": f"Có trong {place} của chính sách «{_policy_name(_catalogue(), other_code)}» — "
                    f"không hưởng đồng thời: {note}",
                    "citation": citation,
                    "policy": other_code,
                }
            )

    # 3b. Applications of the same policy in other batches (lists entered by hand or before linkage).
    apps = []
    for chunk in chunks(members):
        apps += list(
            Application.objects.filter(person_id__in=chunk, policy_code__in=[policy.code, *incompatible])
            .exclude(status__in=_CLOSED_APPLICATION)
            .exclude(batch__source_import=job)
            .values_list("person_id", "policy_code", "status", "batch_id", "batch__title", "batch__sequence")
        )
    for pid, code, status, batch_id, title, sequence in apps:
        root = owner[pid]
        label = _status_label(Application, status)
        if code == policy.code:
            if batch_id not in seen_batches[root]:
                seen_batches[root].add(batch_id)
                by_root[root].append(
                    {
                        "code": "linkage.other_list",
                        "message": f"Đã có hồ sơ chính sách này ở đợt «{title}» "
                        f"(đợt {sequence:02d}, trạng thái: {label})",
                    }
                )
        elif batch_id not in seen_batches[root]:
            seen_batches[root].add(batch_id)
            citation, note = incompatible[code]
            by_root[root].append(
                {
                    "code": "linkage.incompatible_policy",
                    "message": f"Đã có hồ sơ chính sách «{_policy_name(_catalogue(), code)}» ở đợt «{title}» "
                    f"(trạng thái: {label}) — không hưởng đồng thời: {note}",
                    "citation": citation,
                    "policy": code,
                }
            )

    # 4. Already approved (and maybe paid) for this policy and period.
    for chunk in chunks(members):
        for award in (
            Award.objects.filter(person_id__in=chunk, policy_code=policy.code, period_key=policy.period_key)
            .exclude(application__batch__source_import=job)
            .select_related("decision")
            .prefetch_related("payments")
        ):
            paid = any(p.status in ("disbursed", "confirmed") for p in award.payments.all())
            number = award.decision.number or f"dự thảo #{award.decision_id}"
            by_root[owner[award.person_id]].append(
                {
                    "code": "linkage.already_awarded",
                    "message": (
                        f"Đã được phê duyệt hỗ trợ chính sách này kỳ {policy.period_key} "
                        f"(quyết định {number})" + ("; đã chi trả" if paid else "")
                    ),
                }
            )

    for row_id, _s, pid, _c, _l in links:
        flags[row_id].extend(by_root.get(owner[pid], []))
    return flags


def _describe(record: RecordLink, job: ImportJob) -> str:
    row = record.import_row
    if row is None:
        return "một đối tượng đã có trong sổ"
    if row.job_id == job.pk:
        return f"dòng {row.source_row} trong danh sách này"
    return f"dòng {row.source_row} của danh sách «{row.job.original_name}»"


def merged_flags(existing: list[dict], mine: list[dict]) -> list[dict]:
    """The floor's flags that linkage does not restate, then linkage's own (old ``linkage.*`` replaced)."""
    my_codes = {f["code"] for f in mine}
    kept = [
        f
        for f in existing or []
        if not str(f.get("code", "")).startswith(OWN_PREFIX)
        and FLOOR_EQUIVALENT.get(str(f.get("code", ""))) not in my_codes
    ]
    return kept + mine


def job_flags_write(job: ImportJob) -> int:
    """Write the job's flags back into ``ImportRow.flags``; return how many rows carry a flag."""
    computed = compute_job_flags(job)
    rows = list(ImportRow.objects.filter(job=job, record_link__isnull=False).only("pk", "flags"))
    changed = []
    flagged = 0
    for row in rows:
        new = merged_flags(row.flags, computed.get(row.pk, []))
        flagged += bool(new)
        if new != row.flags:
            row.flags = new
            changed.append(row)
    ImportRow.objects.bulk_update(changed, ["flags"], batch_size=500)
    return flagged
