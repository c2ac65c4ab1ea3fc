"""Store stage of an import: 200,000 accepted rows written in one transaction, beside the bare read.

Run by `make bench-intake` twice: on SQLite (embedded default) and on a throwaway PostgreSQL
(scripts/with_postgres.sh). Target (issue 4): on PostgreSQL the store adds at most the time of the
bare fastexcel read of the same file, i.e. COPY, not the ORM's row-by-row path.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the median is reported (the machine is shared)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["ANSINH_SQLITE"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    import django

    django.setup()
    import fastexcel
    from django.core.management import call_command
    from django.db import connection, transaction

    from ansinh.intake import store
    from ansinh.intake.models import ImportJob, ImportRow
    from ansinh.intake.pipeline.run import run_import
    from ansinh.org.models import OrgUnit, User
    from bench_intake import generate_mau05

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mau05.xlsx"
        generate_mau05(path, args.rows)
        result = run_import(path)
        unit = OrgUnit.objects.get(code="phong-ldvl")
        user, _ = User.objects.get_or_create(username="bench")
        bare_runs, prepare_runs, write_runs = [], [], []
        for _ in range(args.repeat):  # read and store alternate, so both see the same machine load
            t = time.perf_counter()
            fastexcel.read_excel(path).load_sheet(0, header_row=5).to_polars()
            bare_runs.append(time.perf_counter() - t)
            job = ImportJob.objects.create(original_name=path.name, sha256="bench", unit=unit, area=unit.area,
                                           created_by=user, file="bench.xlsx",
                                           data_fields=store.data_fields(result))
            t = time.perf_counter()
            rows = store.staged_frame(result, job.pk)
            prepare_runs.append(time.perf_counter() - t)
            t = time.perf_counter()
            with transaction.atomic():
                written = store.bulk_insert_rows(rows)
            write_runs.append(time.perf_counter() - t)
            assert ImportRow.objects.filter(job=job).count() == written
        sample = ImportRow.objects.filter(job=job).select_related("job").order_by("source_row").first()
        assert sample.field_values["full_name"] and sample.field_values["start_date"], sample.field_values
    bare, prepare, write = (statistics.median(r) for r in (bare_runs, prepare_runs, write_runs))
    stores = [p + w for p, w in zip(prepare_runs, write_runs, strict=True)]
    vendor = connection.vendor
    print(f"database: {vendor}; rows stored: {written:,} per run; median of {args.repeat} runs "
          f"(store of each run: {', '.join(f'{x:.2f}' for x in stores)} s; "
          f"bare read: {', '.join(f'{x:.2f}' for x in bare_runs)} s)")
    print(f"bare fastexcel read      {bare:8.2f} s")
    print(f"prepare rows (Polars)    {prepare:8.2f} s")
    print(f"write ({'COPY' if vendor == 'postgresql' else 'executemany'}){'':<10}{write:8.2f} s  "
          f"({(prepare + write) / bare:.2f}x bare read; target on PostgreSQL <= 1x)")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
