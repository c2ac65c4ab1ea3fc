"""Legacy-font repair (TCVN3 / VNI), folding and title case."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vietnamese_corpus import ALL_LETTERS_LOWER, ALL_LETTERS_UPPER, PLACES, SENTENCES, full_names

from ansinh.kernel._legacy_tables import (
    TCVN_A1_FF,
    VIETNAMESE_LETTERS,
    encode_tcvn3_bytes,
    encode_vni_bytes,
)
from ansinh.kernel._syllables import syllables
from ansinh.kernel.text import (
    detect_legacy,
    expr_clean_text,
    expr_detect_legacy,
    expr_fold,
    expr_person_name,
    fix_legacy_text,
    fold,
    title_case_vi,
)

VN3_CAPITALS = "ĂÂÊÔƠƯĐ"


def as_excel_shows(raw: bytes) -> str:
    """What a reader gets from a legacy-font cell: the bytes as Windows-1252 characters."""
    return raw.decode("cp1252", errors="strict")


def abc_expected(text: str) -> str:
    """ABC (VN3) has no capital toned letters: they come back lower case, unless the text was typed in caps."""
    ascii_letters = [c for c in text if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
        return text
    words = []
    for word in text.split(" "):
        ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
            words.append(word)
        else:
            words.append(
                "".join(
                    c.lower() if c.isupper() and not c.isascii() and c not in VN3_CAPITALS else c
                    for c in word
                )
            )
    return " ".join(words)


def test_there_are_134_precomposed_letters():
    assert len(VIETNAMESE_LETTERS) == 134
    assert set(ALL_LETTERS_LOWER.replace(" ", "")) | set(ALL_LETTERS_UPPER.replace(" ", "")) == set(
        VIETNAMESE_LETTERS
    )


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_tcvn_table_is_glibc_tcvn5712_1():
    for offset, expected in enumerate(TCVN_A1_FF):
        byte = bytes([0xA1 + offset])
        result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=byte, capture_output=True)
        if result.returncode == 0:
            assert result.stdout.decode() == expected, hex(0xA1 + offset)


@pytest.mark.parametrize("text", [ALL_LETTERS_LOWER, ALL_LETTERS_UPPER, *SENTENCES, *PLACES])
def test_vni_round_trip_is_exact(text):
    mojibake = as_excel_shows(encode_vni_bytes(text))
    assert fix_legacy_text(mojibake) == text


def looks_like_unicode_vietnamese(text: str) -> bool:
    """Legacy text that is also valid Unicode Vietnamese ("Léc Ninh" is TCVN3 for "Lộc Ninh"): undecidable."""
    words = syllables()
    return all(word.lower() in words or word.isascii() for word in text.replace(",", " ").split())


@pytest.mark.parametrize("text", [ALL_LETTERS_LOWER, ALL_LETTERS_UPPER, *SENTENCES, *PLACES])
def test_tcvn3_round_trip_restores_what_abc_can_hold(text):
    mojibake = as_excel_shows(encode_tcvn3_bytes(text))
    if looks_like_unicode_vietnamese(mojibake):
        assert fix_legacy_text(mojibake) in (abc_expected(text), mojibake)
    else:
        assert fix_legacy_text(mojibake) == abc_expected(text)


def test_tcvn3_capitals_typed_in_caps_come_back_capital():
    assert fix_legacy_text(as_excel_shows(encode_tcvn3_bytes("NGUYỄN VĂN ẤN"))) == "NGUYỄN VĂN ẤN"


@pytest.mark.parametrize(
    ("mojibake", "expected", "encoding"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An", "tcvn3"),
        ("Tr\xadêng THCS B×nh Ph­íc", "Trường THCS Bình Phước", "tcvn3"),
        ("§ç ThÞ Lùu", "Đỗ Thị Lựu", "tcvn3"),
        ("Huúnh V¨n Hai", "Huỳnh Văn Hai", "tcvn3"),
        ("Nguyeãn Vaên An", "Nguyễn Văn An", "vni"),
        ("Phan Thò Mai", "Phan Thị Mai", "vni"),
        ("Ñoã Quoác Vieät", "Đỗ Quốc Việt", "vni"),
        ("Thanh Hoaù", "Thanh Hoá", "vni"),
    ],
)
def test_known_cells(mojibake, expected, encoding):
    assert detect_legacy(mojibake) == encoding
    assert fix_legacy_text(mojibake) == expected


def test_names_round_trip_in_both_encodings_nearly_always():
    # A few names are legacy text that is also valid Unicode ("Hoà Minh Duy" is VNI "Hồ Minh Duy" AND a
    # real name); those stay as typed. Everything else must come back exactly.
    names = full_names()
    vni_ok = sum(fix_legacy_text(as_excel_shows(encode_vni_bytes(n))) == n for n in names)
    tcvn_ok = sum(fix_legacy_text(as_excel_shows(encode_tcvn3_bytes(n))) == abc_expected(n) for n in names)
    assert len(names) > 5000
    assert vni_ok / len(names) > 0.995
    assert tcvn_ok / len(names) > 0.99


def test_unicode_vietnamese_is_never_touched():
    texts = [*full_names(), *PLACES, *SENTENCES, ALL_LETTERS_LOWER, ALL_LETTERS_UPPER]
    words = [w for w in syllables() if w not in ("thò",)]  # "Thò" is read as VNI "Thị" on purpose
    for text in texts + words:
        for variant in (text, text.upper(), text.capitalize()):
            assert detect_legacy(variant) is None, variant
            assert fix_legacy_text(variant) == variant


def test_unicode_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert fix_legacy_text(decomposed) == "Nguyễn Thị Ánh"


def test_ordinary_latin1_symbols_are_not_legacy():
    for text in ("37,5°C", "Giá: 50.000 đ", "Café São Paulo", "½ kg", "“quoted” – dash…", "Nguyễn ½"):
        assert fix_legacy_text(text) == unicodedata.normalize("NFC", text)


_LEGACYISH = st.text(
    alphabet=st.sampled_from(
        [
            *"aeiouyAEOUY ThngcmNHV\u200b\u00a0\t\u0301",
            *map(chr, range(0xA0, 0x100)),
            *VIETNAMESE_LETTERS[:40],
        ]
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_LEGACYISH)
def test_fix_legacy_text_is_idempotent(text):
    once = fix_legacy_text(text)
    assert fix_legacy_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fix_and_fold_never_raise_on_arbitrary_unicode(text):
    assert isinstance(fix_legacy_text(text), str)
    folded = fold(text)
    assert folded == fold(folded)
    assert "  " not in folded and folded == folded.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  NGUYỄN   Đức\u00a0Ấn ", "nguyen duc an"),
        ("Đặng Thị Ngọc Ánh", "dang thi ngoc anh"),
        (unicodedata.normalize("NFD", "Trường"), "truong"),
        ("Phường\tTân\nPhú", "phuong tan phu"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("NGUYỄN văn  an", "Nguyễn Văn  An"), ("đỗ thị ÁNH", "Đỗ Thị Ánh"), ("lê-thị hà", "Lê-Thị Hà")],
)
def test_title_case_vi(text, expected):
    assert title_case_vi(text) == expected


def test_expr_person_name_cleans_a_messy_column():
    frame = pl.DataFrame(
        {
            "name": [
                "  NGUYỄN   văn an ",
                "NguyÔn ThÞ Hång",
                "Nguyeãn Thò Hoaøng",
                "\u200b ",
                None,
                "lê\u00a0thị  hà",
            ]
        }
    )
    out = frame.select(expr_person_name(pl.col("name")))["name"].to_list()
    assert out == ["Nguyễn Văn An", "Nguyễn Thị Hồng", "Nguyễn Thị Hoàng", None, None, "Lê Thị Hà"]


def test_expr_clean_text_works_lazily_and_keeps_case():
    frame = pl.LazyFrame({"x": ["  Xaõ Taân Laäp  ", "ấp 3,  xã Thanh Lương"]})
    assert frame.select(expr_clean_text(pl.col("x"))).collect()["x"].to_list() == [
        "Xã Tân Lập",
        "ấp 3, xã Thanh Lương",
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(max_codepoint=0x24F) | st.sampled_from(VIETNAMESE_LETTERS)),
        max_size=20,
    )
)
def test_scalar_fold_equals_vectorised_fold(values):
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    assert frame.select(expr_fold(pl.col("v")))["v"].to_list() == [fold(v) for v in values]


def test_expr_fold_matches_scalar_fold():
    values = ["Nguyễn Văn An", "  ĐỖ   THỊ  ", "Ánh\u00a0Dương"]
    assert pl.DataFrame({"v": values}).select(expr_fold(pl.col("v")))["v"].to_list() == [
        fold(v) for v in values
    ]


def test_expr_detect_legacy_names_the_encoding_per_cell():
    frame = pl.DataFrame({"x": ["NguyÔn V¨n An", "Nguyeãn Vaên An", "Nguyễn Văn An", None, "Lê Thanh Hà"]})
    assert frame.select(expr_detect_legacy(pl.col("x")))["x"].to_list() == ["tcvn3", "vni", None, None, None]


@settings(max_examples=150, deadline=None)
@given(st.lists(_LEGACYISH, min_size=1, max_size=5))
def test_person_name_normalisation_is_idempotent(values):
    frame = pl.DataFrame({"n": values}, schema={"n": pl.String})
    for normalise in (expr_person_name, expr_clean_text):
        once = frame.select(normalise(pl.col("n")))
        twice = once.select(normalise(pl.col("n")))
        assert once["n"].to_list() == twice["n"].to_list()


def test_very_long_cells_are_not_scored_as_legacy():
    from ansinh.kernel.text import MAX_LEGACY_CELL_CHARS

    unit = "NguyÔn V¨n An "
    short = (unit * (MAX_LEGACY_CELL_CHARS // len(unit)))[:MAX_LEGACY_CELL_CHARS]
    long = unit * (MAX_LEGACY_CELL_CHARS // len(unit) + 1)
    assert "Nguyễn Văn An" in fix_legacy_text(short)
    assert fix_legacy_text(long) == long
    big = unit * 200_000  # 2.8 million characters: must stay fast and untouched
    out = pl.DataFrame({"n": [big, "NguyÔn V¨n An"]}).select(expr_clean_text(pl.col("n")))["n"].to_list()
    assert out == [big.strip(), "Nguyễn Văn An"]


def test_vn1_capitals_decode_from_latin1_controls_but_cp1252_punctuation_stays():
    raw = bytes([0x83]) + b"NH S" + bytes([0x83]) + b"NG"  # TCVN 5712 VN1: 0x83 = "Á"
    assert fix_legacy_text(raw.decode("latin-1")) == "ÁNH SÁNG"
    assert fix_legacy_text("Hồ sơ – “đợt 1”…") == "Hồ sơ – “đợt 1”…"
