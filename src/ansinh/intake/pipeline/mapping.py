"""Header columns -> form fields, and which form a list is.

Every header column is compared (folded, see :mod:`.textmatch`) with every known spelling; for a form,
each column then takes the field it matches best, one column per field, best pairs first. A pair at
``SURE`` or above is certain; between ``UNSURE`` and ``SURE`` it is applied but reported as "unsure" with
its candidates (the clerk confirms in the UI; ``mapping_overrides`` replays a remembered choice).

A form's fit is ``0.6 × precision + 0.4 × required coverage``: precision is the share of the list's
header columns the form explains (weighted by match score), coverage the share of the form's required
fields found. Look-alike forms (08a/08b, 13a/b/c) are told apart by the title rows above the header; when
two forms still fit within ``TIE``, recognition stops and lists them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ansinh.kernel.text import fix_legacy_text

from .formspec import FormSpec
from .header import HeaderColumn, HeaderInfo, is_ignored_header
from .limits import AmbiguousFormError, FormNotRecognisedError
from .textmatch import compact, folded, prefold, similarity, strip_hints

SURE = 0.86
UNSURE = 0.66
TIE = 0.015
TITLE_BONUS = 0.03
CHILD_ONLY_WEIGHT = 0.97  # a child header alone ("Từ ngày") counts a little less than parent + child
# A parent alone counts less than a child alone: under "Địa chỉ" > "Thôn/Ấp" | "Xã" | "Huyện" each child is
# its own field and the parent names none of them; under "CMND/CCCD" > "Số" | "Ngày cấp" the parent ties
# the siblings and the whole header decides (see fit_form).
PARENT_ONLY_WEIGHT = 0.95
# Fields that reshape others (joined into the full name, turned into sex and birth date) are taken only on a
# sure match: an unsure "Họ tên cha/mẹ" taken for "Họ và tên đệm" would silently give everyone a wrong name.
RESHAPING_FIELDS = frozenset(
    {"family_name", "sex_male", "sex_female", "dob_male", "dob_female", "dob_day", "dob_month", "dob_year"}
)
# Fields that stand in for a required field when present (a Nam/Nữ column pair may hold the birth dates;
# rows whose Nam/Nữ cell is only a tick are then reported one by one as missing the birth date).
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "date_of_birth": ("dob_male", "dob_female", "sex_male", "sex_female", "dob_year")
}


@dataclass(slots=True)
class ColumnMapping:
    """How one header column of the list was understood."""

    grid_column: str
    letter: str
    header: str
    field: str | None
    score: float
    status: str  # "sure" | "unsure" | "override" | "unmapped" | "ignored"
    candidates: list[tuple[str, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "column": self.letter,
            "header": self.header,
            "field": self.field,
            "score": round(self.score, 3),
            "status": self.status,
            "candidates": [{"field": f, "score": round(s, 3)} for f, s in self.candidates],
        }


@dataclass(slots=True)
class FormMatch:
    """A form fitted to a header: the score, the column mappings and the required fields not found."""

    form: FormSpec
    score: float
    columns: list[ColumnMapping]
    missing_required: list[str]

    @property
    def field_columns(self) -> dict[str, ColumnMapping]:
        return {c.field: c for c in self.columns if c.field is not None}

    @property
    def unsure(self) -> list[ColumnMapping]:
        return [c for c in self.columns if c.status == "unsure"]


@lru_cache(maxsize=8192)
def _column_texts(text: str, parts: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The compacted texts a header column is compared by, with their weights (once per distinct header)."""
    texts = [(compact(text), 1.0)]
    if len(parts) > 1:
        texts.append((compact(parts[-1]), CHILD_ONLY_WEIGHT))
        texts.append((compact(parts[0]), PARENT_ONLY_WEIGHT))
    # The same header without its bracketed hints ("Ngày sinh (dd/mm/yyyy)", "Giới tính (Nam/Nữ)"), at full
    # weight: the hint says how to fill the column, not what it is.
    hinted = [(strip_hints(" ".join(strip_hints(p) for p in parts)), 1.0)]
    if len(parts) > 1:
        hinted += [(strip_hints(parts[-1]), CHILD_ONLY_WEIGHT), (strip_hints(parts[0]), PARENT_ONLY_WEIGHT)]
    known = {t for t, _ in texts}
    for text, weight in hinted:
        key = compact(text)
        if key and key not in known:
            texts.append((key, weight))
            known.add(key)
    return tuple(texts)


