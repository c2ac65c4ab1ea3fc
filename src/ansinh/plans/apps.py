from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ansinh.plans"
    verbose_name = "Kế hoạch, nhiệm vụ, cấp độ dịch"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.demo import DEMO_LOADERS
        from ansinh.org.roles import Resource
        from ansinh.plans.demo import load_demo
        from ansinh.web.home import HOME_COUNTERS, HomeCounter

        if not any(name == "plans" for name, _loader in DEMO_LOADERS):
            DEMO_LOADERS.append(("plans", load_demo))
        if not any(c.url_name == "plans:board" for c in HOME_COUNTERS):
            HOME_COUNTERS.append(
                HomeCounter(_("Nhiệm vụ kế hoạch quá hạn"), Resource.TASK, _overdue_count, "plans:board")
            )


def _overdue_count(user) -> int:
    from ansinh.plans.selectors import overdue_task_count

    return overdue_task_count(user)
