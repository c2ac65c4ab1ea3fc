"""Find the header of a list: title rows above, merged two-row headers, the numbering row below.

Clerks' lists start with the issuing body, the national motto and a title; the header may take two or
three rows (a merged parent "Thời gian" over "Từ ngày" / "Đến ngày"); under it often comes a numbering
row "(1) (2) (3)" or "1 2 3". We score each of the first rows by how many of its cells read like header
words (the vocabulary of every form's header spellings), take the best row, grow it into a block with
adjacent header-like rows, combine parent and child texts per column, and skip a numbering row.
Totals and signatures under the data are cut later (:mod:`.region`), once the columns are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .formspec import FormSpec
from .grid import SheetGrid, column_letter
from .limits import NoDataError
from .textmatch import folded, is_numeric_like, prefold, strip_hints, tokens

HEAD_SCAN_ROWS = 60
MAX_HEADER_ROWS = 3
_NUMBERING_CELL = re.compile(r"^\(?\s*([0-9]{1,2}|[a-zA-Z])\s*\)?(\s*[=x*+\-/:].*)?$")
# Header words that no form lists as a field but every list has.
IGNORED_HEADER_WORDS = (
    "stt",
    "so thu tu",
    "tt",
    "ky nhan",
    "chu ky",
    "ky ten",
    "nguoi nhan ky",
    "ky ghi ro ho ten",
    "ky nhan tien",
    "so tt",
    "no",  # English lists: "No."
)


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    """One column of the detected header."""

    grid_column: str  # "c3"
    letter: str  # "D"
    text: str  # combined header text, parent then child ("Thời gian Từ ngày")
    parts: tuple[str, ...]  # the non-empty header texts of the block, top to bottom


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    """Where the header is and what it says."""

    header_rows: tuple[int, ...]  # sheet row numbers (1-based)
    columns: tuple[HeaderColumn, ...]
    title_text: str  # the rows above the header, joined (for telling look-alike forms apart)
    data_start: int  # index into grid.frame of the first row after header (and numbering row)
    numbering_row: int | None  # sheet row number of a skipped numbering row


_VOCAB_CACHE: dict[int, tuple[dict[str, FormSpec], frozenset[str]]] = {}


def header_vocabulary(forms: dict[str, FormSpec]) -> frozenset[str]:
    """Every folded word used in any form's header spellings (cached per forms mapping)."""
    cached = _VOCAB_CACHE.get(id(forms))
    if cached is not None and cached[0] is forms:
        return cached[1]
    prefold([h for form in forms.values() for c in form.columns for h in c.headers])
    prefold(IGNORED_HEADER_WORDS)
    words: set[str] = set()
    for form in forms.values():
        for column in form.columns:
            for header in column.headers:
                words.update(tokens(header))
    for ignored in IGNORED_HEADER_WORDS:
        words.update(ignored.split())
    vocab = frozenset(words)
    _VOCAB_CACHE[id(forms)] = (forms, vocab)
    return vocab


def _is_header_like(text: str, vocab: frozenset[str]) -> bool:
    if is_numeric_like(text):
        return False
    words = tokens(strip_hints(text))
    if not words or len(words) > 14:
        return False
    known = sum(1 for w in words if w in vocab)
    return known / len(words) >= 0.6


def _cells(row: list[str | None]) -> list[tuple[int, str]]:
    return [(i, v.strip()) for i, v in enumerate(row) if v is not None and v.strip()]


def _is_numbering_row(cells: list[tuple[int, str]], header_width: int) -> bool:
    if len(cells) < 3 or len(cells) < header_width // 2:
        return False
    return all(_NUMBERING_CELL.match(v) for _, v in cells)


def detect_header(grid: SheetGrid, forms: dict[str, FormSpec]) -> HeaderInfo:
    """Find the header block of ``grid``; raise :class:`NoDataError` when none reads like a list header."""
    vocab = header_vocabulary(forms)
    head = grid.head_rows(HEAD_SCAN_ROWS)
    prefold(v.strip() for _, row in head for v in row if v is not None)
    names = grid.cell_columns
    scores: list[tuple[int, float, list[tuple[int, str]]]] = []
    for _, row in head:
        cells = _cells(row)
        like = sum(1 for _, v in cells if _is_header_like(v, vocab))
        scores.append((like, like / len(cells) if cells else 0.0, cells))
    best = max(range(len(head)), key=lambda i: (scores[i][0], scores[i][1], -i), default=None)
    if best is None or scores[best][0] < 2:
        raise NoDataError(f"Trang «{grid.name}» không có dòng tiêu đề cột nhận ra được.")

    def header_like_row(i: int) -> bool:
        if i < 0 or i >= len(head):
            return False
        like, share, cells = scores[i]
        return len(cells) >= 1 and like >= 1 and share >= 0.6 and not _is_numbering_row(cells, 3)

    top = bottom = best
    while bottom + 1 < len(head) and bottom - top + 1 < MAX_HEADER_ROWS and header_like_row(bottom + 1):
        child_cols = {i for i, _ in scores[bottom + 1][2]}
        block_cols = {i for r in range(top, bottom + 1) for i, _ in scores[r][2]}
        # A child row fills columns the block left empty or sits under a wider parent; a second data-ish
        # row that repeats every column is not a child.
        if child_cols <= block_cols and len(child_cols) >= len(block_cols):
            break
        bottom += 1
    while top - 1 >= 0 and bottom - top + 1 < MAX_HEADER_ROWS and header_like_row(top - 1):
        if len(scores[top - 1][2]) < 2:
            break  # a single cell above is a title, not a parent header
        top -= 1

    block = [head[r][1] for r in range(top, bottom + 1)]
    combined = _combine(block)
    columns = tuple(
        HeaderColumn(
            grid_column=names[i],
            letter=column_letter(grid.column_index(names[i])),
            text=" ".join(parts),
            parts=tuple(parts),
        )
        for i, parts in enumerate(combined)
        if parts
    )
    title_rows = [" ".join(v for _, v in _cells(head[r][1])) for r in range(top)]
    data_start = bottom + 1
    numbering_row = None
    while data_start < len(head) and not _cells(head[data_start][1]):
        data_start += 1
    if data_start < len(head) and _is_numbering_row(_cells(head[data_start][1]), len(columns)):
        numbering_row = head[data_start][0]
        data_start += 1
    return HeaderInfo(
        header_rows=tuple(head[r][0] for r in range(top, bottom + 1)),
        columns=columns,
        title_text=" ".join(t for t in title_rows if t),
        data_start=data_start,
        numbering_row=numbering_row,
    )


def _combine(block: list[list[str | None]]) -> list[list[str]]:
    """Per column, the header texts top to bottom, a merged parent spread over the children under it."""
    width = len(block[0]) if block else 0
    filled = [[(v.strip() if v and v.strip() else None) for v in row] for row in block]
    for r in range(len(filled) - 1):
        parent, below = filled[r], filled[r + 1]
        for j in range(1, width):
            # A merged parent keeps its text only in the first cell: spread it right while the row below
            # continues with sub-headers and this cell is empty.
            if (
                parent[j] is None
                and parent[j - 1] is not None
                and below[j] is not None
                and below[j - 1] is not None
            ):
                parent[j] = parent[j - 1]
    return [[filled[r][j] for r in range(len(filled)) if filled[r][j] is not None] for j in range(width)]


def is_ignored_header(text: str) -> bool:
    """STT / signature columns: present in every list, never data."""
    return folded(text) in IGNORED_HEADER_WORDS
