"""Import jobs: create, run stage by stage, cancel, confirm column mappings. All writes audited.

The job body (`import_job_run`) commits its progress after each stage so the clerk's progress bar
moves, but writes the rows in ONE final transaction: a crash or a cancellation before it leaves no row.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.audit import events
from ansinh.intake import linkcheck, store
from ansinh.intake.models import ImportJob, ImportRow, SenderMapping
from ansinh.intake.pipeline.limits import IntakeError
from ansinh.org.access import user_in_area
from ansinh.org.models import OrgUnit, User
from ansinh.org.roles import Action, Resource
from ansinh.relief.errors import ReliefError

DEFAULT_CLI_UNIT = "so-ldtbxh"  # `ansinh import` without --unit: the Department receives the list


class ImportRefused(Exception):
    """A clerk's import request that cannot be carried out (Vietnamese message)."""


class ImportCancelled(Exception):
    pass


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    for chunk in fileobj.chunks() if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _check_can_import(actor: User, unit: OrgUnit) -> None:
    if not actor.can(Resource.IMPORT, Action.CREATE):
        raise ImportRefused("Tài khoản của bạn không có quyền nhập danh sách.")
    if unit.area_id is None or not user_in_area(actor, unit.area.path):
        raise ImportRefused(f"Đơn vị «{unit}» không thuộc địa bàn của bạn.")


def import_job_create(*, uploaded_file, unit: OrgUnit, actor: User, form_code: str = "") -> ImportJob:
    """Register an uploaded list and queue its processing. The same file for the same unit adds nothing."""
    _check_can_import(actor, unit)
    sha = _sha256(uploaded_file)
    earlier = ImportJob.objects.filter(sha256=sha, unit=unit, status=ImportJob.Status.STORED).first()
    with transaction.atomic():
        job = ImportJob(original_name=Path(uploaded_file.name).name[:255], sha256=sha, unit=unit, area=unit.area,
                        form_code=form_code, created_by=actor)
        if earlier:
            job.status = ImportJob.Status.DUPLICATE
            job.message = (f"Tệp này đã được nhập ngày {timezone.localtime(earlier.created_at):%d/%m/%Y %H:%M} "
                           f"(lần nhập #{earlier.pk}); không thêm dòng nào.")
            job.counts = {**earlier.counts, "added": 0}
            job.supersedes = earlier
            job.finished_at = timezone.now()
        job.file.save(job.original_name, File(uploaded_file), save=False)
        job.save()
        events.record(actor=actor, action=events.CREATE, obj=job,
                      summary=f"Tải lên danh sách «{job.original_name}» ({unit})", after={"sha256": sha})
        if job.status == ImportJob.Status.QUEUED:
            from ansinh.intake.tasks import run_import_job

            transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def _set_stage(job: ImportJob, status: str, **counts: int) -> None:
    """Commit a progress step (outside the final transaction), unless the clerk asked to cancel."""
    job.refresh_from_db(fields=["cancel_requested"])
    if job.cancel_requested:
        raise ImportCancelled
    job.status = status
    job.counts = {**job.counts, **counts}
    job.save(update_fields=["status", "counts"])


@contextmanager
def _local_copy(job: ImportJob) -> Iterator[Path]:
    """The uploaded file as a local path with its original suffix (the storage may not be a disk)."""
    name = Path(job.original_name).name or "danh-sach.xlsx"  # messages name the clerk's own file
    with tempfile.TemporaryDirectory(prefix="ansinh-import-") as tmp:
        path = Path(tmp) / name
        with job.file.open("rb") as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        yield path


def _overrides_for(job: ImportJob) -> dict[str, str | None]:
    return {m.header_text: (m.field or None) for m in SenderMapping.objects.filter(unit=job.unit)}


