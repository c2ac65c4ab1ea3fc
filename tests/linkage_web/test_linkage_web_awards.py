"""A person already approved for the policy and period in a batch is flagged when listed again."""

from __future__ import annotations

import pytest
from tests.linkage_web.conftest import make_job
from tests.relief.conftest import new_batch

from ansinh.intake.models import ImportRow
from ansinh.registry.services import persons_link_import
from ansinh.relief.services import batch_appraise, batch_approve, batch_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(make_user):
    return {
        "clerk": make_user("district_officer", district="Lộc Ninh"),
        "leader": make_user("leader", unit="ban-giam-doc"),
    }


def test_already_approved_and_in_another_batch(actors):
    batch = new_batch(actors["clerk"], policy="bp-lao-dong-tu-do", n=2)
    batch_submit(batch=batch, actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    batch_approve(batch=batch, actor=actors["leader"])
    # "Nguyễn Văn Thử 1" of that batch, typed without diacritics and with the CCCD's leading zero lost.
    first = batch.applications.order_by("source_row").first()
    job = make_job(
        user=actors["clerk"],
        district="Lộc Ninh",
        form_code="ds-lao-dong-tu-do",
        name="lai.xlsx",
        rows=[
            {
                "full_name": "Nguyen Van Thu 1",
                "dob": first.person.date_of_birth.strftime("%d/%m/%Y"),
                "id_number": first.person.id_number.lstrip("0"),
                "sex": "Nữ",
            }
        ],
    )
    persons_link_import(job=job, actor=actors["clerk"])
    flags = {f["code"]: f["message"] for f in ImportRow.objects.get(job=job).flags}
    assert "kỳ 2021" in flags["linkage.already_awarded"]
    assert batch.title in flags["linkage.other_list"] and "Đã phê duyệt" in flags["linkage.other_list"]
