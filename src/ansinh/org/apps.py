from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "ansinh.org"
    verbose_name = "Tổ chức và tài khoản"
