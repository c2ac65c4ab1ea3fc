"""A whole import job, as the worker runs it: a 200,000-row Mẫu 05 list uploaded by the employment division,
read → normalised → checked → linked (exact-ID floor) → stored, with its problem report and a draft batch of
200,000 applications, in one transaction; then the same sender re-sends the list corrected (every row
replaces one of the first list's, and its application in the still-open batch is withdrawn).

Run by `make bench-intake` on a throwaway PostgreSQL (scripts/with_postgres.sh); works on SQLite too.
Prints the wall time of each job and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["ANSINH_SQLITE"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.environ.setdefault("ANSINH_VAR", tempfile.mkdtemp())  # uploaded files and reports go here
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from ansinh.intake import services
    from ansinh.intake.models import ImportJob
    from ansinh.org.models import OrgUnit, User
    from ansinh.relief.models import Application
    from bench_intake import generate_mau05

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    unit = OrgUnit.objects.get(code="phong-ldvl")
    clerk, _ = User.objects.get_or_create(username="bench-ldvl", defaults={
        "org_unit": unit, "area": unit.area, "roles": ["division_officer"]})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mau05.xlsx"
        generate_mau05(path, args.rows)
        timings = []
        for name in ("danh-sach.xlsx", "danh-sach-da-sua.xlsx"):
            # The same rows again stand for the corrected file (the upload's duplicate-file check is not run).
            job = ImportJob.objects.create(original_name=name, sha256=f"bench-{name}-{time.time()}", unit=unit,
                                           area=unit.area, created_by=clerk,
                                           file=SimpleUploadedFile(name, path.read_bytes()))
            started = time.perf_counter()
            job = services.import_job_run(job_id=job.pk)
            timings.append((name, time.perf_counter() - started, job))
            assert job.status == ImportJob.Status.STORED, job.message
    live = Application.objects.exclude(status=Application.Status.WITHDRAWN).count()
    withdrawn = Application.objects.filter(status=Application.Status.WITHDRAWN).count()
    print(f"database: {connection.vendor}; list of {args.rows:,} rows")
    for name, seconds, job in timings:
        print(f"{name:24s} {seconds:8.1f} s  {job.message}")
    print(f"applications: {live:,} live, {withdrawn:,} withdrawn (expected {args.rows:,} and {args.rows:,})")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2:.2f} GiB")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
