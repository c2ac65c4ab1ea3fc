"""Production settings: the same as the defaults, with every security switch on.

Refuses to start without a real secret key and a PostgreSQL DATABASE_URL.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from ansinh.settings import *  # noqa: F403

if not os.environ.get("DJANGO_SECRET_KEY") or len(os.environ["DJANGO_SECRET_KEY"]) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters.")

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
