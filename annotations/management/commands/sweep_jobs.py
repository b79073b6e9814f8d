"""``manage.py sweep_jobs``: what the periodic sweeper does, once, for cron or a person."""

from typing import Any

from django.core.management.base import BaseCommand

from annotations.tasks import sweep_jobs


class Command(BaseCommand):
    help = "Send again jobs that were never picked up; requeue or fail jobs of dead workers."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sweep_jobs()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
