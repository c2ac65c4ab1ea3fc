"""Read a clerk's file (xlsx, xls, ods or csv) into :class:`SheetGrid`s: every cell as text, nothing guessed.

* The format comes from the file's first bytes, not its name (clerks rename .xls to .xlsx).
* Every cell is read as a string (fastexcel ``dtypes="string"``) so an ID number typed as a number never
  becomes a float; a date cell comes as ISO text, an Excel serial typed as a number as its digits - the
  kernel's date parser handles both. Formulas give their cached value; nothing is ever evaluated.
* ``header_row=None, skip_rows=0`` makes fastexcel start at A1 so row numbers are the spreadsheet's own;
  ``absolute_index`` gives the column letters.
* Size guards (:mod:`.limits`) run before the data is parsed: the zip directory's declared sizes for
  xlsx/ods, file size, rows and columns after the (lazy) sheet load, the cell length after.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import fastexcel
import polars as pl

from .csv_reader import read_csv_grid
from .grid import ROW_COL, SheetGrid, cell_name
from .limits import (
    DEFAULT_LIMITS,
    EncryptedFileError,
    Limits,
    TooLargeError,
    UnreadableFileError,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted OOXML workbook is an OLE container holding a stream with this (UTF-16LE) name.
ENCRYPTED_PACKAGE_MARK = "EncryptedPackage".encode("utf-16-le")
# xls encryption: the FILEPASS record (0x002F) sits in the workbook stream; calamine reports it by name.
_PASSWORD_WORDS = ("password", "encrypt", "filepass")


def sniff_format(path: Path, head: bytes) -> str:
    """Return "xlsx", "ods", "xls", "encrypted" or "csv" from the first bytes (and the zip directory)."""
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return "encrypted" if _ole_is_encrypted_ooxml(path) else "xls"
    if _looks_like_text(head):
        return "csv"
    raise UnreadableFileError(
        f"Tệp «{path.name}» không phải bảng tính (xlsx, xls, ods) hay tệp CSV.", file_name=path.name
    )


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:8192]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM has a zero byte in every other position of ASCII text.
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        return (
            max(zeros_even, zeros_odd) > len(sample) // 3 and min(zeros_even, zeros_odd) < len(sample) // 20
        )
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control <= len(sample) // 100


def _ole_is_encrypted_ooxml(path: Path) -> bool:
    # The directory sectors of a small OLE file are near the start; scan the first few MB only.
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return ENCRYPTED_PACKAGE_MARK in data


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
        raise UnreadableFileError(
            f"Tệp «{path.name}» bị hỏng hoặc không đầy đủ (không mở được như bảng tính Excel).",
            file_name=path.name,
        ) from exc
    raise UnreadableFileError(
        f"Tệp «{path.name}» là tệp nén nhưng không phải bảng tính Excel/ODS.", file_name=path.name
    )


def check_zip_directory(path: Path, limits: Limits) -> None:
    """Reject zip bombs from the directory alone: declared uncompressed sizes and ratios, before reading."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableFileError(
            f"Tệp «{path.name}» bị hỏng hoặc không đầy đủ (không mở được như bảng tính Excel).",
            file_name=path.name,
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise TooLargeError(
            f"Tệp «{path.name}» khi giải nén lớn {total // (1024 * 1024)} MB, vượt giới hạn "
            f"{limits.max_uncompressed_bytes // (1024 * 1024)} MB; có thể là tệp độc hại (zip bomb).",
            file_name=path.name,
        )
    for info in infos:
        if info.file_size >= limits.ratio_check_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise TooLargeError(
                    f"Tệp «{path.name}» có thành phần «{info.filename}» nén bất thường (tỉ lệ {ratio:.0f}:1); "
                    "có thể là tệp độc hại (zip bomb), không đọc.",
                    file_name=path.name,
                )


