from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "ansinh.policies"
    verbose_name = "Chính sách: danh mục, điều kiện, quyết định của tỉnh"

    def ready(self) -> None:
        from ansinh.core.demo import DEMO_LOADERS
        from ansinh.policies.services import load_policies_demo

        if not any(name == "policies" for name, _loader in DEMO_LOADERS):
            DEMO_LOADERS.append(("policies", load_policies_demo))
