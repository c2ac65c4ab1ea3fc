"""Load the policy catalogue from YAML and apply the province's decisions to it (pure, no Django)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ansinh.policies.catalogue_schema import Catalogue, Parameter, ParameterValue, Policy, ProvinceDecision
from ansinh.policies.engine.compiler import check_policy
from ansinh.policies.engine.expressions import PredicateError

CATALOGUE_DIR = Path(__file__).with_name("catalogue")


class CatalogueError(ValueError):
    """The catalogue (or a decision applied to it) is invalid. The message names the file and field."""


def _format_validation(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  {where}: {item['msg']}")
    return "\n".join(lines)


def load_policy_file(path: Path) -> Policy:
    """Read and validate one policy file; raise :class:`CatalogueError` naming the file and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: a policy file must hold a mapping, got {type(data).__name__}")
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        raise CatalogueError(f"{path.name}: invalid policy\n{_format_validation(error)}") from error
    if policy.code != path.stem:
        raise CatalogueError(f"{path.name}: code {policy.code!r} must equal the file name {path.stem!r}")
    try:
        check_policy(policy)
    except PredicateError as error:
        raise CatalogueError(f"{path.name}: {error}") from error
    return policy


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Load every ``*.yaml`` policy under ``path`` (default: the packaged catalogue), validated.

    The packaged catalogue is cached; pass a path to load another directory.
    """
    if path is None:
        return _packaged_catalogue()
    return _load(Path(path))


@cache
def _packaged_catalogue() -> Catalogue:
    return _load(CATALOGUE_DIR)


def _load(directory: Path) -> Catalogue:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogueError(f"{directory}: no policy files (*.yaml)")
    policies = {}
    for file in files:
        policy = load_policy_file(file)
        policies[policy.code] = policy
    try:
        return Catalogue(policies=policies)
    except ValidationError as error:
        raise CatalogueError(f"{directory}: catalogue references\n{_format_validation(error)}") from error


def _with_decision(parameter: Parameter, decision: ProvinceDecision) -> Parameter:
    """Close the value in force at ``decision.valid_from`` and add the decided one (history kept)."""
    reference = f"{decision.number} ngày {decision.signed_on:%d/%m/%Y}"
    kept: list[ParameterValue] = []
    for value in parameter.values:
        if value.valid_from >= decision.valid_from:
            # A value starting on/after the new one is superseded from its start: keep it only for the
            # part after the decision's own end, if the decision is bounded.
            if decision.valid_to is not None and (
                value.valid_to is None or value.valid_to > decision.valid_to
            ):
                start = max(value.valid_from, decision.valid_to + dt.timedelta(days=1))
                kept.append(value.model_copy(update={"valid_from": start}))
            continue
        if value.valid_to is None or value.valid_to >= decision.valid_from:
            kept.append(value.model_copy(update={"valid_to": decision.valid_from - dt.timedelta(days=1)}))
            if decision.valid_to is not None and (
                value.valid_to is None or value.valid_to > decision.valid_to
            ):
                kept.append(value.model_copy(update={"valid_from": decision.valid_to + dt.timedelta(days=1)}))
        else:
            kept.append(value)
    new = ParameterValue(
        value=decision.value,
        valid_from=decision.valid_from,
        valid_to=decision.valid_to,
        reference=reference,
        verified=True,
        decision=reference,
        note_vi=decision.note_vi,
    )
    return parameter.model_copy(update={"values": sorted([*kept, new], key=lambda v: v.valid_from)})


def apply_decisions(catalogue: Catalogue, decisions: Iterable[ProvinceDecision]) -> Catalogue:
    """Return a new catalogue where each province decision sets its parameter from its date.

    Decisions apply in order of signing date (then number). Only parameters marked
    ``province_configurable`` may be changed. The previous value is closed the day before, never
    deleted, so an inspector can see what applied on any date. The input catalogue is not modified.
    """
    policies = dict(catalogue.policies)
    for decision in sorted(decisions, key=lambda d: (d.signed_on, d.number)):
        policy = policies.get(decision.policy)
        if policy is None:
            raise CatalogueError(f"quyết định {decision.number}: không có chính sách {decision.policy!r}")
        parameter = policy.parameters.get(decision.parameter)
        if parameter is None:
            raise CatalogueError(
                f"quyết định {decision.number}: chính sách {policy.code} không có tham số {decision.parameter!r}"
            )
        if not parameter.province_configurable:
            raise CatalogueError(
                f"quyết định {decision.number}: tham số {policy.code}.{decision.parameter} do văn bản trung ương "
                "quy định, tỉnh không được thay đổi"
            )
        try:
            updated = _with_decision(parameter, decision)
            new_policy = Policy.model_validate(
                policy.model_copy(
                    update={"parameters": {**policy.parameters, decision.parameter: updated}}
                ).model_dump()
            )
            check_policy(new_policy)
        except (ValidationError, PredicateError) as error:
            raise CatalogueError(f"quyết định {decision.number}: giá trị không hợp lệ: {error}") from error
        policies[policy.code] = new_policy
    return Catalogue(policies=policies)
