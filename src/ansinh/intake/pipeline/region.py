"""The data rows of a list: between the header and the totals/signature block, blank rows dropped.

Under the data clerks put a totals row ("Tổng cộng", "Cộng"), then the place and date ("Bình Phước,
ngày … tháng … năm …") and the signatures ("Người lập biểu", "Giám đốc", "Thủ trưởng đơn vị"). A totals row
is dropped wherever it is (subtotals happen); the first signature-block row ends the data. Both only count
when the row has no ID number (and a signature row has at most four filled cells), so a person whose
note says "ngày 05 tháng 7 năm 2021" is still data.

Lists glued together from printed pages repeat the header and the numbering row; lists grouped by
workshop have section rows ("I", "II", "A." in the STT column with a group name beside it). Both are
skipped and counted, never taken for people.
"""

from __future__ import annotations

import polars as pl

from .grid import ROW_COL, SheetGrid
from .header import HeaderInfo, is_ignored_header
from .mapping import FormMatch

IDENTITY_FIELDS = (
    "full_name",
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
_SIGNATURE = (
    r"(?i)(ng[ưu][ờo]i\s+l[ậa]p(\s+bi[ểe]u|\s+b[ảa]ng|\s+danh\s+s[áa]ch)?\s*$|^\s*gi[áa]m\s+[đd][ốo]c\b"
    r"|th[ủu]\s+tr[ưu][ởo]ng|k[ếe]\s+to[áa]n(\s+tr[ưu][ởo]ng)?\s*$|ng[àa]y\s*[.…\d\s]*th[áa]ng\s*[.…\d\s]*n[ăa]m"
    r"|\(k[ýy],?\s+(ghi\s+r[õo]\s+)?h[ọo]\s+t[êe]n|x[áa]c\s+nh[ậa]n\s+c[ủu]a|^\s*(tm|kt|tl|tuq)\.\s"
    r"|ch[ủu]\s+t[ịi]ch\s*$|^\s*n[ơo]i\s+nh[ậa]n)"
)


def data_rows(
    grid: SheetGrid, header: HeaderInfo, match: FormMatch
) -> tuple[pl.DataFrame, dict[str, int], list[int]]:
    """Rows under the header with one raw column per mapped field; counts of what was cut; stray rows.

    Returns the frame (``__row`` + field columns, Utf8), ``{"blank", "totals", "footer", "stray"}`` counts
    and the sheet row numbers of the stray rows (reported to the clerk as warnings).
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
    candidates = body.filter(no_id)
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
    )
    first_signature = flags.filter(pl.col("signature")).get_column(ROW_COL).min()
    layout_rows = _layout_rows(candidates, header, filled)
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
    }
    return body, counts, stray_rows


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
    stt_col = next(
        (
            c.grid_column
            for c in header.columns
            if is_ignored_header(c.text) and c.text.strip().upper() in ("STT", "TT")
        ),
        None,
    )
    section = (
        ((filled <= 3) & pl.col(stt_col).str.contains(_SECTION_NUMBER).fill_null(False))
        if stt_col
        else pl.lit(False)
    )
    needed = max(2, len(cols) // 2)
    numbering = (numbering_cells >= max(3, needed)) & (numbering_cells == filled)
    layout = (same_as_header >= needed) | numbering | section
    return candidates.filter(layout).get_column(ROW_COL).to_list()
