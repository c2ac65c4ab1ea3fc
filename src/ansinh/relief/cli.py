"""`ansinh relief …`: jobs an operator or a timer runs (the ESC's cut-offs of QĐ 23/2021/QĐ-TTg Điều 24)."""

from __future__ import annotations

import argparse
import datetime as dt


def main(argv: list[str]) -> int:
    """`relief esc-cutoff [--day YYYY-MM-DD]`: send the ESC's open termination batch at a cut-off (5th, 20th)
    and open the next one. Run daily by a timer; it does nothing on other days but keep the open batch."""
    parser = argparse.ArgumentParser(prog="ansinh relief", description="Việc định kỳ của phân hệ hỗ trợ.")
    sub = parser.add_subparsers(dest="verb", required=True)
    cutoff = sub.add_parser("esc-cutoff", help="Mốc gửi danh sách chấm dứt HĐLĐ của TT Dịch vụ việc làm")
    cutoff.add_argument(
        "--day", type=dt.date.fromisoformat, default=None, help="Ngày chạy (mặc định: hôm nay)"
    )
    args = parser.parse_args(argv)
    from ansinh.relief.services.esc import esc_cutoff_run

    result = esc_cutoff_run(args.day)
    print(f"Đã gửi {result['sent']} đợt; đợt đang mở: #{result['open_batch']}.")
    return 0
