"""The NĐ 30/2020 text rules: number and symbol, dates, legal bases, recipients, signatures, money."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.documents.nd30 import (
    APPROVED_LIST_COLUMNS,
    NumberSymbol,
    PlaceDate,
    SignatureBlock,
    Table,
    long_date,
    select_columns,
)
from ansinh.documents.nd30.formatting import amount_in_words, format_vnd, legal_basis_lines, recipient_lines
from ansinh.documents.samples import sample_batch, sample_decision


@pytest.mark.parametrize(
    ("number", "expected"), [(123, "Số: 123/QĐ-UBND"), (7, "Số: 07/QĐ-UBND"), (10, "Số: 10/QĐ-UBND")]
)
def test_number_symbol_pads_numbers_below_ten(number: int, expected: str) -> None:
    assert NumberSymbol("QĐ-UBND", number).text() == expected


def test_draft_number_is_left_blank_for_the_clerk() -> None:
    text = NumberSymbol("QĐ-UBND").text()
    assert text.startswith("Số:") and text.endswith("/QĐ-UBND") and not any(ch.isdigit() for ch in text)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2021, 9, 5), "ngày 05 tháng 9 năm 2021"),
        (dt.date(2021, 1, 15), "ngày 15 tháng 01 năm 2021"),
        (dt.date(2021, 2, 3), "ngày 03 tháng 02 năm 2021"),
        (dt.date(2021, 3, 10), "ngày 10 tháng 3 năm 2021"),
        (dt.date(2021, 12, 31), "ngày 31 tháng 12 năm 2021"),
    ],
)
def test_dates_pad_days_below_ten_and_months_below_three(date: dt.date, expected: str) -> None:
    assert long_date(date) == expected


def test_place_date_line() -> None:
    assert PlaceDate("Bình Phước", dt.date(2021, 9, 5)).text() == "Bình Phước, ngày 05 tháng 9 năm 2021"


def test_legal_bases_end_with_semicolons_and_the_last_with_a_full_stop() -> None:
    lines = legal_basis_lines(["Căn cứ Luật A.", "Căn cứ Nghị quyết B;", "Căn cứ Quyết định C"])
    assert lines == ["Căn cứ Luật A;", "Căn cứ Nghị quyết B;", "Căn cứ Quyết định C."]
    with_proposal = legal_basis_lines(["Căn cứ Luật A"], "Theo đề nghị của Giám đốc Sở")
    assert with_proposal == ["Căn cứ Luật A;", "Theo đề nghị của Giám đốc Sở."]


def test_recipients_start_with_a_dash_and_end_with_the_archive() -> None:
    assert recipient_lines(["Như Điều 3", "- CT, các PCT UBND tỉnh;"], "VT, KGVX") == [
        "- Như Điều 3;",
        "- CT, các PCT UBND tỉnh;",
        "- Lưu: VT, KGVX.",
    ]


def test_signature_block_accepts_authority_prefixes_and_refuses_others() -> None:
    block = SignatureBlock("PHÓ CHỦ TỊCH", "Trần Văn Mi", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"))
    assert block.authority_lines[1] == "KT. CHỦ TỊCH"
    with pytest.raises(ValueError, match=r"TM\./KT\./TL\./TUQ\."):
        SignatureBlock("PHÓ CHỦ TỊCH", "Trần Văn Mi", ("THAY MẶT ỦY BAN",))


def test_signature_block_refuses_academic_titles_before_the_name() -> None:
    with pytest.raises(ValueError, match="học hàm"):
        SignatureBlock("GIÁM ĐỐC", "TS. Nguyễn Văn Lực")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1_855_000, "Một triệu tám trăm năm mươi lăm nghìn đồng"),
        (3_710_000, "Ba triệu bảy trăm mười nghìn đồng"),
        (21_000_000, "Hai mươi mốt triệu đồng"),
        (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
        (
            1_234_567_890,
            "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi đồng",
        ),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_money_uses_dots_between_thousands() -> None:
    assert format_vnd(148_850_000) == "148.850.000"


def test_table_totals_sum_the_total_columns() -> None:
    batch = sample_batch(40)
    table = Table(APPROVED_LIST_COLUMNS, batch.normalised_rows)
    totals = table.totals()
    assert totals["total"] == batch.total_amount == totals["amount"] + totals["extra_amount"]
    assert set(totals) == {"amount", "extra_amount", "total"}


def test_columns_are_configurable() -> None:
    columns = select_columns(["stt", "full_name", "total", "receipt_signature"])
    assert [c.title for c in columns] == ["STT", "Họ và tên", "Tổng số tiền (đồng)", "Ký nhận"]
    with pytest.raises(KeyError):
        select_columns(["no_such_column"])


def test_decision_builder_fills_the_articles_and_the_annex() -> None:
    decision = sample_decision(12)
    assert decision.type_name == "QUYẾT ĐỊNH"
    assert decision.summary.startswith("Về việc phê duyệt danh sách và kinh phí hỗ trợ")
    assert "(đợt 03)" in decision.summary
    assert len(decision.articles) == 3
    assert "12 người" in decision.articles[0].paragraphs[0]
    assert "Nguồn kinh phí" in decision.articles[1].paragraphs[0]
    assert "chịu trách nhiệm thi hành" in decision.articles[2].paragraphs[0]
    annex = decision.annexes[0]
    assert annex.reference.startswith("(Kèm theo Quyết định số 2345/QĐ-UBND ngày 05 tháng 9 năm 2021 của")
    assert len(annex.table.rows) == 12


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_long_date_property(date: dt.date) -> None:
    match = re.fullmatch(r"ngày (\d\d) tháng (\d{1,2}) năm (\d{4})", long_date(date))
    assert match is not None
    day, month, year = match.groups()
    assert (int(day), int(month), int(year)) == (date.day, date.month, date.year)
    assert len(month) == (2 if date.month < 3 or date.month >= 10 else 1)
