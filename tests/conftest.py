"""Fixtures shared by the Django-side tests: reference data, one user per role, helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansinh.org.services import DemoAccount, user_create_or_update


def _load_reference_data() -> None:
    from ansinh.geo.services import units_load
    from ansinh.org.services import org_structure_load

    units_load()
    org_structure_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once per test database; each test's transaction is rolled back over it."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(db):
    """The real administrative units and the Department's structure, as `make run` loads them.

    Already there from `django_db_setup`, unless a transactional test flushed the tables: then reload.
    """
    from ansinh.org.models import OrgUnit

    if not OrgUnit.objects.filter(code="so-ldtbxh").exists():
        _load_reference_data()


def district_code(name: str) -> str:
    from ansinh.geo.models import AdminUnit, Edition

    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=name).code


def first_commune_code(district_name: str) -> str:
    from ansinh.geo.models import AdminUnit, Edition

    district = AdminUnit.objects.get(
        edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT, name=district_name
    )
    return district.children.order_by("code").first().code


@pytest.fixture
def make_user(reference_data):
    """make_user(role, district=None, commune_of=None, unit=None) → a saved user with that scope."""
    counter = {"n": 0}

    def _make(
        role: str, *, district: str | None = None, commune_of: str | None = None, unit: str | None = None
    ):
        counter["n"] += 1
        area_code = None
        unit_code = unit or "phong-ldvl"
        if district:
            area_code = district_code(district)
            unit_code = unit or f"pldtbxh-{area_code}"
        if commune_of:
            area_code = first_commune_code(commune_of)
            unit_code = unit or f"ubnd-xa-{area_code}"
        account = DemoAccount(
            username=f"u{counter['n']}-{role}",
            password="Test@12345!",
            role=role,
            unit_code=unit_code,
            area_code=area_code,
            full_name=f"Người Dùng {counter['n']}",
        )
        user, _ = user_create_or_update(account=account)
        return user

    return _make


@pytest.fixture
def flushable_audit(transactional_db):
    """Transactional tests end with a flush, which the audit table's append-only triggers refuse. Drop the
    triggers when the test ends (after its assertions) and put them back at the next such test's start."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("ansinh.audit.migrations.0003_append_only_triggers")
    create = {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRES_DROP + migration.POSTGRES}
    drop = {"sqlite": migration.SQLITE_DROP, "postgresql": migration.POSTGRES_DROP}
    with connection.cursor() as cursor:
        for sql in create.get(connection.vendor, []):
            cursor.execute(sql)
    yield
    with connection.cursor() as cursor:
        for sql in drop.get(connection.vendor, []):
            cursor.execute(sql)


# Browser tests: Debian's Chromium driven by Playwright, with the flags this closed network needs.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium browser for one test."""
    # Playwright's sync API runs an event loop; only for this test (a leftover would fail the deploy check).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
