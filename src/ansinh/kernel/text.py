"""Vietnamese text: legacy-font (TCVN3 / VNI-Windows) repair, folding and title case, scalar and Polars.

Legacy text is text typed in an ABC (TCVN3) or VNI font: Excel stored the font's bytes as Windows-1252
characters, so "Nguyễn Văn An" arrives as "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI). Detection is
per cell (ADR 0020):

1. Candidate test (vectorised, two plain character classes): the cell has at most
   ``MAX_LEGACY_CELL_CHARS`` characters, holds only latin-1/cp1252 characters (any other character means
   genuine Unicode, never converted) and at least one non-ASCII one.
2. Python, once per distinct candidate (cached): *strong markers* are characters that never occur in NFC
   Vietnamese ("¨", "ï"), a TCVN3 capital right after a lower-case letter ("NguyÔn"), a VNI "vowel + mark"
   pair that no Vietnamese syllable has ("eã", "aê", "aù") and the VNI word "Thò" (Thị). Both decodings are
   ranked: no strong marker left behind, no "lower-case then capital" inside a word, more valid Vietnamese
   syllables (generated onset x rhyme x tone set), more encoding-specific evidence, then TCVN3. The best
   reading is used if it does not lose valid syllables and - for cells without a strong marker - gains some
   ("Huúnh" -> "Huỳnh", "Quoác" -> "Quốc").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import Literal

import polars as pl

from ansinh.kernel._legacy_tables import TCVN3_DECODE, VIETNAMESE_LETTERS, VNI_DECODE
from ansinh.kernel._syllables import syllable_set

LegacyEncoding = Literal["tcvn3", "vni"]

__all__ = [
    "LEGACY_MARKER_PATTERN",
    "MAX_LEGACY_CELL_CHARS",
    "NON_LEGACY_PATTERN",
    "LegacyEncoding",
    "detect_legacy",
    "expr_clean_text",
    "expr_detect_legacy",
    "expr_fold",
    "expr_person_name",
    "fix_legacy_text",
    "fold",
    "title_case_vi",
]

_VIET_LATIN1 = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) <= 0xFF)
_TCVN_CHARS = frozenset(c for c in TCVN3_DECODE if ord(c) >= 0xA0)
_VNI_CHARS = frozenset("".join(VNI_DECODE))
# VN1-only capitals (not in ABC) convert inside a TCVN3 cell but are too weak to mark one.
_WEAK_SYMBOLS = frozenset("º¿¯")
_MARKER_CHARS = sorted((_TCVN_CHARS | _VNI_CHARS) - _VIET_LATIN1 - _WEAK_SYMBOLS - set(map(chr, range(0x80))))
_TCVN_ONLY = frozenset(_TCVN_CHARS - _VNI_CHARS - _VIET_LATIN1) | frozenset(map(chr, range(0x80, 0xA0)))
_VNI_ONLY = frozenset(_VNI_CHARS - _TCVN_CHARS - _VIET_LATIN1 - set(map(chr, range(0x80))))

# VNI "vowel + mark" pairs that no Vietnamese syllable contains (o + á/à/ã is left out: "hoá", "xoã").
_VNI_PAIRS = r"[aAeEoOuUyY][ùÙ]|[aAeEoO][âÂ]|[aA][êÊéÉèÈúÚáÁàÀãÃõÕ]|[eE][áÁàÀãÃõÕ]|[oOuUyY][õÕ]"
# "Thò" is VNI for "Thị", the commonest middle name of women; as a Unicode word ("stick out") it is no name.
_VNI_WORDS = r"\bTh[òÒ]\b|\bTH[Ò]\b"
# TCVN3 lower-case toned letters that look like latin-1 capitals, right after a lower-case letter.
# (Also a capital between a capital and a lower-case letter: "BÊu" is "Bấu"; Unicode never mixes case so.)
_TCVN_PAIRS = r"[a-z][ÈÉÊÌÒÓÔÕÝ]|[A-Z][ÈÉÊÌÒÓÔÕÝ][a-z]"
# Latin-1 accented letters: a cell made only of these and ASCII may still be legacy text without any strong
# marker ("Huúnh" = TCVN3 "Huỳnh", "Quoác" = VNI "Quốc"); such cells convert only when the decoding turns
# non-syllables into Vietnamese syllables.
_WEAK_LETTERS = "[" + "".join(sorted(_VIET_LATIN1)) + "]"


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in chars) + "]"


_STRONG_PATTERN = (
    _char_class(_MARKER_CHARS)[:-1]
    + "\\x{80}-\\x{9F}]"
    + "|"
    + _VNI_PAIRS
    + "|"
    + _VNI_WORDS
    + "|"
    + _TCVN_PAIRS
)
#: Regex (Rust and Python syntax) of the cells worth a closer look (a superset of legacy cells): a strong
#: marker, or a latin-1 accented letter. Combine with :data:`NON_LEGACY_PATTERN` to skip Unicode cells.
LEGACY_MARKER_PATTERN = _STRONG_PATTERN + "|" + _WEAK_LETTERS
_CP1252_EXTRA = "".join(sorted(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")))
#: Regex of a character legacy mojibake cannot contain (outside latin-1 and cp1252's 0x80-0x9F punctuation).
NON_LEGACY_PATTERN = "[^\\x{0}-\\x{FF}" + _CP1252_EXTRA + "]"
_ANY_HIGH_PATTERN = "[\\x{80}-\\x{FF}" + _CP1252_EXTRA + "]"


def _py_pattern(rust: str) -> str:
    return re.sub(r"\\x\{([0-9A-F]+)\}", lambda m: f"\\u{int(m.group(1), 16):04x}", rust)


_STRONG_RE = re.compile(_py_pattern(_STRONG_PATTERN))
_CANDIDATE_RE = re.compile(_py_pattern(LEGACY_MARKER_PATTERN))
_NON_LEGACY_RE = re.compile(_py_pattern(NON_LEGACY_PATTERN))
_VNI_DECODE_RE = re.compile("|".join(sorted(map(re.escape, VNI_DECODE), key=len, reverse=True)))
_TCVN_TABLE = str.maketrans(TCVN3_DECODE)
# Words for syllable counting: legacy symbols ("¶", "¸") stay inside the word they were typed in.
_WORD_RE = re.compile(r"[^\s\d.,;:!?()\[\]{}\"'/\\\-_+*=<>|&%$#@~`]+")
_TOKEN_RE = re.compile(r"\S+")
_LONE_CHAR_RE = re.compile(r"(?<!\S)\S(?!\S)")


def _decode_tcvn3(s: str) -> str:
    decoded = list(s.translate(_TCVN_TABLE))  # one character per character
    # ABC had no capital toned letters: in text typed in capitals ("NGUYÔN V¡N ÊN": at least two ASCII
    # capitals and no ASCII lower case in the cell, or in the word), capitalise the decoded letters too.
    if _typed_in_caps(s):
        return unicodedata.normalize("NFC", "".join(decoded).upper())
    for token in _TOKEN_RE.finditer(s):
        if _typed_in_caps(token.group()):
            for k in range(token.start(), token.end()):
                decoded[k] = decoded[k].upper()
    return unicodedata.normalize("NFC", "".join(decoded))


def _typed_in_caps(s: str) -> bool:
    ascii_letters = [c for c in s if c.isascii() and c.isalpha()]
    return len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)


def _decode(s: str, encoding: LegacyEncoding) -> str:
    if encoding == "tcvn3":
        return _decode_tcvn3(s)
    return unicodedata.normalize("NFC", _VNI_DECODE_RE.sub(lambda m: VNI_DECODE[m.group(0)], s))


def _mixed_case(s: str) -> int:
    """Lower-case letters directly followed by a capital: a wrong decoding's signature ("quỈn")."""
    return sum(a.islower() and b.isupper() for a, b in itertools.pairwise(s))


