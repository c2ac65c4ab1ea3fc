"""``ansinh link``: find which person records are the same person (standalone, no database).

Contract (issue 5)::

    ansinh link INPUT.csv [MORE.csv ...] --output clusters.csv [--pairs pairs.csv] [--threshold P]

Input: UTF-8 CSV with a header; only ``record_id`` is required; any of ``full_name, date_of_birth, sex,
id_number, phone, address, commune, district, province`` may be missing or empty; ``date_of_birth`` as
dd/mm/yyyy, yyyy-mm-dd, yyyymmdd or a year alone. Record ids must be unique across all files.
Output: ``record_id,cluster_id`` for every input record, in input order (same cluster = same person; the
cluster id is the smallest record id of the cluster). ``--pairs``: ``record_id_l,record_id_r,
match_probability``, one evidence column per compared field (the agreement level) and ``match_weight``,
for every scored pair with probability ≥ min(P, 0.5). Default threshold: the model's (0.95).

Other verbs of the same command:
    ``ansinh link --retrain OUT.json INPUT.csv ...`` trains a new model on the inputs (EM + u-sampling,
    fixed seed) and writes it; ``--model PATH`` links with another model; ``--spark`` runs on Splink's
    Spark backend (needs pyspark; see ``ansinh.linkage.engine.spark``).
Exit codes: 0 done; 2 bad input or usage (the message names the file and the row).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import polars as pl

from ansinh.linkage.engine.model import DEFAULT_MODEL_PATH, load_model, save_model, train_model
from ansinh.linkage.engine.prepare import INPUT_COLUMNS

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """A problem with an input file, with a message for the user that names the file and row."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ansinh link",
        description="Ghép bản ghi: tìm các bản ghi là cùng một người (Splink trên DuckDB, không cần CSDL).",
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, help="tệp CSV UTF-8 có dòng tiêu đề; bắt buộc cột record_id"
    )
    parser.add_argument("--output", type=Path, help="tệp kết quả record_id,cluster_id")
    parser.add_argument(
        "--pairs", type=Path, help="tệp các cặp đã chấm điểm, kèm bằng chứng theo từng trường"
    )
    parser.add_argument(
        "--threshold", type=float, help="ngưỡng xác suất để coi là cùng người (mặc định theo mô hình: 0.95)"
    )
    parser.add_argument(
        "--model", type=Path, default=DEFAULT_MODEL_PATH, help="tệp mô hình JSON (mặc định person-v1)"
    )
    parser.add_argument(
        "--retrain", type=Path, metavar="OUT.json", help="huấn luyện lại mô hình trên các tệp đầu vào"
    )
    parser.add_argument("--seed", type=int, default=2021, help="hạt giống cho --retrain (mặc định 2021)")
    parser.add_argument("--spark", action="store_true", help="chạy trên Spark (cần pyspark)")
    return parser


def main(argv: list[str]) -> int:
    """Entry point of ``ansinh link``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.retrain is None and args.output is None:
        print("Lỗi: cần --output (hoặc --retrain OUT.json).", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.threshold is not None and not 0.0 < args.threshold < 1.0:
        print("Lỗi: --threshold phải nằm trong khoảng (0, 1).", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        records = read_inputs(args.inputs)
    except InputError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.retrain is not None:
        return _retrain(records, args)
    return _link(records, args)


def _retrain(records: pl.DataFrame, args: argparse.Namespace) -> int:
    from ansinh.linkage.engine.prepare import prepare

    started = time.perf_counter()
    model = train_model(
        prepare(records),
        seed=args.seed,
        training_data=" ".join(str(p) for p in args.inputs),
        version=args.retrain.stem,
    )
    save_model(model, args.retrain)
    print(
        f"Đã huấn luyện mô hình trên {records.height} bản ghi → {args.retrain} ({time.perf_counter() - started:.1f} s)"
    )
    return EXIT_OK


def _link(records: pl.DataFrame, args: argparse.Namespace) -> int:
    model = load_model(args.model)
    threshold = model.default_threshold if args.threshold is None else args.threshold
    started = time.perf_counter()
    if args.spark:
        from ansinh.linkage.engine.spark import link_records_spark, spark_available

        available, reason = spark_available()
        if not available:
            print(f"Lỗi: không chạy được Spark: {reason}.", file=sys.stderr)
            return EXIT_BAD_INPUT
        clusters, pairs = link_records_spark(records, model, threshold)
    else:
        from ansinh.linkage.engine.link import link_records

        clusters, pairs = link_records(records, model, threshold)
    # Every input record, in input order.
    out = records.select("record_id").join(clusters, on="record_id", how="left", maintain_order="left")
    out = out.with_columns(pl.col("cluster_id").fill_null(pl.col("record_id")))
    out.write_csv(args.output)
    if args.pairs:
        fields = [
            c
            for c in pairs.columns
            if c not in ("record_id_l", "record_id_r", "match_probability", "match_weight")
        ]
        pairs.select("record_id_l", "record_id_r", "match_probability", *fields, "match_weight").write_csv(
            args.pairs
        )
    persons = out["cluster_id"].n_unique()
    print(
        f"{out.height} bản ghi → {persons} người (ngưỡng {threshold}); {pairs.height} cặp đã chấm điểm;"
        f" {time.perf_counter() - started:.1f} s → {args.output}"
    )
    return EXIT_OK


def read_inputs(paths: list[Path]) -> pl.DataFrame:
    """Read and check every input file; raise :class:`InputError` naming the file and row."""
    frames = []
    seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        frame = read_one(path)
        ids = frame["record_id"].to_list()
        for offset, record_id in enumerate(ids):
            row = offset + 2  # 1-based, after the header line
            if record_id is None or record_id.strip() == "":
                raise InputError(f"{path}, dòng {row}: record_id trống.")
            if record_id in seen:
                first_path, first_row = seen[record_id]
                raise InputError(
                    f"{path}, dòng {row}: record_id '{record_id}' bị trùng (đã có ở {first_path}, dòng {first_row})."
                )
            seen[record_id] = (path, row)
        frames.append(frame)
    return pl.concat(frames, how="diagonal") if frames else pl.DataFrame(schema={"record_id": pl.String})


def read_one(path: Path) -> pl.DataFrame:
    """One CSV file as text columns (the known ones, in contract order; unknown ones are ignored)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"không đọc được tệp {path}: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}, dòng {line}: nội dung không phải UTF-8 (byte 0x{raw[exc.start]:02x} ở vị trí {exc.start})."
            " Hãy lưu tệp dưới dạng CSV UTF-8."
        ) from exc
    if not text.strip():
        raise InputError(f"{path}: tệp rỗng, thiếu dòng tiêu đề có cột record_id.")
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{path}: không đọc được CSV ({exc}).") from exc
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    if "record_id" not in frame.columns:
        raise InputError(f"{path}, dòng 1: thiếu cột record_id trong dòng tiêu đề.")
    present = [c for c in INPUT_COLUMNS if c in frame.columns]
    return frame.select(present).with_columns(pl.col("record_id").str.strip_chars())
