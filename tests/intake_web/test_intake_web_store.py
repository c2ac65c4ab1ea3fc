"""The bulk store of an import's rows (ADR 0034): what goes in comes back out, on both databases.

Rows are written with PostgreSQL COPY in text format (or SQLite executemany), with their JSON columns
encoded slice by slice; the table has no index but the job's, and the exact-ID floor finds other lists
through the registry or, for lists not linked yet, by reading them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from ansinh.intake import services, store
from ansinh.intake.models import ImportJob, ImportRow

messy = pytest.importorskip("messy")

# Everything COPY's text format must escape, and JSON's own escapes, in free text clerks type.
AWKWARD = 'ghi chú\tcó tab\nxuống dòng\r\\N \\ gạch "ngoặc" =1+2 «Ý kiến»'


@pytest.fixture
def clerk(make_user):
    return make_user("district_officer", district="Lộc Ninh")


def _job(clerk, name: str = "tay.xlsx", data_fields=("sex", "note")) -> ImportJob:
    unit = clerk.org_unit
    return ImportJob.objects.create(original_name=name, sha256=name, unit=unit, area=unit.area, created_by=clerk,
                                    file=name, form_code="mau-05", data_fields=list(data_fields))


def _frame(job_id: int, n: int) -> pl.DataFrame:
    """A staged frame as `store.staged_frame` makes it: `data` a struct, problems and failures lists."""
    return pl.DataFrame({
        "job_id": [job_id] * n,
        "source_row": list(range(8, 8 + n)),
        "row_key": [f"id:07019000{i:04d}" for i in range(n)],
        "full_name": [f"Nguyễn Văn {i}" for i in range(n)],
        "date_of_birth": [dt.date(1990, 1, 1) + dt.timedelta(days=i) for i in range(n)],
        "id_number": [f"07019000{i:04d}" for i in range(n)],
        "commune_code": ["25222"] * n,
        "has_warning": [i == 0 for i in range(n)],
        "data": [{"sex": "nữ", "note": AWKWARD if i == 0 else ""} for i in range(n)],
        "problems": [[{"column": "Số CMND", "value": AWKWARD, "message": "Thiếu \"0\""}] if i == 0 else None
                     for i in range(n)],
        "eligible": [True] * n,
        "amount_vnd": [1_855_000] * n,
        "failed_conditions": [["min_days"] if i == 1 else [] for i in range(n)],
        "policy_version": ["qd33-nq126"] * n,
        "flags": ["[]"] * n,
        "superseded": [False] * n,
    }).select(store.COLUMNS)


@pytest.mark.django_db
def test_awkward_text_comes_back_exactly(clerk):
    job = _job(clerk)
    n = 45_000  # more than two slices: the writer streams 20,000 rows at a time
    with transaction.atomic():
        assert store.bulk_insert_rows(_frame(job.pk, n)) == n
    assert ImportRow.objects.filter(job=job).count() == n
    first = ImportRow.objects.select_related("job").get(job=job, source_row=8)
    assert first.data == ["nữ", AWKWARD]
    assert first.field_values == {"sex": "nữ", "note": AWKWARD, "full_name": "Nguyễn Văn 0",
                                  "id_number": "070190000000", "commune_code": "25222",
                                  "date_of_birth": "01/01/1990"}
    assert first.problems == [{"column": "Số CMND", "value": AWKWARD, "message": 'Thiếu "0"'}]
    assert first.has_warning and first.flags == [] and first.failed_conditions == []
    second = ImportRow.objects.get(job=job, source_row=9)
    assert second.problems == [] and second.failed_conditions == ["min_days"] and not second.has_warning
    last = ImportRow.objects.get(job=job, source_row=8 + n - 1)
    assert last.date_of_birth == dt.date(1990, 1, 1) + dt.timedelta(days=n - 1)
    assert last.amount_vnd == 1_855_000 and last.eligible is True


@pytest.mark.django_db
def test_rows_made_one_by_one_keep_an_object_in_data(clerk):
    row = ImportRow.objects.create(job=_job(clerk), source_row=1, row_key="k", full_name="Trần Thị Bình",
                                   data={"phone": "0912345678", "full_name": "Trần Thị Bình"})
    row = ImportRow.objects.get(pk=row.pk)
    assert row.data == {"phone": "0912345678", "full_name": "Trần Thị Bình"}
    assert row.field_values["phone"] == "0912345678" and "date_of_birth" not in row.field_values


@pytest.mark.django_db
def test_import_rows_carry_no_index_but_the_jobs():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "intake_importrow")
    indexed = sorted(tuple(c["columns"]) for c in constraints.values() if c["index"] or c["primary_key"])
    assert indexed == [("id",), ("job_id",)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'intake_row_job_idx'")
            (definition,) = cursor.fetchone()
        assert "USING brin" in definition and "autosummarize" in definition


def _run_list(user, tmp_path: Path, name: str, persons) -> ImportJob:
    path = tmp_path / name
    messy.write_messy_xlsx(path, persons)
    job = services.import_job_create(uploaded_file=SimpleUploadedFile(name, path.read_bytes()),
                                     unit=user.org_unit, actor=user)
    return services.import_job_run(job_id=job.pk)


def _other_list_rows(job: ImportJob) -> set[int]:
    return {r.source_row for r in job.rows.all() if any(f["code"] == "link.other_list" for f in r.flags)}


@pytest.mark.django_db
def test_exact_id_floor_finds_a_list_not_linked_yet(clerk, make_user, tmp_path):
    persons = messy.people(6)
    first = _run_list(clerk, tmp_path, "loc-ninh.xlsx", persons)  # on-commit linkage never runs here
    assert first.status == ImportJob.Status.STORED and first.linked_at is None
    other = make_user("district_officer", district="Đồng Phú")
    second = _run_list(other, tmp_path, "dong-phu.xlsx", persons[:3])
    assert second.status == ImportJob.Status.STORED, second.message
    assert len(_other_list_rows(second)) == 3
    flag = next(f for r in second.rows.all() for f in r.flags if f["code"] == "link.other_list")
    assert "loc-ninh.xlsx" in flag["message"]


@pytest.mark.django_db
def test_exact_id_floor_finds_a_linked_list_through_the_registry(clerk, make_user, tmp_path,
                                                                django_capture_on_commit_callbacks):
    persons = messy.people(6)
    with django_capture_on_commit_callbacks(execute=True):
        first = _run_list(clerk, tmp_path, "loc-ninh.xlsx", persons)
    first.refresh_from_db()
    assert first.linked_at is not None  # linkage ran after the commit and marked the list
    other = make_user("district_officer", district="Đồng Phú")
    second = _run_list(other, tmp_path, "dong-phu.xlsx", persons[:3])
    assert len(_other_list_rows(second)) == 3
    # Found once per list, even though the person is reachable both ways.
    flags = [f for f in second.rows.order_by("source_row").first().flags if f["code"] == "link.other_list"]
    assert len(flags) == 1 and "loc-ninh.xlsx" in flags[0]["message"]


@pytest.mark.django_db
def test_field_values_of_many_rows_cost_one_query_for_their_jobs(clerk, django_assert_num_queries):
    jobs = [_job(clerk, name=f"ds-{i}.xlsx") for i in range(3)]
    for job in jobs:
        with transaction.atomic():
            store.bulk_insert_rows(_frame(job.pk, 5))
    rows = list(ImportRow.objects.order_by("job", "source_row"))  # the jobs are not loaded
    with django_assert_num_queries(1):  # only the field names, never each job with its problem list
        ImportRow.prefetch_data_fields(rows)
        values = [r.field_values for r in rows]
    assert len(values) == 15 and values[0]["note"] == AWKWARD and values[1]["sex"] == "nữ"
