"""``ansinh linkage relink|retrain``: linkage over the stored registry (needs the database).

    ansinh linkage relink                 rerun linkage over every stored record, verdicts applied, codes stable
    ansinh linkage retrain --output F     train a new model on the stored records (the engine's EM + u-sampling)

The standalone, database-free verb is ``ansinh link`` (``ansinh.linkage.cli``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2
MIN_TRAINING_RECORDS = 1000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ansinh linkage", description="Đối chiếu trùng lặp trên sổ đối tượng."
    )
    sub = parser.add_subparsers(dest="verb", required=True)
    sub.add_parser("relink", help="đối chiếu lại toàn bộ bản ghi đã lưu (áp dụng kết luận của cán bộ)")
    retrain = sub.add_parser("retrain", help="huấn luyện lại mô hình trên các bản ghi đã lưu")
    retrain.add_argument("--output", type=Path, required=True, help="tệp mô hình JSON mới")
    retrain.add_argument("--seed", type=int, default=2021)
    return parser


def main(argv: list[str]) -> int:
    """Entry point; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.verb == "relink":
        return _relink()
    return _retrain(args.output, args.seed)


def _relink() -> int:
    from ansinh.registry.services import persons_relink

    started = time.perf_counter()
    summary = persons_relink(actor=None)
    print(
        f"Đã đối chiếu lại {summary.rows} bản ghi trong {time.perf_counter() - started:.1f} s: "
        f"{summary.moved} bản ghi chuyển đối tượng, {summary.merged} lần gộp, {summary.new_persons} đối tượng "
        f"tách mới, {summary.review_pairs} cặp mới chờ xem xét; cập nhật cảnh báo của {len(summary.jobs)} "
        f"lần nhập."
    )
    return EXIT_OK


def _retrain(output: Path, seed: int) -> int:
    from ansinh.linkage.engine.model import save_model, train_model
    from ansinh.linkage.models import RecordLink
    from ansinh.linkage.records import frame_from_features

    records = RecordLink.objects.values_list("record_key", "person_id", "features")
    if records.count() < MIN_TRAINING_RECORDS:
        print(
            f"Lỗi: cần ít nhất {MIN_TRAINING_RECORDS} bản ghi đã lưu để huấn luyện (hiện có {records.count()}).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    frame = frame_from_features((k, str(p), f) for k, p, f in records.iterator(chunk_size=5000))
    started = time.perf_counter()
    model = train_model(
        frame.drop("record_id", "person_id"), seed=seed, training_data=f"sổ đối tượng: {frame.height} bản ghi"
    )
    save_model(model, output)
    print(
        f"Đã huấn luyện mô hình trên {frame.height} bản ghi trong {time.perf_counter() - started:.1f} s → "
        f"{output}"
    )
    return EXIT_OK
