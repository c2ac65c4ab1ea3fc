"""`ansinh plans <verb>`: load-seed, alerts, regime-demo, report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ansinh plans", description="Kế hoạch, nhiệm vụ, cảnh báo thời hạn")
    sub = parser.add_subparsers(dest="verb", required=True)
    sub.add_parser("load-seed", help="Nạp (hoặc cập nhật) kế hoạch mẫu từ data/seed_plan.yaml")
    alerts = sub.add_parser("alerts", help="Gửi thư cảnh báo nhiệm vụ quá hạn / sắp đến hạn")
    alerts.add_argument(
        "--date", type=dt.date.fromisoformat, help="Ngày tính hạn (YYYY-MM-DD), mặc định hôm nay"
    )
    alerts.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi")
    sub.add_parser("regimes-demo", help="Nạp lịch sử cấp độ dịch minh họa (policies.md §2.6)")
    report = sub.add_parser("report", help="Xuất báo cáo tổng hợp gửi UBND tỉnh (.docx hoặc .pdf)")
    report.add_argument("--user", default="vanphong", help="Người lập (phạm vi dữ liệu), mặc định vanphong")
    report.add_argument("--from", dest="period_from", type=dt.date.fromisoformat, required=True)
    report.add_argument("--to", dest="period_to", type=dt.date.fromisoformat, required=True)
    report.add_argument("--date", type=dt.date.fromisoformat, help="Ngày báo cáo")
    report.add_argument("--out", type=Path, required=True, help="Tệp .docx hoặc .pdf")
    args = parser.parse_args(argv)

    if args.verb == "load-seed":
        from ansinh.plans.services.seed import seed_plan_load

        counts = seed_plan_load()
        print(
            f"Kế hoạch mẫu: {counts['tasks']} nhiệm vụ, {counts['subtasks']} nhiệm vụ con, "
            f"{counts['members']} thành viên Ban chỉ đạo; {counts['created']} bản ghi mới."
        )
        return 0
    if args.verb == "alerts":
        from ansinh.plans.services.alerts import deadline_alerts, send_deadline_alerts

        if args.dry_run:
            for alert in deadline_alerts(args.date):
                print(f"{alert.kind:9} {alert.task.code:28} {alert.state.due:%d/%m/%Y} {alert.state.label}")
            return 0
        counts = send_deadline_alerts(args.date)
        print(
            f"Cảnh báo mới: {counts['alerts']}; thư đã gửi: {counts['emails']} tới {counts['recipients']} địa chỉ."
        )
        return 0
    if args.verb == "regimes-demo":
        from ansinh.plans.services.regimes import regimes_demo_load

        regimes_demo_load(print)
        return 0
    if args.verb == "report":
        from ansinh.documents.pdf import render_pdf
        from ansinh.documents.word import render_docx
        from ansinh.org.models import User
        from ansinh.plans.selectors import default_plan
        from ansinh.plans.services.report import consolidated_report

        user = User.objects.get(username=args.user)
        plan = default_plan(user)
        if plan is None:
            print("Không có kế hoạch nào trong phạm vi người dùng này.", file=sys.stderr)
            return 1
        document = consolidated_report(
            user=user, plan=plan, period_from=args.period_from, period_to=args.period_to, issued_on=args.date
        )
        data = render_pdf(document) if args.out.suffix.lower() == ".pdf" else render_docx(document)
        args.out.write_bytes(data)
        print(f"Đã ghi {args.out} ({len(data)} byte).")
        return 0
    return 2  # pragma: no cover
