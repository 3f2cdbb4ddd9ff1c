"""``tandem scheduler``: put the periodic work of mentorships in the task worker's queue.

The database task worker runs what is queued but has no clock of its own. This command is that
clock: every day from TANDEM_REMINDER_HOUR (local time, default 9) it queues the reminders, and
every hour it queues a refresh of the pair health (which alerts when a pair turns red). It only
queues; ``tandem db_worker`` does the work.

Each slot is claimed in the shared cache first, so a restart — or a second scheduler by
mistake — queues nothing twice (and the reminders themselves never go twice anyway).

``--once`` queues both now and exits: for a cron job or a systemd timer instead of the loop.
"""

import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tandem.mentorships import tasks

DEFAULT_HOUR = 9
DAY = 60 * 60 * 24


def reminder_hour() -> int:
    return int(getattr(settings, "TANDEM_REMINDER_HOUR", DEFAULT_HOUR))


def tick(now: datetime, hour: int) -> list[str]:
    """Queue what is due at ``now`` (local time) and not queued yet; return the task names."""
    queued = []
    slot = f"tandem:scheduler:health:{now:%Y-%m-%d-%H}"
    if cache.add(slot, 1, timeout=2 * 60 * 60):
        tasks.refresh_health.enqueue()
        queued.append("refresh_health")
    if now.hour >= hour and cache.add(f"tandem:scheduler:reminders:{now:%Y-%m-%d}", 1, 2 * DAY):
        tasks.send_reminders.enqueue()
        queued.append("send_reminders")
    return queued


class Command(BaseCommand):
    help = (
        "Queue the daily reminders (from TANDEM_REMINDER_HOUR, default 9) and the hourly "
        "pair-health refresh for the task worker. With --once: queue both now and exit."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="queue the reminders and the refresh now, then exit"
        )
        parser.add_argument(
            "--hour",
            type=int,
            default=None,
            help="hour of the day (0-23, local time) to send the reminders; "
            "default TANDEM_REMINDER_HOUR or 9",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="seconds between two looks at the clock (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hour = options["hour"] if options["hour"] is not None else reminder_hour()
        if not 0 <= hour <= 23:
            raise CommandError("The hour must be between 0 and 23.")
        if options["once"]:
            tasks.refresh_health.enqueue()
            tasks.send_reminders.enqueue()
            self.stdout.write("Queued: refresh_health, send_reminders.")
            return
        self.stdout.write(
            f"Scheduler running: pair health every hour, reminders daily from {hour}:00 "
            f"({settings.TIME_ZONE}). Ctrl+C stops it."
        )
        try:
            while True:
                queued = tick(timezone.localtime(), hour)
                if queued:
                    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
                    self.stdout.write(f"{stamp} queued: {', '.join(queued)}")
                time.sleep(max(1, options["interval"]))
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
