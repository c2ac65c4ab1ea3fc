"""`ansinh import` and `ansinh forms`: the intake verbs (issue 4 §6), pure functions ``main(argv) -> int``.

    ansinh import FILE [--form CODE] [--unit CODE] [--dry-run] [--report OUT.xlsx]
                       [--output-normalised OUT.csv] [--json]
    ansinh forms list [--json]

Counts: ``rows`` data rows read (blank, totals, signature and stray rows excluded and listed under
``skipped``); ``accepted`` rows without an error; ``warnings`` accepted rows with at least one warning;
``rejected`` rows with an error; ``duplicates`` rows whose normalised ID number appeared on an earlier row
(a warning: they are accepted and counted in ``warnings`` too).

Exit codes of ``import``: 0 when at least one row was accepted; 1 when no row was accepted; 2 for usage
errors; 3 when the file cannot be read (or is too large, encrypted, of mixed encodings); 4 when the form
is not recognised or two forms fit equally (the candidates are listed); 5 when the database side refuses
to store (no or unknown ``--unit``). Without ``--dry-run`` and without the database (the pure entry point
``python -m ansinh.intake.cli``) nothing is stored and the run behaves as a dry run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_NOTHING_ACCEPTED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_FORM = 4
EXIT_STORE_REFUSED = 5

LABELS_VI = {
    "rows": "Số dòng đọc được",
    "accepted": "Được nhận",
    "warnings": "Có cảnh báo",
    "rejected": "Bị loại",
    "duplicates": "Trùng lặp",
}


def _import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ansinh import",
        description="Đọc, kiểm tra và nhập một danh sách (xlsx, xls, ods, csv) theo mẫu.",
    )
    parser.add_argument("file", metavar="FILE", help="tệp danh sách")
    parser.add_argument("--form", metavar="CODE", help="mã mẫu (xem: ansinh forms list); mặc định tự nhận ra")
    parser.add_argument("--unit", metavar="CODE", help="mã đơn vị gửi danh sách")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
    parser.add_argument("--report", metavar="OUT.xlsx", help="ghi tệp gốc có tô màu ô lỗi và chú thích")
    parser.add_argument(
        "--output-normalised", metavar="OUT.csv", help="ghi các dòng được nhận sau chuẩn hóa (CSV UTF-8)"
    )
    parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    return parser


def _problem_dicts(result: Any) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "column": column,
            "letter": letter,
            "field": field,
            "value": value,
            "code": code,
            "message": message,
            "severity": severity,
        }
        for row, column, letter, field, value, code, message, severity in result.problems.select(
            "row", "column", "letter", "field", "value", "code", "message", "severity"
        ).iter_rows()
    ]


def write_normalised_csv(result: Any, out: Path) -> None:
    """Accepted rows after normalisation, the form's field names as header, dates dd/mm/yyyy, UTF-8."""
    import polars as pl

    from ansinh.kernel.export_safety import safe_cell

    fields = result.output_fields()
    frame = result.accepted.select(fields)
    frame = frame.with_columns(
        [pl.col(c).dt.strftime("%d/%m/%Y") for c, t in frame.schema.items() if t == pl.Date]
        + [pl.col(c).cast(pl.Utf8) for c, t in frame.schema.items() if t != pl.Date]
    )
    # CSV opened in Excel runs formulas too: neutralise text cells (issue 4 §7).
    frame = frame.with_columns(
        [
            pl.col(c).map_elements(safe_cell, return_dtype=pl.Utf8)
            for c in frame.columns
            if _needs_guard(frame, c)
        ]
    )
    frame.write_csv(out)


def _needs_guard(frame: Any, column: str) -> bool:
    return bool(frame.select(frame[column].str.contains(r"^ *[=+\-@\t\r\n]").any()).item())


def _store(result: Any, *, unit_code: str | None, file_path: Path) -> tuple[bool, str]:
    not_stored = "Chưa lưu: cần mô-đun cơ sở dữ liệu (ansinh.intake.store); đã chạy như --dry-run."
    try:
        from django.conf import settings

        if not settings.configured:  # the pure entry point (`python -m ansinh.intake.cli`) has no database
            return False, not_stored
        from ansinh.intake.store import store_import  # the Django side (lead)
    except ImportError:
        return False, not_stored
    try:
        from ansinh.intake.services import ImportRefused
    except ImportError:  # pragma: no cover - services and store ship together
        ImportRefused = RuntimeError
    from django.db import DatabaseError

    try:
        outcome = store_import(result, unit_code=unit_code, file_path=file_path)
    except ImportRefused as exc:  # a typed refusal with a Vietnamese message (no unit, unknown unit ...)
        raise StoreRefusedError(str(exc)) from exc
    except DatabaseError:
        # A fresh checkout whose database was never set up: the list was read and checked, nothing was
        # written, and the clerk is told how to set the database up (the command's result stays valid).
        return False, ("Chưa lưu: cơ sở dữ liệu chưa được khởi tạo (chạy `ansinh migrate` và "
                       "`ansinh load_reference_data`); đã chạy như --dry-run.")
    return True, f"Đã lưu vào cơ sở dữ liệu: {outcome}"


class StoreRefusedError(Exception):
    """The database side refused to store the list (its Vietnamese message is shown as is)."""


