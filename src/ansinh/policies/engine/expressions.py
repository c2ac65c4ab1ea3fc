"""The catalogue's predicate language: YAML data compiled to Polars expressions (ADR 0010).

A node is one of:

* a YAML number or ``true``/``false`` -> a literal; a YAML date (``2021-05-01``) -> a date literal;
* a string ``param.NAME`` -> the parameter's value at the evaluation date;
* any other string -> a column of the applicant frame, or a ``derived`` value of the policy;
* a one-key mapping ``{operator: arguments}`` from :data:`OPERATORS`.

Nothing is ever passed to ``eval``: an unknown operator, column or parameter is an error at load time.
Null semantics: an operation on a missing value gives a missing value, and a condition that is missing
counts as failed (the applicant has not shown that it holds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import polars as pl

from ansinh.policies.catalogue_schema import Tier


class PredicateError(ValueError):
    """A predicate or amount expression in the catalogue is malformed."""


@dataclass
class CompileContext:
    """What a node may refer to: input columns, derived values and parameter values."""

    columns: Mapping[str, str]  # column name -> catalogue type (date, bool, int, enum, str)
    derived: Mapping[str, Any]
    params: Mapping[str, Any]
    used_params: set[str] = field(default_factory=set)
    _stack: list[str] = field(default_factory=list)


def compile_node(node: Any, ctx: CompileContext) -> pl.Expr:
    """Compile one node of the language to a Polars expression."""
    if isinstance(node, bool):
        return pl.lit(node, dtype=pl.Boolean)
    if isinstance(node, int):
        return pl.lit(node, dtype=pl.Int64)
    if isinstance(node, dt.date):
        return pl.lit(node, dtype=pl.Date)
    if isinstance(node, str):
        return _reference(node, ctx)
    if isinstance(node, Mapping):
        if len(node) != 1:
            raise PredicateError(f"an operation is a mapping with exactly one key, got {sorted(node)}")
        ((operator, args),) = node.items()
        handler = OPERATORS.get(operator)
        if handler is None:
            raise PredicateError(f"unknown operator {operator!r}; known: {', '.join(sorted(OPERATORS))}")
        return handler(args, ctx)
    raise PredicateError(f"cannot compile {node!r} ({type(node).__name__})")


def _reference(name: str, ctx: CompileContext) -> pl.Expr:
    if name.startswith("param."):
        value = _param_value(name, ctx)
        if isinstance(value, bool) or not isinstance(value, int | dt.date):
            raise PredicateError(f"{name} is a list; use it with 'in' or 'bracket'")
        return compile_node(value, ctx)
    if name in ctx.derived:
        if name in ctx._stack:
            raise PredicateError(f"derived value {name!r} refers to itself")
        ctx._stack.append(name)
        try:
            return compile_node(ctx.derived[name], ctx)
        finally:
            ctx._stack.pop()
    if name in ctx.columns:
        return pl.col(name)
    raise PredicateError(f"unknown column or derived value {name!r}")


def _param_value(name: str, ctx: CompileContext) -> Any:
    key = name.removeprefix("param.")
    if key not in ctx.params:
        raise PredicateError(f"unknown parameter {name!r}")
    ctx.used_params.add(key)
    return ctx.params[key]


def _args(args: Any, count: int | None, operator: str) -> list[Any]:
    if not isinstance(args, list) or (count is not None and len(args) != count):
        expected = f"a list of {count}" if count else "a list"
        raise PredicateError(f"{operator!r} takes {expected} arguments, got {args!r}")
    return args


def _literal_list(node: Any, ctx: CompileContext, operator: str) -> list[Any]:
    if isinstance(node, str) and node.startswith("param."):
        node = _param_value(node, ctx)
    if not isinstance(node, list):
        raise PredicateError(f"{operator!r} needs a list literal or a list parameter, got {node!r}")
    return node


def _all(args: Any, ctx: CompileContext) -> pl.Expr:
    return pl.all_horizontal([compile_node(a, ctx) for a in _args(args, None, "all")])


def _any(args: Any, ctx: CompileContext) -> pl.Expr:
    return pl.any_horizontal([compile_node(a, ctx) for a in _args(args, None, "any")])


def _not(args: Any, ctx: CompileContext) -> pl.Expr:
    return ~compile_node(args, ctx)


_RESULT_TYPES = {
    **dict.fromkeys(
        ["all", "any", "not", "eq", "ne", "lt", "le", "gt", "ge", "in", "is_null", "not_null"], "bool"
    ),
    **dict.fromkeys(["days", "overlap_days", "mul", "bracket"], "int"),
    **dict.fromkeys(["add_days", "add_months", "add_years"], "date"),
    "lit": "str",
}


def static_type(node: Any, ctx: CompileContext) -> str | None:
    """The kind of value a node gives (date, int, bool, str), or None when unknown.

    Polars would silently compare a date with a number (through its physical integer), so the
    language checks kinds itself before building comparisons.
    """
    if isinstance(node, bool):
        return "bool"
    if isinstance(node, int):
        return "int"
    if isinstance(node, dt.date):
        return "date"
    if isinstance(node, str):
        if node.startswith("param."):
            value = ctx.params.get(node.removeprefix("param."))
            return static_type(value, ctx) if isinstance(value, bool | int | dt.date) else None
        if node in ctx.derived and node not in ctx._stack:
            ctx._stack.append(node)
            try:
                return static_type(ctx.derived[node], ctx)
            finally:
                ctx._stack.pop()
        kind = ctx.columns.get(node)
        return "str" if kind == "enum" else kind
    if isinstance(node, Mapping) and len(node) == 1:
        ((operator, args),) = node.items()
        if operator == "lit":
            return static_type(args, ctx) if not isinstance(args, str) else "str"
        if operator in _RESULT_TYPES:
            return _RESULT_TYPES[operator]
        if operator in ("add", "sub", "min", "max", "coalesce") and isinstance(args, list) and args:
            return static_type(args[0], ctx)
        if operator == "if" and isinstance(args, list) and len(args) == 3:
            return static_type(args[1], ctx)
    return None


def _same_kind(args: list[Any], ctx: CompileContext, operator: str) -> None:
    kinds = {k for k in (static_type(a, ctx) for a in args) if k is not None}
    if len(kinds) > 1:
        raise PredicateError(f"{operator!r} mixes kinds {sorted(kinds)} in {args!r}")


def _comparison(method: str) -> Callable[[Any, CompileContext], pl.Expr]:
    def build(args: Any, ctx: CompileContext) -> pl.Expr:
        _same_kind(_args(args, 2, method), ctx, method)
        left, right = (compile_node(a, ctx) for a in _args(args, 2, method))
        return getattr(left, method)(right)

    return build


def _lit(args: Any, ctx: CompileContext) -> pl.Expr:
    if not isinstance(args, str | int | bool):
        raise PredicateError(f"'lit' takes a string or number, got {args!r}")
    return pl.lit(args)


def _in(args: Any, ctx: CompileContext) -> pl.Expr:
    value, choices = _args(args, 2, "in")
    items = _literal_list(choices, ctx, "in")
    return compile_node(value, ctx).is_in(pl.lit(pl.Series(items, dtype=pl.String)).implode())


def _is_null(args: Any, ctx: CompileContext) -> pl.Expr:
    return compile_node(args, ctx).is_null()


def _not_null(args: Any, ctx: CompileContext) -> pl.Expr:
    return compile_node(args, ctx).is_not_null()


def _fold(method: str) -> Callable[[Any, CompileContext], pl.Expr]:
    def build(args: Any, ctx: CompileContext) -> pl.Expr:
        exprs = [compile_node(a, ctx) for a in _args(args, None, method)]
        if len(exprs) < 2:
            raise PredicateError(f"{method!r} takes at least two arguments")
        result = exprs[0]
        for expr in exprs[1:]:
            result = getattr(result, method)(expr)
        return result

    return build


def _min(args: Any, ctx: CompileContext) -> pl.Expr:
    _same_kind(_args(args, 2, "min"), ctx, "min")
    left, right = (compile_node(a, ctx) for a in _args(args, 2, "min"))
    # pl.min_horizontal skips nulls; the law needs "unknown" to stay unknown.
    return pl.when(left <= right).then(left).when(left > right).then(right)


def _max(args: Any, ctx: CompileContext) -> pl.Expr:
    _same_kind(_args(args, 2, "max"), ctx, "max")
    left, right = (compile_node(a, ctx) for a in _args(args, 2, "max"))
    return pl.when(left >= right).then(left).when(left < right).then(right)


def _days(args: Any, ctx: CompileContext) -> pl.Expr:
    """Days from start to end, both counted (end - start + 1)."""
    start, end = (compile_node(a, ctx) for a in _args(args, 2, "days"))
    return (end - start).dt.total_days() + 1


def _overlap_days(args: Any, ctx: CompileContext) -> pl.Expr:
    """Days of [start, end] that fall inside [window_from, window_to], both ends counted, >= 0."""
    start, end, window_from, window_to = _args(args, 4, "overlap_days")
    first = _max([start, window_from], ctx)
    last = _min([end, window_to], ctx)
    return ((last - first).dt.total_days() + 1).clip(lower_bound=0)


def _int_literal(node: Any, ctx: CompileContext, operator: str) -> int:
    if isinstance(node, str) and node.startswith("param."):
        node = _param_value(node, ctx)
    if isinstance(node, bool) or not isinstance(node, int):
        raise PredicateError(f"{operator!r} needs a whole number (or an integer parameter), got {node!r}")
    return node


def _add_days(args: Any, ctx: CompileContext) -> pl.Expr:
    day, count = _args(args, 2, "add_days")
    return compile_node(day, ctx) + pl.duration(days=_int_literal(count, ctx, "add_days"))


# Calendar arithmetic through a lookup table: Polars' dt.offset_by("1mo") costs ~0.3 s per 2 M rows,
# a gather from a precomputed table ~0.04 s (bench/bench_policies.py). Dates outside the table's range
# are treated as unknown (null), which no applicant date in this domain reaches.
_TABLE_FIRST = dt.date(1850, 1, 1)
_TABLE_LAST = dt.date(2150, 12, 31)
_EPOCH = dt.date(1970, 1, 1)


@cache
def _offset_table(offset: str) -> pl.Series:
    days = pl.date_range(_TABLE_FIRST, _TABLE_LAST, eager=True)
    return days.dt.offset_by(offset)


def _calendar_offset(day: pl.Expr, offset: str) -> pl.Expr:
    table = _offset_table(offset)
    index = day.cast(pl.Int32) - (_TABLE_FIRST - _EPOCH).days
    inside = (index >= 0) & (index < table.len())
    return pl.when(inside).then(pl.lit(table).gather(index.clip(0, table.len() - 1)))


def _add_months(args: Any, ctx: CompileContext) -> pl.Expr:
    """Calendar months; a day missing in the target month becomes its last day (31/01 + 1 = 28/02)."""
    day, count = _args(args, 2, "add_months")
    return _calendar_offset(compile_node(day, ctx), f"{_int_literal(count, ctx, 'add_months')}mo")


def _add_years(args: Any, ctx: CompileContext) -> pl.Expr:
    """Calendar years; 29/02 becomes 28/02 in a year without it."""
    day, count = _args(args, 2, "add_years")
    return _calendar_offset(compile_node(day, ctx), f"{_int_literal(count, ctx, 'add_years')}y")


def _if(args: Any, ctx: CompileContext) -> pl.Expr:
    condition, then, otherwise = (compile_node(a, ctx) for a in _args(args, 3, "if"))
    return pl.when(condition).then(then).otherwise(otherwise)


def _bracket(args: Any, ctx: CompileContext) -> pl.Expr:
    """The amount of the highest tier whose ``min`` the value reaches (null below the first tier)."""
    value, tiers_node = _args(args, 2, "bracket")
    raw = _literal_list(tiers_node, ctx, "bracket")
    tiers = sorted((t if isinstance(t, Tier) else Tier.model_validate(t) for t in raw), key=lambda t: -t.min)
    if not tiers:
        raise PredicateError("'bracket' needs at least one tier")
    measured = compile_node(value, ctx)
    chain = pl.when(measured >= tiers[0].min).then(pl.lit(tiers[0].amount, dtype=pl.Int64))
    for tier in tiers[1:]:
        chain = chain.when(measured >= tier.min).then(pl.lit(tier.amount, dtype=pl.Int64))
    return chain.otherwise(pl.lit(None, dtype=pl.Int64))


def _coalesce(args: Any, ctx: CompileContext) -> pl.Expr:
    return pl.coalesce([compile_node(a, ctx) for a in _args(args, None, "coalesce")])


OPERATORS: dict[str, Callable[[Any, CompileContext], pl.Expr]] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "eq": _comparison("eq"),
    "ne": _comparison("ne"),
    "lt": _comparison("lt"),
    "le": _comparison("le"),
    "gt": _comparison("gt"),
    "ge": _comparison("ge"),
    "lit": _lit,
    "in": _in,
    "is_null": _is_null,
    "not_null": _not_null,
    "add": _fold("add"),
    "sub": _fold("sub"),
    "mul": _fold("mul"),
    "min": _min,
    "max": _max,
    "days": _days,
    "overlap_days": _overlap_days,
    "add_days": _add_days,
    "add_months": _add_months,
    "add_years": _add_years,
    "if": _if,
    "bracket": _bracket,
    "coalesce": _coalesce,
}