def _all_words_valid(s: str) -> bool:
    words = syllable_set()
    return all(word in words or word.isascii() for word in _WORD_RE.findall(s.lower()))


def _valid_syllables(s: str) -> int:
    words = syllable_set()
    return sum(word in words for word in _WORD_RE.findall(s.lower()))


def _decide(text: str) -> tuple[str, LegacyEncoding] | None:
    """The decoding of NFC ``text`` if it is legacy mojibake, else None."""
    if not _CANDIDATE_RE.search(text) or _NON_LEGACY_RE.search(text):
        return None
    # A lone symbol ("½ kg", "A × B") is weak evidence: legacy markers sit inside words.
    strong = _STRONG_RE.search(_LONE_CHAR_RE.sub(" ", text)) is not None
    if not strong and _all_words_valid(text):
        return None  # fast path: ordinary Unicode made of latin-1 letters ("Võ Thanh Tâm")
    tcvn_evidence = sum(c in _TCVN_ONLY for c in text) + len(re.findall(_TCVN_PAIRS, text))
    vni_evidence = (
        sum(c in _VNI_ONLY for c in text)
        + len(re.findall(_VNI_PAIRS, text))
        + len(re.findall(_VNI_WORDS, text))
    )
    candidates = []
    # Preference on a full tie: TCVN3 (ABC) was the national standard used by government offices.
    for preference, encoding, evidence in ((0, "tcvn3", tcvn_evidence), (1, "vni", vni_evidence)):
        decoded = _decode(text, encoding)  # type: ignore[arg-type]
        residual = len(_STRONG_RE.findall(decoded))
        score = (residual, _mixed_case(decoded), -_valid_syllables(decoded), -evidence, preference)
        candidates.append((score, encoding, decoded))
    (residual, _, minus_valid, *_), encoding, decoded = min(candidates)
    if residual or decoded == text:
        return None  # neither reading explains the markers: leave the text alone rather than guess
    gain = -minus_valid - _valid_syllables(text)
    if gain < 0 or (not strong and gain == 0):
        return None
    return decoded, encoding  # type: ignore[return-value]


