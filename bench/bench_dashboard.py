"""Dashboard benchmark (make bench-dashboard): 1,000,000 applications in PostgreSQL.

Runs under scripts/with_postgres.sh (DATABASE_URL → a throwaway PostgreSQL). In one run it:
1. migrates the database (call_command("migrate")) and loads the real administrative units and org structure;
2. creates 2,000 batches and N applications (default 1,000,000) with INSERT … SELECT generate_series;
3. rebuilds the counters from scratch (`reports_rebuild`) and times it;
4. times, median of R runs: the dashboard selector and the whole dashboard view (template and SVG charts
   included) for the provincial leader and for a district officer, beside a plain SELECT COUNT(*) over the
   applications table; and one incremental update (a 500-application batch approved → paid).

    bash scripts/with_postgres.sh .venv/bin/python bench/bench_dashboard.py [--applications 1000000] [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()


def _median_ms(fn, runs: int) -> float:
    fn()  # warm-up (connection, caches)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _fill_defaults(model, given: dict[str, str]) -> tuple[list[str], list[str], list]:
    """Columns and SQL expressions for INSERT … SELECT: given expressions, else each NOT NULL field's default."""
    import json

    columns, exprs, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        column = field.column
        if column in given:
            columns.append(column)
            exprs.append(given[column])
        elif not field.null:
            default = field.get_default()
            if field.get_internal_type() == "JSONField":
                default = json.dumps(default if default is not None else {})
            elif default is None:
                exprs.append("now()")
                columns.append(column)
                continue
            columns.append(column)
            exprs.append("%s")
            params.append(default)
    return columns, exprs, params


