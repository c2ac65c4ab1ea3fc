"""Text rules of NĐ 30/2020 shared by every renderer: punctuation of legal bases and recipients, money, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from ansinh.documents.nd30.model import Column, Table


def _strip_end(line: str) -> str:
    return line.strip().rstrip(";.,").rstrip()


def legal_basis_lines(bases: Sequence[str], proposal: str = "") -> list[str]:
    """Each "Căn cứ …" line ends with ";" and the last line of the block with "." (NĐ 30, Appendix I, 6).

    When a "Theo đề nghị của …" line follows, it is the last line and takes the full stop.
    """
    lines = [_strip_end(line) for line in bases if line.strip()]
    if proposal.strip():
        lines.append(_strip_end(proposal))
    if not lines:
        return []
    return [f"{line};" for line in lines[:-1]] + [f"{lines[-1]}."]


def recipient_lines(recipients: Sequence[str], archive: str) -> list[str]:
    """ "- Như Điều 3;" … "- Lưu: VT, KGVX." — each entry starts with "-", the archive line ends the list."""
    lines = [f"- {_strip_end(entry.lstrip('- '))};" for entry in recipients if entry.strip()]
    lines.append(f"- Lưu: {_strip_end(archive) or 'VT'}.")
    return lines


def format_vnd(amount: int) -> str:
    """1500000 → "1.500.000" (Vietnamese thousands separator)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def short_date(value: Any) -> str:
    """ISO date (or date) → "05/09/2021"; anything else is shown as given."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return "" if value is None else str(value)


def cell_text(column: Column, row: Mapping[str, Any], index: int) -> str:
    """The printed text of one cell, by column kind."""
    if column.kind == "index":
        return str(index)
    if column.kind == "blank":
        return ""
    value = row.get(column.key)
    if value is None or value == "":
        return ""
    if column.kind == "money":
        return format_vnd(int(value))
    if column.kind == "number":
        return format_vnd(int(value)) if isinstance(value, int) else str(value)
    if column.kind == "date":
        return short_date(value)
    return str(value)


def totals_cells(table: Table) -> list[str]:
    """Texts of the totals row: the label spans the leading non-total columns (rendered by the caller)."""
    totals = table.totals()
    return [format_vnd(totals[c.key]) if c.key in totals else "" for c in table.columns]


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three_digits(n: int, full: bool) -> str:
    hundreds, tens, units = n // 100, (n // 10) % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (full or hundreds):
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """1500000 → "Một triệu năm trăm nghìn đồng" (the "Bằng chữ" line of a decision)."""
    amount = int(amount)
    if amount == 0:
        return "Không đồng"
    negative, amount = amount < 0, abs(amount)
    groups: list[int] = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    parts: list[str] = []
    for position in range(len(groups) - 1, -1, -1):
        value = groups[position]
        if value == 0:
            continue
        is_leading = position == len(groups) - 1
        parts.append(_three_digits(value, full=not is_leading))
        if _GROUPS[position]:
            parts.append(_GROUPS[position])
    text = " ".join(parts) + " đồng"
    text = ("âm " + text) if negative else text
    return text[0].upper() + text[1:]
