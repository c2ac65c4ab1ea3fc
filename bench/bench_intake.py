"""Intake benchmark (issue 4 §8): a generated Mẫu 05 list, timed stage by stage beside the bare fastexcel read.

    python bench/bench_intake.py                 # 200,000 rows timed + 1,000,000 rows for peak memory
    python bench/bench_intake.py --rows 50000 --memory-rows 0

Stages: bare fastexcel read of the same file (default dtypes, header row given: the cheapest possible
read), then our read (all cells as text, sheet row numbers), detect (sheet, header, form, data region),
normalise (kernel), validate, evaluate (policy engine). Target: read+detect+normalise+validate+evaluate
<= 3x bare read. The peak memory of the 1,000,000-row run is measured in a child process (ru_maxrss of
RUSAGE_CHILDREN, so the parent's own memory is not counted). The store stage (SQLite/PostgreSQL) is the
lead's and is added by bench/bench_intake_store.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN THỰC HIỆN HỢP ĐỒNG LAO ĐỘNG, NGHỈ VIỆC KHÔNG HƯỞNG LƯƠNG"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Hoa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quỳnh",
    "Sơn",
    "Tâm",
]
PROVINCES = ["070", "074", "075", "079", "072", "001", "038"]


def generate_mau05(path: Path, rows: int, *, seed: int = 7) -> None:
    """A Mẫu 05 list as an employer sends it: title, merged two-row header, numbering row, signatures."""
    import xlsxwriter

    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("DS")
    ws.write(0, 0, "CÔNG TY TNHH MAY MẶC BÌNH PHƯỚC")
    ws.write(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write(2, 0, TITLE)
    top = [
        "STT",
        "Họ và tên",
        "Ngày, tháng, năm sinh",
        None,
        "Số CMND/CCCD",
        "Mã số BHXH",
        "Thời gian tạm hoãn HĐLĐ",
        None,
        "Hỗ trợ thêm",
        None,
        "Ghi chú",
    ]
    sub = [
        None,
        None,
        "Nam",
        "Nữ",
        None,
        None,
        "Từ ngày",
        "Đến ngày",
        "Mang thai",
        "Số con dưới 6 tuổi",
        None,
    ]
    for j, text in enumerate(top):
        if text:
            ws.write_string(4, j, text)
    for j, text in enumerate(sub):
        if text:
            ws.write_string(5, j, text)
    ws.write_row(6, 0, [f"({k})" for k in range(1, 12)])
    for i in range(rows):
        female = rng.random() < 0.55
        year = rng.randint(1965, 2003)
        dob = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        century_sex = (0 if year < 2000 else 2) + (1 if female else 0)
        id_number = f"{rng.choice(PROVINCES)}{century_sex}{year % 100:02d}{rng.randint(0, 999999):06d}"
        name = f"{rng.choice(SURNAMES)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        start = dt.date(2021, 7, 1) + dt.timedelta(days=rng.randint(0, 60))
        end = start + dt.timedelta(days=rng.randint(15, 90))
        r = 7 + i
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, name.upper() if i % 50 == 0 else name)
        ws.write_string(r, 3 if female else 2, dob.strftime("%d/%m/%Y"))
        if id_number.startswith("0") and i % 3 == 0:
            ws.write_number(r, 4, int(id_number))  # Excel ate the leading zero
        else:
            ws.write_string(r, 4, id_number)
        ws.write_string(r, 5, f"70{rng.randint(0, 99999999):08d}")
        ws.write_string(r, 6, start.strftime("%d/%m/%Y"))
        ws.write_string(r, 7, end.strftime("%d/%m/%Y"))
        if female and rng.random() < 0.05:
            ws.write_string(r, 8, "x")
        ws.write_number(r, 9, rng.choice([0, 0, 0, 1, 2]))
    r = 7 + rows + 1
    ws.write_string(r, 1, "Tổng cộng")
    ws.write_string(r + 2, 6, "Bình Phước, ngày 20 tháng 9 năm 2021")
    ws.write_string(r + 3, 1, "Người lập biểu")
    ws.write_string(r + 3, 6, "GIÁM ĐỐC")
    wb.close()


def time_stages(path: Path) -> dict[str, float]:
    """Seconds per stage on ``path`` (see the module docstring)."""
    import fastexcel

    from ansinh.intake.pipeline.evaluate import evaluate_accepted
    from ansinh.intake.pipeline.formspec import default_forms
    from ansinh.intake.pipeline.normalise import (
        combine_split_birth_dates,
        combine_split_date_parts,
        combine_split_name,
        normalise_fields,
    )
    from ansinh.intake.pipeline.reader import read_workbook
    from ansinh.intake.pipeline.region import data_rows
    from ansinh.intake.pipeline.run import choose_sheet
    from ansinh.intake.pipeline.units import resolve_admin_units
    from ansinh.intake.pipeline.validate import validate

    forms = default_forms()
    # Process start-up costs (loading the form and policy catalogues, compiling regexes) are paid once per
    # worker, not per file: warm them up so the stages measure the file.
    from ansinh.policies.catalogue import load_catalogue

    load_catalogue()
    t = time.perf_counter()
    bare = fastexcel.read_excel(path).load_sheet(0, header_row=5).to_polars()
    timings = {"bare_fastexcel_read": time.perf_counter() - t}
    assert bare.height > 0

    t = time.perf_counter()
    grids = read_workbook(path)
    timings["read"] = time.perf_counter() - t

    t = time.perf_counter()
    grid, header, match, _ = choose_sheet(grids, forms, form_code=None, overrides=None, file_name=path.name)
    body, _cut, _stray, _headings = data_rows(grid, header, match)
    timings["detect"] = time.perf_counter() - t

    t = time.perf_counter()
    sources = {m.field: m.grid_column for m in match.columns if m.field}
    body = combine_split_date_parts(body, set(body.columns), sources)  # the same steps as run_import
    body = combine_split_birth_dates(body, set(body.columns), sources)
    body = combine_split_name(body, set(body.columns))
    normalised = resolve_admin_units(normalise_fields(body, match.form))
    timings["normalise"] = time.perf_counter() - t

    t = time.perf_counter()
    validation = validate(normalised, match)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    evaluation = evaluate_accepted(validation.accepted, match.form)
    timings["evaluate"] = time.perf_counter() - t
    timings["rows"] = float(body.height)
    timings["accepted"] = float(validation.accepted.height)
    timings["eligible"] = float(evaluation.eligible)
    return timings


def _child_peak(path: Path) -> None:
    """Run the whole pipeline once (child process) and print the timings as JSON."""
    from ansinh.intake.pipeline.run import run_import

    t = time.perf_counter()
    result = run_import(path)
    print(json.dumps({"seconds": time.perf_counter() - t, **result.counts()}))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000, help="0 skips the memory run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the best is reported")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_peak(Path(args.child))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mau05-{args.rows}.xlsx"
        t = time.perf_counter()
        generate_mau05(path, args.rows)
        print(
            f"generated {args.rows:,} rows in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
        )
        # The machine is shared: take the best of `--repeat` runs for every stage (bare read included).
        runs = [time_stages(path) for _ in range(args.repeat)]
        timings = {key: min(run[key] for run in runs) for key in runs[0]}
        bare = timings["bare_fastexcel_read"]
        ours = sum(timings[k] for k in ("read", "detect", "normalise", "validate", "evaluate"))
        for key in ("bare_fastexcel_read", "read", "detect", "normalise", "validate", "evaluate"):
            print(f"{key:<20} {timings[key]:8.2f} s  ({timings[key] / bare:5.2f}x bare)")
        print(f"{'pipeline total':<20} {ours:8.2f} s  ratio {ours / bare:.2f}x bare read (target <= 3x)")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
        print(
            f"rows {int(timings['rows']):,}, accepted {int(timings['accepted']):,}, eligible {int(timings['eligible']):,}"
        )
        if args.memory_rows:
            big = Path(tmp) / f"mau05-{args.memory_rows}.xlsx"
            generate_mau05(big, args.memory_rows, seed=11)
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(big)], capture_output=True, text=True, check=False
            )
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if child.returncode != 0:
                print(child.stderr[-2000:])
                return 1
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"{args.memory_rows:,} rows ({big.stat().st_size / 1e6:.0f} MB): whole pipeline "
                f"{figures['seconds']:.1f} s, peak RSS {peak_kib / 1024 / 1024:.2f} GiB (target < 2 GiB)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
