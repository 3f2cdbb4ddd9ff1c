"""``tandem scheduler``: put the periodic work of every app in the task worker's queue.

The database task worker runs what is queued but has no clock of its own. This command is that
clock. The apps register their periodic tasks in ``tandem.core.schedule`` (from their
``AppConfig.ready()``): the daily ones are queued once a day from TANDEM_REMINDER_HOUR (local
time, default 9) — the mentorship reminders, the follow-up surveys —, the others once in each of
their slots — the pair health every hour. It only queues; ``tandem db_worker`` does the work.

Each slot is claimed in the shared cache first, so a restart — or a second scheduler by
mistake — queues nothing twice (and the tasks themselves never send anything twice anyway).

``--once`` queues every periodic task now and exits: for a cron job or a systemd timer instead
of the loop.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tandem.core import schedule


class Command(BaseCommand):
    help = (
        "Queue the periodic work of every app for the task worker: the daily tasks (from "
        "TANDEM_REMINDER_HOUR, default 9) and the others in their slots (the pair-health refresh "
        "every hour). With --once: queue them all now and exit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="queue every periodic task now, then exit"
        )
        parser.add_argument(
            "--hour",
            type=int,
            default=None,
            help="hour of the day (0-23, local time) to queue the daily tasks; "
            "default TANDEM_REMINDER_HOUR or 9",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="seconds between two looks at the clock (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hour = options["hour"] if options["hour"] is not None else schedule.reminder_hour()
        if not 0 <= hour <= 23:
            raise CommandError("The hour must be between 0 and 23.")
        if options["once"]:
            queued = schedule.queue_all()
            self.stdout.write(f"Queued: {', '.join(queued)}.")
            return
        described = ", ".join(entry.describe() for entry in schedule.periodic())
        self.stdout.write(
            f"Scheduler running: {described}; daily tasks from {hour}:00 "
            f"({settings.TIME_ZONE}). Ctrl+C stops it."
        )
        try:
            while True:
                queued = schedule.tick(timezone.localtime(), hour)
                if queued:
                    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
                    self.stdout.write(f"{stamp} queued: {', '.join(queued)}")
                time.sleep(max(1, options["interval"]))
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
