"""The list forms as data: ``src/ansinh/intake/forms/*.yaml`` and the pydantic schema that checks them.

A form names its columns by the English field names the policy engine uses (``full_name``, ``id_number``,
``start_date`` ...), each with the header texts clerks actually type, a type (which kernel normaliser runs)
and whether it is required. Shared column definitions live in ``_columns.yaml`` and a form refers to one
with ``use: <name>`` and may override any key (``required``, extra ``headers``).
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"
SHARED_COLUMNS_FILE = "_columns.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


class FieldType(StrEnum):
    """Which normaliser a column goes through (see :mod:`ansinh.intake.pipeline.normalise`)."""

    TEXT = "text"
    NAME = "name"
    ID_NUMBER = "id_number"
    SI_NUMBER = "si_number"
    DATE = "date"
    BIRTH_DATE = "birth_date"
    PHONE = "phone"
    INT = "int"
    MONEY = "money"
    BOOL = "bool"
    ENUM = "enum"
    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"


class ColumnSpec(BaseModel):
    """One column of a form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType = FieldType.TEXT
    required: bool = False
    headers: tuple[str, ...] = Field(min_length=1)
    # enum: canonical value -> spellings clerks use (compared folded: no diacritics, lower case).
    values: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    description_vi: str = ""

    @field_validator("values")
    @classmethod
    def _enum_values_nonempty(cls, v: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for key, spellings in v.items():
            if not spellings:
                raise ValueError(f"enum value {key!r} has no spellings")
        return v


class FormSpec(BaseModel):
    """One list form (Mẫu số ...), as clerks send it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_vi: str
    source: str
    policies: tuple[str, ...] = ()
    # False when the form number or its columns are not confirmed (policies.md §8 q.7): shown "chưa xác minh".
    verified: bool = True
    # Words of the title rows above the header that tell this form apart from look-alikes (08a vs 08b).
    title_keywords: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = Field(min_length=2)
    # Policy-engine inputs the list states by what it is (an F0 list: status F0). A column of the same
    # name in the file wins. `constants_note_vi` says why, and is shown with the evaluation.
    constants: dict[str, str | bool | int] = Field(default_factory=dict)
    constants_note_vi: str = ""

    @field_validator("columns")
    @classmethod
    def _unique_fields(cls, v: tuple[ColumnSpec, ...]) -> tuple[ColumnSpec, ...]:
        names = [c.field for c in v]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate fields: {sorted(dupes)}")
        return v

    def column(self, field: str) -> ColumnSpec | None:
        """The column spec of ``field`` or None when the form has no such column."""
        return next((c for c in self.columns if c.field == field), None)

    @property
    def required_fields(self) -> list[str]:
        return [c.field for c in self.columns if c.required]


def _expand(raw_column: dict[str, Any], shared: dict[str, dict[str, Any]], form_file: str) -> dict[str, Any]:
    if "use" not in raw_column:
        return raw_column
    name = raw_column["use"]
    if name not in shared:
        raise ValueError(f"{form_file}: unknown shared column {name!r}")
    merged = dict(shared[name])
    merged.setdefault("field", name)
    for key, value in raw_column.items():
        if key == "use":
            continue
        if key == "extra_headers":
            merged["headers"] = list(merged.get("headers", [])) + list(value)
        else:
            merged[key] = value
    return merged


def load_forms(directory: Path = FORMS_DIR) -> dict[str, FormSpec]:
    """Load and validate every form YAML of ``directory`` (files starting with ``_`` are shared parts)."""
    shared_path = directory / SHARED_COLUMNS_FILE
    shared: dict[str, dict[str, Any]] = {}
    if shared_path.exists():
        shared = yaml.load(shared_path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 - safe loader
    forms: dict[str, FormSpec] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
        raw["columns"] = [_expand(c, shared, path.name) for c in raw.get("columns", [])]
        form = FormSpec.model_validate(raw)
        if form.code in forms:
            raise ValueError(f"{path.name}: duplicate form code {form.code!r}")
        forms[form.code] = form
    return forms


@cache
def default_forms() -> dict[str, FormSpec]:
    """The forms shipped with An Sinh (cached)."""
    return load_forms(FORMS_DIR)
