"""The UI shell: Vietnamese login, navigation per role, lockout, health, deployment checks."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from ansinh.org.demo_accounts import DEMO_PASSWORD
from ansinh.org.models import User


@pytest.mark.django_db
def test_login_page_is_vietnamese_and_accessible(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert "Đăng nhập hệ thống An Sinh" in body
    assert '<label class="form-label" for="id_username">' in body and 'for="id_password"' in body
    assert "cdn" not in body.lower() and "https://" not in body


@pytest.mark.django_db
def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_english_is_selectable(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


@pytest.fixture
def demo_users(reference_data):
    call_command("demo_load", "--only", "accounts", stdout=io.StringIO())
    return User.objects.all()


@pytest.mark.django_db
def test_each_demo_user_logs_in_and_sees_its_navigation(client, demo_users):
    navs = {}
    for user in demo_users:
        client.logout()
        response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.username
        home = client.get(reverse("home"))
        assert home.status_code == 200
        navs[user.username] = [item["url_name"] for item in home.context["nav_items"]]
    assert "web:audit_log" in navs["kiemtra"]
    assert "web:audit_log" not in navs["huyen.locninh"]
    assert "registry:person_list" in navs["huyen.locninh"]
    assert "registry:person_list" not in navs["coso.btxh"]
    assert "admin:index" in navs["quantri"] and "admin:index" not in navs["lanhdao"]


@pytest.mark.django_db
def test_demo_load_is_idempotent(demo_users):
    before = User.objects.count()
    call_command("demo_load", "--only", "accounts", stdout=io.StringIO())
    assert User.objects.count() == before == 10


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, demo_users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "lanhdao", "password": "sai-mat-khau"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "lanhdao", "password": DEMO_PASSWORD})
    assert response.status_code in (403, 429)
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_healthz_reports_database_and_worker(client):
    data = client.get("/healthz").json()
    assert data["database"]["ok"] is True
    assert data["worker"]["ok"] is False and data["worker"]["last_seen"] is None


def test_production_hashes_with_argon2():
    assert settings.PRODUCTION_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_check_deploy_passes_with_production_settings():
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # a test-only switch
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "ansinh.settings_production",
           "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-0123456789",
           "DJANGO_ALLOWED_HOSTS": "ansinh.example.gov.vn"}
    result = subprocess.run([sys.executable, "-m", "ansinh", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """Every model change has its migration (a fresh database must match the code)."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
