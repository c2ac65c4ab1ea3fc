"""Build one policy, as in force on a decision date, into Polars expressions.

The version and every parameter value are chosen once for the date (``policy.version_rule``), so the
compiled expressions are plain column arithmetic and the whole frame is evaluated in one pass.
:func:`evaluate` and :func:`explain` both use :class:`CompiledPolicy`, so a list and a single
applicant can never be judged by different rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from ansinh.policies.catalogue_schema import AmountComponent, Condition, InputColumn, Policy, Version
from ansinh.policies.engine.expressions import CompileContext, PredicateError, compile_node

#: Columns every applicant frame may carry (issue 3 §6, "common columns").
COMMON_INPUTS: tuple[InputColumn, ...] = (
    InputColumn(name="record_id", type="str", required=True, label_vi="Mã bản ghi"),
    InputColumn(name="full_name", type="str", label_vi="Họ và tên"),
    InputColumn(name="date_of_birth", type="date", label_vi="Ngày sinh"),
    # Kept as text: no rule uses it and intake normalises it; a list must not fail on "Nu" or "F".
    InputColumn(name="sex", type="str", label_vi="Giới tính (nam/nữ)"),
    InputColumn(name="id_number", type="str", label_vi="Số CMND/CCCD"),
)


def today_in_vietnam() -> dt.date:
    """Today's date in Việt Nam, the default decision date."""
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


class PolicyNotComputable(ValueError):
    """The policy is decided by another agency (tracked, not computed) or has no version on the date."""


def input_columns(policy: Policy) -> list[InputColumn]:
    """Common columns followed by the policy's own, policy definitions winning on a name clash."""
    own = {c.name for c in policy.inputs}
    return [c for c in COMMON_INPUTS if c.name not in own] + list(policy.inputs)


def polars_type(column: InputColumn) -> pl.DataType:
    """The Polars dtype an input column has after parsing."""
    return {
        "date": pl.Date(),
        "bool": pl.Boolean(),
        "int": pl.Int64(),
        "enum": pl.String(),
        "str": pl.String(),
    }[column.type]


@dataclass(frozen=True)
class ParameterUse:
    """A parameter value as used by a compiled policy (shown by explain and policies show)."""

    name: str
    value: Any
    reference: str
    verified: bool
    decision: str | None


@dataclass(frozen=True)
class CompiledCondition:
    condition: Condition
    expr: pl.Expr  # Boolean, null already counted as failed
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class CompiledComponent:
    component: AmountComponent
    expr: pl.Expr  # Int64 amount of this component, 0 when it does not apply
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class CompiledPolicy:
    """A policy version with all parameters fixed for one decision date."""

    policy: Policy
    version: Version
    as_of: dt.date
    conditions: tuple[CompiledCondition, ...]
    components: tuple[CompiledComponent, ...]
    derived: dict[str, pl.Expr]
    parameters: dict[str, ParameterUse]

    @property
    def eligible_expr(self) -> pl.Expr:
        """True when every condition holds."""
        return pl.all_horizontal([c.expr for c in self.conditions])


def _applies(item: Condition | AmountComponent, version: Version) -> bool:
    return item.versions is None or version.code in item.versions


def _parameter_values(policy: Policy, day: dt.date) -> dict[str, ParameterUse]:
    values: dict[str, ParameterUse] = {}
    for name, parameter in policy.parameters.items():
        value = parameter.value_at(day)
        if value is not None:
            values[name] = ParameterUse(name, value.value, value.reference, value.verified, value.decision)
    return values


def compile_policy(policy: Policy, as_of: dt.date) -> CompiledPolicy:
    """Compile ``policy`` as in force on the decision date ``as_of`` (see ``policy.version_rule``)."""
    if not policy.computed:
        raise PolicyNotComputable(
            f"chính sách {policy.code} do cơ quan khác quyết định, hệ thống chỉ theo dõi, không tính"
        )
    version = policy.version_at(as_of)
    if version is None:
        raise PolicyNotComputable(
            f"chính sách {policy.code} không có phiên bản có hiệu lực ngày {as_of:%d/%m/%Y}"
        )
    return _compile_cached(policy, version, as_of)


# Pydantic models with lists are not hashable, so the cache is keyed by identity and keeps the policy
# object alive inside the value (an id is never reused while its object is referenced).
_CACHE: dict[tuple[int, str, dt.date], CompiledPolicy] = {}