def read_workbook(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> list[SheetGrid]:
    """Read every sheet of ``path`` as text grids (hidden sheets included, flagged ``hidden``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(65536)
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"Không tìm thấy tệp «{path}».", file_name=path.name) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"«{path}» là một thư mục, không phải tệp.", file_name=path.name) from exc
    except OSError as exc:
        raise UnreadableFileError(
            f"Không mở được tệp «{path.name}» (lỗi hệ thống: {exc.strerror}).", file_name=path.name
        ) from exc
    if size == 0:
        raise UnreadableFileError(f"Tệp «{path.name}» rỗng.", file_name=path.name)
    if size > limits.max_file_bytes:
        raise TooLargeError(
            f"Tệp «{path.name}» lớn {size // (1024 * 1024)} MB, vượt giới hạn "
            f"{limits.max_file_bytes // (1024 * 1024)} MB; hãy chia danh sách thành nhiều tệp.",
            file_name=path.name,
        )
    kind = sniff_format(path, head)
    if kind == "encrypted":
        raise EncryptedFileError(
            f"Tệp «{path.name}» được đặt mật khẩu. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) "
            "rồi gửi lại.",
            file_name=path.name,
        )
    if kind == "csv":
        return [read_csv_grid(path, limits=limits)]
    if kind in ("xlsx", "ods"):
        check_zip_directory(path, limits)
    return _read_with_fastexcel(path, kind, limits)


def _raise_unreadable(path: Path, exc: BaseException) -> None:
    text = str(exc).lower()
    if any(w in text for w in _PASSWORD_WORDS):
        raise EncryptedFileError(
            f"Tệp «{path.name}» được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại.", file_name=path.name
        ) from exc
    raise UnreadableFileError(
        f"Không đọc được tệp «{path.name}»: tệp bị hỏng hoặc không đúng định dạng bảng tính.",
        file_name=path.name,
    ) from exc


_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "ods": (".ods",), "xls": (".xls",)}


def _read_with_fastexcel(path: Path, kind: str, limits: Limits) -> list[SheetGrid]:
    # calamine picks the parser from the file name; a renamed file ("ds.xls" that is really xlsx) is handed
    # over as bytes so the content decides (the size guard above bounds the memory).
    source: Path | bytes = path if path.suffix.lower() in _SUFFIXES[kind] else path.read_bytes()
    try:
        reader = fastexcel.read_excel(source)
        sheet_names = reader.sheet_names
    except Exception as exc:
        _raise_unreadable(path, exc)
        raise  # unreachable; keeps the type checker honest
    grids: list[SheetGrid] = []
    for index, name in enumerate(sheet_names):
        try:
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
        except Exception as exc:
            _raise_unreadable(path, exc)
            raise
        if sheet.height > limits.max_rows:
            raise TooLargeError(
                f"Trang «{name}» của tệp «{path.name}» có {sheet.height:,} dòng, vượt giới hạn "
                f"{limits.max_rows:,} dòng.".replace(",", "."),
                file_name=path.name,
            )
        if sheet.width > limits.max_columns:
            raise TooLargeError(
                f"Trang «{name}» của tệp «{path.name}» có {sheet.width} cột, vượt giới hạn {limits.max_columns}.",
                file_name=path.name,
            )
        columns = sheet.available_columns()
        try:
            frame = sheet.to_polars()
        except Exception as exc:
            _raise_unreadable(path, exc)
            raise
        frame = frame.rename({info.name: cell_name(info.absolute_index) for info in columns})
        frame = frame.with_row_index(ROW_COL, offset=1).with_columns(pl.col(ROW_COL).cast(pl.Int64))
        hidden = str(sheet.visible).lower() not in ("visible", "sheetvisible.visible")
        grids.append(
            enforce_cell_limit(SheetGrid(name=name, frame=frame, hidden=hidden, source_format=kind), limits)
        )
    return grids


def enforce_cell_limit(grid: SheetGrid, limits: Limits) -> SheetGrid:
    """Truncate cells longer than ``limits.max_cell_chars``; remember where (the validator reports them)."""
    cols = grid.cell_columns
    if not cols:
        return grid
    longest = grid.frame.select(pl.col(cols).str.len_bytes().max())
    too_long = [c for c in cols if (longest[c][0] or 0) > limits.max_cell_chars]
    if not too_long:
        return grid
    for col in too_long:
        lengths = grid.frame.select(ROW_COL, pl.col(col).str.len_chars().alias("n")).filter(
            pl.col("n") > limits.max_cell_chars
        )
        grid.oversize.extend((int(r), col, int(n)) for r, n in lengths.rows())
    grid.frame = grid.frame.with_columns(pl.col(too_long).str.slice(0, limits.max_cell_chars))
    return grid


def read_first_sheet_cells(
    content: bytes, file_name: str, *, limits: Limits = DEFAULT_LIMITS
) -> list[list[str]]:
    """The first visible sheet (or the CSV) of an uploaded file as rows of cell texts ("" for empty cells).

    For the small tables other modules import (plan tasks, payment returns): they get the same guards as
    list intake (size, zip bomb, password, encoding detection) and the same Vietnamese errors
    (``IntakeError`` subclasses), and do their own header handling.
    """
    import tempfile

    suffix = Path(file_name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory(prefix="ansinh-table-") as tmp:
        path = Path(tmp) / f"{Path(file_name).stem or 'tep'}{suffix}"
        path.write_bytes(content)
        grids = read_workbook(path, limits=limits)
    visible = [g for g in grids if not g.hidden] or grids
    grid = visible[0]
    rows = grid.frame.select(grid.cell_columns).rows()
    return [["" if v is None else str(v) for v in row] for row in rows]
