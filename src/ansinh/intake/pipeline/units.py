"""Commune/district names -> administrative unit codes of 2021, through :mod:`ansinh.geo.lookup`.

The geo lookup's issues are errors when no code could be given. A list row is still a person to support,
and the commune is not a required column of any form, so for intake every unit issue is a *warning*
(``commune.*`` codes, same Vietnamese texts): the row goes on with a null ``commune_code`` and the clerk
sees exactly which spelling was not understood. The full message (with the candidate units) is computed
once per distinct spelling and kept in ``commune__message``.
"""

from __future__ import annotations

import polars as pl

from ansinh.kernel.issues import ISSUE_SUFFIX, ISSUES_SUFFIX, SEVERITY_SUFFIX

MESSAGE_SUFFIX = "__message"
UNIT_YEAR = 2021  # the lists of the 2021 plan name the units of that year (policies.md §2.7)


def resolve_admin_units(frame: pl.DataFrame, *, year: int = UNIT_YEAR) -> pl.DataFrame:
    """Add ``commune_code``/``district_code`` and ``commune__issues/__issue/__severity/__message``."""
    if "commune" not in frame.columns:
        return frame
    try:
        from ansinh.geo.lookup import resolve_commune, resolve_units, unit_issue_message
    except ImportError:  # geo not installed: the commune stays cleaned text
        return frame
    district_col = "district" if "district" in frame.columns else None
    resolved = resolve_units(frame, commune_col="commune", district_col=district_col, year=year)
    issues = resolved.get_column("unit" + ISSUES_SUFFIX)
    resolved = resolved.with_columns(
        issues.list.eval(pl.element().str.replace(r"^unit\.", "commune.")).alias("commune" + ISSUES_SUFFIX),
        pl.col("unit" + ISSUE_SUFFIX).str.replace(r"^unit\.", "commune.").alias("commune" + ISSUE_SUFFIX),
        pl.when(pl.col("unit" + ISSUE_SUFFIX).is_not_null())
        .then(pl.lit("warning"))
        .alias("commune" + SEVERITY_SUFFIX),
    ).drop("unit" + ISSUES_SUFFIX, "unit" + ISSUE_SUFFIX, "unit" + SEVERITY_SUFFIX)
    keys = ["commune"] + ([district_col] if district_col else [])
    flagged = resolved.filter(pl.col("commune" + ISSUE_SUFFIX).is_not_null()).select(keys).unique()
    messages = []
    for row in flagged.iter_rows(named=True):
        commune, district = row["commune"], row.get("district")
        res = resolve_commune(commune, district, year)
        code = res.issues[0] if res.issues else "unit.unknown"
        candidates = ", ".join(str(u) for u in res.candidates[:5])
        messages.append(
            {
                **row,
                "commune" + MESSAGE_SUFFIX: unit_issue_message(
                    code,
                    value=commune,
                    year=year,
                    candidates=candidates or "không có",
                    unit=str(res.unit) if res.unit else "",
                    district=district or "",
                ),
            }
        )
    schema = dict.fromkeys(keys, pl.Utf8) | {"commune" + MESSAGE_SUFFIX: pl.Utf8}
    table = pl.DataFrame(messages, schema=schema)
    return resolved.join(table, on=keys, how="left", nulls_equal=True, maintain_order="left")
