"""The Splink model specification: comparisons, blocking rules, training rules.

Every SQL condition uses only ``=``, ``<>``, ``levenshtein``, ``IS NULL`` and boolean logic on *unquoted*
column names made by :mod:`ansinh.linkage.engine.prepare` (double quotes are identifiers in DuckDB but
string literals in Spark SQL), so the same model JSON runs on DuckDB and on Spark unchanged.

Each comparison level has a short ``label_for_charts``; these labels are the per-field evidence written to
the pairs file (``exact``, ``folded``, ``typo``, ``different`` ...). The level order matters: Splink takes the
first level whose condition holds.

Identity numbers that *disagree* are their own level ("different"): for twins, a father and son with one
name, or namesake neighbours, the ID is often the only thing that tells them apart, and EM learns a strong
negative weight for it. A CCCD on one side and a CMND on the other is *not* a disagreement (the same person
holds both in 2021, policies.md §6.2): it is the neutral level "other_kind".
"""

from __future__ import annotations

from typing import Any

from splink import block_on

NULL = "null"


def _level(
    sql: str,
    label: str,
    *,
    tf: str | None = None,
    null: bool = False,
    m: float | None = None,
    u: float | None = None,
) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    # Fixed parameters are expert judgements EM cannot learn (see the note above comparisons()); training keeps them.
    if m is not None:
        level["m_probability"] = m
        level["fix_m_probability"] = True
    if u is not None:
        level["u_probability"] = u
        level["fix_u_probability"] = True
    if tf:
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def _else(*, m: float | None = None) -> dict[str, Any]:
    return _level("ELSE", "different", m=m)


# Parameters fixed by judgement, not estimated (the m=/u= arguments below; ADR 0040 explains each):
# - EM is unsupervised; twins, a father and son with one name and namesake neighbours agree on almost
#   everything, so EM counts some of them as matches and learns that a *different* given name or ID is
#   common among matches. In real lists a person's given name that differs beyond a one-letter slip is
#   almost never the same person (m = 1e-6: -20 bits, enough to outweigh a twin's shared birth date, phone
#   and address; such pairs go to review, or match on an agreeing ID); an ID number of the same kind that
#   differs beyond a typo or a transposition (their own levels) is rare too (m = 1e-4). Transposed digits
#   are rare in generated data, so EM would drive their m to zero; it is fixed at 0.5 %.
# - A phone is shared by a household: random sampling sees two random people almost never share one
#   (u ~ 3e-6, +18 bits), but the non-matches that reach comparison are relatives. u = 0.3 % caps it at ~+8
#   (and a one-digit phone slip, at the same u, can never count more than an exact phone).
# - A wrong birth date or sex in one list happens (placeholder 01/01, a slip of the clerk): 1 % each, so
#   one bad field cannot veto a pair on its own when ID, name and place agree.


