"""The pure intake pipeline: read a clerk's spreadsheet, find its form, normalise, validate, evaluate.

No Django here (an import-linter contract guards it). The stages, each a module with one job:

* :mod:`.limits`        size guards and the typed errors a clerk sees (``IntakeError``)
* :mod:`.formspec`      the list forms as data (``intake/forms/*.yaml``) and their pydantic schema
* :mod:`.reader`        xlsx/xls/ods/csv -> :class:`~.grid.SheetGrid` (every cell as text, sheet row numbers)
* :mod:`.header`        header rows (title rows, merged two-row headers, numbering row) and the data region
* :mod:`.mapping`       header text -> form fields; form recognition; "unsure" mappings
* :mod:`.normalise`     typed, cleaned columns through :mod:`ansinh.kernel`
* :mod:`.validate`      problems (row, column, value, Vietnamese message, severity), duplicates
* :mod:`.evaluate`      the policy engine integration point
* :mod:`.report`        the clerk's workbook back with problem cells highlighted
* :mod:`.run`           :func:`run_import` chains the stages and returns an :class:`~.result.ImportResult`
"""

from __future__ import annotations