@lru_cache(maxsize=65536)
def _fix(s: str) -> tuple[str, LegacyEncoding | None]:
    text = unicodedata.normalize("NFC", s)
    decision = _decide(text)
    if decision is None or _decide(decision[0]) is not None:
        # The second condition keeps fix_legacy_text idempotent: never return text it would change again.
        return text, None
    return decision


#: Longer cells are never treated as legacy text: they are no names or addresses, and scoring them would let
#: one 100 MB cell stall an import (the cell is still NFC-normalised and trimmed).
MAX_LEGACY_CELL_CHARS = 2000


def _fix_bounded(s: str) -> tuple[str, LegacyEncoding | None]:
    if len(s) > MAX_LEGACY_CELL_CHARS:
        return unicodedata.normalize("NFC", s), None
    return _fix(s)


def detect_legacy(s: str) -> LegacyEncoding | None:
    """Return "tcvn3" or "vni" when ``s`` is legacy-font text read as cp1252/latin-1, else None."""
    return _fix_bounded(s)[1]


def fix_legacy_text(s: str) -> str:
    """Convert TCVN3/VNI mojibake to Unicode NFC; other text is only NFC-normalised. Idempotent.

    >>> fix_legacy_text("NguyÔn V¨n An"), fix_legacy_text("Nguyeãn Vaên An")
    ('Nguyễn Văn An', 'Nguyễn Văn An')
    """
    return _fix_bounded(s)[0]


def _candidates(s: pl.Series) -> pl.Series:
    """Cells worth the Python test: bounded length, only latin-1/cp1252 characters, at least one non-ASCII."""
    short = s.str.len_chars() <= MAX_LEGACY_CELL_CHARS
    return (short & s.str.contains(_ANY_HIGH_PATTERN) & ~s.str.contains(NON_LEGACY_PATTERN)).fill_null(False)


def _fix_series(s: pl.Series) -> pl.Series:
    # Two plain character classes (fast) select a superset; Python (_decide, cached) does the precise test.
    mask = _candidates(s)
    if not mask.any():
        return s
    idx = mask.arg_true()
    candidates = s.gather(idx)
    unique = candidates.unique()
    mapping = {value: fix_legacy_text(value) for value in unique.to_list()}
    fixed = candidates.replace_strict(mapping, return_dtype=pl.String)
    return s.clone().scatter(idx, fixed)


_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]"


def _detect_series(s: pl.Series) -> pl.Series:
    s = s.cast(pl.String).str.normalize("NFC")
    mask = _candidates(s)
    out = pl.Series(s.name, [None] * len(s), dtype=pl.String)
    if not mask.any():
        return out
    idx = mask.arg_true()
    candidates = s.gather(idx)
    mapping = {value: detect_legacy(value) for value in candidates.unique().to_list()}
    return out.scatter(idx, candidates.replace_strict(mapping, return_dtype=pl.String))


