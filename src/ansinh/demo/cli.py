"""``ansinh demo <subcommand>``: synthetic demo data.

``ansinh demo people --n N --dup-rate R --seed S --output F.csv --truth T.csv`` writes N records of a
Bình Phước population (UTF-8 CSV in the ``ansinh link`` input contract) and the truth (record_id,
person_id). Other subcommands can be added with :func:`build_parser`'s subparsers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ansinh.demo.people import generate_people


def build_parser() -> argparse.ArgumentParser:
    """The ``demo`` parser; each kind of demo data is a subcommand."""
    parser = argparse.ArgumentParser(
        prog="ansinh demo", description="Tạo dữ liệu mẫu (tổng hợp) cho An Sinh."
    )
    sub = parser.add_subparsers(dest="subcommand", required=True)
    people = sub.add_parser(
        "people", help="Dân cư Bình Phước tổng hợp có bản ghi trùng và đáp án (truth) để thử ghép bản ghi."
    )
    people.add_argument("--n", type=int, required=True, help="số bản ghi (records)")
    people.add_argument(
        "--dup-rate", type=float, default=0.2, help="tỉ lệ bản ghi trùng, 0 ≤ R < 1 (mặc định 0.2)"
    )
    people.add_argument("--seed", type=int, default=0, help="hạt giống ngẫu nhiên (cùng seed → cùng dữ liệu)")
    people.add_argument("--output", type=Path, required=True, help="tệp CSV bản ghi")
    people.add_argument("--truth", type=Path, help="tệp CSV đáp án: record_id,person_id")
    people.set_defaults(handler=_people)
    return parser


def _people(args: argparse.Namespace) -> int:
    if args.n < 1 or not 0.0 <= args.dup_rate < 1.0:
        print("Lỗi: --n phải ≥ 1 và 0 ≤ --dup-rate < 1.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    records, truth = generate_people(n=args.n, dup_rate=args.dup_rate, seed=args.seed)
    records.write_csv(args.output)
    if args.truth:
        truth.write_csv(args.truth)
    persons = truth["person_id"].n_unique()
    print(
        f"Đã tạo {records.height} bản ghi của {persons} người → {args.output}"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def main(argv: list[str]) -> int:
    """Entry point of ``ansinh demo``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    return int(args.handler(args))
