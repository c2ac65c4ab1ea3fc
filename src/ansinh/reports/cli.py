"""Command-line verbs of the reports app: `ansinh reports_rebuild`, `ansinh reports_nightly`."""

from __future__ import annotations

import argparse
import time


def main(argv: list[str]) -> int:
    """reports_rebuild [--nightly]: recompute every counter from the applications (and, with --nightly,
    queue last month's scheduled province reports)."""
    parser = argparse.ArgumentParser(prog="reports_rebuild", description="Tính lại số liệu tổng hợp báo cáo.")
    parser.add_argument(
        "--nightly", action="store_true", help="Chạy việc hằng đêm: tính lại và tạo báo cáo tháng trước"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.nightly:
        from ansinh.reports.scheduling import reports_nightly

        result = reports_nightly()
        print(
            f"Đã tính lại {result['stage_rows']} dòng tổng hợp; báo cáo theo lịch mới: {result['queued_reports']}"
        )
    else:
        from ansinh.reports.aggregates import reports_rebuild

        result = reports_rebuild()
        print(
            f"Đã tính lại {result.stage_rows} dòng tổng hợp, {result.batch_rows} dòng theo đợt, "
            f"{result.timing_rows} mốc thời gian trong {time.perf_counter() - started:.2f} giây."
        )
    return 0
