"""The data rows of a list: between the header and the totals/signature block, blank rows dropped.

Under the data clerks put a totals row ("Tổng cộng", "Cộng"), then the place and date ("Bình Phước,
ngày … tháng … năm …") and the signatures ("Người lập biểu", "Giám đốc", "Thủ trưởng đơn vị"). A totals row
is dropped wherever it is (subtotals happen); the first signature-block row below the last row with an ID
number ends the data. Both only count when the row has no ID number (and a signature row has at most four
filled cells), so a person whose note says "ngày 05 tháng 7 năm 2021" is still data, and a section row
"Phòng Kế toán" above more people never cuts them off.

Lists glued together from printed pages repeat the header and the numbering row; lists grouped by
workshop have section rows ("I", "II", "A." in the STT column with a group name beside it). Both are
skipped and counted, never taken for people.
"""

from __future__ import annotations

import polars as pl

from .grid import ROW_COL, SheetGrid
from .header import HeaderInfo, is_ignored_header
from .mapping import FormMatch
from .textmatch import folded

IDENTITY_FIELDS = (
    "full_name",
    "family_name",
    "id_number",
    "social_insurance_number",
    "date_of_birth",
    "dob_male",
    "dob_female",
    "employer_name",
)
_SECTION_NUMBER = r"^\s*([IVXLC]+|[A-Za-z])\s*[.):]?\s*$"
_NUMBERING = r"^\s*\(?\s*([0-9]{1,2}|[A-Za-z])\s*\)?\s*$"
_TOTALS = r"(?i)^\s*(t[ổo]ng\s*c[ộo]ng|t[ổo]ng\s*s[ốo]|c[ộo]ng|t[ổo]ng)\b"
# Role words count only as a whole cell ("Kế toán", "GIÁM ĐỐC"): "Phòng Kế toán" is a department (a section
# row), not the accountant's signature.
_SIGNATURE = (
    r"(?i)(^\s*ng[ưu][ờo]i\s+l[ậa]p(\s+bi[ểe]u|\s+b[ảa]ng|\s+danh\s+s[áa]ch)?\s*:?\s*$|^\s*(ph[óo]\s+)?gi[áa]m\s+[đd][ốo]c\b"
    r"|^\s*(\S+\.\s*)?th[ủu]\s+tr[ưu][ởo]ng|^\s*k[ếe]\s+to[áa]n(\s+tr[ưu][ởo]ng)?\s*:?\s*$"
    r"|ng[àa]y\s*[.…\d\s]*th[áa]ng\s*[.…\d\s]*n[ăa]m"
    r"|\(k[ýy],?\s+(ghi\s+r[õo]\s+)?h[ọo]\s+t[êe]n|x[áa]c\s+nh[ậa]n\s+c[ủu]a|^\s*(tm|kt|tl|tuq)\.\s"
    r"|^\s*(ph[óo]\s+)?ch[ủu]\s+t[ịi]ch\s*$|^\s*n[ơo]i\s+nh[ậa]n)"
)


