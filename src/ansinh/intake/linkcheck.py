"""Duplicate flags for imported rows by exact ID number: the floor under probabilistic linkage.

Flags say where else the person already is: in this list, in another list of the same form sent by
another unit, in an application for the same policy. The linkage module refines this with fuzzy
matching.

Other lists are searched through the registry (a person's ID number is indexed there, and linkage's
`RecordLink` says which rows are about that person), and, for the few lists linkage has not reached yet
(`ImportJob.linked_at` empty), by reading those lists' rows. The import-row table itself has no index on
the ID number: that keeps storing a 200,000-row list within its time budget (ADR 0034).
"""

from __future__ import annotations

import polars as pl

from ansinh.intake.models import ImportJob, ImportRow

_CHUNK = 5000


def flag_rows(frame: pl.DataFrame, *, policy_code: str, job: ImportJob) -> dict[int, list[dict]]:
    """source_row → flags ({code, message}) for the rows that have any."""
    flags: dict[int, list[dict]] = {}
    with_id = frame.filter(pl.col("id_number") != "").select("source_row", "id_number")
    first = with_id.group_by("id_number").agg(pl.col("source_row").min().alias("first_row"))
    repeats = with_id.join(first, on="id_number").filter(pl.col("source_row") != pl.col("first_row"))
    for source_row, first_row in repeats.select("source_row", "first_row").iter_rows():
        flags.setdefault(source_row, []).append(
            {"code": "link.duplicate_in_list",
             "message": f"Trùng số định danh với dòng {first_row} trong cùng danh sách"})
    ids = first["id_number"].to_list()
    elsewhere: dict[str, list[dict]] = {}
    others = (ImportRow.objects.filter(superseded=False, job__form_code=job.form_code,
                                       job__status=ImportJob.Status.STORED)
              .exclude(job=job).exclude(job__unit=job.unit))
    unlinked_jobs = list(ImportJob.objects.filter(form_code=job.form_code, status=ImportJob.Status.STORED,
                                                  linked_at__isnull=True)
                         .exclude(pk=job.pk).exclude(unit=job.unit).values_list("pk", flat=True)) if ids else []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found = others.filter(record_link__person__id_number__in=chunk).values(
            "record_link__person__id_number", "job_id", "job__original_name", "job__unit__name")
        _add_other_lists(found[:20000], "record_link__person__id_number", elsewhere)
        if unlinked_jobs:
            found = others.filter(job_id__in=unlinked_jobs, id_number__in=chunk).values(
                "id_number", "job_id", "job__original_name", "job__unit__name")
            _add_other_lists(found[:20000], "id_number", elsewhere)
        _applications_elsewhere(chunk, policy_code, elsewhere)
    if elsewhere:
        for source_row, id_number in with_id.filter(pl.col("id_number").is_in(list(elsewhere))).iter_rows():
            flags.setdefault(source_row, []).extend(elsewhere[id_number])
    return flags


def _add_other_lists(found, id_key: str, out: dict[str, list[dict]]) -> None:
    for other in found:
        flag = {"code": "link.other_list", "message": f"Đã có trong danh sách «{other['job__original_name']}» "
                f"của {other['job__unit__name']} (lần nhập #{other['job_id']})"}
        if flag not in out.setdefault(other[id_key], []):  # a list found both ways is named once
            out[other[id_key]].append(flag)


def _applications_elsewhere(ids: list[str], policy_code: str, out: dict[str, list[dict]]) -> None:
    if not policy_code:
        return
    from ansinh.relief.models import Application

    for app in (Application.objects.filter(person__id_number__in=ids, policy_code=policy_code)
                .exclude(status__in=["rejected", "withdrawn"])
                .values("person__id_number", "batch_id", "status")[:20000]):
        out.setdefault(app["person__id_number"], []).append(
            {"code": "link.same_policy", "message": f"Đã có hồ sơ chính sách này ở đợt #{app['batch_id']} "
             f"(trạng thái: {app['status']})"})
