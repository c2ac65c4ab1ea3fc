"""`ansinh audit verify`: check that no audit event was edited, deleted or reordered."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ansinh.audit.verify import audit_chain_verify


class Command(BaseCommand):
    help = "Nhật ký kiểm tra: `audit verify` kiểm tra chuỗi băm của nhật ký."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args, **options):
        count, problems = audit_chain_verify()
        if problems:
            for p in problems[:50]:
                self.stderr.write(f"Sự kiện #{p.seq}: {p.reason}")
            raise CommandError(f"Nhật ký KHÔNG toàn vẹn: {len(problems)} vấn đề trong {count} sự kiện.")
        self.stdout.write(f"Nhật ký toàn vẹn: {count} sự kiện, chuỗi băm khớp.")
