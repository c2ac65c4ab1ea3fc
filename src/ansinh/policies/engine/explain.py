"""Explain the decision for one applicant with the same compiled expressions as :func:`evaluate`."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from ansinh.policies.catalogue_schema import Policy
from ansinh.policies.engine.compiler import CompiledPolicy, ParameterUse, compile_policy, today_in_vietnam
from ansinh.policies.engine.evaluate import evaluate_lazy
from ansinh.policies.engine.inputs import CellError, parse_inputs, rows_from_dicts


@dataclass(frozen=True)
class ConditionOutcome:
    code: str
    passed: bool
    message_vi: str
    message_en: str
    citation: str
    parameters: tuple[ParameterUse, ...]


@dataclass(frozen=True)
class ComponentOutcome:
    code: str
    label_vi: str
    amount_vnd: int
    citation: str
    parameters: tuple[ParameterUse, ...]


@dataclass(frozen=True)
class Explanation:
    """Why one applicant is (not) eligible: every condition, every amount part, the version used."""

    policy_code: str
    version: str
    version_label_vi: str
    as_of: dt.date
    version_rule_vi: str
    eligible: bool
    amount_vnd: int
    failed_conditions: tuple[str, ...]
    conditions: tuple[ConditionOutcome, ...]
    components: tuple[ComponentOutcome, ...]
    derived: dict[str, Any] = field(default_factory=dict)
    input_errors: tuple[CellError, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates ISO, tiers as dicts) for the API or templates."""
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def _to_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def explain(policy: Policy, row: dict[str, object], as_of: dt.date | None = None) -> Explanation:
    """Explain ``row`` (CSV-style strings, or Python dates/bools/ints) under ``policy`` on ``as_of``.

    ``as_of`` is the decision date (default: today); it picks the version and parameter values.
    Unreadable cells are reported in ``input_errors`` and treated as missing.
    """
    day = as_of or today_in_vietnam()
    compiled = compile_policy(policy, day)
    raw = rows_from_dicts([{"record_id": "explain", **{k: _to_text(v) for k, v in row.items()}}])
    typed, errors = parse_inputs(raw, policy)
    if errors:
        typed = typed.with_columns(pl.lit(None, dtype=typed.schema[e.column]).alias(e.column) for e in errors)
    return _explain_frame(typed, compiled, tuple(errors))


def _explain_frame(
    frame: pl.DataFrame, compiled: CompiledPolicy, errors: tuple[CellError, ...]
) -> Explanation:
    lazy = evaluate_lazy(frame.lazy(), compiled)
    exprs = [c.expr.alias(f"__c{i}") for i, c in enumerate(compiled.conditions)]
    exprs += [c.expr.alias(f"__a{i}") for i, c in enumerate(compiled.components)]
    exprs += [e.alias(f"__d_{name}") for name, e in compiled.derived.items()]
    result = lazy.with_columns(exprs).collect().row(0, named=True)

    def params(names: tuple[str, ...]) -> tuple[ParameterUse, ...]:
        return tuple(compiled.parameters[n] for n in names)

    conditions = tuple(
        ConditionOutcome(
            code=c.condition.code,
            passed=bool(result[f"__c{i}"]),
            message_vi=c.condition.message_vi,
            message_en=c.condition.message_en,
            citation=c.condition.citation,
            parameters=params(c.parameters),
        )
        for i, c in enumerate(compiled.conditions)
    )
    components = tuple(
        ComponentOutcome(
            code=c.component.code,
            label_vi=c.component.label_vi,
            amount_vnd=int(result[f"__a{i}"]) if result["eligible"] else 0,
            citation=c.component.citation,
            parameters=params(c.parameters),
        )
        for i, c in enumerate(compiled.components)
    )
    return Explanation(
        policy_code=compiled.policy.code,
        version=compiled.version.code,
        version_label_vi=compiled.version.label_vi,
        as_of=compiled.as_of,
        version_rule_vi=compiled.policy.version_rule.explanation_vi,
        eligible=bool(result["eligible"]),
        amount_vnd=int(result["amount_vnd"]),
        failed_conditions=tuple(result["failed_conditions"]),
        conditions=conditions,
        components=components,
        derived={name: result[f"__d_{name}"] for name in compiled.derived},
        input_errors=errors,
    )
