"""URL map. Each app owns its own `urls.py`; this file only mounts them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ansinh.web import views as web_views
from ansinh.web.api import api

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("he-thong/", include("ansinh.web.urls")),
    path("doi-tuong/", include("ansinh.registry.urls")),
    path("nhap-danh-sach/", include("ansinh.intake.urls")),
    path("ho-tro/", include("ansinh.relief.urls")),
    path("chinh-sach/", include("ansinh.policies.urls")),
    path("trung-lap/", include("ansinh.linkage.urls")),
    path("ke-hoach/", include("ansinh.plans.urls")),
    path("bao-cao/", include("ansinh.reports.urls")),
    path("van-ban/", include("ansinh.documents.urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
