from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "ansinh.relief"
    verbose_name = "Hỗ trợ: hồ sơ, đợt, quyết định, chi trả"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.demo import DEMO_LOADERS
        from ansinh.org.roles import Resource
        from ansinh.relief.demo import load_relief_demo
        from ansinh.web.home import HOME_COUNTERS, HomeCounter

        if not any(name == "relief" for name, _loader in DEMO_LOADERS):
            DEMO_LOADERS.append(("relief", load_relief_demo))
        if not any(c.url_name == "relief:batch_list" for c in HOME_COUNTERS):
            HOME_COUNTERS.append(
                HomeCounter(_("Đợt đang xử lý"), Resource.BATCH, _open_batches, "relief:batch_list")
            )


def _open_batches(user) -> int:
    from ansinh.relief.selectors import OPEN_STATUSES, batch_list

    return batch_list(user=user).filter(status__in=OPEN_STATUSES).count()