def _field_score(column: HeaderColumn, spellings: tuple[str, ...], cache: dict[tuple, float]) -> float:
    # Forms share most columns: a (header, spellings) pair is scored once per file, not once per form.
    memo_key = ("field", column.text, column.parts, spellings)
    memo = cache.get(memo_key)
    if memo is not None:
        return memo
    best = _best_score(column, spellings, cache)
    cache[memo_key] = best
    return best


def _full_text_score(column: HeaderColumn, spellings: tuple[str, ...], cache: dict[tuple, float]) -> float:
    """The score of the column's whole header only (parent and child together), for breaking ties."""
    memo_key = ("full", column.text, column.parts, spellings)
    memo = cache.get(memo_key)
    if memo is None:
        memo = _best_score(column, spellings, cache, full_only=True)
        cache[memo_key] = memo
    return memo


def _best_score(
    column: HeaderColumn, spellings: tuple[str, ...], cache: dict[tuple, float], *, full_only: bool = False
) -> float:
    best = 0.0
    for text, weight in _column_texts(column.text, column.parts):
        if full_only and weight < 1.0:
            continue
        for spelling in spellings:
            key = (text, spelling)
            score = cache.get(key)
            if score is None:
                score = similarity(text, spelling, floor=UNSURE)
                cache[key] = score
            best = max(best, score * weight)
            if best >= 1.0:
                return best
    return best


# Fields told apart only by one word of their own header ("Ngày sinh" > "Nam" / "Nữ"; "Ngày tháng năm sinh" >
# "Ngày" / "Tháng" / "Năm"). Folded, "Năm" (year) reads "Nam" (male) and "…sinh Tháng" is close enough to
# "…sinh Nam" to score as sure, so the word itself, with its diacritics, must be in the column's own header.
OWN_WORDS: dict[str, tuple[str, ...]] = {
    "sex_male": ("nam", "male"),
    "dob_male": ("nam", "male"),
    "sex_female": ("nữ", "nu", "female"),
    "dob_female": ("nữ", "nu", "female"),
    "dob_day": ("ngày", "ngay", "day"),
    "dob_month": ("tháng", "thang", "month"),
    "dob_year": ("năm", "year"),
}


def _lacks_own_word(column: HeaderColumn, field_name: str) -> bool:
    """True when ``field_name`` needs a word of its own (:data:`OWN_WORDS`) that the column's header lacks."""
    own = OWN_WORDS.get(field_name)
    if own is None:
        return False
    text = fix_legacy_text(column.parts[-1] if column.parts else column.text)
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())
    return not any(w in words for w in own)


def _override_for(column: HeaderColumn, overrides: dict[str, str | None]) -> tuple[bool, str | None]:
    for key, value in overrides.items():
        if key == column.letter or compact(key) == compact(column.text):
            return True, (value or None)
    return False, None


