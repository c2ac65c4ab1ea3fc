"""CSV lists: UTF-8, UTF-8 with BOM, UTF-16 (with BOM, or without when the zero bytes show it) and
Windows-1258 (what Excel on a Vietnamese Windows saves as "CSV"). Detection, not guessing:

1. a BOM decides;
2. zero bytes in every other position mean UTF-16 without BOM;
3. text that decodes as strict UTF-8 is UTF-8;
4. otherwise, if the bytes still hold many valid UTF-8 Vietnamese sequences, the file mixes encodings
   (someone pasted UTF-8 into a cp1258 file): we stop with a clear message rather than store mojibake;
5. otherwise Windows-1258, NFC-normalised (cp1258 writes tone marks as combining characters).

A cell written ``="0790…"`` (the export trick that keeps Excel from dropping leading zeros) is read as its
text. The Python ``csv`` module keeps line numbers, so every row keeps the line the clerk sees in a text editor.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

import polars as pl

from .grid import ROW_COL, SheetGrid, cell_name
from .limits import DEFAULT_LIMITS, EncodingError, Limits, TooLargeError

# Two- and three-byte UTF-8 sequences of Vietnamese letters: Latin-1 supplement / Latin Extended-A/B
# (C3/C4/C5/C6 lead bytes) and Latin Extended Additional (E1 BA/BB lead bytes).
_UTF8_VIETNAMESE = re.compile(rb"[\xc3-\xc6][\x80-\xbf]|\xe1[\xba\xbb][\x80-\xbf]")
_DELIMITERS = ",;\t|"


def detect_encoding(data: bytes) -> str:
    """Return the codec name of ``data`` (see the module docstring); raise :class:`EncodingError`."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:8192]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    utf8_sequences = len(_UTF8_VIETNAMESE.findall(data))
    if utf8_sequences >= 3:
        raise EncodingError(
            "Tệp trộn lẫn nhiều bảng mã (một phần Unicode UTF-8, một phần bảng mã khác, "
            f"lỗi đầu tiên ở byte {bad_at}). Hãy mở tệp bằng Excel và lưu lại dưới dạng "
            "«CSV UTF-8» hoặc .xlsx rồi gửi lại."
        )
    try:
        data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"Không xác định được bảng mã của tệp (byte không hợp lệ ở vị trí {exc.start}). "
            "Hãy lưu lại tệp dưới dạng «CSV UTF-8» hoặc .xlsx."
        ) from exc
    return "cp1258"


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:50]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delim in _DELIMITERS:
        counts = [ln.count(delim) for ln in lines]
        nonzero = [c for c in counts if c]
        if not nonzero:
            continue
        # A real delimiter appears on most lines, often the same number of times.
        modal = max(set(nonzero), key=nonzero.count)
        score = len(nonzero) + nonzero.count(modal) + min(modal, 20) / 100
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv_grid(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> SheetGrid:
    """Read a CSV file as one text grid (``__row`` = line number of the record's first line)."""
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
    except EncodingError as exc:
        exc.message = f"Tệp «{path.name}»: {exc.message}"
        exc.args = (exc.message,)
        exc.file_name = path.name
        raise
    text = unicodedata.normalize("NFC", data.decode(encoding))
    del data
    delimiter = _sniff_delimiter(text)
    # The per-cell guard must hold while parsing too: csv's own field limit stops a 100 MB cell early
    # (process-wide setting, restored afterwards).
    previous_limit = csv.field_size_limit(max(limits.max_cell_chars * 4, 131072))
    try:
        return _parse(path, text, delimiter, encoding, limits)
    finally:
        csv.field_size_limit(previous_limit)


def _parse(path: Path, text: str, delimiter: str, encoding: str, limits: Limits) -> SheetGrid:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row_numbers: list[int] = []
    rows: list[list[str]] = []
    width = 0
    oversize: list[tuple[int, str, int]] = []
    line_start = 1
    try:
        for record in reader:
            if len(rows) >= limits.max_rows:
                raise TooLargeError(
                    f"Tệp «{path.name}» có hơn {limits.max_rows:,} dòng, vượt giới hạn.".replace(",", "."),
                    file_name=path.name,
                )
            row_numbers.append(line_start)
            line_start = reader.line_num + 1
            if len(record) > limits.max_columns:
                raise TooLargeError(
                    f"Tệp «{path.name}» có dòng {row_numbers[-1]} với {len(record)} cột, vượt giới hạn "
                    f"{limits.max_columns}.",
                    file_name=path.name,
                )
            for i, value in enumerate(record):
                if len(value) > limits.max_cell_chars:
                    oversize.append((row_numbers[-1], cell_name(i), len(value)))
                    record[i] = value[: limits.max_cell_chars]
            width = max(width, len(record))
            rows.append(record)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TooLargeError(
                f"Tệp «{path.name}» có một ô dài hơn {limits.max_cell_chars:,} ký tự ở gần dòng "
                f"{reader.line_num}; đây không phải danh sách hợp lệ.".replace(",", "."),
                file_name=path.name,
            ) from exc
        raise EncodingError(f"Tệp «{path.name}» không phải CSV hợp lệ: {exc}.", file_name=path.name) from exc
    columns = {
        cell_name(i): [(r[i] if i < len(r) and r[i] != "" else None) for r in rows] for i in range(width)
    }
    frame = pl.DataFrame(
        {ROW_COL: row_numbers, **columns}, schema={ROW_COL: pl.Int64, **dict.fromkeys(columns, pl.Utf8)}
    )
    # ="0790…" is how exports (and clerks who know the trick) keep Excel from reading a cell as a number; in a
    # CSV it is the cell's text. (In xlsx such a cell is a formula and the reader takes its cached value.)
    frame = frame.with_columns(pl.col(list(columns)).str.replace(r'^=\s*"(.*)"$', "$1"))
    grid = SheetGrid(name=path.stem, frame=frame, source_format="csv", notes=[f"encoding={encoding}"])
    grid.oversize = oversize
    return grid
