from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "ansinh.linkage"
    verbose_name = "Đối chiếu trùng lặp"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from ansinh.core.demo import DEMO_LOADERS
        from ansinh.linkage.demo import load_linkage_demo
        from ansinh.org.roles import Resource
        from ansinh.web.home import HOME_COUNTERS, HomeCounter

        if not any(name == "linkage" for name, _loader in DEMO_LOADERS):
            DEMO_LOADERS.append(("linkage", load_linkage_demo))
        if not any(c.url_name == "linkage:review_queue" for c in HOME_COUNTERS):
            HOME_COUNTERS.append(
                HomeCounter(_("Cặp chờ xác minh trùng"), Resource.PERSON, _open_pairs, "linkage:review_queue")
            )


def _open_pairs(user) -> int:
    from ansinh.linkage.selectors import review_pair_list

    return review_pair_list(user=user).count()
