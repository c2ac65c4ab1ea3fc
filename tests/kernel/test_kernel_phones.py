"""Phone numbers (policies.md §6.3)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.kernel.phones import OLD_MOBILE_PREFIXES, normalise_phone, normalise_phones


@pytest.mark.parametrize(
    ("raw", "value", "kind", "issues"),
    [
        ("0912345678", "0912345678", "mobile", ()),
        ("0912 345 678", "0912345678", "mobile", ()),
        ("0912.345.678", "0912345678", "mobile", ()),
        ("0912-345-678", "0912345678", "mobile", ()),
        ("(0912) 345678", "0912345678", "mobile", ()),
        ("+84912345678", "0912345678", "mobile", ()),
        ("+84 912 345 678", "0912345678", "mobile", ()),
        ("(+84) 912.345.678", "0912345678", "mobile", ()),
        ("84912345678", "0912345678", "mobile", ()),
        ("0084912345678", "0912345678", "mobile", ()),
        ("'0912345678", "0912345678", "mobile", ()),
        ("0312345678", "0312345678", "mobile", ()),
        ("0512345678", "0512345678", "mobile", ()),
        ("0712345678", "0712345678", "mobile", ()),
        ("0812345678", "0812345678", "mobile", ()),
        ("912345678", "0912345678", "mobile", ("phone.lost_leading_zero_restored",)),
        (912345678, "0912345678", "mobile", ("phone.lost_leading_zero_restored",)),
        ("912345678.0", "0912345678", "mobile", ("phone.lost_leading_zero_restored",)),
        ("01662345678", "0362345678", "mobile", ("phone.old_prefix_converted",)),
        ("01202345678", "0702345678", "mobile", ("phone.old_prefix_converted",)),
        ("01232345678", "0832345678", "mobile", ("phone.old_prefix_converted",)),
        ("01862345678", "0562345678", "mobile", ("phone.old_prefix_converted",)),
        ("01992345678", "0592345678", "mobile", ("phone.old_prefix_converted",)),
        ("+841662345678", "0362345678", "mobile", ("phone.old_prefix_converted",)),
        (
            1662345678,
            "0362345678",
            "mobile",
            ("phone.lost_leading_zero_restored", "phone.old_prefix_converted"),
        ),
        ("0271 3879 123", "02713879123", "landline", ("phone.landline",)),
        ("028 3829 1234", "02838291234", "landline", ("phone.landline",)),
        ("01302345678", None, None, ("phone.invalid",)),  # 0130 was never a mobile prefix
        ("0123456789", None, None, ("phone.invalid",)),  # 10 digits starting 01
        ("091234567", None, None, ("phone.invalid",)),
        ("09123456789", None, None, ("phone.invalid",)),
        ("0612345678", None, None, ("phone.invalid",)),
        ("không có", None, None, ("phone.invalid",)),
        ("", None, None, ()),
        (None, None, None, ()),
    ],
)
def test_normalise_phone(raw, value, kind, issues):
    result = normalise_phone(raw)
    assert (result.value, result.kind, result.issues) == (value, kind, issues)


def test_every_old_prefix_keeps_the_last_seven_digits():
    for old, new in OLD_MOBILE_PREFIXES.items():
        result = normalise_phone(old + "7654321")
        assert result.value == new + "7654321"
    assert len(OLD_MOBILE_PREFIXES) == 8 + 5 + 5 + 2 + 1


def test_frame_version():
    frame = pl.LazyFrame({"sdt": ["+84 912 345 678", "abc", None]})
    out = normalise_phones(frame, "sdt").collect()
    assert out["sdt"].to_list() == ["0912345678", None, None]
    assert out["sdt__kind"].to_list() == ["mobile", None, None]
    assert out["sdt__severity"].to_list() == [None, "error", None]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789 +.-()", max_size=16))
def test_normalised_phones_are_stable(raw):
    once = normalise_phone(raw)
    if once.value is not None:
        assert len(once.value) in (10, 11)
        assert normalise_phone(once.value).value == once.value
