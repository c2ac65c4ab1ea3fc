"""Header text comparison that ignores diacritics, case, spacing, punctuation and small typos.

rapidfuzz is not a dependency; difflib's ratio on short folded strings is fast enough for headers
(tens of columns against a few hundred known spellings) - see docs/adr/0032-intake-header-matching.md.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import polars as pl

from ansinh.kernel.text import expr_clean_text, expr_fold

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NUMERIC_LIKE = re.compile(r"^[\s()\[\].,:;/\-+=x*0-9]*$")


_FOLDED: dict[str, str] = {}
_CACHE_LIMIT = 200_000


def prefold(texts: object) -> None:
    """Fold many texts in one vectorised kernel call (the kernel's scalar ``fold`` costs a frame per call)."""
    todo = list({t for t in texts if isinstance(t, str) and t not in _FOLDED})  # type: ignore[attr-defined]
    if not todo:
        return
    if len(_FOLDED) > _CACHE_LIMIT:
        _FOLDED.clear()
    out = pl.select(expr_fold(expr_clean_text(pl.lit(pl.Series("t", todo, dtype=pl.Utf8)))).alias("f"))
    for text, value in zip(todo, out.get_column("f").to_list(), strict=True):
        _FOLDED[text] = " ".join(_NON_ALNUM.sub(" ", value or "").split())


def folded(text: str) -> str:
    """Folded words: legacy-font repaired, no diacritics, lower case, punctuation as spaces."""
    value = _FOLDED.get(text)
    if value is None:
        prefold([text])
        value = _FOLDED[text]
    return value


def compact(text: str) -> str:
    """:func:`folded` without spaces: "Số CMND/CCCD" -> "socmndcccd"."""
    return folded(text).replace(" ", "")


def tokens(text: str) -> list[str]:
    return folded(text).split()


# Hints clerks add to a header: the format "(dd/mm/yyyy)", the choices "(Nam/Nữ)", a unit "(đồng)", a
# numbering "(5)", a note "[*]". They say how to fill the column, not what it is.
_HINT = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def strip_hints(text: str) -> str:
    """``text`` without bracketed hints: "Ngày sinh (dd/mm/yyyy)" -> "Ngày sinh"; unchanged when all hint."""
    stripped = " ".join(_HINT.sub(" ", text).split())
    return stripped or text


def is_numeric_like(text: str) -> bool:
    """True for cells that are numbers, dates or "(1)"-style labels, never header words."""
    return bool(_NUMERIC_LIKE.match(text))


def similarity(a: str, b: str, *, floor: float = 0.0) -> float:
    """Similarity of two already-compacted strings in [0, 1]; below ``floor`` may return 0 early."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    # ratio() <= 2*min(len)/(len a + len b): skip the matcher when even that bound is under the floor.
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()
