"""The review queue in headless Chromium: queue → pair (side by side, evidence) → "same person" → the
person page shows the merge → unmerge restores both."""

from __future__ import annotations

import pytest
from tests.conftest import BROWSER_MARKS
from tests.linkage_web.test_linkage_web_review import two_lists

from ansinh.linkage.models import PersonMerge, RecordLink

pytestmark = BROWSER_MARKS


@pytest.fixture
def page(chromium, live_server):
    return chromium.new_page(viewport={"width": 1280, "height": 900})


def test_review_a_pair_merge_and_unmerge(page, live_server, officer, flushable_audit, tmp_path):
    a, b, _summary = two_lists(officer)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", "Test@12345!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/trung-lap/")
    assert page.locator("tbody tr").count() == 1
    assert "Hoàng Thị Thu" in page.locator("tbody").inner_text()
    page.click("a:has-text('Xem và kết luận')")
    evidence = page.locator("table").inner_text()
    assert "Chỉ có năm, trùng năm" in evidence and "Tổng trọng số" in evidence
    page.screenshot(path=str(tmp_path / "pair.png"), full_page=True)

    page.check("#v-same")
    page.fill("#v-note", "Đã gọi điện xác minh")
    page.click("button:has-text('Lưu kết luận')")
    assert "Đã ghi kết luận" in page.locator("main").inner_text()
    older = RecordLink.objects.get(import_row__job=a).person
    assert RecordLink.objects.get(import_row__job=b).person == older

    page.goto(f"{live_server.url}/doi-tuong/{older.person_code}/")
    page.wait_for_selector("text=Lịch sử gộp hồ sơ")
    page.fill("input[name=note]", "Nhầm người cùng tên")
    page.click("button:has-text('Tách lại thành hai người')")
    page.wait_for_selector("text=Đã tách")
    assert PersonMerge.objects.get().undone_at is not None
    assert RecordLink.objects.get(import_row__job=b).person != older
