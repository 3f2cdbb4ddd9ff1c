"""The periodic work of every app, for ``tandem scheduler`` (the clock the database worker lacks).

Apps fill the registry in their ``AppConfig.ready()``::

    from tandem.core import schedule
    schedule.daily("send_reminders", tasks.send_reminders)
    schedule.every("refresh_health", tasks.refresh_health, minutes=60)

A daily task is queued once a day from TANDEM_REMINDER_HOUR (local time, default 9); an
"every N minutes" task once in each N-minute slot of the local day. Each slot is claimed in the
shared cache first, so a restart — or a second scheduler by mistake — queues nothing twice. The
tasks must still be idempotent: ``--once`` (a cron job) queues everything whenever it runs.

This module only queues; ``tandem db_worker`` does the work.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django_tasks.base import Task

DEFAULT_HOUR = 9
DAY = 60 * 60 * 24


@dataclass(frozen=True)
class Periodic:
    """One periodic task: ``every_minutes`` set, or daily at the reminder hour."""

    name: str
    task: Task
    every_minutes: int | None = None

    @property
    def daily(self) -> bool:
        return self.every_minutes is None

    def describe(self) -> str:
        if self.daily:
            return f"{self.name} daily"
        if self.every_minutes == 60:
            return f"{self.name} every hour"
        return f"{self.name} every {self.every_minutes} minutes"


# name -> Periodic, in the order the apps registered them (INSTALLED_APPS order).
REGISTRY: dict[str, Periodic] = {}


def daily(name: str, task: Task) -> None:
    """Queue ``task`` once a day, from the reminder hour."""
    REGISTRY[name] = Periodic(name, task)


def every(name: str, task: Task, *, minutes: int) -> None:
    """Queue ``task`` once in every ``minutes``-long slot of the day (60: each hour)."""
    if not 1 <= minutes <= 24 * 60:
        raise ValueError("minutes must be between 1 and 1440")
    REGISTRY[name] = Periodic(name, task, every_minutes=minutes)


def periodic() -> list[Periodic]:
    return list(REGISTRY.values())


def reminder_hour() -> int:
    return int(getattr(settings, "TANDEM_REMINDER_HOUR", DEFAULT_HOUR))


def _slot(entry: Periodic, now: datetime, hour: int) -> tuple[str, int] | None:
    """The cache key of ``entry``'s slot at ``now`` (local time) and how long to keep it, or
    None when it is not due at all (a daily task before the hour)."""
    if entry.daily:
        if now.hour < hour:
            return None
        return f"tandem:scheduler:{entry.name}:{now:%Y-%m-%d}", 2 * DAY
    minutes = entry.every_minutes or 60
    index = (now.hour * 60 + now.minute) // minutes
    return f"tandem:scheduler:{entry.name}:{now:%Y-%m-%d}:{index}", 2 * minutes * 60


def tick(now: datetime, hour: int) -> list[str]:
    """Queue what is due at ``now`` (local time) and not queued in its slot yet; return the
    names of the tasks queued."""
    queued = []
    for entry in periodic():
        slot = _slot(entry, now, hour)
        if slot is not None and cache.add(slot[0], 1, timeout=slot[1]):
            entry.task.enqueue()
            queued.append(entry.name)
    return queued


def queue_all() -> list[str]:
    """Queue every registered task now (``tandem scheduler --once``)."""
    for entry in periodic():
        entry.task.enqueue()
    return [entry.name for entry in periodic()]