def import_job_run(*, job_id: int):
    """The background job: read → normalised → checked → linked → stored."""
    from ansinh.intake.pipeline.run import run_import

    job = ImportJob.objects.select_related("unit", "area", "created_by").get(pk=job_id)
    if job.is_finished and job.status != ImportJob.Status.NEEDS_MAPPING:
        return job
    try:
        _set_stage(job, ImportJob.Status.READING)
        overrides = _overrides_for(job)
        with _local_copy(job) as local:
            result = run_import(local, form_code=job.form_code or None, mapping_overrides=overrides)
            report_source = local.read_bytes() if result.problems.height else b""
        job.form_code = result.form.code
        job.policy_code = result.evaluation.policy or ""
        unsure = [c.as_dict() for c in result.match.unsure if c.header not in overrides]
        if unsure:
            job.unsure_columns = unsure
            job.status = ImportJob.Status.NEEDS_MAPPING
            job.message = "Một số cột chưa chắc chắn: vui lòng xác nhận để tiếp tục."
            job.save(update_fields=["form_code", "policy_code", "unsure_columns", "status", "message"])
            return job
        counts = result.counts()
        _set_stage(job, ImportJob.Status.NORMALISED, rows=counts["rows"])
        job.problems = _problems_json(result)
        _save_problem_report(job, result, report_source)
        _set_stage(job, ImportJob.Status.CHECKED, **{k: counts[k] for k in ("accepted", "warnings", "rejected",
                                                                              "duplicates")})
        rows = store.staged_frame(result, job.pk)
        flags = linkcheck.flag_rows(rows, policy_code=result.evaluation.policy or "", job=job)
        rows = store.with_flags(rows, flags)
        _set_stage(job, ImportJob.Status.LINKED, flagged=len(flags))
        job.data_fields = store.data_fields(result)
        _store(job, rows, eligible=result.evaluation.eligible, amount=result.evaluation.total_vnd)
    except ImportCancelled:
        job.status, job.message, job.finished_at = ImportJob.Status.CANCELLED, "Đã hủy theo yêu cầu.", timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
    except IntakeError as exc:
        job.status, job.message, job.finished_at = ImportJob.Status.FAILED, exc.message, timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "form_code"])
    except ReliefError as exc:
        job.status, job.message, job.finished_at = ImportJob.Status.FAILED, str(exc), timezone.now()
        job.save(update_fields=["status", "message", "finished_at", "form_code", "policy_code"])
    return job


def _problems_json(result) -> list[dict]:
    cols = ["row", "column", "letter", "value", "message", "severity"]
    return [dict(zip(cols, r, strict=True)) for r in result.problems.select(cols).head(5000).iter_rows()]


@transaction.atomic
def _store(job: ImportJob, rows, *, eligible: int, amount: int) -> None:
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.cancel_requested:
        raise ImportCancelled
    replaced, updated = _supersede_corrected_rows(job, rows)
    written = store.bulk_insert_rows(rows)
    batch = _hand_to_relief(job, replaced)
    job.status = ImportJob.Status.STORED
    job.counts = {**job.counts, "stored": written, "updated": updated, "added": written - updated,
                  "eligible": eligible, "amount_vnd": amount}
    if replaced:
        job.supersedes_id = max(replaced)
    job.finished_at = timezone.now()
    job.message = (f"Đã lưu {written} dòng ({written - updated} mới, {updated} cập nhật từ danh sách trước)."
                   if updated else f"Đã lưu {written} dòng.")
    if batch is not None:
        job.counts["batch"] = batch.pk  # the batch this list's applications are in (made or updated)
        if batch.source_import_id == job.pk:
            job.message += f" Đã lập đợt hồ sơ #{batch.pk} (đợt {batch.sequence:02d}) để thẩm định."
        else:
            job.message += f" Đã cập nhật đợt hồ sơ #{batch.pk} (đợt {batch.sequence:02d}) theo danh sách đã sửa."
    job.save()
    events.record(actor=job.created_by, action=events.TRANSITION, obj=job,
                  summary=f"Nhập danh sách «{job.original_name}»: {written} dòng",
                  before={"status": "linked"}, after={"status": "stored", "counts": job.counts})
    transaction.on_commit(lambda: _after_store(job.pk))


