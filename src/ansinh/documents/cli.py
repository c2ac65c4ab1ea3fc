"""``ansinh documents …``: check the PDF stack, make the demo PKI, render the sample documents, verify a PDF."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ansinh.documents.fonts import font_setup
from ansinh.documents.pdf import PdfUnavailable, render_pdf, weasyprint_available
from ansinh.documents.pki import ensure_demo_ca, ensure_demo_signer
from ansinh.documents.samples import sample_decision, sample_payment_list, sample_report, sample_submission
from ansinh.documents.signing import sign_pdf, verify_pdf
from ansinh.documents.spreadsheet import document_xlsx
from ansinh.documents.word import render_docx


def _check(_: argparse.Namespace) -> int:
    ok, reason = weasyprint_available()
    print(f"PDF: {'có' if ok else 'không'} — {reason}")
    print(f"Phông chữ: {font_setup('auto').description}")
    return 0 if ok else 1


def _pki(args: argparse.Namespace) -> int:
    ca = ensure_demo_ca(args.directory)
    print(f"CA: {ca.cert_path}")
    for name in args.signer or ["Trần Văn Mi"]:
        signer = ensure_demo_signer(args.directory, common_name=name, ca=ca)
        print(f"Người ký {name}: {signer.cert_path}")
    return 0


def _render(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    documents = {
        "quyet-dinh": sample_decision(args.rows, document_id="mau-quyet-dinh"),
        "to-trinh": sample_submission(args.rows, document_id="mau-to-trinh"),
        "danh-sach-chi-tra": sample_payment_list(args.rows, document_id="mau-danh-sach-chi-tra"),
        "bao-cao": sample_report(document_id="mau-bao-cao"),
    }
    signer = ensure_demo_signer(args.pki, common_name="Trần Văn Mi") if args.sign else None
    for stem, document in documents.items():
        (out / f"{stem}.docx").write_bytes(render_docx(document, base_url=args.base_url))
        if document.body_tables or document.annexes:
            (out / f"{stem}.xlsx").write_bytes(document_xlsx(document))
        started = time.perf_counter()
        try:
            pdf = render_pdf(document, base_url=args.base_url, font=args.font)
        except PdfUnavailable as error:
            print(error, file=sys.stderr)
            continue
        if signer is not None:
            pdf = sign_pdf(
                pdf,
                signer.key_path,
                signer.cert_path,
                signer.ca_cert_path,
                reason="Ký số văn bản mẫu",
                location="Bình Phước",
                name=signer.common_name,
            )
        (out / f"{stem}.pdf").write_bytes(pdf)
        print(f"{stem}: PDF {len(pdf):,} byte trong {time.perf_counter() - started:.2f} s")
    return 0


def _verify(args: argparse.Namespace) -> int:
    result = verify_pdf(args.file.read_bytes(), args.trust)
    print(result.summary_vi)
    print(f"SHA-256: {result.sha256}")
    print(
        f"nguyên vẹn={result.intact} hợp lệ={result.valid} tin cậy={result.trusted} số chữ ký={result.signature_count}"
    )
    return 0 if result.ok else 1


def main(argv: list[str]) -> int:
    """Entry point: ``documents check | pki DIR | render-samples OUT | verify FILE --trust CA.pem``."""
    parser = argparse.ArgumentParser(prog="ansinh documents", description="Văn bản theo Nghị định 30/2020")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="kiểm tra khả năng xuất PDF và phông chữ").set_defaults(run=_check)
    pki = commands.add_parser("pki", help="tạo CA và chứng thư DEMO (không dùng cho sản xuất)")
    pki.add_argument("directory", type=Path)
    pki.add_argument("--signer", action="append", help="tên người ký (có thể lặp lại)")
    pki.set_defaults(run=_pki)
    render = commands.add_parser("render-samples", help="xuất các văn bản mẫu (PDF, DOCX, XLSX)")
    render.add_argument("out", type=Path)
    render.add_argument("--rows", type=int, default=40)
    render.add_argument("--base-url", default="https://ansinh.example.gov.vn")
    render.add_argument("--font", choices=("auto", "times", "noto"), default="auto")
    render.add_argument("--sign", action="store_true", help="ký số PDF bằng chứng thư DEMO")
    render.add_argument("--pki", type=Path, default=Path("var/pki"))
    render.set_defaults(run=_render)
    verify = commands.add_parser("verify", help="kiểm tra chữ ký số của một tệp PDF")
    verify.add_argument("file", type=Path)
    verify.add_argument(
        "--trust", type=Path, action="append", required=True, help="chứng thư gốc tin cậy (PEM)"
    )
    verify.set_defaults(run=_verify)
    args = parser.parse_args(argv)
    return int(args.run(args))
