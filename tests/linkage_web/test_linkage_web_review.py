"""Review queue: pairs between the thresholds, verdicts kept and applied, merge / unmerge, area scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.linkage_web.conftest import make_job

from ansinh.audit.models import AuditEvent
from ansinh.linkage.models import PersonMerge, RecordLink, ReviewPair, ReviewVerdict
from ansinh.linkage.services import review_pair_decide
from ansinh.registry.models import Person
from ansinh.registry.services import RegistryError, person_unmerge, persons_link_import, persons_relink

pytestmark = pytest.mark.django_db

# Same name and commune; the second list has only the birth year, no ID and no phone: the model is unsure
# (the same woman, or a namesake born the same year?).
THU_CCCD = {
    "full_name": "Hoàng Thị Thu",
    "dob": "10/10/1988",
    "id_number": "070088002222",
    "sex": "Nữ",
    "phone": "0912000111",
}
THU_CMND = {"full_name": "Hoàng Thị Thu", "dob": "1988", "sex": "Nữ"}


def two_lists(user, district="Lộc Ninh"):
    a = make_job(user=user, district=district, rows=[THU_CCCD], name="a.xlsx")
    persons_link_import(job=a, actor=user)
    b = make_job(user=user, district=district, rows=[THU_CMND], name="b.xlsx")
    summary = persons_link_import(job=b, actor=user)
    return a, b, summary


def person_of(job) -> Person:
    return RecordLink.objects.get(import_row__job=job).person


def test_unsure_pair_goes_to_review_and_different_survives_reruns(officer):
    a, b, summary = two_lists(officer)
    assert summary.review_pairs == 1
    pair = ReviewPair.objects.get()
    assert 0.3 <= pair.match_probability < 0.9999
    assert pair.evidence["date_of_birth"] == "year_only" and pair.evidence["given_name"] == "exact"
    flags = [f["code"] for f in b.rows.get().flags]
    assert "linkage.possible_duplicate" in flags

    verdict = review_pair_decide(
        pair=pair, verdict="different", note="Hai người khác nhau, đã gọi điện", actor=officer
    )
    assert (verdict.record_key_l, verdict.record_key_r) == tuple(
        sorted([f"r:{a.rows.get().pk}", f"r:{b.rows.get().pk}"])
    )
    assert AuditEvent.objects.filter(object_type="linkage.reviewverdict").count() == 1
    with pytest.raises(RegistryError):
        review_pair_decide(pair=pair, verdict="same", note="", actor=officer)

    persons_relink(actor=officer)
    persons_link_import(job=b, actor=officer)
    c = make_job(user=officer, district="Lộc Ninh", rows=[THU_CCCD], name="c.xlsx")  # the first woman again
    persons_link_import(job=c, actor=officer)
    assert person_of(a) != person_of(b)
    assert person_of(c) == person_of(a)
    # never asked again: neither the decided pair nor the same question through the new record c
    assert not ReviewPair.objects.filter(status="open").exists()


def test_same_verdict_merges_into_older_code_and_unmerge_restores(officer):
    a, b, _summary = two_lists(officer)
    older, newer = person_of(a), person_of(b)
    assert older.pk < newer.pk
    review_pair_decide(
        pair=ReviewPair.objects.get(), verdict="same", note="CMND cấp đổi sang CCCD", actor=officer
    )
    newer.refresh_from_db()
    assert newer.merged_into == older
    assert person_of(b) == older
    merge = PersonMerge.objects.get()
    assert (merge.kept, merge.absorbed, merge.reason) == (older, newer, "verdict")

    persons_relink(actor=officer)  # the must-link holds on a full rerun, codes unchanged
    assert person_of(a) == person_of(b) == older

    person_unmerge(merge=merge, actor=officer, note="Nhầm: khác người")
    newer.refresh_from_db()
    assert newer.merged_into is None and person_of(b) == newer and person_of(a) == older
    assert ReviewVerdict.objects.get().verdict == "different"
    persons_relink(actor=officer)
    assert person_of(b) == newer
    assert AuditEvent.objects.filter(object_type="registry.person", summary__startswith="Tách").exists()


def test_queue_is_scoped_to_the_officers_area(officer, make_user, client):
    dong_phu = make_user("district_officer", district="Đồng Phú")
    two_lists(dong_phu, district="Đồng Phú")
    pair = ReviewPair.objects.get()
    client.force_login(officer)
    assert client.get(reverse("linkage:review_pair", args=[pair.pk])).status_code == 404
    assert client.post(reverse("linkage:review_pair", args=[pair.pk]), {"verdict": "same"}).status_code == 404
    queue = client.get(reverse("linkage:review_queue"))
    assert queue.status_code == 200 and "Hoàng Thị Thu" not in queue.content.decode()
    assert not ReviewVerdict.objects.exists()
    with pytest.raises(RegistryError):
        review_pair_decide(pair=pair, verdict="same", note="", actor=officer)

    client.force_login(dong_phu)
    page = client.get(reverse("linkage:review_queue")).content.decode()
    assert "Hoàng Thị Thu" in page
    detail = client.get(reverse("linkage:review_pair", args=[pair.pk])).content.decode()
    assert "Chỉ có năm, trùng năm" in detail and "Trùng khớp" in detail
    response = client.post(
        reverse("linkage:review_pair", args=[pair.pk]), {"verdict": "same", "note": "đã xác minh"}
    )
    assert response.status_code == 302
    assert ReviewVerdict.objects.get().verdict == "same"


def test_commune_officer_cannot_decide(make_user, officer):
    _a, _b, _s = two_lists(officer)
    commune_officer = make_user("commune_officer", commune_of="Lộc Ninh")
    with pytest.raises(RegistryError):
        review_pair_decide(pair=ReviewPair.objects.get(), verdict="same", note="", actor=commune_officer)
    assert not ReviewVerdict.objects.exists()


def test_queue_page_queries_do_not_grow_with_pairs(officer, client, django_assert_max_num_queries):
    names = ["Hoàng Thị Thu", "Lâm Thị Hoa", "Trương Thị Sáu", "Đặng Thị Khoa"]
    full = [
        {
            **THU_CCCD,
            "full_name": n,
            "id_number": f"07018800{i:04d}",
            "phone": f"091200{i:04d}",
            "dob": f"1{i}/10/1988",
        }
        for i, n in enumerate(names)
    ]
    year = [{**THU_CMND, "full_name": n} for n in names]
    persons_link_import(
        job=make_job(user=officer, district="Lộc Ninh", rows=full, name="a.xlsx"), actor=officer
    )
    persons_link_import(
        job=make_job(user=officer, district="Lộc Ninh", rows=year, name="b.xlsx"), actor=officer
    )
    open_pairs = ReviewPair.objects.filter(status="open").select_related("record_l__import_row")
    assert open_pairs.count() >= 3
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("linkage:review_queue")).content.decode()
    assert all(p.record_l.import_row.full_name in page for p in open_pairs)
