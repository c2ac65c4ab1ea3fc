"""Formula-injection guard for every spreadsheet An Sinh exports (OWASP "CSV injection").

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return followed by one) is
run as a formula by Excel and LibreOffice when a clerk opens the export. We prefix such text with an
apostrophe, which spreadsheet programs show as plain text. Numbers are left alone: ``-5`` as a number is
data, not a formula; only strings are at risk.
"""

from __future__ import annotations

# The one rule for every export (intake reports, documents, payment files, official reports; ADR 0063).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> object:
    """Return ``value`` ready for a spreadsheet cell: strings that would run as a formula get a ``'`` prefix.

    Leading spaces are looked through (" =1+2" is still a formula to Excel).
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: list[object]) -> list[object]:
    """:func:`safe_cell` over a row."""
    return [safe_cell(v) for v in values]