def fit_form(
    header: HeaderInfo,
    form: FormSpec,
    *,
    overrides: dict[str, str | None] | None = None,
    cache: dict[tuple, float] | None = None,
) -> FormMatch:
    """Map ``header``'s columns to ``form``'s fields and score the fit."""
    overrides = overrides or {}
    cache = cache if cache is not None else {}
    spellings = {c.field: tuple(compact(h) for h in c.headers) for c in form.columns}
    mappings: dict[str, ColumnMapping] = {}
    pairs: list[tuple[float, float, int, str, str]] = []
    candidates: dict[str, list[tuple[str, float]]] = {}
    taken_fields: set[str] = set()
    for column in header.columns:
        has_override, forced = _override_for(column, overrides)
        if has_override:
            valid = forced if forced in spellings else None
            mappings[column.grid_column] = ColumnMapping(
                column.grid_column, column.letter, column.text, valid, 1.0, "override" if valid else "ignored"
            )
            if valid:
                taken_fields.add(valid)
            continue
        if is_ignored_header(column.text):
            mappings[column.grid_column] = ColumnMapping(
                column.grid_column, column.letter, column.text, None, 1.0, "ignored"
            )
            continue
        scored = sorted(
            ((f, _field_score(column, sp, cache)) for f, sp in spellings.items()), key=lambda x: -x[1]
        )
        candidates[column.grid_column] = [(f, s) for f, s in scored[:3] if s >= UNSURE]
        # Ties (siblings under one parent, "CMND/CCCD" > "Số" | "Ngày cấp" | "Nơi cấp", all 0.97 by the parent
        # alone) go to the column whose whole header reads most like the field, then to the leftmost.
        pairs.extend(
            (
                s,
                _full_text_score(column, spellings[f], cache),
                int(column.grid_column[1:]),
                column.grid_column,
                f,
            )
            for f, s in scored
            if s >= (SURE if f in RESHAPING_FIELDS else UNSURE) and not _lacks_own_word(column, f)
        )
    for score, _full, _index, grid_column, field_name in sorted(pairs, key=lambda p: (-p[0], -p[1], p[2])):
        if grid_column in mappings or field_name in taken_fields:
            continue
        column = next(c for c in header.columns if c.grid_column == grid_column)
        status = "sure" if score >= SURE else "unsure"
        mappings[grid_column] = ColumnMapping(
            grid_column, column.letter, column.text, field_name, score, status, candidates[grid_column]
        )
        taken_fields.add(field_name)
    for column in header.columns:
        if column.grid_column not in mappings:
            mappings[column.grid_column] = ColumnMapping(
                column.grid_column,
                column.letter,
                column.text,
                None,
                0.0,
                "unmapped",
                candidates.get(column.grid_column, []),
            )
    ordered = [mappings[c.grid_column] for c in header.columns]
    missing = [
        f
        for f in form.required_fields
        if f not in taken_fields and not any(s in taken_fields for s in SUBSTITUTES.get(f, ()))
    ]
    counted = [m for m in ordered if m.status != "ignored" or m.field]
    precision = sum(m.score for m in counted if m.field) / max(len(counted), 1)
    coverage = 1 - len(missing) / max(len(form.required_fields), 1)
    score = 0.6 * precision + 0.4 * coverage
    title = folded(header.title_text)
    if title and any(folded(k) in title for k in form.title_keywords):
        score += TITLE_BONUS
    return FormMatch(form=form, score=score, columns=ordered, missing_required=missing)


def recognise_form(
    header: HeaderInfo,
    forms: dict[str, FormSpec],
    *,
    form_code: str | None = None,
    overrides: dict[str, str | None] | None = None,
    file_name: str = "",
) -> tuple[FormMatch, list[FormMatch]]:
    """Return the best :class:`FormMatch` and all fits, best first.

    With ``form_code`` only that form is fitted. Raise :class:`AmbiguousFormError` when two forms fit
    equally, :class:`FormNotRecognisedError` when none fits at all.
    """
    cache: dict[tuple, float] = {}
    prefold([p for c in header.columns for p in (c.text, *c.parts)] + [header.title_text])
    prefold(k for f in forms.values() for k in f.title_keywords)
    if form_code is not None:
        if form_code not in forms:
            raise FormNotRecognisedError(
                f"Không có mẫu danh sách mã «{form_code}». Xem danh sách mẫu: ansinh forms list.",
                file_name=file_name,
            )
        match = fit_form(header, forms[form_code], overrides=overrides, cache=cache)
        return match, [match]
    fits = sorted(
        (fit_form(header, f, overrides=overrides, cache=cache) for f in forms.values()),
        key=lambda m: (-m.score, m.form.code),
    )
    if not fits or fits[0].score < 0.45:
        raise FormNotRecognisedError(
            f"Không nhận ra mẫu danh sách của tệp «{file_name}» từ tiêu đề cột. Hãy chọn mẫu (--form).",
            file_name=file_name,
        )
    tied = [m for m in fits if fits[0].score - m.score < TIE]
    if len(tied) > 1:
        listing = "; ".join(f"{m.form.code} ({m.form.name_vi})" for m in tied)
        raise AmbiguousFormError(
            f"Tệp «{file_name}» khớp ngang nhau với {len(tied)} mẫu: {listing}. Hãy chọn một mẫu bằng --form.",
            candidates=[m.form.code for m in tied],
            file_name=file_name,
        )
    return fits[0], fits
