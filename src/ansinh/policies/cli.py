"""Command-line verbs ``ansinh eligibility`` and ``ansinh policies`` (issue 3 §6). No database needed.

``ansinh eligibility INPUT.csv --policy CODE --output OUT.csv [--as-of YYYY-MM-DD] [--keep-going]``

Exit codes:
  0  every row was read and evaluated; OUT.csv written.
  1  some cells could not be read (each reported on stderr as "dòng N, cột C: ..." where line 1 is the
     header, so the first data row is line 2). Without --keep-going nothing is written; with
     --keep-going the readable rows are evaluated and written, the bad rows are left out.
  2  the run could not start: unknown policy, policy not computed here, missing required column,
     unreadable file, bad --as-of, or a usage error.

Output columns: record_id,eligible,amount_vnd,failed_conditions,citations,version. ``citations`` holds
the citations of the failed conditions when not eligible, and of the amount parts paid (base and each
add-on) when eligible; both lists are joined by ";".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

import polars as pl

from ansinh.policies.catalogue import CatalogueError, load_catalogue
from ansinh.policies.catalogue_text import policy_detail_text, policy_list_rows, policy_list_text
from ansinh.policies.engine import (
    MissingColumnsError,
    PolicyNotComputable,
    PredicateError,
    compile_policy,
    parse_inputs,
)
from ansinh.policies.engine.compiler import today_in_vietnam
from ansinh.policies.engine.evaluate import evaluate_lazy
from ansinh.policies.engine.inputs import ROW_INDEX

OUTPUT_COLUMNS = ["record_id", "eligible", "amount_vnd", "failed_conditions", "citations", "version"]
MAX_REPORTED_ERRORS = 200
EXIT_OK, EXIT_ROW_ERRORS, EXIT_USAGE = 0, 1, 2


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ {text!r}, cần dạng YYYY-MM-DD") from None


def _parse_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits on --help and on usage errors
        return int(stop.code or 0)


def _locate_csv_problem(path: Path, error: Exception) -> str:
    """Name the first line that breaks the CSV shape (line 1 = header), or fall back to the error."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            for record in reader:
                if len(record) > len(header):
                    return f"dòng {reader.line_num}: có {len(record)} ô nhưng dòng tiêu đề chỉ có {len(header)} cột"
    except UnicodeDecodeError as decode_error:
        return f"không phải UTF-8 ({decode_error})"
    return str(error)


def _eligibility_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ansinh eligibility",
        description="Xét điều kiện và tính mức hỗ trợ cho cả danh sách (CSV UTF-8, có dòng tiêu đề).",
        epilog="Mã thoát: 0 thành công; 1 có ô không đọc được (dòng 1 là dòng tiêu đề); 2 lỗi sử dụng.",
    )
    parser.add_argument("input", type=Path, help="tệp CSV đầu vào")
    parser.add_argument("--policy", required=True, help="mã chính sách, xem `ansinh policies list`")
    parser.add_argument("--output", required=True, type=Path, help="tệp CSV kết quả")
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        help="ngày ra quyết định (YYYY-MM-DD), chọn phiên bản; mặc định hôm nay",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="vẫn xét các dòng hợp lệ khi có dòng lỗi (mã thoát vẫn là 1)",
    )
    return parser


def _error(message: str) -> None:
    print(f"lỗi: {message}", file=sys.stderr)


def main(argv: list[str]) -> int:
    """``ansinh eligibility``: evaluate a CSV list against one policy and write the results CSV."""
    args = _parse_args(_eligibility_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        catalogue = load_catalogue()
        policy = catalogue.get(args.policy)
    except CatalogueError as error:
        _error(f"danh mục chính sách không hợp lệ: {error}")
        return EXIT_USAGE
    except KeyError:
        _error(f"không có chính sách {args.policy!r}; các mã hợp lệ: {', '.join(sorted(catalogue.policies))}")
        return EXIT_USAGE
    as_of = args.as_of or today_in_vietnam()
    try:
        compiled = compile_policy(policy, as_of)
    except (PolicyNotComputable, PredicateError) as error:
        _error(str(error))
        return EXIT_USAGE
    try:
        raw = pl.read_csv(args.input, infer_schema=False, encoding="utf8")
    except FileNotFoundError:
        _error(f"không tìm thấy tệp {args.input}")
        return EXIT_USAGE
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        _error(
            f"không đọc được tệp CSV {args.input} (cần UTF-8, có dòng tiêu đề): {_locate_csv_problem(args.input, error)}"
        )
        return EXIT_USAGE
    raw = raw.rename({c: c.strip().lstrip("\ufeff") for c in raw.columns})
    try:
        typed, errors = parse_inputs(raw, policy)
    except MissingColumnsError as error:
        _error(f"{error} (chính sách {policy.code})")
        return EXIT_USAGE
    for cell in errors[:MAX_REPORTED_ERRORS]:
        _error(cell.message_vi())
    if len(errors) > MAX_REPORTED_ERRORS:
        _error(f"... và {len(errors) - MAX_REPORTED_ERRORS} lỗi khác")
    if errors and not args.keep_going:
        _error(
            f"{len(errors)} ô không đọc được; không ghi kết quả (dùng --keep-going để xét các dòng hợp lệ)"
        )
        return EXIT_ROW_ERRORS
    if errors:
        bad_rows = sorted({e.line - 2 for e in errors})
        typed = typed.filter(~pl.col(ROW_INDEX).is_in(bad_rows))
    result = evaluate_lazy(typed.lazy(), compiled, with_citations=True, joined=True).select(OUTPUT_COLUMNS)
    frame = result.collect()
    frame.write_csv(args.output)
    total = int(frame.get_column("amount_vnd").sum() or 0)
    eligible = int(frame.get_column("eligible").sum() or 0)
    skipped = f", bỏ qua {len(bad_rows)} dòng lỗi" if errors else ""
    total_text = f"{total:,}".replace(",", ".")
    print(
        f"{policy.code} ({compiled.version.code}, ngày quyết định {as_of:%d/%m/%Y}): {frame.height} dòng, "
        f"{eligible} đủ điều kiện, tổng {total_text} đồng{skipped} → {args.output}"
    )
    return EXIT_ROW_ERRORS if errors else EXIT_OK


def _policies_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ansinh policies", description="Xem danh mục chính sách hỗ trợ.")
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="liệt kê các chính sách")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="xem chi tiết một chính sách")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.add_argument(
        "--as-of", type=_iso_date, default=None, help="ngày để chỉ ra phiên bản và giá trị áp dụng"
    )
    return parser


def policies_main(argv: list[str]) -> int:
    """``ansinh policies list|show``: print the catalogue (text or --json)."""
    args = _parse_args(_policies_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        catalogue = load_catalogue()
    except CatalogueError as error:
        _error(f"danh mục chính sách không hợp lệ: {error}")
        return EXIT_USAGE
    if args.action == "list":
        if args.json:
            print(json.dumps(policy_list_rows(catalogue), ensure_ascii=False, indent=2))
        else:
            print(policy_list_text(catalogue))
        return EXIT_OK
    try:
        policy = catalogue.get(args.code)
    except KeyError:
        _error(f"không có chính sách {args.code!r}; các mã hợp lệ: {', '.join(sorted(catalogue.policies))}")
        return EXIT_USAGE
    if args.json:
        print(json.dumps(policy.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(policy_detail_text(policy, as_of=args.as_of or today_in_vietnam()))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
