"""Pydantic models of the policy catalogue (one YAML file per policy in ``catalogue/``).

The models only check shape and cross-references inside one policy; whether predicates compile to
Polars expressions is checked by :func:`ansinh.policies.catalogue.load_catalogue`, which builds every
version once. Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator

CODE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

#: Role codes of the bodies that take part in a procedure (glossary names).
RoleCode = Literal[
    "employer",
    "worker",
    "business_household",
    "commune_committee",
    "district_committee",
    "provincial_committee",
    "social_insurance_agency",
    "department",
    "district_labour_office",
    "employment_service_centre",
    "tax_subdepartment",
    "health_facility",
    "health_department",
    "culture_department",
    "social_policy_bank",
    "trade_union",
]

#: Confidence tags from shared/domain/policies.md: C2 two sources, C1 one source, M unverified.
SourceTag = Literal["C2", "C1", "M"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_semicolon(text: str) -> str:
    # The CLI joins citations with ";" (issue 3 §6), so a citation must not contain one.
    if ";" in text:
        raise ValueError(f"a citation must not contain ';' (the CLI joins citations with it): {text!r}")
    return text


class Citation(_Model):
    """One legal source: the instrument and article, an optional address and its confidence tag."""

    ref: str
    url: str | None = None
    tag: SourceTag = "C2"

    _check_ref = field_validator("ref")(_no_semicolon)


class Tier(_Model):
    """One bracket of a tiered amount: applies when the measured value is >= ``min``."""

    min: StrictInt
    amount: StrictInt


ParamScalar = StrictInt | dt.date | list[Tier] | list[str]


class ParameterValue(_Model):
    """A dated value of a parameter. ``verified: false`` is shown to users as "chưa xác minh"."""

    value: ParamScalar
    valid_from: dt.date
    valid_to: dt.date | None = None
    reference: str
    verified: bool
    decision: str | None = Field(default=None, description="province decision (number and date) that set it")
    note_vi: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> ParameterValue:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self

    def covers(self, day: dt.date) -> bool:
        """True when this value is in force on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


ParameterUnit = Literal["vnd", "days", "months", "date", "tiers", "codes", "percent", "count"]