def _supersede_corrected_rows(job: ImportJob, rows) -> tuple[dict[int, list[int]], int]:
    """A corrected file replaces the rows it corrects in the sender's earlier lists of the same form.

    Returns ``({earlier job: [source rows replaced]}, number of rows replaced)``. The earlier lists' rows are
    read by job (the table's one index) and matched on ``row_key`` here, not with a 200,000-item IN list.
    """
    earlier_jobs = list(ImportJob.objects.filter(unit=job.unit, form_code=job.form_code,
                                                 status=ImportJob.Status.STORED)
                        .exclude(pk=job.pk).values_list("pk", flat=True))
    if not earlier_jobs or rows.height == 0:
        return {}, 0
    earlier = pl.DataFrame(
        list(ImportRow.objects.filter(job_id__in=earlier_jobs, superseded=False).order_by()
             .values_list("pk", "job_id", "source_row", "row_key").iterator(chunk_size=20_000)),
        schema={"pk": pl.Int64, "job_id": pl.Int64, "source_row": pl.Int64, "row_key": pl.String}, orient="row")
    hit = earlier.join(rows.select("row_key").unique(), on="row_key", how="semi").sort("job_id", "source_row")
    replaced: dict[int, list[int]] = {}
    for job_id, source_row in hit.select("job_id", "source_row").iter_rows():
        replaced.setdefault(job_id, []).append(source_row)
    pks = hit["pk"].to_list()
    for start in range(0, len(pks), 5000):
        ImportRow.objects.filter(pk__in=pks[start:start + 5000]).update(superseded=True)
    return replaced, len(pks)


def _hand_to_relief(job: ImportJob, replaced: dict[int, list[int]]):
    """In the same transaction as the rows: a draft batch of applications for the list's policy.

    A corrected list whose earlier version (or any version before it) is still in an open batch (draft or
    returned) updates that batch instead: the applications of the rows it corrects are withdrawn, its rows
    added. Lists that feed no computed policy (rosters, vaccination, labour demand) stop at the stored rows.
    """
    from ansinh.relief.models import Batch
    from ansinh.relief.services import batch_apply_corrected_list, batch_create_from_import

    if not job.policy_code or not job.created_by.can(Resource.BATCH, Action.CREATE):
        return None
    rows = []
    for r in job.rows.filter(superseded=False).order_by("source_row").iterator(chunk_size=2000):
        rows.append({**r.field_values, "source_row": r.source_row, "import_job": job.pk,
                     "commune_code": r.commune_code, "eligible": bool(r.eligible), "amount_vnd": r.amount_vnd,
                     "failed_conditions": r.failed_conditions, "version": r.policy_version, "flags": r.flags})
    if not rows:
        return None
    open_batch = (Batch.objects.filter(source_import_id__in=_earlier_versions(replaced), policy_code=job.policy_code,
                                       status__in=[Batch.Status.DRAFT, Batch.Status.RETURNED])
                  .order_by("-pk").first())
    if open_batch is not None:
        return batch_apply_corrected_list(batch=open_batch, replaced=replaced, rows=rows, actor=job.created_by)
    return batch_create_from_import(job=job, policy_code=job.policy_code, rows=rows, actor=job.created_by)


def _earlier_versions(replaced: dict[int, list[int]]) -> set[int]:
    """The lists whose rows were replaced and every list they corrected in turn (`ImportJob.supersedes`):
    the open batch of a list corrected twice was made from the first version."""
    found, frontier = set(), set(replaced)
    while frontier:
        found |= frontier
        frontier = set(ImportJob.objects.filter(pk__in=frontier, supersedes__isnull=False)
                       .values_list("supersedes_id", flat=True)) - found
    return found


def _after_store(job_id: int) -> None:
    """After commit: probabilistic linkage of the stored rows, when that module is installed."""
    try:
        from ansinh.linkage.tasks import link_import_job
    except ImportError:
        return
    link_import_job.enqueue(job_id)