def _generate(n_apps: int, n_batches: int) -> None:
    from django.db import connection

    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.org.models import OrgUnit
    from ansinh.relief.models import Application, Batch

    communes = list(
        AdminUnit.objects.filter(edition=Edition.Y2021, level=3).select_related("parent").order_by("code")
    )
    units = {u.code: u.pk for u in OrgUnit.objects.filter(code__startswith="pldtbxh-")}
    commune_ids = [c.pk for c in communes]
    district_ids = [c.parent_id for c in communes]
    unit_ids = [units[f"pldtbxh-{c.parent.code}"] for c in communes]
    policies = [
        "nq68-tam-hoan",
        "nq68-ngung-viec",
        "nq68-cham-dut",
        "nq68-ho-kinh-doanh",
        "nq68-tre-em",
        "nq68-f0-f1",
        "bp-lao-dong-tu-do",
        "nq68-nghe-thuat-huong-dan-vien",
    ]
    nc = len(communes)
    day = "(timestamp with time zone '2021-07-01 09:00+07' + (mod(g, 180)) * interval '1 day')"
    batch_given = {
        "policy_code": f"(%s::text[])[1 + mod(g, {len(policies)})]",
        "sequence": "g",
        "submitting_unit_id": f"(%s::bigint[])[1 + mod(g, {nc})]",
        "area_id": f"(%s::bigint[])[1 + mod(g, {nc})]",
        "status": "(ARRAY['submitted','appraised','approved','paid','reconciled'])[1 + mod(g, 5)]",
        "submitted_at": day,
        "appraised_at": f"CASE WHEN mod(g, 5) >= 1 THEN {day} + (1 + mod(g, 4)) * interval '1 day' END",
        "approved_at": f"CASE WHEN mod(g, 5) >= 2 THEN {day} + (3 + mod(g, 4)) * interval '1 day' END",
        "paid_at": f"CASE WHEN mod(g, 5) >= 3 THEN {day} + (6 + mod(g, 6)) * interval '1 day' END",
        "due_date": f"({day} + interval '4 days')::date",
        "created_at": day,
    }
    cols, exprs, params = _fill_defaults(Batch, batch_given)
    # The three array parameters come first in the SELECT list order; bind them where they appear.
    array_params = {"policy_code": policies, "submitting_unit_id": unit_ids, "area_id": district_ids}
    ordered = []
    fixed = iter(params)
    for col, expr in zip(cols, exprs, strict=True):
        if col in array_params:
            ordered.append(array_params[col])
        elif expr == "%s":
            ordered.append(next(fixed))
    sql = f"INSERT INTO {Batch._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM generate_series(1, %s) g"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ordered, n_batches])
        cursor.execute(f"SELECT min(id) FROM {Batch._meta.db_table}")  # noqa: S608
        first_batch = cursor.fetchone()[0]
    status = (
        "CASE WHEN b.status = 'submitted' THEN 'pending' WHEN mod(g, 10) = 0 THEN 'rejected' "
        "WHEN b.status = 'appraised' THEN 'accepted' WHEN b.status = 'approved' THEN 'approved' ELSE 'paid' END"
    )
    app_given = {
        "batch_id": "b.id",
        "area_id": f"(%s::bigint[])[1 + mod(b.sequence, {nc})]",
        "policy_code": "b.policy_code",
        "status": status,
        "computed_amount": "(ARRAY[1855000, 3710000, 1000000, 3000000, 1500000])[1 + mod(g, 5)]",
        "requested_amount": "NULL",
        "source_row": "1 + g / %s",
        "eligible": "mod(g, 10) <> 0",
        "created_at": "b.created_at",
        "updated_at": "b.created_at",
    }
    cols, exprs, params = _fill_defaults(Application, app_given)
    fixed = iter(params)
    ordered = []
    for col, expr in zip(cols, exprs, strict=True):
        if col == "area_id":
            ordered.append(commune_ids)
        elif col == "source_row":
            ordered.append(n_batches)
        elif expr == "%s":
            ordered.append(next(fixed))
    sql = (
        f"INSERT INTO {Application._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "  # noqa: S608
        f"FROM generate_series(0, %s - 1) g JOIN {Batch._meta.db_table} b ON b.id = %s + mod(g, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ordered, n_apps, first_batch, n_batches])
        cursor.execute("ANALYZE")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the leader's view")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Cần PostgreSQL: chạy qua scripts/with_postgres.sh (make bench-dashboard).", file=sys.stderr)
        return 2
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import RequestFactory

    from ansinh.geo.services import units_load
    from ansinh.org.services import DemoAccount, org_structure_load, user_create_or_update
    from ansinh.relief.models import Application, Batch
    from ansinh.reports import views
    from ansinh.reports.aggregates import counters_tracked, reports_rebuild
    from ansinh.reports.selectors import DashboardFilters, dashboard_figures

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    units_load()
    org_structure_load()
    print(f"migrate + reference data: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0].split(",")[0])

    started = time.perf_counter()
    _generate(args.applications, args.batches)
    generate_s = time.perf_counter() - started
    count = Application.objects.count()
    print(f"generated {count:,} applications in {Batch.objects.count():,} batches: {generate_s:.1f} s")

    started = time.perf_counter()
    result = reports_rebuild()
    rebuild_s = time.perf_counter() - started
    print(
        f"reports_rebuild: {rebuild_s:.1f} s → {result.stage_rows:,} stage rows, {result.batch_rows:,} batch rows, "
        f"{result.timing_rows:,} step timings"
    )

    leader, _ = user_create_or_update(
        account=DemoAccount(
            username="bench.lanhdao",
            password="Bench@12345!",  # noqa: S106 (throwaway database)
            role="leader",
            unit_code="ban-giam-doc",
            area_code=None,
            full_name="Lãnh Đạo",
        )
    )
    district_code = Batch.objects.order_by("pk").first().area.code
    officer, _ = user_create_or_update(
        account=DemoAccount(
            username="bench.huyen",
            password="Bench@12345!",  # noqa: S106 (throwaway database)
            role="district_officer",
            unit_code=f"pldtbxh-{district_code}",
            area_code=district_code,
            full_name="Cán Bộ Huyện",
        )
    )
    factory = RequestFactory()

    def view(user, query=""):
        request = factory.get("/bao-cao/" + query)
        request.user = user
        request.htmx = False
        response = views.dashboard(request)
        assert response.status_code == 200, response.status_code
        return response

    def count_all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM relief_application")
            return cursor.fetchone()[0]

    runs = args.runs
    if args.profile:
        import cProfile
        import pstats

        view(leader)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            view(leader)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    figures = {
        "SELECT COUNT(*) FROM relief_application": _median_ms(count_all, max(5, runs // 4)),
        "selector, leader (whole province)": _median_ms(
            lambda: dashboard_figures(user=leader, filters=DashboardFilters()), runs
        ),
        "selector, leader, one policy": _median_ms(
            lambda: dashboard_figures(user=leader, filters=DashboardFilters(policy_code="nq68-tam-hoan")),
            runs,
        ),
        "view (HTML + SVG), leader": _median_ms(lambda: view(leader), runs),
        "view (HTML + SVG), district officer": _median_ms(lambda: view(officer), runs),
    }
    batch = Batch.objects.filter(status="approved").order_by("pk").first()
    size = batch.applications.count()

    def incremental():
        with transaction.atomic():
            with counters_tracked(batch_id=batch.pk):
                Application.objects.filter(batch=batch, status="approved").update(status="paid")
            transaction.set_rollback(True)

    figures[f"incremental update, one batch ({size} applications)"] = _median_ms(incremental, 5)
    totals = dashboard_figures(user=leader, filters=DashboardFilters()).funnel.people
    print(f"funnel (people): {totals}")
    print()
    print(f"| measurement ({count:,} applications, median of {runs}) | ms |")
    print("|---|---:|")
    for name, ms in figures.items():
        print(f"| {name} | {ms:.1f} |")
    load = os.getloadavg()
    print(
        f"\nLoad average during the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs"
    )
    ok = figures["view (HTML + SVG), leader"] < 200
    print(f"Target: dashboard under 200 ms server time — {'met' if ok else 'NOT met'}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