def data_rows(
    grid: SheetGrid, header: HeaderInfo, match: FormMatch
) -> tuple[pl.DataFrame, dict[str, int], list[int], list[tuple[int, str]]]:
    """Rows under the header with one raw column per mapped field; counts of what was cut; stray rows.

    Returns the frame (``__row`` + field columns, Utf8), ``{"blank", "totals", "footer", "stray",
    "group_heading"}`` counts, the sheet row numbers of the stray rows and ``(row, text)`` of the group
    headings (both reported to the clerk as warnings).
    """
    mapped = [m for m in match.columns if m.field is not None]
    header_cols = [c.grid_column for c in header.columns]
    body = grid.frame.slice(header.data_start).select(ROW_COL, *header_cols)
    nonblank = pl.any_horizontal(
        [pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "") for c in header_cols]
    )
    total_rows = body.height
    body = body.filter(nonblank)
    blank = total_rows - body.height
    id_col = next((m.grid_column for m in mapped if m.field == "id_number"), None)
    # "No ID" = no run of 6 digits in the ID cell: a repeated header ("Số CMND/CCCD") or numbering "(5)" has none.
    no_id = ~pl.col(id_col).str.contains(r"\d{6}").fill_null(False) if id_col else pl.lit(True)
    # A totals or signature word in any cell of a row without an ID. Only the (few) rows without an ID are
    # searched, so a 200,000-row list costs one null check per row, not a dozen regexes.
    text_cols = [c for c in header_cols if c != id_col]
    no_id_mask = body.select(no_id.alias("no_id")).to_series()
    candidates = body.filter(no_id_mask)
    stt_col = _stt_column(header)
    name_cols = [m.grid_column for m in mapped if m.field in ("full_name", "family_name")]
    filled = pl.sum_horizontal(
        [(pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "")) for c in header_cols]
    )
    flags = candidates.select(
        ROW_COL,
        pl.any_horizontal([pl.col(c).str.contains(_TOTALS).fill_null(False) for c in text_cols]).alias(
            "totals"
        ),
        (
            (filled <= 4)
            & pl.any_horizontal([pl.col(c).str.contains(_SIGNATURE).fill_null(False) for c in text_cols])
        ).alias("signature"),
        (filled == 1).alias("single"),
        # Where a heading sits: in the name column, or (merged over the whole row) in the STT column as text.
        pl.any_horizontal(
            [pl.col(c).str.strip_chars().str.len_chars().fill_null(0) > 0 for c in name_cols]
            + ([pl.col(stt_col).str.contains(r"\p{L}{2,}.*\p{L}{2,}").fill_null(False)] if stt_col else [])
        ).alias("heading_place"),
        pl.coalesce([pl.col(c).str.strip_chars() for c in header_cols]).alias("text"),
    )
    # The signature block ends the list only below the last person with an ID: a row that merely looks like
    # a signature above people (a department named "Kế toán", a note with a date) must never cut them off.
    # A person row fills at least three cells; "ĐT: 0912345678" under the signatures is no person.
    last_person = _last_person_row(body.filter(~no_id_mask), filled) if id_col else None
    signatures = flags.filter(pl.col("signature"))
    if last_person is not None:
        signatures = signatures.filter(pl.col(ROW_COL) > last_person)
    first_signature = signatures.get_column(ROW_COL).min()
    layout_rows = _layout_rows(candidates, header, filled)
    # A group heading typed over the row without numbering ("Phòng Kế toán", "BỘ PHẬN SẢN XUẤT", "Tổ 1"):
    # one text cell, in the name column or merged over the row from the STT column; no ID. Not a person (it
    # would be rejected for a missing ID, birth date...): skipped and named to the clerk, who can still add
    # the data if it was one. A lone note in another column stays a stray row.
    heading_flags = flags.filter(
        pl.col("single") & pl.col("heading_place") & ~pl.col("totals") & ~pl.col(ROW_COL).is_in(layout_rows)
    )
    footer = 0
    if first_signature is not None:
        kept = body.filter(pl.col(ROW_COL) < first_signature)
        footer = body.height - kept.height
        body = kept
    total_rows_found = flags.filter(pl.col("totals")).get_column(ROW_COL)
    before = body.height
    body = body.filter(~pl.col(ROW_COL).is_in(total_rows_found.implode()))
    totals_count = before - body.height
    before = body.height
    body = body.filter(~pl.col(ROW_COL).is_in(pl.Series(layout_rows, dtype=pl.Int64).implode()))
    layout_count = before - body.height
    headings = heading_flags.filter(pl.col(ROW_COL).is_in(body.get_column(ROW_COL).implode()))
    body = body.filter(~pl.col(ROW_COL).is_in(headings.get_column(ROW_COL).implode()))
    heading_rows = [(int(r), str(t)) for r, t in headings.select(ROW_COL, "text").rows()]
    body = _join_name_continuation(grid, header, mapped, body)
    body = body.select(ROW_COL, *[pl.col(m.grid_column).alias(m.field) for m in mapped])  # type: ignore[arg-type]
    # A row that names nobody (no name, ID, SI number or birth date: a stray note, a formula left under the
    # data) is not a person; it is skipped and listed, never counted as a rejected person.
    who = [c for c in IDENTITY_FIELDS if c in body.columns]
    stray_rows: list[int] = []
    if who:
        names_someone = pl.any_horizontal(
            [pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "") for c in who]
        )
        stray_rows = body.filter(~names_someone).get_column(ROW_COL).to_list()
        body = body.filter(names_someone)
    counts = {
        "blank": blank,
        "totals": totals_count,
        "footer": footer,
        "repeated_header_or_section": layout_count,
        "stray": len(stray_rows),
        "group_heading": len(heading_rows),
    }
    return body, counts, stray_rows, heading_rows