def expr_detect_legacy(e: pl.Expr) -> pl.Expr:
    """Per cell "tcvn3" / "vni" / null: which cells :func:`expr_clean_text` converts (for reports and counts)."""
    return e.map_batches(_detect_series, return_dtype=pl.String, is_elementwise=True)


def _clean_series(s: pl.Series) -> pl.Series:
    # Invisible characters go first: they would hide legacy text from the repertoire test.
    text = _fix_series(s.cast(pl.String).str.replace_all(_INVISIBLE, "").str.normalize("NFC"))
    text = text.str.replace_all(r"\s+", " ").str.strip_chars()
    return text.to_frame("t").select(pl.when(pl.col("t").str.len_chars() > 0).then(pl.col("t"))).to_series()


def expr_clean_text(e: pl.Expr) -> pl.Expr:
    """NFC, legacy fix (only on cells with legacy markers), trim, collapse spaces; blank -> null."""
    # One batch function: the steps run once each (an expression tree would re-run the shared prefix).
    return e.map_batches(
        lambda s: _clean_series(s).rename(s.name), return_dtype=pl.String, is_elementwise=True
    )


def _title_nfc(s: pl.Series) -> pl.Series:
    """Title case, NFC. A combining mark left after title case (e.g. "ß" + U+0301 -> "Ss" + U+0301) both breaks
    NFC and moves a word boundary, so those rare cells are composed and title-cased again until stable."""
    titled = s.str.to_lowercase().str.to_titlecase()
    for _ in range(3):
        mask = titled.str.contains(r"\p{M}").fill_null(False)
        if not mask.any():
            break
        idx = mask.arg_true()
        before = titled.gather(idx)
        after = before.str.normalize("NFC").str.to_lowercase().str.to_titlecase().str.normalize("NFC")
        titled = titled.scatter(idx, after)
        if after.equals(before, null_equal=True):
            break
    return titled


def _person_series(s: pl.Series) -> pl.Series:
    name = _title_nfc(_clean_series(s))
    # Title case can turn a junk cell into one that looks legacy (case matters to detection), and a stray
    # combining mark can move a word boundary; a few more rounds on such cells settle them, so that
    # normalising twice changes nothing.
    for _ in range(3):
        mask = _candidates(name)
        if not mask.any():
            break
        idx = mask.arg_true()
        before = name.gather(idx)
        after = _title_nfc(_clean_series(before))
        if after.equals(before, null_equal=True):
            break
        name = name.scatter(idx, after)
    return name.rename(s.name)


def expr_person_name(e: pl.Expr) -> pl.Expr:
    """:func:`expr_clean_text` then Vietnamese title case ("NGUYỄN văn an" -> "Nguyễn Văn An")."""
    return e.map_batches(_person_series, return_dtype=pl.String, is_elementwise=True)


def expr_fold(e: pl.Expr) -> pl.Expr:
    """Vectorised :func:`fold`: lowercase, no diacritics, đ->d, spaces collapsed and trimmed."""
    # NFKD first (it maps "𝐀" to "A"), then lower case, then drop the marks lower-casing may leave.
    text = e.cast(pl.String).str.normalize("NFKD").str.to_lowercase().str.replace_all(r"\p{M}", "")
    text = text.str.replace_all("[đð]", "d").str.replace_all(r"\p{Cf}", "")
    return text.str.replace_all(r"[\s\p{Cc}]+", " ").str.strip_chars()


_SPACES_AND_CONTROLS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def fold(s: str) -> str:
    """Lowercase, strip diacritics, đ->d, collapse and trim whitespace (for matching, never for display).

    Pure Python (callers fold one value at a time); the same steps as :func:`expr_fold`, and the same result
    for every character both Unicode databases know (a test compares them).
    """
    text = unicodedata.normalize("NFKD", s).lower()
    text = "".join(c for c in text if not unicodedata.category(c).startswith(("M", "Cf")))
    text = text.replace("đ", "d").replace("ð", "d")
    return _SPACES_AND_CONTROLS.sub(" ", text).strip()


def title_case_vi(s: str) -> str:
    """Title case each word ("NGUYỄN văn an" -> "Nguyễn Văn An"); same rule as :func:`expr_person_name`."""
    return _title_nfc(pl.Series("v", [unicodedata.normalize("NFC", s)], dtype=pl.String))[0] or ""
