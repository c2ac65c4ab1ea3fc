"""Model fields and indexes for bulk-written tables (the Django side; no business rules here)."""

from __future__ import annotations

import json
from typing import Any

from django.db import models


class JSONTextField(models.TextField):
    """JSON kept as plain text: for values that are always read whole and never queried inside.

    PostgreSQL parses every ``jsonb`` value on the way in; on a 200,000-row COPY the four JSON columns of
    an import row cost about a third of the write (ADR 0034). SQLite's JSONField adds a ``json_valid``
    check per row for the same reason. Values are encoded once by the writer (Polars, or ``json.dumps``
    here) and decoded on read; a key lookup inside them in SQL is not possible, by design.
    """

    description = "JSON stored as text"

    def from_db_value(self, value: Any, expression, connection) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj)) or ""


class AppendOrderIndex(models.Index):
    """An index on a column whose values grow with the table's physical order (rows written by job).

    On PostgreSQL it is a BRIN index: a few bytes per 128 pages, nothing to do per inserted row, and it still
    finds one job's rows by their block ranges (ADR 0034). Elsewhere (SQLite) it is an ordinary b-tree.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        statement = super().create_sql(model, schema_editor, using=" USING brin", **kwargs)
        # Summarise each filled range soon (autovacuum work item), so older jobs stay cheap to find.
        statement.parts["extra"] = " WITH (autosummarize = on)" + statement.parts["extra"]
        return statement
