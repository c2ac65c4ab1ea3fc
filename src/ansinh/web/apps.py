from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ansinh.web"
    verbose_name = "Giao diện"