def _last_person_row(with_id: pl.DataFrame, filled: pl.Expr) -> int | None:
    """The sheet row of the last row with an ID that fills at least three cells (checked from the end: the
    answer is nearly always among the last rows, so 200,000 rows cost a few dozen checks)."""
    for rows in (with_id.tail(64), with_id):
        found = rows.filter(filled >= 3).get_column(ROW_COL).max()
        if found is not None or rows.height == with_id.height:
            return found  # type: ignore[return-value]
    return None


def _join_name_continuation(
    grid: SheetGrid, header: HeaderInfo, mapped: list, body: pl.DataFrame
) -> pl.DataFrame:
    """A "Họ và tên" header merged over two columns: surname and middle name left, given name right.

    The right-hand column has no header text of its own, so it would be dropped and "Nguyễn Văn" taken for the
    whole name. When the column right of the name column has no header and holds text without digits, its
    cell is appended to the name (a digit means it is something else: an ID or a date typed off the grid).
    """
    fields = {m.field for m in mapped}
    if {"full_name", "family_name"} <= fields:
        return body  # "Họ và tên đệm" | "Tên": joined by the normaliser
    name = next((m for m in mapped if m.field in ("full_name", "family_name")), None)
    if name is None:
        return body
    headed = {c.grid_column for c in header.columns}
    nxt = f"c{grid.column_index(name.grid_column) + 1}"
    if nxt in headed or nxt not in grid.frame.columns:
        return body
    extra = grid.frame.select(ROW_COL, pl.col(nxt).str.strip_chars().alias("__given"))
    body = body.join(extra, on=ROW_COL, how="left", maintain_order="left")
    given = body.get_column("__given")
    if given.null_count() == body.height or given.str.contains(r"\d").fill_null(False).any():
        return body.drop("__given")
    joined = pl.concat_str([pl.col(name.grid_column), pl.col("__given")], separator=" ", ignore_nulls=True)
    return body.with_columns(joined.alias(name.grid_column)).drop("__given")


def _stt_column(header: HeaderInfo) -> str | None:
    """The grid column of the row-number column ("STT", "TT", "Số TT", "No."), if the list has one."""
    return next(
        (
            c.grid_column
            for c in header.columns
            if is_ignored_header(c.text) and folded(c.text) in ("stt", "tt", "so tt", "so thu tu", "no")
        ),
        None,
    )


def _layout_rows(candidates: pl.DataFrame, header: HeaderInfo, filled: pl.Expr) -> list[int]:
    """Rows without an ID that repeat the header or the numbering row, or open a section ("II", "B.")."""
    cols = [c.grid_column for c in header.columns]
    if not cols or candidates.is_empty():
        return []
    same_as_header = pl.sum_horizontal(
        [
            pl.col(c.grid_column).str.strip_chars().is_in([c.text, *c.parts]).fill_null(False)
            for c in header.columns
        ]
    )
    numbering_cells = pl.sum_horizontal([pl.col(c).str.contains(_NUMBERING).fill_null(False) for c in cols])
    stt_col = _stt_column(header)
    section = (
        ((filled <= 3) & pl.col(stt_col).str.contains(_SECTION_NUMBER).fill_null(False))
        if stt_col
        else pl.lit(False)
    )
    needed = max(2, len(cols) // 2)
    numbering = (numbering_cells >= max(3, needed)) & (numbering_cells == filled)
    layout = (same_as_header >= needed) | numbering | section
    return candidates.filter(layout).get_column(ROW_COL).to_list()
