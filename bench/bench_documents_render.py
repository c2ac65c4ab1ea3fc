"""Time the decision (PDF, DOCX, XLSX) and PAdES signing for annexes of growing size.

Run: .venv/bin/python bench/bench_documents_render.py [ROWS ...]   (default 40 200 1000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ansinh.documents.pdf import render_pdf
from ansinh.documents.pdftext import page_count
from ansinh.documents.pki import ensure_demo_signer
from ansinh.documents.samples import sample_decision
from ansinh.documents.signing import sign_pdf, verify_pdf
from ansinh.documents.spreadsheet import document_xlsx
from ansinh.documents.word import render_docx


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [40, 200, 1000]
    pki = Path(tempfile.mkdtemp())
    signer = ensure_demo_signer(pki, common_name="Trần Văn Mi")
    print(
        f"{'rows':>6} {'pages':>5} {'pdf s':>7} {'pdf KB':>7} {'docx s':>7} {'xlsx s':>7} {'sign s':>7} {'verify s':>8}"
    )
    for rows in sizes:
        document = sample_decision(rows, document_id="bench")
        t0 = time.perf_counter()
        pdf = render_pdf(document, base_url="https://ansinh.example.gov.vn", font="noto")
        t1 = time.perf_counter()
        render_docx(document)
        t2 = time.perf_counter()
        document_xlsx(document)
        t3 = time.perf_counter()
        signed = sign_pdf(
            pdf, signer.key_path, signer.cert_path, signer.ca_cert_path, "bench", "Bình Phước", "x"
        )
        t4 = time.perf_counter()
        ok = verify_pdf(signed, [signer.ca_cert_path]).ok
        t5 = time.perf_counter()
        print(
            f"{rows:>6} {page_count(pdf):>5} {t1 - t0:>7.2f} {len(pdf) / 1024:>7.0f} {t2 - t1:>7.2f} "
            f"{t3 - t2:>7.2f} {t4 - t3:>7.2f} {t5 - t4:>8.2f} {'ok' if ok else 'FAILED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