def import_job_cancel(*, job: ImportJob, actor: User) -> ImportJob:
    if job.is_finished:
        raise ImportRefused("Lần nhập này đã kết thúc, không thể hủy.")
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        events.record(actor=actor, action=events.UPDATE, obj=job, summary="Yêu cầu hủy lần nhập",
                      before={"cancel_requested": False}, after={"cancel_requested": True})
    job.refresh_from_db()
    if job.status == ImportJob.Status.QUEUED:
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.CANCELLED, message="Đã hủy theo yêu cầu.", finished_at=timezone.now())
        job.refresh_from_db()
    return job


def sender_mapping_confirm(*, job: ImportJob, choices: dict[str, str], actor: User) -> ImportJob:
    """Remember the clerk's choice for each unsure header (for this sender), then run the job again."""
    if job.status != ImportJob.Status.NEEDS_MAPPING:
        raise ImportRefused("Lần nhập này không chờ xác nhận cột.")
    with transaction.atomic():
        for header, field in choices.items():
            SenderMapping.objects.update_or_create(unit=job.unit, form_code=job.form_code, header_text=header,
                                                   defaults={"field": field or "", "confirmed_by": actor})
        job.status, job.unsure_columns, job.message = ImportJob.Status.QUEUED, [], ""
        job.save(update_fields=["status", "unsure_columns", "message"])
        events.record(actor=actor, action=events.UPDATE, obj=job, summary="Xác nhận ánh xạ cột", after=choices)
        from ansinh.intake.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_store_result_from_cli(*, result, unit_code: str | None, file_path: Path) -> dict:
    """`ansinh import FILE [--unit CODE]` (not a dry run): store as a job of that unit (by default the
    Department itself, which receives lists from every sender), by the system user."""
    unit_code = unit_code or DEFAULT_CLI_UNIT
    unit = OrgUnit.objects.select_related("area").filter(code=unit_code).first()
    if unit is None or unit.area_id is None:
        raise ImportRefused(f"Không có đơn vị mã «{unit_code}» (xem: ansinh shell, OrgUnit).")
    system_user, _ = User.objects.get_or_create(username="he-thong", defaults={"is_active": False})
    sha = hashlib.sha256(file_path.read_bytes()).hexdigest()
    if ImportJob.objects.filter(sha256=sha, unit=unit, status=ImportJob.Status.STORED).exists():
        return {"stored": 0, "duplicate_file": True}
    with file_path.open("rb") as fh:
        job = ImportJob(original_name=file_path.name, sha256=sha, unit=unit, area=unit.area,
                        form_code=result.form.code, created_by=system_user, status=ImportJob.Status.LINKED)
        job.file.save(file_path.name, File(fh), save=True)
    rows = store.staged_frame(result, job.pk)
    rows = store.with_flags(rows, linkcheck.flag_rows(rows, policy_code=result.evaluation.policy or "", job=job))
    job.data_fields = store.data_fields(result)
    _store(job, rows, eligible=result.evaluation.eligible, amount=result.evaluation.total_vnd)
    job.refresh_from_db()
    return {"job": job.pk, **job.counts}


def import_job_list_q(user: User, query: str) -> Q:
    return Q(original_name__icontains=query) | Q(form_code__icontains=query)


def import_job_problem_report(*, job: ImportJob, actor: User):
    """The clerk's original file with problem cells highlighted and commented (an xlsx file object)."""
    if not job.report:
        raise ImportRefused("Lần nhập này không có báo cáo lỗi.")
    events.record(actor=actor, action=events.EXPORT, obj=job, summary="Tải báo cáo lỗi của lần nhập")
    return job.report.open("rb")


def _save_problem_report(job: ImportJob, result, source_bytes: bytes) -> None:
    """Keep the highlighted workbook with the job, so the clerk can fix and resend it."""
    from ansinh.intake.pipeline.report import write_report

    if not result.problems.height:
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"source{Path(job.original_name).suffix.lower()}"
        source.write_bytes(source_bytes)
        out = Path(tmp) / "bao-cao.xlsx"
        write_report(result, source, out)
        with out.open("rb") as fh:
            job.report.save(f"{Path(job.original_name).stem}-kiem-tra.xlsx", File(fh), save=False)
    job.save(update_fields=["report"])
