"""Three policies walked in headless Chromium, each from the uploaded list to the reconciled ledger: the
district officer uploads the list (an employer's NQ 68 suspension list on Mẫu 05, a commune's free-worker
list, a CV 2642 stranded-residents list), submits the batch, records BHXH's confirmation where the policy
needs it and appraises; the leader approves and signs (the verification page says "Hợp lệ"); the officer
exports the bank file, imports the bank's returns and confirms receipt; the ledger shows "Khớp"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.conftest import BROWSER_MARKS
from tests.intake.messy import people, write_csv
from tests.relief import conftest as relief_fixtures

from ansinh.org.models import OrgUnit
from ansinh.relief.models import Batch, Payment
from ansinh.relief.policy_steps import policy_steps

actors = relief_fixtures.actors  # the relief tests' cast of users
pytestmark = BROWSER_MARKS
PASSWORD = "Test@12345!"


@pytest.fixture
def browser(chromium):
    return chromium


def login(browser, live_server, user):
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


PEOPLE = [
    ("Điểu Thị Lan", "12/03/1985", "Nữ", "070185001234"),
    ("Nguyễn Văn Hùng", "05/07/1979", "Nam", "070079004321"),
    ("Lê Thị Mai", "21/11/1990", "Nữ", "070190005678"),
]


def write_free_worker_list(path: Path) -> None:
    """A commune's free-worker list as compiled after the consideration meeting (title, totals, signature)."""
    rows = [
        ["DANH SÁCH NGƯỜI LAO ĐỘNG KHÔNG CÓ GIAO KẾT HỢP ĐỒNG LAO ĐỘNG ĐỀ NGHỊ HỖ TRỢ"],
        [],
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CMND/CCCD",
            "Địa chỉ",
            "Xã",
            "Huyện",
            "Công việc",
            "Từ ngày",
            "Đến ngày",
            "Ghi chú",
        ],
    ]
    rows += [
        [i + 1, n, d, s, idn, "Ấp 3", "Lộc Thái", "Lộc Ninh", "Bán hàng rong", "01/08/2021", "20/08/2021", ""]
        for i, (n, d, s, idn) in enumerate(PEOPLE)
    ]
    rows += [
        [],
        ["", "Tổng cộng", str(len(PEOPLE))],
        ["", "Người lập biểu", "", "", "", "", "", "", "CHỦ TỊCH"],
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def write_cv2642_list(path: Path) -> None:
    """Bình Phước residents in hardship in HCMC (CV 2642/UBND-KGVX)."""
    rows = [
        ["DANH SÁCH NGƯỜI DÂN BÌNH PHƯỚC GẶP KHÓ KHĂN TẠI TP. HỒ CHÍ MINH, BÌNH DƯƠNG, ĐỒNG NAI"],
        [],
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CMND/CCCD",
            "Quê quán",
            "Xã",
            "Huyện",
            "Nơi ở hiện nay",
            "Tỉnh/Thành phố đang ở",
            "Hoàn cảnh khó khăn",
            "Ghi chú",
        ],
    ]
    rows += [
        [
            i + 1,
            n,
            d,
            s,
            idn,
            "Ấp 1",
            "Lộc Thái",
            "Lộc Ninh",
            "12 Lê Văn Việt, TP. Thủ Đức",
            "TP. Hồ Chí Minh",
            "Mất việc, không có thu nhập",
            "",
        ]
        for i, (n, d, s, idn) in enumerate(PEOPLE)
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


LISTS = {
    "nq68-tam-hoan": lambda path: write_csv(path, people(5), "utf-8"),  # the intake tests' realistic Mẫu 05
    "bp-lao-dong-tu-do": write_free_worker_list,
    "bp-cv2642": write_cv2642_list,
}


@pytest.mark.parametrize("policy_code", list(LISTS))
def test_batch_from_upload_to_reconciled(
    browser, live_server, actors, settings, tmp_path, flushable_audit, policy_code
):
    settings.PKI_DIR = tmp_path / "pki"
    clerk_user = actors["clerk"]
    upload = tmp_path / f"{policy_code}.csv"
    LISTS[policy_code](upload)

    clerk = login(browser, live_server, clerk_user)
    clerk.goto(f"{live_server.url}/nhap-danh-sach/")
    clerk.set_input_files("#id_file", str(upload))
    clerk.select_option("#id_unit", str(OrgUnit.objects.get(code=f"pldtbxh-{clerk_user.area.code}").pk))
    clerk.get_by_role("button", name="Tải lên và kiểm tra").click()
    batch = Batch.objects.get(source_import__isnull=False)
    assert batch.policy_code == policy_code
    detail = f"{live_server.url}/ho-tro/dot/{batch.pk}/"
    clerk.goto(detail)
    clerk.get_by_role("button", name="Gửi đợt").click()
    if policy_steps(policy_code).needs_confirmation:
        clerk.fill("#id_reference", "125/BHXH-QLT")
        clerk.get_by_role("button", name="Ghi nhận BHXH xác nhận").click()
        assert "Đã ghi nhận xác nhận của BHXH" in clerk.inner_text("main")
    clerk.get_by_role("button", name="Hoàn tất thẩm định").click()
    assert "Đã thẩm định đợt" in clerk.inner_text("main")
    paid = batch.applications.filter(status="accepted").count()
    assert paid > 0

    leader = login(browser, live_server, actors["leader"])
    leader.goto(detail)
    leader.get_by_role("button", name="Phê duyệt đợt và lập dự thảo quyết định").click()
    leader.get_by_role("button", name="Ký số và ban hành").click()
    text = leader.inner_text("main")
    assert "Đã ký Quyết định số" in text and "SHA-256" in text
    leader.get_by_role("link", name="Trang xác minh công khai").click()
    assert "✔ Hợp lệ" in leader.inner_text("main")

    clerk.goto(detail)
    clerk.select_option("#id_fmt", "xlsx")
    with clerk.expect_download() as download:
        clerk.get_by_role("button", name="Xuất tệp").click()
    assert download.value.suggested_filename.endswith("-ngan-hang.xlsx")
    returns = io.StringIO()
    writer = csv.writer(returns)
    writer.writerow(["Mã chi trả", "Kết quả", "Ngày", "Ghi chú"])
    for payment in Payment.objects.filter(award__application__batch=batch):
        writer.writerow([payment.reference, "Đã chi", "10/09/2021", ""])
    returns_file = tmp_path / "ket-qua.csv"
    returns_file.write_text(returns.getvalue(), encoding="utf-8")
    clerk.goto(detail)
    clerk.set_input_files("#id_file", str(returns_file))
    clerk.get_by_role("button", name="Nhập kết quả").click()
    assert f"{paid} đã chi" in clerk.inner_text("main")
    clerk.get_by_role("button", name="Xác nhận tất cả khoản đã chi").click()
    assert "Đã đối soát" in clerk.inner_text("main")

    clerk.goto(f"{live_server.url}/ho-tro/so-chi-tra/?batch={batch.pk}")
    assert clerk.inner_text("#ledger-verdict").strip() == "Khớp"
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.RECONCILED
