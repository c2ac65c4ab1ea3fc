from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ansinh.intake"
    verbose_name = "Tiếp nhận danh sách"
