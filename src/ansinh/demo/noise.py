"""Realistic data-entry noise for the synthetic population (pure functions on strings and numpy arrays).

Every function takes the values to damage and pre-drawn random numbers, so that the generator stays
deterministic for a seed and the noise can be tested alone.
"""

from __future__ import annotations

import unicodedata

import numpy as np

_TELEX_VOWELS = {
    "â": "aa",
    "ê": "ee",
    "ô": "oo",
    "ă": "aw",
    "ơ": "ow",
    "ư": "uw",
    "đ": "dd",
    "Â": "AA",
    "Ê": "EE",
    "Ô": "OO",
    "Ă": "AW",
    "Ơ": "OW",
    "Ư": "UW",
    "Đ": "DD",
}
_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "wa",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "x": "zc",
    "y": "tu",
}


def strip_diacritics(text: str) -> str:
    """'Nguyễn Thị Đào' -> 'Nguyen Thi Dao' (what a keyboard without Vietnamese input produces)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def to_telex_residue(text: str) -> str:
    """Type a name with Telex but let the IME fail: 'Nguyễn' -> 'Nguyeenx' (tone key at the word end)."""
    words = []
    for word in text.split(" "):
        tone = ""
        out = []
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TELEX_TONES:
                tone = _TELEX_TONES[ch]
                continue
            if ch in ("\u0302", "\u0306", "\u031b"):  # circumflex, breve, horn: re-attach to the base letter
                base = out.pop() if out else ""
                mark = {"\u0302": base, "\u0306": "w", "\u031b": "w"}[ch]
                out.append(base + mark)
                continue
            out.append(_TELEX_VOWELS.get(ch, ch))
        words.append("".join(out) + tone)
    return " ".join(words)


def typo(text: str, kind: int, position_draw: float, letter_draw: float) -> str:
    """One keyboard slip: 0 = delete a letter, 1 = neighbouring key, 2 = swap two letters, 3 = double one."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    # Never touch the first letter: people rarely mistype it and it keeps surnames recognisable.
    pos = letters[1 + int(position_draw * (len(letters) - 1)) % (len(letters) - 1)]
    ch = text[pos]
    if kind == 0:
        return text[:pos] + text[pos + 1 :]
    if kind == 1:
        options = _KEYBOARD_NEIGHBOURS.get(strip_diacritics(ch).lower(), "e")
        repl = options[int(letter_draw * len(options)) % len(options)]
        return text[:pos] + (repl.upper() if ch.isupper() else repl) + text[pos + 1 :]
    if kind == 2 and pos + 1 < len(text) and text[pos + 1].isalpha():
        return text[:pos] + text[pos + 1] + ch + text[pos + 2 :]
    return text[:pos] + ch + text[pos:]


ADDRESS_ABBREVIATIONS = (
    ("thành phố ", "TP. "),
    ("Thành phố ", "TP. "),
    ("thị xã ", "TX. "),
    ("Thị xã ", "TX. "),
    ("thị trấn ", "TT. "),
    ("Thị trấn ", "TT. "),
    ("huyện ", "H. "),
    ("Huyện ", "H. "),
    ("phường ", "P. "),
    ("Phường ", "P. "),
    ("xã ", "X. "),
    ("Xã ", "X. "),
    ("tỉnh ", "T. "),
    ("Tỉnh ", "T. "),
    ("Khu phố ", "KP "),
    ("Ấp ", "ấp "),
)


def abbreviate_address(text: str) -> str:
    """'Ấp 3, xã Tân Lập, huyện Đồng Phú' -> 'ấp 3, X. Tân Lập, H. Đồng Phú'."""
    for long, short in ADDRESS_ABBREVIATIONS:
        text = text.replace(long, short)
    return text


def pick(rng: np.random.Generator, mask: np.ndarray, p: float) -> np.ndarray:
    """Indices where ``mask`` holds, each kept with probability ``p`` (one draw per row, deterministic)."""
    draws = rng.random(mask.shape[0])
    return np.flatnonzero(mask & (draws < p))
