import datetime as dt

from ansinh.registry.masking import mask_id_number, mask_phone
from ansinh.web.templatetags.vn import ngay, so, vnd


def test_money_uses_vietnamese_grouping():
    assert vnd(1855000) == "1.855.000 đ"
    assert vnd(0) == "0 đ"
    assert vnd(-3710000) == "-3.710.000 đ"
    assert so(1234567) == "1.234.567"
    assert so("") == "" and vnd("") == ""  # a missing dict key in a template must not crash the page


def test_dates_are_dd_mm_yyyy():
    assert ngay(dt.date(2021, 7, 5)) == "05/07/2021"
    assert ngay(None) == ""


def test_masking():
    assert mask_id_number("070190012345") == "070******345"
    assert mask_phone("0912345678") == "091****678"
    assert mask_id_number("") == ""
