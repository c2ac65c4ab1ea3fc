"""Duplicate flags for imported rows by exact ID number: the floor under probabilistic linkage.

Flags say where else the person already is: in this list, in another list of the same policy (which
batch, which status), already approved or paid for the policy. The linkage module refines this with
fuzzy matching; this check never misses an exact ID.
"""

from __future__ import annotations

from collections import Counter

from ansinh.intake.models import ImportJob, ImportRow

ID_IDX, FLAGS_IDX, ROW_IDX = 5, 14, 1


def flag_rows(rows: list[tuple], *, policy_code: str, job: ImportJob) -> int:
    """Append flags to the staged rows in place; return how many rows got at least one flag."""
    ids = [r[ID_IDX] for r in rows if r[ID_IDX]]
    counts = Counter(ids)
    first_row: dict[str, int] = {}
    for r in rows:
        if r[ID_IDX] and r[ID_IDX] not in first_row:
            first_row[r[ID_IDX]] = r[ROW_IDX]
    elsewhere: dict[str, list[dict]] = {}
    if ids:
        for chunk_start in range(0, len(ids), 5000):
            chunk = ids[chunk_start:chunk_start + 5000]
            for other in (ImportRow.objects.filter(id_number__in=chunk, superseded=False,
                                                   job__form_code=job.form_code,
                                                   job__status=ImportJob.Status.STORED)
                          .exclude(job=job).exclude(job__unit=job.unit)
                          .values("id_number", "job_id", "job__original_name", "job__unit__name")[:20000]):
                elsewhere.setdefault(other["id_number"], []).append(
                    {"code": "link.other_list", "message": f"Đã có trong danh sách «{other['job__original_name']}» "
                     f"của {other['job__unit__name']} (lần nhập #{other['job_id']})"})
            _awards_elsewhere(chunk, policy_code, elsewhere)
    flagged = 0
    for r in rows:
        flags = r[FLAGS_IDX]
        id_number = r[ID_IDX]
        if id_number and counts[id_number] > 1 and first_row[id_number] != r[ROW_IDX]:
            flags.append({"code": "link.duplicate_in_list",
                          "message": f"Trùng số định danh với dòng {first_row[id_number]} trong cùng danh sách"})
        flags.extend(elsewhere.get(id_number, []))
        flagged += bool(flags)
    return flagged


def _awards_elsewhere(ids: list[str], policy_code: str, out: dict[str, list[dict]]) -> None:
    if not policy_code:
        return
    from ansinh.relief.models import Application

    for app in (Application.objects.filter(person__id_number__in=ids, policy_code=policy_code)
                .exclude(status__in=["rejected", "withdrawn"])
                .values("person__id_number", "batch_id", "status")[:20000]):
        out.setdefault(app["person__id_number"], []).append(
            {"code": "link.same_policy", "message": f"Đã có hồ sơ chính sách này ở đợt #{app['batch_id']} "
             f"(trạng thái: {app['status']})"})
