from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ansinh.reports"
    verbose_name = "Báo cáo, bảng điều hành và rà soát bỏ sót"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.demo import DEMO_LOADERS
        from ansinh.org.roles import Resource
        from ansinh.reports.demo import load_demo_reports
        from ansinh.web.home import HOME_COUNTERS, HomeCounter

        if not any(name == "reports" for name, _loader in DEMO_LOADERS):
            DEMO_LOADERS.append(("reports", load_demo_reports))
        if not any(c.url_name == "reports:dashboard" for c in HOME_COUNTERS):
            HOME_COUNTERS.append(
                HomeCounter(
                    _("Lượt người đã được phê duyệt hỗ trợ"),
                    Resource.REPORT,
                    _approved_people,
                    "reports:dashboard",
                )
            )


def _approved_people(user) -> int:
    from ansinh.reports.selectors import approved_people_count

    return approved_people_count(user=user)
