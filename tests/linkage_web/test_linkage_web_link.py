"""Linking imported lists to golden persons: fuzzy matches, stable codes, flags."""

from __future__ import annotations

import pytest
from tests.linkage_web.conftest import make_job

from ansinh.intake.models import ImportRow
from ansinh.linkage.models import RecordLink
from ansinh.registry.models import Person
from ansinh.registry.services import persons_link_import

pytestmark = pytest.mark.django_db

FIRST = [
    {
        "full_name": "Nguyễn Văn Hùng",
        "dob": "12/03/1985",
        "id_number": "070085001234",
        "sex": "Nam",
        "phone": "0912345678",
    },
    {
        "full_name": "Trần Thị Mai",
        "dob": "02/01/1990",
        "id_number": "070190004321",
        "sex": "Nữ",
        "commune": 1,
    },
    {"full_name": "Điểu Thị Lan", "dob": "05/06/1979", "id_number": "280123456", "sex": "Nữ", "commune": 2},
    {"full_name": "Lê Văn Tám", "dob": "01/01/1970", "id_number": "070070009999", "sex": "Nam"},
]
# The same people again, as another sender writes them: no diacritics, lost leading zero, CMND instead of
# CCCD, a second copy inside the list.
SECOND = [
    {
        "full_name": "Nguyen Van Hung",
        "dob": "12/03/1985",
        "id_number": "70085001234",
        "sex": "Nam",
        "phone": "0912345678",
    },
    {"full_name": "Điểu Thị Lan", "dob": "05/06/1979", "id_number": "80123456", "sex": "Nữ", "commune": 2},
    {"full_name": "Phạm Quốc Bảo", "dob": "09/09/1995", "id_number": "070095007777", "sex": "Nam"},
    {"full_name": "Phạm Quốc Bảo", "dob": "09/09/1995", "id_number": "070095007777", "sex": "Nam"},
]


def codes_of(job) -> list[str]:
    return [
        RecordLink.objects.get(import_row=r).person.person_code for r in ImportRow.objects.filter(job=job)
    ]


def test_two_lists_link_the_same_people_and_codes_stay(officer):
    first = make_job(user=officer, district="Lộc Ninh", rows=FIRST, name="a.xlsx")
    summary = persons_link_import(job=first, actor=officer)
    assert (summary.linked, summary.new_persons, summary.matched) == (4, 4, 0)
    codes_first = codes_of(first)
    assert len(set(codes_first)) == 4

    second = make_job(user=officer, district="Lộc Ninh", rows=SECOND, name="b.xlsx")
    summary = persons_link_import(job=second, actor=officer)
    codes_second = codes_of(second)
    assert codes_second[0] == codes_first[0]  # no diacritics + lost leading zero
    assert codes_second[1] == codes_first[2]  # CMND lost its leading zero
    assert codes_second[2] == codes_second[3]  # duplicate inside the list
    assert codes_second[2] not in codes_first
    assert summary.new_persons == 1

    # A rerun adds nothing and changes no code.
    again = persons_link_import(job=second, actor=officer)
    assert again.linked == 0 and again.new_persons == 0
    assert codes_of(first) == codes_first and codes_of(second) == codes_second
    assert Person.objects.filter(merged_into__isnull=True).count() == 5

    flags = {r.source_row: [f["code"] for f in r.flags] for r in ImportRow.objects.filter(job=second)}
    assert "linkage.duplicate_in_list" in flags[10] and "linkage.duplicate_in_list" not in flags[9]
    assert "linkage.other_list" in flags[7] and "linkage.other_list" in flags[8]
    assert "linkage.other_list" not in flags[9]


def test_relink_keeps_codes_and_finds_hand_entered_persons(officer):
    from ansinh.geo.models import AdminUnit
    from ansinh.registry.services import persons_relink

    area = AdminUnit.objects.get(code=make_job.__globals__["commune"]("Lộc Ninh", 1).code, edition=2021)
    entered = Person.objects.create(
        person_code="AS0000HAND1", full_name="Trần Thị Mai", id_number="070190004321", area=area
    )
    job = make_job(user=officer, district="Lộc Ninh", rows=FIRST, name="a.xlsx")
    persons_link_import(job=job, actor=officer)
    codes = codes_of(job)
    assert codes[1] == "AS0000HAND1"  # the person entered by hand keeps its code
    assert RecordLink.objects.filter(record_key=f"p:{entered.pk}", person=entered).exists()

    summary = persons_relink(actor=officer)
    assert summary.moved == 0 and summary.merged == 0 and summary.new_persons == 0
    assert codes_of(job) == codes


def test_incompatible_policy_flag_cites_the_catalogue(officer):
    free = make_job(
        user=officer,
        district="Lộc Ninh",
        rows=FIRST[:1],
        form_code="ds-lao-dong-tu-do",
        name="lao-dong-tu-do.xlsx",
    )
    persons_link_import(job=free, actor=officer)
    suspended = make_job(
        user=officer, district="Lộc Ninh", rows=SECOND[:1], form_code="mau-05", name="mau05.xlsx"
    )
    persons_link_import(job=suspended, actor=officer)
    (flag,) = [
        f for f in ImportRow.objects.get(job=suspended).flags if f["code"] == "linkage.incompatible_policy"
    ]
    assert "NQ 68/NQ-CP mục II.12" in flag["citation"]
    assert "lao-dong-tu-do.xlsx" in flag["message"] and flag["policy"] == "bp-lao-dong-tu-do"
    assert not [f for f in ImportRow.objects.get(job=suspended).flags if f["code"] == "linkage.other_list"]


def test_task_and_relink_command(officer, capsys):
    from ansinh.linkage.registry_cli import main
    from ansinh.linkage.tasks import link_import_job

    job = make_job(user=officer, district="Lộc Ninh", rows=FIRST, name="a.xlsx")
    link_import_job.enqueue(job.pk)  # the immediate backend in tests runs it now
    assert RecordLink.objects.filter(import_row__job=job).count() == 4
    codes = codes_of(job)
    assert main(["relink"]) == 0
    assert "Đã đối chiếu lại 4 bản ghi" in capsys.readouterr().out
    assert codes_of(job) == codes
    assert main(["retrain", "--output", "/nonexistent/model.json"]) == 2  # too few records: refused, no file
    assert "cần ít nhất 1000 bản ghi" in capsys.readouterr().err
