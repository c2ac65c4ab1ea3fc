"""Province decisions: stored, applied by catalogue_effective from their date, history kept, only
authorised officers, only province-configurable parameters, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.audit.models import AuditEvent
from ansinh.policies.models import ImmutableProvinceDecisionError, ProvinceDecision
from ansinh.policies.selectors import catalogue_effective, explain_fields
from ansinh.policies.services import PolicyDecisionError, load_policies_demo, province_decision_record

pytestmark = pytest.mark.django_db

D = dt.date
FREE = "bp-lao-dong-tu-do"


SEPT_1 = D(2021, 9, 1)


def record(
    actor,
    value=60_000,
    valid_from=SEPT_1,
    number="101/QĐ-UBND",
    parameter="rate_per_day",
    policy=FREE,
    **extra,
):
    return province_decision_record(
        actor=actor,
        policy_code=policy,
        parameter=parameter,
        value=value,
        valid_from=valid_from,
        number=number,
        issued_on=extra.pop("issued_on", valid_from - dt.timedelta(days=5)),
        signer="Trần Tuệ Hiền, Chủ tịch",
        summary="Quy định mức hỗ trợ lao động tự do",
        **extra,
    )


def rate_on(day: dt.date) -> int:
    return catalogue_effective().get(FREE).parameters["rate_per_day"].value_at(day).value


def free_worker_amount(as_of: dt.date) -> int:
    fields = {
        "start_date": "01/08/2021",
        "end_date": "10/08/2021",
        "informal_worker": "yes",
        "resident_in_province": "yes",
    }
    return explain_fields(catalogue_effective().get(FREE), fields, as_of).amount_vnd


def test_decision_applies_from_its_date_not_before(officers):
    before_rate = rate_on(D(2021, 8, 31))
    assert free_worker_amount(D(2021, 8, 31)) == 10 * before_rate
    decision = record(officers["division"], value=70_000, valid_from=D(2021, 9, 1))
    assert rate_on(D(2021, 8, 31)) == before_rate
    assert rate_on(D(2021, 9, 1)) == 70_000
    assert free_worker_amount(D(2021, 8, 31)) == 10 * before_rate
    assert free_worker_amount(D(2021, 9, 1)) == 700_000
    value = catalogue_effective().get(FREE).parameters["rate_per_day"].value_at(D(2021, 9, 1))
    assert value.decision == f"101/QĐ-UBND ngày {decision.issued_on:%d/%m/%Y}"
    assert value.verified is True


def test_two_decisions_both_kept_older_values_still_used_for_earlier_dates(officers):
    original = rate_on(D(2021, 6, 1))
    record(officers["leader"], value=60_000, valid_from=D(2021, 9, 1), number="101/QĐ-UBND")
    record(officers["division"], value=80_000, valid_from=D(2021, 11, 1), number="202/QĐ-UBND")
    assert ProvinceDecision.objects.count() == 2
    values = catalogue_effective().get(FREE).parameters["rate_per_day"].values
    assert [(v.value, v.valid_from, v.valid_to) for v in values] == [
        (original, D(2021, 5, 1), D(2021, 8, 31)),
        (60_000, D(2021, 9, 1), D(2021, 10, 31)),
        (80_000, D(2021, 11, 1), None),
    ]
    assert [rate_on(D(2021, 6, 1)), rate_on(D(2021, 10, 31)), rate_on(D(2021, 11, 1))] == [
        original,
        60_000,
        80_000,
    ]


def test_date_parameter_and_bounded_decision(officers):
    record(
        officers["leader"],
        parameter="window_end",
        value="31/01/2022",
        valid_from=D(2021, 12, 1),
        valid_to=D(2022, 3, 31),
        number="5/QĐ-UBND",
    )
    spec = catalogue_effective().get(FREE).parameters["window_end"]
    assert spec.value_at(D(2021, 12, 1)).value == D(2022, 1, 31)
    assert spec.value_at(D(2021, 11, 30)).value == D(2021, 12, 31)
    assert spec.value_at(D(2022, 4, 1)).value == D(2021, 12, 31)


@pytest.mark.parametrize("who", ["district", "auditor"])
def test_unauthorised_officer_refused_and_nothing_written(officers, who):
    events_before = AuditEvent.objects.count()
    with pytest.raises(PolicyDecisionError, match="không có quyền"):
        record(officers[who])
    assert ProvinceDecision.objects.count() == 0
    assert AuditEvent.objects.count() == events_before
    assert rate_on(D(2021, 12, 1)) == 50_000


def test_non_configurable_parameter_refused(officers):
    with pytest.raises(PolicyDecisionError, match="trung ương"):
        record(officers["leader"], policy="nq68-tam-hoan", parameter="amount_one_month", value=5_000_000)
    assert ProvinceDecision.objects.count() == 0
    assert (
        catalogue_effective()
        .get("nq68-tam-hoan")
        .parameters["amount_one_month"]
        .value_at(D(2021, 12, 1))
        .value
        == 3_710_000
    )


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("rate_per_day", "năm mươi nghìn"),
        ("rate_per_day", -5),
        ("window_end", "2021/31/12"),
        ("eligible_occupations", "street_vendor"),
        ("no_such_parameter", 1),
    ],
)
def test_bad_value_or_parameter_refused(officers, parameter, value):
    with pytest.raises(PolicyDecisionError):
        record(officers["leader"], parameter=parameter, value=value)
    assert ProvinceDecision.objects.count() == 0


def test_value_typed_as_officers_write_it(officers):
    decision = record(officers["leader"], value="65.000")
    assert decision.value == 65_000 and decision.unit == "vnd"


def test_same_decision_number_twice_for_a_parameter_refused(officers):
    record(officers["leader"])
    with pytest.raises(PolicyDecisionError, match="đã được ghi"):
        record(officers["leader"], value=90_000)
    assert ProvinceDecision.objects.count() == 1


def test_recorded_decision_is_audited_with_before_and_after(officers):
    decision = record(officers["division"], value=60_000)
    event = AuditEvent.objects.get(object_type="policies.provincedecision", object_id=str(decision.pk))
    assert event.actor_id == officers["division"].pk
    assert event.before["value"] == 50_000 and event.after["value"] == 60_000
    assert event.after["valid_from"] == "2021-09-01"


def test_recorded_decision_cannot_be_changed_or_deleted(officers):
    decision = record(officers["leader"])
    decision.value = 1
    with pytest.raises(ImmutableProvinceDecisionError):
        decision.save()
    with pytest.raises(ImmutableProvinceDecisionError):
        decision.delete()
    assert ProvinceDecision.objects.get().value == 60_000


def test_cache_follows_new_decisions(officers):
    first = catalogue_effective()
    assert catalogue_effective() is first  # cached while nothing changes
    record(officers["leader"], value=61_000)
    assert catalogue_effective() is not first
    assert rate_on(D(2021, 9, 2)) == 61_000


def test_demo_loader_is_idempotent_and_labelled(make_user):
    from ansinh.org.services import DemoAccount, user_create_or_update

    user_create_or_update(
        account=DemoAccount(
            username="lanhdao",
            password="Test@12345!",
            role="leader",
            unit_code="ban-giam-doc",
            area_code=None,
            full_name="Lãnh Đạo",
        )
    )
    said: list[str] = []
    load_policies_demo(said.append)
    load_policies_demo(said.append)
    decision = ProvinceDecision.objects.get()
    assert "GIẢ ĐỊNH TRÌNH DIỄN" in decision.summary
    assert decision.policy_code == FREE and decision.parameter == "rate_per_day"
    assert "đã có" in said[-1]
