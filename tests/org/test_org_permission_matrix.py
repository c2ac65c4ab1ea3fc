"""Permission matrix: role × area × resource → allowed or not, through every read door.

A district officer of Lộc Ninh must not see Đồng Phú's records by guessing URLs or IDs, and the answer
must be 404 (not 403) so that existence does not leak.
"""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse
from tests.conftest import first_commune_code

from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.access import access
from ansinh.org.roles import PERMISSIONS, Action, Resource, Role
from ansinh.registry.models import Person


def _person(code: str, commune_code: str) -> Person:
    area = AdminUnit.objects.get(edition=Edition.Y2021, code=commune_code)
    return Person.objects.create(person_code=code, full_name=f"Người {code}", area=area, id_number="070190000001")


@pytest.fixture
def people(reference_data):
    return {
        "locninh": _person("P-LN", first_commune_code("Lộc Ninh")),
        "dongphu": _person("P-DP", first_commune_code("Đồng Phú")),
    }


# (role, scope kind) → which of the two people it may see
CASES = [
    (Role.LEADER, "province", {"locninh", "dongphu"}),
    (Role.DIVISION_OFFICER, "province", {"locninh", "dongphu"}),
    (Role.OFFICE_OFFICER, "province", {"locninh", "dongphu"}),
    (Role.AUDITOR, "province", {"locninh", "dongphu"}),
    (Role.DISTRICT_OFFICER, "district:Lộc Ninh", {"locninh"}),
    (Role.DISTRICT_OFFICER, "district:Đồng Phú", {"dongphu"}),
    (Role.COMMUNE_OFFICER, "commune:Lộc Ninh", {"locninh"}),
    (Role.COMMUNE_OFFICER, "commune:Đồng Phú", {"dongphu"}),
    (Role.FACILITY_OFFICER, "province", set()),  # no person records for facility staff
    (Role.ADMIN, "province", set()),  # administrators manage accounts, not beneficiaries
]


def _user_for(make_user, role: str, scope: str):
    kind, _, name = scope.partition(":")
    if kind == "district":
        return make_user(role, district=name)
    if kind == "commune":
        return make_user(role, commune_of=name)
    return make_user(role)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "scope", "visible"), CASES, ids=[f"{r}-{s}" for r, s, _ in CASES])
def test_person_visibility_through_every_door(client, make_user, people, role, scope, visible):
    user = _user_for(make_user, role, scope)
    # 1. queryset door
    listed = {k for k, p in people.items() if Person.objects.restrict(user).filter(pk=p.pk).exists()}
    assert listed == visible
    # 2. single-object door: by primary key, the same 404 for "missing" and "not allowed"
    for key, person in people.items():
        if key in visible:
            assert access(Person, user, person.pk) == person
        else:
            with pytest.raises(Http404):
                access(Person, user, person.pk)
    with pytest.raises(Http404):
        access(Person, user, 987654321)
    # 3. HTTP: list page and guessed detail URLs
    client.force_login(user)
    body = client.get(reverse("registry:person_list")).content.decode()
    for key, person in people.items():
        detail_url = reverse("registry:person_detail", args=[person.person_code])
        assert (detail_url in body) == (key in visible)
        response = client.get(reverse("registry:person_detail", args=[person.person_code]))
        assert response.status_code == (200 if key in visible else 404)
    assert client.get(reverse("registry:person_detail", args=["P-DOES-NOT-EXIST"])).status_code == 404


@pytest.mark.django_db
def test_search_does_not_leak_other_districts(client, make_user, people):
    user = make_user(Role.DISTRICT_OFFICER, district="Lộc Ninh")
    client.force_login(user)
    response = client.get(reverse("registry:person_list"), {"q": "P-DP"})
    assert response.context["page"].paginator.count == 0
    assert reverse("registry:person_detail", args=["P-DP"]) not in response.content.decode()


@pytest.mark.django_db
def test_user_without_area_sees_nothing(make_user, people):
    user = make_user(Role.LEADER)
    user.area = None
    user.save()
    assert not Person.objects.restrict(user).exists()


@pytest.mark.django_db
def test_inactive_user_is_refused_everything(make_user, people):
    user = make_user(Role.LEADER)
    user.is_active = False
    assert not Person.objects.restrict(user).exists()


@pytest.mark.django_db
def test_prefix_of_another_code_does_not_match(make_user, reference_data):
    """Scope '70/69' must not include '70/691/…': the filter matches whole path segments."""
    user = make_user(Role.DISTRICT_OFFICER, district="Lộc Ninh")
    district = user.area
    sibling = AdminUnit.objects.create(edition=Edition.Y2021, code=district.code + "9", name="Giả", full_name="Giả",
                                       unit_type="district", level=2, parent=district.parent,
                                       path=district.path + "9")
    Person.objects.create(person_code="P-X", full_name="X", area=sibling)
    assert not Person.objects.restrict(user).filter(person_code="P-X").exists()


def test_matrix_is_total_over_roles():
    """Every role has an entry, and only known resources/actions appear (no typos in the matrix)."""
    assert set(PERMISSIONS) == set(Role.values)
    for grants in PERMISSIONS.values():
        for resource, actions in grants.items():
            assert isinstance(resource, Resource)
            assert all(isinstance(a, Action) for a in actions)


def test_separation_of_roles_in_the_matrix():
    """Only leaders approve and sign decisions; appraisers (division/district officers) cannot."""
    approvers = {r for r, g in PERMISSIONS.items() if Action.APPROVE in g.get(Resource.DECISION, set())}
    signers = {r for r, g in PERMISSIONS.items() if Action.SIGN in g.get(Resource.DECISION, set())}
    assert approvers == {Role.LEADER} and signers == {Role.LEADER}
    assert Action.APPRAISE not in PERMISSIONS[Role.LEADER].get(Resource.BATCH, set())