def import_main(argv: list[str]) -> int:
    """`ansinh import`; see the module docstring for the exit codes."""
    from ansinh.intake.pipeline.limits import AmbiguousFormError, FormNotRecognisedError, IntakeError
    from ansinh.intake.pipeline.report import write_report
    from ansinh.intake.pipeline.run import run_import

    try:
        args = _import_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and usage errors; a pure main returns instead
        return int(exc.code or 0)
    path = Path(args.file)
    out = sys.stdout
    try:
        result = run_import(path, form_code=args.form)
    except AmbiguousFormError as exc:
        if args.json:
            print(
                json.dumps(
                    {"error": exc.code, "message": exc.message, "candidates": exc.candidates},
                    ensure_ascii=False,
                ),
                file=out,
            )
        else:
            print(exc.message, file=sys.stderr)
        return EXIT_FORM
    except FormNotRecognisedError as exc:
        _print_error(exc, args.json)
        return EXIT_FORM
    except IntakeError as exc:
        _print_error(exc, args.json)
        return EXIT_UNREADABLE

    counts = result.counts()
    if args.report:
        write_report(result, path, Path(args.report))
    if args.output_normalised:
        write_normalised_csv(result, Path(args.output_normalised))
    stored, store_note = False, "Chế độ thử (--dry-run): không lưu."
    refused: str | None = None
    if not args.dry_run and counts["accepted"]:
        try:
            stored, store_note = _store(result, unit_code=args.unit, file_path=path)
        except StoreRefusedError as exc:
            refused = f"Không lưu được danh sách «{path.name}»: {exc}"
            store_note = refused

    if args.json:
        payload: dict[str, Any] = {
            "file": result.file_name,
            "sheet": result.sheet,
            "form": result.form.code,
            "form_name": result.form.name_vi,
            **counts,
            "problems": _problem_dicts(result),
            "mapping": [m.as_dict() for m in result.match.columns],
            "unsure_columns": [m.letter for m in result.match.unsure],
            "alternatives": [{"form": c, "score": s} for c, s in result.alternatives],
            "skipped": result.cut,
            "evaluation": {
                "policy": result.evaluation.policy,
                "note": result.evaluation.note,
                "eligible": result.evaluation.eligible,
                "total_vnd": result.evaluation.total_vnd,
            },
            "stored": stored,
            "store_note": store_note,
            "timings": {k: round(v, 3) for k, v in result.timings.items()},
        }
        print(json.dumps(payload, ensure_ascii=False, default=str), file=out)
    else:
        _print_text(result, counts, store_note, out)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_STORE_REFUSED
    return EXIT_OK if counts["accepted"] else EXIT_NOTHING_ACCEPTED


def _print_error(exc: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": exc.code, "message": exc.message}, ensure_ascii=False), file=sys.stdout)
    else:
        print(exc.message, file=sys.stderr)


def _print_text(result: Any, counts: dict[str, int], store_note: str, out: Any) -> None:
    print(f"Tệp: {result.file_name} (trang «{result.sheet}»)", file=out)
    print(f"Mẫu: {result.form.code} — {result.form.name_vi}", file=out)
    for key, label in LABELS_VI.items():
        print(f"{label}: {counts[key]}", file=out)
    skipped_vi = {
        "blank": "dòng trống",
        "totals": "dòng tổng cộng",
        "footer": "dòng ngày tháng/chữ ký cuối danh sách",
        "repeated_header_or_section": "dòng tiêu đề lặp lại/tên nhóm",
        "stray": "dòng không phải một người",
    }
    skipped = [f"{n} {skipped_vi.get(k, k)}" for k, n in result.cut.items() if n]
    if skipped:
        print("Bỏ qua: " + ", ".join(skipped), file=out)
    unsure = result.match.unsure
    if unsure:
        print("Cột chưa chắc chắn (đề nghị xác nhận):", file=out)
        for m in unsure:
            options = ", ".join(f"{f} ({s:.2f})" for f, s in m.candidates)
            print(f"  {m.letter} «{m.header}» → {m.field}; các khả năng: {options}", file=out)
    if result.evaluation.frame is not None:
        total = f"{result.evaluation.total_vnd:,}".replace(",", ".")
        print(
            f"Xét chính sách {result.evaluation.policy}: {result.evaluation.eligible} người đủ điều kiện, "
            f"tổng {total} đồng",
            file=out,
        )
    else:
        print(result.evaluation.note, file=out)
    shown = result.problems.head(20)
    if shown.height:
        print("Vấn đề (20 đầu tiên):", file=out)
        for row, letter, severity, message in shown.select(
            "row", "letter", "severity", "message"
        ).iter_rows():
            mark = "LỖI" if severity == "error" else "cảnh báo"
            print(f"  dòng {row}, cột {letter or '-'} [{mark}]: {message}", file=out)
    print(store_note, file=out)


def forms_main(argv: list[str]) -> int:
    """`ansinh forms list [--json]`: the list forms An Sinh reads."""
    parser = argparse.ArgumentParser(prog="ansinh forms", description="Các mẫu danh sách An Sinh đọc được.")
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="liệt kê các mẫu")
    listing.add_argument("--json", action="store_true")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)

    from ansinh.intake.pipeline.formspec import default_forms

    forms = default_forms()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "code": f.code,
                        "name_vi": f.name_vi,
                        "policies": list(f.policies),
                        "verified": f.verified,
                        "fields": [c.field for c in f.columns],
                        "required": f.required_fields,
                    }
                    for f in forms.values()
                ],
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    for form in forms.values():
        policies = ", ".join(form.policies) or "—"
        flag = "" if form.verified else " [chưa xác minh]"
        print(f"{form.code:<24} {form.name_vi}{flag}\n{'':<24} chính sách: {policies}")
    return EXIT_OK


def main(argv: list[str]) -> int:
    """Dispatch for ``python -m ansinh.intake.cli import ...`` / ``forms ...``."""
    if not argv or argv[0] not in ("import", "forms"):
        print("Cách dùng: import FILE [...] | forms list", file=sys.stderr)
        return EXIT_USAGE
    return import_main(argv[1:]) if argv[0] == "import" else forms_main(argv[1:])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
