"""Pure eligibility engine: the policy catalogue compiled to Polars expressions (no Django)."""

from ansinh.policies.engine.compiler import (
    COMMON_INPUTS,
    CompiledPolicy,
    PolicyNotComputable,
    check_policy,
    compile_policy,
    input_columns,
)
from ansinh.policies.engine.evaluate import evaluate, evaluate_lazy
from ansinh.policies.engine.explain import Explanation, explain
from ansinh.policies.engine.expressions import PredicateError
from ansinh.policies.engine.inputs import CellError, MissingColumnsError, parse_inputs

__all__ = [
    "COMMON_INPUTS",
    "CellError",
    "CompiledPolicy",
    "Explanation",
    "MissingColumnsError",
    "PolicyNotComputable",
    "PredicateError",
    "check_policy",
    "compile_policy",
    "evaluate",
    "evaluate_lazy",
    "explain",
    "input_columns",
    "parse_inputs",
]
