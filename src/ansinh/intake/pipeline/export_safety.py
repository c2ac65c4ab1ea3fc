"""Formula-injection guard for every spreadsheet An Sinh exports (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return followed by one) is
run as a formula by Excel and LibreOffice when a clerk opens the export. We prefix such text with an
apostrophe, which spreadsheet programs show as plain text. Numbers are left alone: ``-5`` as a number is
data, not a formula; only strings are at risk.
"""

from __future__ import annotations

# Same triggers and rule as ansinh.documents.spreadsheet.safe_cell (ADR 0063); the two should become one
# kernel helper (noted for the lead): until then they must stay identical.
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> object:
    """Return ``value`` ready for a spreadsheet cell: strings that would run as a formula get a ``'`` prefix.

    Leading spaces are looked through (" =1+2" is still a formula to Excel).
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: list[object]) -> list[object]:
    """:func:`safe_cell` over a row."""
    return [safe_cell(v) for v in values]
