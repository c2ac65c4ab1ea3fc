"""`ansinh worker`: run background jobs (django-tasks database backend) and report a heartbeat."""

from __future__ import annotations

import threading

from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ansinh.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 10


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    started = timezone.now()
    while not stop.is_set():
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id, defaults={"seen_at": timezone.now(), "started_at": started}
            )
        finally:
            close_old_connections()
        stop.wait(HEARTBEAT_SECONDS)


class Command(DbWorkerCommand):
    help = "Chạy tiến trình nền (import, báo cáo định kỳ) và ghi nhịp tim cho /healthz."

    def handle(self, *args, **options):
        worker_id = options.get("worker_id") or get_random_string(12)
        options["worker_id"] = worker_id
        stop = threading.Event()
        thread = threading.Thread(target=_beat_forever, args=(worker_id, stop), daemon=True, name="heartbeat")
        thread.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