class Parameter(_Model):
    """A named amount, threshold or window with its dated values (never overwritten, only closed)."""

    label_vi: str
    label_en: str
    unit: ParameterUnit
    province_configurable: bool = False
    values: list[ParameterValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Parameter:
        ordered = sorted(self.values, key=lambda v: v.valid_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(
                    f"values overlap: the one from {earlier.valid_from} must end before {later.valid_from}"
                )
        return self

    def value_at(self, day: dt.date) -> ParameterValue | None:
        """The value in force on ``day``, or None."""
        return next((v for v in self.values if v.covers(day)), None)


class InputColumn(_Model):
    """A column of the applicant frame (CLI/CSV contract). ``default`` fills a column that is absent."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["date", "bool", "int", "enum", "str"]
    required: bool = False
    default: bool | int | str | None = None
    values: list[str] | None = None
    label_vi: str
    min: int | None = None

    @model_validator(mode="after")
    def _enum_has_values(self) -> InputColumn:
        if self.type == "enum" and not self.values:
            raise ValueError(f"enum column {self.name!r} needs 'values'")
        if self.required and self.default is not None:
            raise ValueError(f"required column {self.name!r} cannot have a default")
        return self


class Condition(_Model):
    """A named predicate over the applicant's fields, with its citation and failure messages."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    citation: str
    message_vi: str
    message_en: str
    predicate: Any = None
    versions: list[str] | None = None
    tag: SourceTag = "C2"

    _check_citation = field_validator("citation")(_no_semicolon)


class AmountComponent(_Model):
    """A part of the amount (base, add-on). Counted when ``when`` holds (always when absent)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label_vi: str
    label_en: str
    citation: str
    value: Any
    when: Any = None
    versions: list[str] | None = None
    tag: SourceTag = "C2"

    _check_citation = field_validator("citation")(_no_semicolon)


class Amount(_Model):
    """The amount is the sum of the components that apply, and 0 when the applicant is not eligible."""

    components: list[AmountComponent] = Field(min_length=1)


class Version(_Model):
    """One legal version of the policy with the dates it is in force."""

    code: str = Field(pattern=CODE_PATTERN)
    label_vi: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    reference: str
    list_form: str | None = None


class VersionRule(_Model):
    """How the version that applies to an application is chosen, with its legal reason."""

    basis: Literal["decision_date"]
    citation: str
    explanation_vi: str
    explanation_en: str
    verified: bool


class Bodies(_Model):
    """Who compiles the list, confirms, appraises, approves and pays (role codes)."""

    compiles: RoleCode
    confirms: RoleCode | None = None
    appraises: RoleCode | None = None
    approves: RoleCode
    pays: RoleCode | None = None


class ProcessingLimit(_Model):
    """A step of the procedure with its time limit in working days."""

    step: Literal["confirm", "certify", "compile", "appraise", "consolidate", "approve", "decide", "pay"]
    body: RoleCode
    working_days: StrictInt
    citation: str
    tag: SourceTag = "C2"


class FilingWindow(_Model):
    """When dossiers may be filed. ``closes`` is the last day a dossier is received."""

    opens: dt.date | None = None
    closes: dt.date | None = None
    reference: str
    verified: bool


class BatchCutoffs(_Model):
    """Fixed days of the month before which a body compiles a batch (đợt), e.g. before the 5th and 20th."""

    body: RoleCode
    before_days_of_month: list[int] = Field(min_length=1)
    citation: str
    tag: SourceTag = "C2"

    @field_validator("before_days_of_month")
    @classmethod
    def _valid_days(cls, days: list[int]) -> list[int]:
        if any(not 1 <= d <= 28 for d in days) or days != sorted(set(days)):
            raise ValueError("days must be increasing, between 1 and 28")
        return days


class Incompatibility(_Model):
    """A policy that cannot be received together with this one for the same person and period."""

    policy: str = Field(pattern=CODE_PATTERN)
    citation: str
    note_vi: str
    tag: SourceTag = "C2"


class Policy(_Model):
    """One support policy: who decides it, its law, its parameters, conditions and amounts by version."""

    code: str = Field(pattern=CODE_PATTERN)
    name_vi: str
    name_en: str
    nq68_point: int | None = Field(default=None, ge=1, le=12)
    decided_by: Literal["province", "other_agency"]
    computed: bool
    tracking_note_vi: str | None = None
    computed_in: list[str] = Field(default_factory=list)
    province_configurable: bool = False
    assumption_note_vi: str | None = None
    legal_basis: list[Citation] = Field(min_length=1)
    bodies: Bodies
    processing_limits: list[ProcessingLimit] = Field(default_factory=list)
    batch_cutoffs: BatchCutoffs | None = None
    filing_window: FilingWindow | None = None
    required_documents: list[str] = Field(default_factory=list)
    list_form: str | None = None
    inputs: list[InputColumn] = Field(default_factory=list)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    derived: dict[str, Any] = Field(default_factory=dict)
    conditions: list[Condition] = Field(default_factory=list)
    amount: Amount | None = None
    compatibility: list[Incompatibility] = Field(default_factory=list)
    versions: list[Version] = Field(min_length=1)
    version_rule: VersionRule

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        version_codes = {v.code for v in self.versions}
        for item in [*self.conditions, *(self.amount.components if self.amount else [])]:
            unknown = set(item.versions or []) - version_codes
            if unknown:
                raise ValueError(f"{item.code!r} names unknown versions {sorted(unknown)}")
        ordered = sorted(self.versions, key=lambda v: v.effective_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ValueError(f"versions {earlier.code!r} and {later.code!r} overlap")
        codes = [c.code for c in self.conditions]
        if len(codes) != len(set(codes)):
            raise ValueError("condition codes must be unique")
        names = [c.name for c in self.inputs]
        if len(names) != len(set(names)):
            raise ValueError("input column names must be unique")
        if self.computed:
            if self.amount is None or not self.conditions:
                raise ValueError("a computed policy needs conditions and an amount")
            missing = [c.code for c in self.conditions if c.predicate is None]
            if missing:
                raise ValueError(f"conditions without predicate in a computed policy: {missing}")
        for name in self.parameters:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"bad parameter name {name!r}")
        return self

    def version_at(self, day: dt.date) -> Version | None:
        """The version in force on ``day`` (the decision date, see ``version_rule``), or None."""
        for version in self.versions:
            if version.effective_from <= day and (
                version.effective_to is None or day <= version.effective_to
            ):
                return version
        return None


class Catalogue(_Model):
    """All policies, keyed by code."""

    policies: dict[str, Policy]

    @model_validator(mode="after")
    def _references_exist(self) -> Catalogue:
        for policy in self.policies.values():
            for other in [*(i.policy for i in policy.compatibility), *policy.computed_in]:
                if other not in self.policies:
                    raise ValueError(f"{policy.code}: refers to unknown policy {other!r}")
        return self

    def get(self, code: str) -> Policy:
        """The policy with ``code``; KeyError names the known codes."""
        try:
            return self.policies[code]
        except KeyError:
            raise KeyError(f"unknown policy {code!r}; known: {', '.join(sorted(self.policies))}") from None


class ProvinceDecision(_Model):
    """A province decision that sets a parameter of a province-configurable policy from a date."""

    number: str
    signed_on: dt.date
    policy: str
    parameter: str
    value: ParamScalar
    valid_from: dt.date
    valid_to: dt.date | None = None
    note_vi: str | None = None