def _comparison(output: str, description: str, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {"output_column_name": output, "comparison_description": description, "comparison_levels": levels}


def comparisons() -> list[dict[str, Any]]:
    """The comparisons, one per compared field (their output names are the evidence columns)."""
    return [
        _comparison(
            "given_name",
            "Given name (tên), term-frequency adjusted",
            [
                _level("given_l IS NULL OR given_r IS NULL", NULL, null=True),
                _level("given_vi_l = given_vi_r", "exact", tf="given"),
                # Same letters, both typed with diacritics, but the diacritics differ: Hùng vs Hưng.
                _level(
                    "given_l = given_r AND given_vi_l IS NOT NULL AND given_vi_r IS NOT NULL",
                    "diacritics_differ",
                ),
                _level("given_l = given_r", "folded", tf="given"),
                # A slip (one letter, or two letters swapped) that makes a word that is not a common name:
                # Hùng/Dũng or Lan/Loan are other people's names, not typos (given_known: given_names.py).
                _level(
                    "(levenshtein(given_l, given_r) <= 1"
                    " OR (given_sorted_l = given_sorted_r AND levenshtein(given_l, given_r) <= 2))"
                    " AND NOT (given_known_l AND given_known_r)",
                    "typo",
                ),
                _else(m=0.000001),
            ],
        ),
        _comparison(
            "surname",
            "Surname (họ), term-frequency adjusted",
            [
                _level("surname_l IS NULL OR surname_r IS NULL", NULL, null=True),
                _level("surname_l = surname_r", "exact", tf="surname"),
                _level("levenshtein(surname_l, surname_r) <= 1", "typo"),
                _else(),
            ],
        ),
        _comparison(
            "middle_name",
            "Middle name(s) (tên đệm); a dropped middle name counts as missing",
            [
                _level("middle_l IS NULL OR middle_r IS NULL", NULL, null=True),
                _level("middle_l = middle_r", "exact"),
                _level("levenshtein(middle_l, middle_r) <= 1", "typo"),
                _else(),
            ],
        ),
        _comparison(
            "date_of_birth",
            "Birth date: exact, day/month swapped, year only, one digit, same year",
            [
                _level("birth_year_l IS NULL OR birth_year_r IS NULL", NULL, null=True),
                _level("dob_l = dob_r", "exact"),
                _level("dob_swapped_l = dob_r", "day_month_swapped"),
                _level(
                    "(dob_year_only_l OR dob_year_only_r) AND birth_year_l = birth_year_r",
                    "year_only",
                ),
                _level("levenshtein(dob_l, dob_r) <= 1", "typo"),
                _level("birth_year_l = birth_year_r", "same_year"),
                _else(m=0.01),
            ],
        ),
        _comparison(
            "id_number",
            "CCCD/CMND: same number (leading zero restored), typo, other kind, different",
            [
                _level("id_norm_l IS NULL OR id_norm_r IS NULL", NULL, null=True),
                _level("id_norm_l = id_norm_r", "exact"),
                _level("id_kind_l = id_kind_r AND levenshtein(id_norm_l, id_norm_r) <= 1", "typo"),
                _level(
                    "id_kind_l = id_kind_r AND id_sorted_l = id_sorted_r AND levenshtein(id_norm_l, id_norm_r) <= 2",
                    "transposed",
                    m=0.005,
                ),
                _level("id_kind_l <> id_kind_r", "other_kind"),
                _else(m=0.0001),
            ],
        ),
        _comparison(
            "phone",
            "Phone, last 9 digits",
            [
                _level("phone9_l IS NULL OR phone9_r IS NULL", NULL, null=True),
                _level("phone9_l = phone9_r", "exact", u=0.003),
                _level("levenshtein(phone9_l, phone9_r) <= 1", "typo", u=0.003),
                _else(),
            ],
        ),
        _comparison(
            "commune",
            "Commune (xã/phường/thị trấn) and district",
            [
                _level("commune_key_l IS NULL OR commune_key_r IS NULL", NULL, null=True),
                _level("commune_key_l = commune_key_r AND district_key_l = district_key_r", "exact"),
                _level("commune_key_l = commune_key_r", "same_commune_name", m=0.005),
                _level("district_key_l = district_key_r", "same_district"),
                _else(),
            ],
        ),
        _comparison(
            "sex",
            "Sex",
            [
                _level("sex_l IS NULL OR sex_r IS NULL", NULL, null=True),
                _level("sex_l = sex_r", "exact"),
                _else(m=0.01),
            ],
        ),
    ]


EVIDENCE_FIELDS = tuple(c["output_column_name"] for c in comparisons())


# Candidate pairs: records that agree on every column of at least one key (and, when given, satisfy the
# extra condition). Each survives a different kind of damage to the others. Sizes on 1,000,000 generated
# records: each rule below yields 0.1-4 million pairs; "given + surname + birth year" alone would yield
# 55 million (1,700 "Nguyễn ... Hùng" born in one year), hence the commune/district qualifiers.
PREDICTION_BLOCKING_KEYS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("id_tail8",), None),  # survives a lost leading zero and any name/date damage
    (("phone9",), None),
    (
        ("given", "surname", "birth_year", "commune_key"),
        None,
    ),  # a swapped/mistyped/year-only date, CCCD vs CMND
    (("given", "surname", "middle", "birth_year", "district_key"), None),  # the same after moving communes
    (("given", "dob"), None),  # survives a surname typo
    (("surname", "dob"), None),  # survives a given-name typo
    (("surname", "dob_swapped"), None),
    (("surname", "middle", "commune_key", "birth_year"), None),  # a given-name typo and no full date
    # No birth date at all on one side, no ID, no phone: the full name in the commune is all there is.
    (("name_fold", "commune_key"), "(l.birth_year IS NULL OR r.birth_year IS NULL)"),
)


def _rule_sql(keys: tuple[str, ...], condition: str | None) -> str:
    sql = " AND ".join(f"l.{col} = r.{col}" for col in keys)
    return f"{sql} AND {condition}" if condition else sql


def prediction_blocking_rules() -> list[str]:
    """:data:`PREDICTION_BLOCKING_KEYS` as Splink blocking rules (dialect-free SQL, no quoting)."""
    return [_rule_sql(keys, condition) for keys, condition in PREDICTION_BLOCKING_KEYS]


def portable_blocking_rules() -> list[dict[str, str]]:
    """The rules in the form a saved Splink model holds them (any backend can run them)."""
    return [{"blocking_rule": sql} for sql in prediction_blocking_rules()]


def training_blocking_rules() -> list[Any]:
    """EM sessions: each comparison is estimated in at least one session where it is not blocked on."""
    return [
        block_on("dob"),
        block_on("given", "surname", "birth_year"),
        block_on("id_norm"),
    ]


def deterministic_rules() -> list[Any]:
    """Near-certain matches used to estimate the prior probability that two random records match."""
    return [block_on("id_norm", "birth_year"), block_on("name_fold", "dob", "phone9")]


def settings_dict(*, link_type: str = "dedupe_only") -> dict[str, Any]:
    """An untrained settings dict (the trained model JSON adds m/u probabilities to it)."""
    from splink import SettingsCreator

    creator = SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=25,
        em_convergence=0.0001,
    )
    return creator.create_settings_dict("duckdb")