def _compile_cached(policy: Policy, version: Version, as_of: dt.date) -> CompiledPolicy:
    key = (id(policy), version.code, as_of)
    cached = _CACHE.get(key)
    if cached is not None and cached.policy is policy:
        return cached
    if len(_CACHE) > 512:
        _CACHE.clear()
    compiled = _compile(policy, version, as_of)
    _CACHE[key] = compiled
    return compiled


def _compile(policy: Policy, version: Version, as_of: dt.date) -> CompiledPolicy:
    parameters = _parameter_values(policy, as_of)
    columns = {c.name: c.type for c in input_columns(policy)}
    raw_params = {name: use.value for name, use in parameters.items()}

    def build(node: Any, where: str) -> tuple[pl.Expr, tuple[str, ...]]:
        ctx = CompileContext(columns=columns, derived=policy.derived, params=raw_params)
        try:
            expr = compile_node(node, ctx)
        except PredicateError as error:
            missing = [p for p in policy.parameters if p not in parameters and f"param.{p}" in repr(node)]
            hint = f" (no value on {as_of:%d/%m/%Y} for {missing})" if missing else ""
            raise PredicateError(f"{policy.code} {version.code} {where}: {error}{hint}") from error
        return expr, tuple(sorted(ctx.used_params))

    conditions = []
    for condition in policy.conditions:
        if _applies(condition, version):
            expr, used = build(condition.predicate, f"condition {condition.code}")
            conditions.append(CompiledCondition(condition, expr.fill_null(False), used))
    components = []
    assert policy.amount is not None  # guaranteed by the schema for computed policies
    for component in policy.amount.components:
        if not _applies(component, version):
            continue
        value, used_value = build(component.value, f"amount {component.code}")
        value = value.cast(pl.Int64).fill_null(0)
        used = used_value
        if component.when is not None:
            when, used_when = build(component.when, f"amount {component.code} when")
            value = pl.when(when.fill_null(False)).then(value).otherwise(0)
            used = tuple(sorted({*used_value, *used_when}))
        components.append(CompiledComponent(component, value, used))
    derived = {name: build(node, f"derived {name}")[0] for name, node in policy.derived.items()}
    return CompiledPolicy(
        policy=policy,
        version=version,
        as_of=as_of,
        conditions=tuple(conditions),
        components=tuple(components),
        derived=derived,
        parameters=parameters,
    )


def _breakpoints(policy: Policy) -> list[tuple[dt.date, Version]]:
    """Every date on which the version or a parameter value can change, with the version then."""
    days = {v.effective_from for v in policy.versions}
    for parameter in policy.parameters.values():
        for value in parameter.values:
            days.add(value.valid_from)
            if value.valid_to is not None:
                days.add(value.valid_to + dt.timedelta(days=1))
    points = []
    for day in sorted(days):
        version = policy.version_at(day)
        if version is not None:
            points.append((day, version))
    return points


def check_policy(policy: Policy) -> None:
    """Compile a computed policy on every date its version or parameters change; raise on any error.

    Catches unknown operators/columns/parameters, kind errors (a date compared with a number) and
    parameters without a value for part of a version when the catalogue is loaded (or a province
    decision applied) instead of when a list is evaluated.
    """
    if not policy.computed:
        return
    schema = {c.name: polars_type(c) for c in input_columns(policy)}
    for day, version in _breakpoints(policy):
        compiled = _compile(policy, version, day)
        frame = pl.LazyFrame(schema=schema)
        exprs = [c.expr.alias(f"c_{i}") for i, c in enumerate(compiled.conditions)]
        exprs += [c.expr.alias(f"a_{i}") for i, c in enumerate(compiled.components)]
        try:
            result = frame.select(exprs).collect_schema()
        except pl.exceptions.PolarsError as error:
            raise PredicateError(
                f"{policy.code} {version.code}: expressions do not type-check: {error}"
            ) from error
        for i, condition in enumerate(compiled.conditions):
            if result[f"c_{i}"] != pl.Boolean:
                raise PredicateError(
                    f"{policy.code} {version.code} condition {condition.condition.code}: "
                    f"predicate gives {result[f'c_{i}']}, not a yes/no value"
                )
