"""The trained person-linkage model: load, train, save (versioned JSON).

The committed file ``ansinh/linkage/model/person-v1.json`` is ``{"ansinh": {...}, "splink": {...}}``:
``splink`` is Splink's own saved model (settings + m/u probabilities, loadable by any Splink backend);
``ansinh`` records the model version, the default clustering threshold and how it was trained, so a
result can be reproduced. Retrain with ``ansinh link --retrain OUT.json`` (see ADR 0041).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ansinh.linkage.engine import settings as spec
from ansinh.linkage.engine.frequencies import reference_frequencies

MODEL_DIR = Path(__file__).resolve().parent.parent / "model"
DEFAULT_MODEL_PATH = MODEL_DIR / "person-v1.json"
DEFAULT_THRESHOLD = 0.95
TRAINING_SEED = 2021


@dataclass(frozen=True)
class LinkageModel:
    """A trained model: Splink settings with parameters, plus our metadata."""

    splink: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def default_threshold(self) -> float:
        return float(self.meta.get("default_threshold", DEFAULT_THRESHOLD))

    def settings_for(self, link_type: str, *, records: int | None = None) -> dict[str, Any]:
        """A fresh copy of the Splink settings for a run over ``records`` records (link type e.g. "link_only").

        The prior "two random records are the same person" was estimated on the training data; a person
        has about as many duplicates in a list ten times larger, so among ten times more records the prior
        is ten times smaller. It is scaled by training size / run size (never raised above the trained
        value: a 2-row list is no evidence that its rows are the same person).
        """
        settings = json.loads(json.dumps(self.splink))
        settings["link_type"] = link_type
        settings.pop("linker_uid", None)
        settings.pop("sql_dialect", None)
        settings["blocking_rules_to_generate_predictions"] = spec.portable_blocking_rules()
        trained_on = int(self.meta.get("trained_with", {}).get("records", 0))
        if records and trained_on and records > trained_on:
            settings["probability_two_random_records_match"] *= trained_on / records
        # The comparison vector (gamma_*) columns are the per-field evidence; keep them in predictions.
        settings["retain_intermediate_calculation_columns"] = True
        settings["retain_matching_columns"] = False
        return settings


def load_model(path: Path | str | None = None) -> LinkageModel:
    """Read a model JSON (default: the committed person-v1)."""
    data = json.loads(Path(path or DEFAULT_MODEL_PATH).read_text(encoding="utf-8"))
    if "splink" not in data:  # a bare Splink model file is accepted too
        return LinkageModel(splink=data, meta={"version": "external"})
    return LinkageModel(splink=data["splink"], meta=data.get("ansinh", {}))


def save_model(model: LinkageModel, path: Path | str) -> None:
    """Write the model as pretty, stable JSON (diffable in review)."""
    payload = {"ansinh": model.meta, "splink": model.splink}
    Path(path).write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )


def train_model(
    prepared: pl.DataFrame,
    *,
    seed: int = TRAINING_SEED,
    max_pairs_u: float = 5e6,
    version: str = "person-v1",
    threshold: float = DEFAULT_THRESHOLD,
    training_data: str = "",
) -> LinkageModel:
    """Estimate the model on prepared records: prior from deterministic rules, u by random sampling
    (fixed seed), m by expectation maximisation over :func:`settings.training_blocking_rules`.

    Unsupervised: no truth labels are used, so the same function retrains on real lists.
    """
    from splink import Linker

    from ansinh.linkage.engine.backend import duckdb_api, register

    db_api = duckdb_api()
    linker = Linker(register(db_api, prepared, "records"), spec.settings_dict(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(spec.deterministic_rules(), recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=seed)
    for rule in spec.training_blocking_rules():
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    trained = linker.misc.save_model_to_json()
    trained.pop("linker_uid", None)
    trained["blocking_rules_to_generate_predictions"] = spec.portable_blocking_rules()
    _fill_unobserved_levels(trained)
    meta = {
        "version": version,
        "default_threshold": threshold,
        "trained_with": {
            "records": prepared.height,
            "seed": seed,
            "u_max_pairs": max_pairs_u,
            "em_blocking_rules": [
                str(r.get_blocking_rule("duckdb").blocking_rule_sql) for r in spec.training_blocking_rules()
            ],
            "data": training_data,
        },
        # Reference name frequencies, pooled with the input's at link time (frequencies.py).
        "term_frequencies": reference_frequencies(prepared),
    }
    return LinkageModel(splink=trained, meta=meta)


# A level never seen in training (e.g. a one-digit phone typo in clean data) would score as "no evidence";
# give it a cautious value so it still counts a little for a match. m is relative to the other levels.
_UNOBSERVED_M = 0.005
_UNOBSERVED_U = 0.001


def _fill_unobserved_levels(trained: dict[str, Any]) -> None:
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            level.setdefault("m_probability", _UNOBSERVED_M)
            level.setdefault("u_probability", _UNOBSERVED_U)
