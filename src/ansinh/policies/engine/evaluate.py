"""Evaluate a whole applicant frame against one policy in one vectorised pass."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ansinh.policies.catalogue_schema import Policy
from ansinh.policies.engine.compiler import CompiledPolicy, compile_policy, input_columns, polars_type
from ansinh.policies.engine.inputs import MissingColumnsError

RESULT_COLUMNS = ("eligible", "amount_vnd", "failed_conditions", "version")


# Failed-condition lists are looked up from a bit mask: building a list per row with concat_list is
# about ten times slower than everything else together (measured in bench/bench_policies.py).
MAX_LOOKUP_BITS = 12
_COND = "__cond_{}"
_PART = "__part_{}"


def _bitmask(columns: list[str], *, when_false: bool) -> pl.Expr:
    bits = [
        ((~pl.col(name)) if when_false else pl.col(name)).cast(pl.UInt32) * (1 << index)
        for index, name in enumerate(columns)
    ]
    return pl.sum_horizontal(bits) if bits else pl.lit(0, dtype=pl.UInt32)


def _subsets(items: list[str]) -> list[list[str]]:
    """Entry ``m`` lists the items whose bit is set in ``m``, deduplicated, in catalogue order."""
    if len(items) > MAX_LOOKUP_BITS:
        raise ValueError(f"too many conditions or amount parts for a lookup table: {len(items)}")
    return [
        list(dict.fromkeys(item for i, item in enumerate(items) if m >> i & 1))
        for m in range(1 << len(items))
    ]


def _gather(table: list[list[str]], index: pl.Expr, *, joined: bool) -> pl.Expr:
    if joined:  # the CLI's form: ";"-joined text, an empty list being a missing (empty) cell
        series = pl.Series([";".join(entry) or None for entry in table], dtype=pl.String)
    else:
        series = pl.Series(table, dtype=pl.List(pl.String))
    return pl.lit(series).gather(index)


def _with_defaults(frame: pl.LazyFrame, compiled: CompiledPolicy) -> pl.LazyFrame:
    """Add absent optional columns with their catalogue default; refuse absent required ones.

    ``record_id`` is required by the CSV contract only; the engine does not need it.
    """
    present = set(frame.collect_schema().names())
    absent = [c for c in input_columns(compiled.policy) if c.name not in present]
    missing = [c.name for c in absent if c.required and c.name != "record_id"]
    if missing:
        raise MissingColumnsError(missing)
    return frame.with_columns(pl.lit(c.default, dtype=polars_type(c)).alias(c.name) for c in absent)


def amount_expr(compiled: CompiledPolicy) -> pl.Expr:
    """Sum of the components that apply, 0 when not eligible (integer VND)."""
    total = pl.sum_horizontal([c.expr for c in compiled.components])
    return pl.when(compiled.eligible_expr).then(total).otherwise(0).cast(pl.Int64)


def evaluate_lazy(
    frame: pl.LazyFrame, compiled: CompiledPolicy, *, with_citations: bool = False, joined: bool = False
) -> pl.LazyFrame:
    """Add ``eligible``, ``amount_vnd``, ``failed_conditions``, ``version`` (and ``citations``).

    ``failed_conditions`` lists the codes of the failed conditions in catalogue order. ``citations``
    (when asked) lists the citations of the failed conditions when not eligible, and of the amount
    parts actually paid (base and each add-on) when eligible. With ``joined`` both are ";"-joined text
    (null when empty), as the CLI writes them, which is cheaper than building lists.
    """
    frame = _with_defaults(frame, compiled)
    conditions = [_COND.format(i) for i in range(len(compiled.conditions))]
    parts = [_PART.format(i) for i in range(len(compiled.components))]
    staged = frame.with_columns(
        *(c.expr.alias(name) for c, name in zip(compiled.conditions, conditions, strict=True)),
        *(c.expr.alias(name) for c, name in zip(compiled.components, parts, strict=True)),
    ).with_columns(pl.all_horizontal([pl.col(c) for c in conditions]).alias("eligible"))
    failed_mask = _bitmask(conditions, when_false=True)
    exprs = [
        pl.when(pl.col("eligible"))
        .then(pl.sum_horizontal([pl.col(p) for p in parts]))
        .otherwise(0)
        .cast(pl.Int64)
        .alias("amount_vnd"),
        _gather(_subsets([c.condition.code for c in compiled.conditions]), failed_mask, joined=joined).alias(
            "failed_conditions"
        ),
        pl.lit(compiled.version.code).alias("version"),
    ]
    if with_citations:
        paid_mask = _bitmask([f"{p}_paid" for p in parts], when_false=False)
        staged = staged.with_columns(*(pl.col(p).gt(0).alias(f"{p}_paid") for p in parts))
        # One table: failed-condition subsets first, then paid-part subsets after an offset.
        failed_table = _subsets([c.condition.citation for c in compiled.conditions])
        paid_table = _subsets([c.component.citation for c in compiled.components])
        index = pl.when(pl.col("eligible")).then(paid_mask + len(failed_table)).otherwise(failed_mask)
        exprs.append(_gather(failed_table + paid_table, index, joined=joined).alias("citations"))
    helpers = [*conditions, *parts, *([f"{p}_paid" for p in parts] if with_citations else [])]
    return staged.with_columns(exprs).drop(helpers)


def evaluate(
    frame: pl.DataFrame | pl.LazyFrame,
    policy: Policy,
    *,
    as_of: dt.date,
    with_citations: bool = False,
    joined: bool = False,
) -> pl.DataFrame:
    """Evaluate every row of ``frame`` (typed applicant columns) under ``policy`` decided on ``as_of``.

    The version and parameters are those in force on ``as_of`` (``policy.version_rule``). Raises
    :class:`~ansinh.policies.engine.compiler.PolicyNotComputable` for tracked-only policies.
    """
    compiled = compile_policy(policy, as_of)
    return evaluate_lazy(frame.lazy(), compiled, with_citations=with_citations, joined=joined).collect()
