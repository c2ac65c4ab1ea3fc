"""`ansinh load_reference_data`: administrative units (2021 and 2025) and the organisation. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ansinh.geo.services import units_load
from ansinh.org.services import org_structure_load


class Command(BaseCommand):
    help = "Nạp dữ liệu dùng chung: đơn vị hành chính 2021/2025, cơ cấu tổ chức của Sở. Chạy lại an toàn."

    def handle(self, *args, **options):
        units = units_load()
        org = org_structure_load()
        self.stdout.write(
            f"Đơn vị hành chính: {units['total_2021']} (2021), {units['total_2025']} (2025), "
            f"{units['mappings_created']} ánh xạ mới; tổ chức: {org['total']} đơn vị ({org['created']} mới)."
        )
