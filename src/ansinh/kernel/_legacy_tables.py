"""Conversion tables for the two legacy Vietnamese font encodings still found in Excel files (ADR 0020).

Both encodings were used through *fonts*, not code pages: the bytes were stored in the file as if they were
Windows-1252 text, so what a reader sees today is the cp1252 (or, for bytes 0x80-0x9F, latin-1) character of
each legacy byte. The tables below therefore map *those characters* to Unicode.

TCVN3 (ABC, fonts ".VnTime"/".VnTimeH")
    TCVN 5712:1993 "VN3" is the 8-bit subset of TCVN 5712 "VN1" without the upper-case toned letters
    (the ".VnTimeH" fonts drew the lower-case codes as capitals). We decode with the VN1 table for bytes
    0xA1-0xFF, copied from glibc's TCVN5712-1 charmap (``iconv -f TCVN5712-1``; a test re-checks it against
    iconv when available), so VN1 data decodes too. Bytes 0xB0-0xB4 (combining tone marks in VN1, unused in
    ABC) are left alone because "°", "±", "²", "³", "´" are common in genuine Unicode text.
    VN1's upper-case letters at 0x80-0x9F are only decoded from the latin-1 reading (C1 control characters
    U+0080-U+009F, which never occur in real text); the cp1252 reading of those bytes ("–", "…", curly quotes)
    is ordinary punctuation and is left alone.

VNI-Windows (fonts "VNI-Times" etc.)
    A base letter followed by a "mark" byte (tone, circumflex, breve); đ/Đ, ơ/Ơ, ư/Ư, toned i/I and ỵ/Ỵ are
    single bytes. Layout as in the VNI keyboard/font specification (cross-checked with xvnkb's vni.h and the
    vietnamese-conversion project): tones acute/grave/hook/tilde/dot = 0xF9/0xF8/0xFB/0xF5/0xEF (lower case)
    and 0xD9/0xD8/0xDB/0xD5/0xCF (upper case); circumflex 0xE2 with tones 0xE1/0xE0/0xE5/0xE3/0xE4; breve
    0xEA with tones 0xE9/0xE8/0xFA/0xFC/0xEB (upper case: the same bytes minus 0x20).
"""

from __future__ import annotations

import unicodedata

# --- TCVN3 / TCVN 5712 VN1 --------------------------------------------------------------------------------

#: Unicode for the TCVN 5712 (VN1) bytes 0xA1..0xFF, in byte order (0xFD is "ý", identical to latin-1).
TCVN_A1_FF = "ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
#: Unicode for the VN1 bytes 0x80..0x9F (upper-case toned letters; not part of ABC/VN3).
TCVN_80_9F = "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"

_TCVN_SKIPPED_BYTES = frozenset(range(0xB0, 0xB5))

#: mojibake character -> Unicode, for TCVN3 cells.
TCVN3_DECODE: dict[str, str] = {}
for _offset, _uni in enumerate(TCVN_A1_FF):
    _byte = 0xA1 + _offset
    if _byte not in _TCVN_SKIPPED_BYTES and chr(_byte) != _uni:
        TCVN3_DECODE[chr(_byte)] = _uni
for _offset, _uni in enumerate(TCVN_80_9F):
    TCVN3_DECODE[chr(0x80 + _offset)] = _uni  # latin-1 reading only (C1 controls)

# --- VNI-Windows ------------------------------------------------------------------------------------------

_TONES = ("acute", "grave", "hook", "tilde", "dot")
_COMBINING_TONE = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
_VNI_TONE_LOWER = dict(zip(_TONES, "ùøûõï", strict=True))
_VNI_CIRCUMFLEX_LOWER = {"": "â", **dict(zip(_TONES, "áàåãä", strict=True))}
_VNI_BREVE_LOWER = {"": "ê", **dict(zip(_TONES, "éèúüë", strict=True))}
#: single-byte VNI letters (lower case) -> (base Unicode letter, tone or "")
_VNI_SINGLE_LOWER = {
    "ñ": ("đ", ""),
    "ô": ("ơ", ""),
    "ö": ("ư", ""),
    "í": ("i", "acute"),
    "ì": ("i", "grave"),
    "æ": ("i", "hook"),
    "ó": ("i", "tilde"),
    "ò": ("i", "dot"),
    "î": ("y", "dot"),
}


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + (_COMBINING_TONE[tone] if tone else ""))


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    """Return (unicode letter -> VNI mojibake, VNI mojibake sequence -> unicode letter), both cases."""
    encode: dict[str, str] = {}
    for base in "aeouy":
        for tone in _TONES:
            if base == "y" and tone == "dot":
                continue  # ỵ is the single byte î
            encode[_compose(base, tone)] = base + _VNI_TONE_LOWER[tone]
    for vni_base, uni_base in (("ô", "ơ"), ("ö", "ư")):
        for tone in _TONES:
            encode[_compose(uni_base, tone)] = vni_base + _VNI_TONE_LOWER[tone]
    for base in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX_LOWER.items():
            encode[_compose(base + "\u0302", tone)] = base + mark
    for tone, mark in _VNI_BREVE_LOWER.items():
        encode[_compose("a\u0306", tone)] = "a" + mark
    for vni, (uni_base, tone) in _VNI_SINGLE_LOWER.items():
        encode[_compose(uni_base, tone)] = vni
    for uni, vni in list(encode.items()):
        # Upper case: every VNI byte used here is a latin-1 letter whose capital is 0x20 lower.
        encode[uni.upper()] = vni.upper()
    decode = {vni: uni for uni, vni in encode.items() if vni != uni}
    # Clerks mixing Caps Lock: accept a mark of the other case after a base letter (the base gives the case).
    for vni, uni in list(decode.items()):
        if len(vni) == 2:
            decode.setdefault(vni[0] + vni[1].swapcase(), uni)
    return encode, decode


VNI_ENCODE, VNI_DECODE = _build_vni()

#: The 134 precomposed Vietnamese letters (67 lower case + their capitals), NFC.
VIETNAMESE_LETTERS: str = "".join(sorted({c for c in VNI_ENCODE if c.lower() in VNI_ENCODE}))


def encode_tcvn3_bytes(text: str) -> bytes:
    """Encode Unicode text the way an ABC (TCVN3) font user typed it (test helper, also for exports).

    ABC is VN3: upper-case toned letters do not exist in it and are written with their lower-case code, as
    the ABC keyboard driver and Vietnamese converters do (the ".VnTimeH" fonts then drew them as capitals).
    """
    reverse = {
        uni: 0xA1 + i
        for i, uni in enumerate(TCVN_A1_FF)
        if 0xA1 + i not in _TCVN_SKIPPED_BYTES and (uni.islower() or i < 7)
    }
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse:
            out.append(reverse[ch.lower()])
        else:
            raise ValueError(f"character {ch!r} cannot be written in TCVN3")
    return bytes(out)


def encode_vni_bytes(text: str) -> bytes:
    """Encode Unicode text the way a VNI-Windows font user typed it (test helper)."""
    return "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode("latin-1")
