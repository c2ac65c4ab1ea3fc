from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "ansinh.relief"
    verbose_name = "Hỗ trợ: hồ sơ, đợt, quyết định, chi trả"
