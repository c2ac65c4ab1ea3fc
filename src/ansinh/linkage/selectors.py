"""Reads for the review queue and a person's links, always through the area scope."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ansinh.linkage.models import PersonMerge, RecordLink, ReviewPair, ReviewVerdict
from ansinh.linkage.records import field_weights, linkage_model, ordered
from ansinh.org.access import access
from ansinh.org.roles import Action
from ansinh.registry.models import Person

# Field labels and agreement levels in Vietnamese (the engine's evidence labels are English codes).
FIELD_LABELS = {
    "given_name": "Tên",
    "surname": "Họ",
    "middle_name": "Tên đệm",
    "date_of_birth": "Ngày sinh",
    "id_number": "Số CCCD/CMND",
    "phone": "Điện thoại",
    "commune": "Xã/phường",
    "sex": "Giới tính",
}
LEVEL_LABELS = {
    "exact": "Trùng khớp",
    "folded": "Khớp khi bỏ dấu",
    "diacritics_differ": "Khác dấu",
    "typo": "Gần giống (lỗi gõ)",
    "different": "Khác nhau",
    "null": "Thiếu dữ liệu",
    "day_month_swapped": "Đảo ngày và tháng",
    "year_only": "Chỉ có năm, trùng năm",
    "same_year": "Cùng năm sinh",
    "transposed": "Đảo chữ số",
    "other_kind": "Một bên CCCD, một bên CMND",
    "same_commune_name": "Cùng tên xã",
    "same_district": "Cùng huyện",
}


def review_pair_list(*, user, status: str = ReviewPair.Status.OPEN) -> QuerySet[ReviewPair]:
    """Pairs in the officer's area (either record in it), strongest first."""
    return (
        ReviewPair.objects.restrict(user, Action.VIEW)
        .filter(status=status)
        .select_related(
            "record_l__import_row__job",
            "record_r__import_row__job",
            "record_l__person",
            "record_r__person",
            "record_l__area",
            "record_r__area",
            "source_job",
        )
    )


def review_pair_get(*, user, pk: int) -> ReviewPair:
    return access(
        ReviewPair.objects.select_related(
            "record_l__import_row__job__unit",
            "record_r__import_row__job__unit",
            "record_l__person__area",
            "record_r__person__area",
            "record_l__area",
            "record_r__area",
        ),
        user,
        pk,
        Action.VIEW,
    )


def verdict_for(pair: ReviewPair) -> ReviewVerdict | None:
    left, right = ordered(pair.record_l.record_key, pair.record_r.record_key)
    return (
        ReviewVerdict.objects.select_related("decided_by")
        .filter(record_key_l=left, record_key_r=right)
        .first()
    )


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    label: str
    left: str
    right: str
    level: str
    level_label: str
    weight: float


def _date_text(value: dt.date | None, raw: str) -> str:
    """dd/mm/yyyy for a full date; otherwise what the sender wrote (a year alone, or nothing)."""
    if value is not None:
        return value.strftime("%d/%m/%Y")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw or "")
    return f"{iso[3]}/{iso[2]}/{iso[1]}" if iso else (raw or "")


def record_values(link: RecordLink) -> dict[str, str]:
    """What an officer compares: the row as the sender wrote it (or the person's golden record)."""
    row = link.import_row
    if row is not None:
        data = row.field_values
        return {
            "full_name": row.full_name,
            "date_of_birth": _date_text(row.date_of_birth, data.get("date_of_birth") or ""),
            "id_number": row.id_number or data.get("id_number", ""),
            "phone": data.get("phone", ""),
            "commune": link.area.full_name,
            "sex": data.get("sex", ""),
            "address": data.get("address", ""),
        }
    person = link.person
    return {
        "full_name": person.full_name,
        "date_of_birth": (
            person.date_of_birth.strftime("%Y" if person.birth_year_only else "%d/%m/%Y")
            if person.date_of_birth
            else ""
        ),
        "id_number": person.id_number,
        "phone": person.phone,
        "commune": link.area.full_name,
        "sex": person.get_sex_display(),
        "address": person.address,
    }


_FIELD_SOURCE = {
    "given_name": "full_name",
    "surname": "full_name",
    "middle_name": "full_name",
    "date_of_birth": "date_of_birth",
    "id_number": "id_number",
    "phone": "phone",
    "commune": "commune",
    "sex": "sex",
}


def pair_evidence(pair: ReviewPair, left: dict[str, str], right: dict[str, str]) -> list[EvidenceRow]:
    """One row per compared field: both values, the agreement level and its match weight (model m/u)."""
    weights = field_weights(linkage_model())
    out = []
    for field, label in FIELD_LABELS.items():
        level = pair.evidence.get(field) or "null"
        source = _FIELD_SOURCE[field]
        out.append(
            EvidenceRow(
                field,
                label,
                _part(left.get(source, ""), field),
                _part(right.get(source, ""), field),
                level,
                LEVEL_LABELS.get(level, level),
                weights.get(field, {}).get(level, 0.0),
            )
        )
    return out


@dataclass(frozen=True)
class WeightSummary:
    """How the total match weight adds up: the prior, the fields, the name-frequency adjustment."""

    prior: float
    fields: float
    frequency: float
    total: float


def weight_summary(pair: ReviewPair, evidence: list[EvidenceRow]) -> WeightSummary:
    """The starting point (two records taken at random), the sum of the fields' weights, and the rest of
    the model's total: the term-frequency adjustment (a common name counts less than a rare one)."""
    prior_probability = float(linkage_model().splink.get("probability_two_random_records_match", 0.0001))
    prior = math.log2(prior_probability / (1 - prior_probability))
    fields = sum(row.weight for row in evidence)
    return WeightSummary(
        round(prior, 1),
        round(fields, 1),
        round(pair.match_weight - prior - fields, 1),
        round(pair.match_weight, 1),
    )


def _part(value: str, field: str) -> str:
    """The part of a full name a name field compares (surname first, given name last)."""
    if field not in ("given_name", "surname", "middle_name"):
        return value or ""
    words = (value or "").split()
    if not words:
        return ""
    if field == "surname":
        return words[0]
    if field == "given_name":
        return words[-1] if len(words) > 1 else ""
    return " ".join(words[1:-1])


def person_links(*, user, person: Person) -> dict:
    """A person's records and merges (for the person page), scoped."""
    records = (
        RecordLink.objects.restrict(user, Action.VIEW)
        .filter(person=person)
        .select_related("import_row__job__unit", "area")
        .defer("import_row__job__problems")  # up to 5,000 items per list, not shown here
        .order_by("pk")
    )
    merges = (
        PersonMerge.objects.restrict(user, Action.VIEW)
        .filter(Q(kept=person) | Q(absorbed=person))
        .select_related("kept", "absorbed", "merged_by", "undone_by")
    )
    return {"records": records, "merges": merges}


def merge_get(*, user, pk: int) -> PersonMerge:
    return access(PersonMerge.objects.select_related("kept__area", "absorbed__area"), user, pk, Action.VIEW)
