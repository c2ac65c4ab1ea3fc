"""Appeals (file, uphold → re-appraisal, dismiss) and the ESC's twice-monthly cut-offs."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.relief.conftest import make_rows, new_batch

from ansinh.org.models import OrgUnit
from ansinh.relief.errors import OutOfOrderError, ReliefError
from ansinh.relief.models import Appeal, Application, Batch
from ansinh.relief.services import (
    appeal_answer,
    appeal_file,
    batch_add_rows,
    batch_appraise,
    batch_submit,
    esc_cutoff_run,
    next_esc_cutoff,
)
from ansinh.relief.tasks import esc_cutoff_task

pytestmark = pytest.mark.django_db


def rejected_application(actors) -> Application:
    batch = batch_submit(batch=new_batch(actors["clerk"], n=2, ineligible=(0,)), actor=actors["clerk"])
    batch_appraise(batch=batch, actor=actors["clerk"])
    return batch.applications.get(status="rejected")


def test_appeal_upheld_sends_application_back_for_appraisal(actors):
    application = rejected_application(actors)
    with pytest.raises(ReliefError, match="không nằm trong"):
        appeal_file(application=application, actor=actors["clerk"], disputed_condition="age", text="Sai")
    appeal = appeal_file(
        application=application,
        actor=actors["clerk"],
        disputed_condition="min_days",
        text="Tôi tạm hoãn từ 02/8 đến 31/8, đủ 30 ngày.",
    )
    assert appeal.due_date == dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(ReliefError, match="chưa giải quyết"):
        appeal_file(
            application=application, actor=actors["clerk"], disputed_condition="min_days", text="Lần 2"
        )
    with pytest.raises(ReliefError, match="trả lời"):
        appeal_answer(appeal=appeal, actor=actors["clerk2"], upheld=True, response=" ")
    appeal_answer(
        appeal=appeal, actor=actors["clerk2"], upheld=True, response="Hợp đồng tạm hoãn đủ 30 ngày."
    )
    application.refresh_from_db()
    assert application.status == "pending" and application.eligible and application.failed_conditions == []
    with pytest.raises(OutOfOrderError):
        appeal_answer(
            appeal=Appeal.objects.get(pk=appeal.pk), actor=actors["clerk2"], upheld=False, response="x"
        )


def test_appeal_dismissed_keeps_the_rejection(actors):
    application = rejected_application(actors)
    appeal = appeal_file(
        application=application, actor=actors["clerk"], disputed_condition="min_days", text="Đề nghị xem lại"
    )
    appeal_answer(
        appeal=appeal, actor=actors["clerk2"], upheld=False, response="Chỉ tạm hoãn 10 ngày theo thỏa thuận."
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert Appeal.objects.get(pk=appeal.pk).status == "dismissed"


def test_appeal_answer_refused_outside_area(actors):
    application = rejected_application(actors)
    appeal = appeal_file(
        application=application, actor=actors["clerk"], disputed_condition="min_days", text="Xem lại"
    )
    with pytest.raises(ReliefError):
        appeal_answer(appeal=appeal, actor=actors["other_clerk"], upheld=True, response="ok")
    assert Appeal.objects.get(pk=appeal.pk).status == "open"


@pytest.mark.parametrize(
    ("day", "cutoff"),
    [
        (dt.date(2021, 9, 1), dt.date(2021, 9, 5)),
        (dt.date(2021, 9, 5), dt.date(2021, 9, 5)),
        (dt.date(2021, 9, 6), dt.date(2021, 9, 20)),
        (dt.date(2021, 9, 21), dt.date(2021, 10, 5)),
        (dt.date(2021, 12, 25), dt.date(2022, 1, 5)),
    ],
)
def test_next_esc_cutoff(day, cutoff):
    assert next_esc_cutoff(day) == cutoff


def test_esc_cutoff_sends_the_open_batch_and_opens_the_next(actors, make_user):
    first = esc_cutoff_run(dt.date(2021, 9, 1))
    batch = Batch.objects.get(pk=first["open_batch"])
    assert batch.cutoff_date == dt.date(2021, 9, 5) and batch.submitting_unit.code == "ttdvvl"
    assert esc_cutoff_run(dt.date(2021, 9, 2))["open_batch"] == batch.pk  # idempotent
    batch_add_rows(batch=batch, rows=make_rows(2, id_prefix="0709"), actor=make_user("division_officer"))
    result = esc_cutoff_run(dt.date(2021, 9, 5))
    batch.refresh_from_db()
    assert result["sent"] == 1 and batch.status == "submitted" and batch.due_date is not None
    following = Batch.objects.get(pk=result["open_batch"])
    assert following.cutoff_date == dt.date(2021, 9, 20) and following.status == "draft"
    assert esc_cutoff_task.enqueue("2021-09-20").return_value["sent"] == 0  # empty batch is not sent
    assert OrgUnit.objects.get(code="ttdvvl").batches.count() == 3


def test_cli_runs_the_cutoff(reference_data, capsys):
    from ansinh.relief.cli import main

    assert main(["esc-cutoff", "--day", "2021-09-05"]) == 0
    assert "Đã gửi 0 đợt" in capsys.readouterr().out
    assert Batch.objects.filter(submitting_unit__code="ttdvvl", cutoff_date=dt.date(2021, 9, 20)).exists()
