"""`ansinh demo_load`: demo accounts and demo data. Safe to run again: it reuses what exists."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ansinh.core.demo import DEMO_LOADERS


class Command(BaseCommand):
    help = "Nạp tài khoản và dữ liệu demo (giả định, có gắn nhãn). Chạy lại an toàn."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="chỉ chạy các phần này")

    def handle(self, *args, **options):
        only = set(options.get("only") or [])
        for name, loader in DEMO_LOADERS:
            if only and name not in only:
                continue
            loader(self.stdout.write)
