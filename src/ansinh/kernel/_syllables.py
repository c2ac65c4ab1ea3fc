"""Vietnamese syllables (onset + rhyme + tone), to tell a correct legacy-font decoding from a wrong one.

Generated, not listed: every onset x rhyme x tone with the standard tone placement (plus the "old style"
placement for oa/oe/uy: "hoà" and "hòa" are both written). About 20,000 syllables, built once on first use.
It over-generates (not every combination is a word), which is fine for scoring decodings.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ONSETS = [
    *("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p"),
    *("ph", "qu", "r", "s", "t", "th", "tr", "v", "x"),
]
RHYMES = tuple(
    """a ai ao au ay âu ây an ang anh ac ach am ap at ăn ăng ăc ăm ăp ăt ân âng âc âm âp ât
e eo en eng ec em ep et ê êu ên ênh êch êm êp êt i ia iu in inh ich im ip it iêu iên iêng iêc iêm iêp iêt
o oi on ong oc om op ot oa oai oan oang oanh oac oach oam oap oat oay oăn oăng oăc oăm oăt oe oeo oen oet
ô ôi ôn ông ôc ôm ôp ôt ơ ơi ơn ơm ơp ơt u ua ui un ung uc um up ut uân uâng uât uây uê uêch uênh uơ uy uya
uyên uyêt uyt uynh uych uyu uôi uôn uông uôc uôm uôt ư ưa ưi ưu ưng ưc ưt ưn ươi ươu ươn ương ươc ươm ươp ươt
y yêu yên yêt""".split()  # noqa: SIM905 - a list literal of 170 rhymes reads worse
)
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
VOWELS = set("aăâeêioôơuưy")
_STOP_CODA = ("c", "ch", "p", "t")


_FRONT = ("i", "e", "ê", "y")


def _onset_fits(onset: str, rhyme: str) -> bool:
    """Spelling rules: k/gh/ngh only before i, e, ê, y; c/ng never there, g not before e/ê."""
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not rhyme.startswith(("e", "ê"))
    return True


def _tone_positions(rhyme: str) -> list[int]:
    """Positions where Vietnamese places the tone: the standard one and the 'old style' one for oa/oe/uy."""
    vowel_idx = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    modified = [i for i in vowel_idx if rhyme[i] in "ăâêôơư"]
    if modified:
        return [modified[-1]]
    has_coda = vowel_idx[-1] != len(rhyme) - 1
    if len(vowel_idx) == 1:
        return vowel_idx
    if has_coda:
        return [vowel_idx[-1]]
    if rhyme[:2] in ("oa", "oe", "uy") and len(vowel_idx) == 2:
        return vowel_idx  # hoà / hòa, thuý / thúy
    if len(vowel_idx) == 3:
        return [vowel_idx[1]]
    return [vowel_idx[0]]


@lru_cache(maxsize=1)
def syllable_set() -> frozenset[str]:
    """The generated syllables as a set (lower case, NFC)."""
    return frozenset(syllables())


def syllables() -> list[str]:
    """Every onset x rhyme x tone x accepted tone placement, NFC, lower case (stop codas: sắc/nặng only)."""
    out: list[str] = []
    for rhyme in RHYMES:
        tones = TONES
        if rhyme.endswith(_STOP_CODA):
            tones = ["\u0301", "\u0323"]
        for pos in _tone_positions(rhyme):
            for tone in tones:
                toned = rhyme[: pos + 1] + tone + rhyme[pos + 1 :]
                for onset in ONSETS:
                    if onset == "qu" and rhyme.startswith(("u", "o")):
                        continue
                    if onset == "gi" and rhyme.startswith("i"):
                        continue
                    if not _onset_fits(onset, rhyme):
                        continue
                    out.append(unicodedata.normalize("NFC", onset + toned))
    return out
