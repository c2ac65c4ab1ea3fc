"""Time the kernel normalisers on a generated frame (default 1,000,000 rows). Prints seconds per stage.

Usage: python bench/bench_kernel.py [ROWS]
"""

from __future__ import annotations

import random
import sys
import time

import polars as pl

from ansinh.kernel._legacy_tables import encode_tcvn3_bytes, encode_vni_bytes
from ansinh.kernel.dates import normalise_dates
from ansinh.kernel.ids import normalise_id_numbers
from ansinh.kernel.money import expr_parse_vnd
from ansinh.kernel.phones import normalise_phones
from ansinh.kernel.text import expr_fold, expr_person_name

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân"]
GIVEN = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]


def make_frame(rows: int, seed: int = 1) -> pl.DataFrame:
    """Distinct-ish messy values; 1% of names in TCVN3 and 1% in VNI (as Excel shows them)."""
    rnd = random.Random(seed)
    names, ids, dobs, phones, money = [], [], [], [], []
    for i in range(rows):
        name = f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        r = i % 100
        if r == 0:
            name = encode_tcvn3_bytes(name).decode("cp1252")
        elif r == 1:
            name = encode_vni_bytes(name).decode("cp1252")
        elif r == 2:
            name = "  " + name.upper() + "  "
        names.append(name)
        year = rnd.randint(1940, 2015)
        cccd = f"070{rnd.randint(0, 1)}{year % 100:02d}{rnd.randint(0, 999999):06d}"
        ids.append(cccd[1:] if r == 3 else cccd)
        day, month = rnd.randint(1, 28), rnd.randint(1, 12)
        dobs.append(f"{day:02d}/{month:02d}/{year}" if r != 4 else str(year))
        phones.append(
            f"09{rnd.randint(0, 99999999):08d}" if r != 5 else f"+84 9{rnd.randint(0, 99999999):08d}"
        )
        money.append(f"{rnd.randint(1, 5000) * 1000:,}".replace(",", "."))
    return pl.DataFrame({"name": names, "id": ids, "dob": dobs, "phone": phones, "money": money})


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_000_000
    frame = make_frame(rows)
    stages = {
        "names (clean+legacy+title)": lambda f: f.with_columns(
            expr_person_name(pl.col("name")).alias("name")
        ),
        "fold names": lambda f: f.with_columns(expr_fold(pl.col("name")).alias("name_folded")),
        "dates (birth)": lambda f: normalise_dates(f, "dob", kind="birth"),
        "ids (with dob)": lambda f: normalise_id_numbers(f, "id", dob_col="dob"),
        "phones": lambda f: normalise_phones(f, "phone"),
        "money": lambda f: f.with_columns(expr_parse_vnd(pl.col("money")).alias("money")),
    }
    total = total_cpu = 0.0
    # CPU seconds are printed too: on a shared machine wall time says little (2 cores: wall >= cpu / 2).
    for label, stage in stages.items():
        start, start_cpu = time.perf_counter(), time.process_time()
        frame = stage(frame)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        total += elapsed
        total_cpu += cpu
        print(f"{label:30s} {elapsed:6.2f} s wall {cpu:6.2f} s cpu")
    print(f"{'total':30s} {total:6.2f} s wall {total_cpu:6.2f} s cpu for {rows:,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
