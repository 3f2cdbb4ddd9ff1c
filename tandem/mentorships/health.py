"""Pair health: green, amber or red, from rules a coordinator can read and tune.

A running pair is looked at four ways; the worst answer is its health, and every answer that is
not green is a reason, in words:

- **Quiet**: days since the last meeting held (or since the start, when none was held yet),
  measured in meeting intervals of the pair's rhythm (30 days / meetings a month: a pair meeting
  twice a month has an interval of 15 days). Amber after ``quiet_amber_intervals`` intervals,
  red after ``quiet_red_intervals``.
- **Review overdue**: the next review's due date passed without a review: amber at once, red
  when it is late by more than ``review_red_after_days``.
- **Dropped goal**: the last review marked a goal "dropped": amber (when
  ``dropped_goal_is_amber`` is on).
- **Help requested**: a side asked for help and no coordinator has dealt with it yet: red.

The thresholds are the programme's MentorshipSettings. The rules (``health_of``) are pure: they
take the facts of one pair and a day. ``with_health_facts`` reads the facts of any number of
pairs in one query (annotations), so the caseload and the reminders cost a constant number of
queries for 40 or 2,000 pairs.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.mentorships.models import (
    GoalCheck,
    GoalStatus,
    Health,
    HelpRequest,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipSettings,
    Review,
    Side,
)

DAYS_A_MONTH = 30
# Worse health sorts higher.
RANK = {Health.GREEN: 0, Health.AMBER: 1, Health.RED: 2}
ICONS = {Health.GREEN: "●", Health.AMBER: "▲", Health.RED: "■"}

QUIET = "quiet"
REVIEW_OVERDUE = "review_overdue"
DROPPED_GOAL = "dropped_goal"
HELP_REQUESTED = "help_requested"


@dataclass(frozen=True)
class Rules:
    """A programme's thresholds (MentorshipSettings); the defaults are the model's."""

    quiet_amber_intervals: Decimal = Decimal("1.5")
    quiet_red_intervals: Decimal = Decimal("3.0")
    review_red_after_days: int = 14
    dropped_goal_is_amber: bool = True

    @classmethod
    def of(cls, settings: MentorshipSettings | None) -> "Rules":
        if settings is None:
            return cls()
        return cls(
            quiet_amber_intervals=Decimal(settings.quiet_amber_intervals),
            quiet_red_intervals=Decimal(settings.quiet_red_intervals),
            review_red_after_days=settings.review_red_after_days,
            dropped_goal_is_amber=settings.dropped_goal_is_amber,
        )


@dataclass(frozen=True)
class Facts:
    """What is known about one running pair on a day."""

    started_on: date
    meetings_per_month: int
    last_meeting_on: date | None = None  # the last meeting held
    review_due_on: date | None = None  # the next review due and not done (None: none due)
    dropped_goals: int = 0  # goals marked "dropped" in the last review
    help_asked_on: date | None = None  # the oldest help request not dealt with
    help_side: str = ""


@dataclass(frozen=True)
class Reason:
    """Why a pair is not green. ``params`` are plain JSON values, so the worker can store the
    reason (Mentorship.health_reasons) and any reader gets it in their own language."""

    code: str
    health: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return describe(self.as_json())

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "health": self.health, **self.params}


@dataclass(frozen=True)
class PairHealth:
    health: str
    reasons: tuple[Reason, ...]
    days_quiet: int  # days since the last meeting held, or since the start
    last_meeting_on: date | None
    review_due_on: date | None

    @property
    def rank(self) -> int:
        return RANK[self.health]

    @property
    def label(self) -> str:
        return Health(self.health).label

    @property
    def icon(self) -> str:
        """A shape beside the colour, so health never rests on colour alone."""
        return ICONS[self.health]

    @property
    def main_reason(self) -> str:
        """The worst reason in words; for a green pair, when they last met."""
        if self.reasons:
            return self.reasons[0].text
        if self.last_meeting_on is None:
            return ngettext(
                "No meeting yet; started %(days)d day ago",
                "No meeting yet; started %(days)d days ago",
                self.days_quiet,
            ) % {"days": self.days_quiet}
        return ngettext(
            "Last met %(days)d day ago", "Last met %(days)d days ago", self.days_quiet
        ) % {"days": self.days_quiet}

    def reasons_json(self) -> list[dict[str, Any]]:
        return [reason.as_json() for reason in self.reasons]


def interval_days(meetings_per_month: int) -> Decimal:
    """Days between two meetings in a pair's rhythm (15 for twice a month)."""
    return Decimal(DAYS_A_MONTH) / max(meetings_per_month, 1)


def rhythm_days(meetings_per_month: int) -> int:
    """The interval rounded to whole days, for people to read."""
    return max(1, round(DAYS_A_MONTH / max(meetings_per_month, 1)))


def threshold_days(intervals: Decimal, meetings_per_month: int) -> int:
    """The first whole day without a meeting that passes ``intervals`` intervals (the rule
    says "after"): 23 for 1.5 intervals of 15 days."""
    return math.floor(Decimal(intervals) * DAYS_A_MONTH / max(meetings_per_month, 1)) + 1


def review_due_on(
    *, started_on: date, interval_weeks: int, last_due_on: date | None, ends_on: date | None
) -> date | None:
    """The due date of the next review: reviews fall every ``interval_weeks`` from the start;
    the next one is the first of those dates after the last review done (dates before it count
    as covered, even when the interval changed since). None when it would fall after the
    planned end (the final evaluation takes its place). The same rule as
    ``services.reviews.next_review_due``, computed from values so a list of pairs needs no
    query per pair."""
    step = timedelta(weeks=interval_weeks)
    due = started_on + step
    if last_due_on is not None and last_due_on >= due:
        due = started_on + step * ((last_due_on - started_on) // step + 1)
    if ends_on is not None and due > ends_on:
        return None
    return due


def _quiet(facts: Facts, rules: Rules, days: int) -> Reason | None:
    # intervals without a meeting = days / (30 / meetings a month), compared without rounding.
    elapsed = Decimal(days * facts.meetings_per_month)
    if elapsed > rules.quiet_red_intervals * DAYS_A_MONTH:
        health = Health.RED
    elif elapsed > rules.quiet_amber_intervals * DAYS_A_MONTH:
        health = Health.AMBER
    else:
        return None
    return Reason(
        QUIET,
        health,
        {
            "days": days,
            "rhythm": rhythm_days(facts.meetings_per_month),
            "never": facts.last_meeting_on is None,
        },
    )


def _review(facts: Facts, rules: Rules, today: date) -> Reason | None:
    if facts.review_due_on is None or today <= facts.review_due_on:
        return None
    late = (today - facts.review_due_on).days
    health = Health.RED if late > rules.review_red_after_days else Health.AMBER
    return Reason(REVIEW_OVERDUE, health, {"due": facts.review_due_on.isoformat(), "days": late})


def health_of(facts: Facts, rules: Rules, today: date) -> PairHealth:
    """The health of one pair on ``today``: the worst of the rules, with the reasons in order
    of weight (red first)."""
    since = facts.last_meeting_on or facts.started_on
    days = max(0, (today - since).days)
    reasons = [_quiet(facts, rules, days), _review(facts, rules, today)]
    if facts.dropped_goals and rules.dropped_goal_is_amber:
        reasons.append(Reason(DROPPED_GOAL, Health.AMBER, {"goals": facts.dropped_goals}))
    if facts.help_asked_on is not None:
        reasons.append(
            Reason(
                HELP_REQUESTED,
                Health.RED,
                {"on": facts.help_asked_on.isoformat(), "side": facts.help_side},
            )
        )
    found = sorted((r for r in reasons if r is not None), key=lambda r: -RANK[r.health])
    health = found[0].health if found else Health.GREEN
    return PairHealth(
        health=health,
        reasons=tuple(found),
        days_quiet=days,
        last_meeting_on=facts.last_meeting_on,
        review_due_on=facts.review_due_on,
    )


def _day(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


def describe(reason: dict[str, Any]) -> str:
    """A reason in words, in the active language (also for reasons the worker stored)."""
    code = reason.get("code")
    if code == QUIET:
        values = {"days": reason["days"], "rhythm": reason["rhythm"]}
        rhythm = (
            ngettext(
                "rhythm: every %(rhythm)d day", "rhythm: every %(rhythm)d days", values["rhythm"]
            )
            % values
        )
        if reason.get("never"):
            text = ngettext(
                "No meeting since the start, %(days)d day ago",
                "No meeting since the start, %(days)d days ago",
                values["days"],
            )
        else:
            text = ngettext(
                "No meeting for %(days)d day", "No meeting for %(days)d days", values["days"]
            )
        return f"{text % values} ({rhythm})"
    if code == REVIEW_OVERDUE:
        return ngettext(
            "Review due on %(due)s not done (%(days)d day late)",
            "Review due on %(due)s not done (%(days)d days late)",
            reason["days"],
        ) % {"due": _day(reason["due"]), "days": reason["days"]}
    if code == DROPPED_GOAL:
        return ngettext(
            "%(goals)d goal dropped at the last review",
            "%(goals)d goals dropped at the last review",
            reason["goals"],
        ) % {"goals": reason["goals"]}
    if code == HELP_REQUESTED:
        values = {"on": _day(reason["on"])}
        if reason.get("side") == Side.MENTOR:
            return _("The mentor asked for help on %(on)s") % values
        return _("The mentee asked for help on %(on)s") % values
    return ""


# --------------------------------------------------------------------------------------------
# The facts of many pairs, read in one query
# --------------------------------------------------------------------------------------------


def with_health_facts(queryset: QuerySet[Mentorship], now: datetime) -> QuerySet[Mentorship]:
    """Mentorships with what the rules need, in one query: the agreement, and as annotations
    ``last_meeting_at``, ``next_meeting_at`` (the next planned one), ``last_review_due``,
    ``dropped_goals``, ``help_asked_at`` and ``help_side``. The rules also read the programme
    and its settings: select them (``programme__mentorship_settings``) or attach them."""
    pair = OuterRef("pk")
    held = Meeting.objects.filter(
        mentorship=pair, status=MeetingStatus.HELD, starts_at__lte=now
    ).order_by("-starts_at")
    planned = Meeting.objects.filter(
        mentorship=pair, status=MeetingStatus.PLANNED, starts_at__gt=now
    ).order_by("starts_at")
    reviews = Review.objects.filter(mentorship=pair).order_by("-due_on")
    dropped = (
        GoalCheck.objects.filter(
            review__mentorship=pair,
            review__due_on=OuterRef("last_review_due"),
            status=GoalStatus.DROPPED,
        )
        .order_by()
        .values("review_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    help_open = HelpRequest.objects.filter(mentorship=pair, resolved_at__isnull=True).order_by(
        "raised_at"
    )
    return queryset.select_related("agreement").annotate(
        last_meeting_at=Subquery(held.values("starts_at")[:1]),
        next_meeting_at=Subquery(planned.values("starts_at")[:1]),
        last_review_due=Subquery(reviews.values("due_on")[:1]),
        dropped_goals=Coalesce(Subquery(dropped[:1], output_field=IntegerField()), Value(0)),
        help_asked_at=Subquery(help_open.values("raised_at")[:1]),
        help_side=Subquery(help_open.values("side")[:1]),
    )


def _agreement(mentorship: Mentorship):
    try:
        return mentorship.agreement
    except Mentorship.agreement.RelatedObjectDoesNotExist:
        return None


def _settings(programme) -> MentorshipSettings | None:
    try:
        return programme.mentorship_settings
    except MentorshipSettings.DoesNotExist:
        return None


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def facts_of(mentorship: Mentorship) -> Facts:
    """The facts of a mentorship read by ``with_health_facts`` (or of any object with the same
    attributes: the caseload reads plain values)."""
    agreement = _agreement(mentorship)
    programme = mentorship.programme
    meetings_per_month = (
        agreement.meetings_per_month if agreement else programme.min_meetings_per_month
    )
    interval_weeks = (
        agreement.review_interval_weeks if agreement else programme.review_interval_weeks
    )
    return Facts(
        started_on=mentorship.started_on,
        meetings_per_month=meetings_per_month,
        last_meeting_on=_local_day(mentorship.last_meeting_at),
        review_due_on=review_due_on(
            started_on=mentorship.started_on,
            interval_weeks=interval_weeks,
            last_due_on=mentorship.last_review_due,
            ends_on=agreement.ends_on if agreement else None,
        ),
        dropped_goals=mentorship.dropped_goals or 0,
        help_asked_on=_local_day(mentorship.help_asked_at),
        help_side=mentorship.help_side or "",
    )


def pair_health(mentorship: Mentorship, today: date) -> PairHealth:
    """The health of a mentorship read by ``with_health_facts``."""
    return health_of(facts_of(mentorship), Rules.of(_settings(mentorship.programme)), today)


def health_now(mentorship_id: int) -> PairHealth:
    """The health of one mentorship now (two queries at most)."""
    now = timezone.now()
    found = (
        with_health_facts(Mentorship.objects.filter(pk=mentorship_id), now)
        .select_related("programme__mentorship_settings")
        .get()
    )
    return pair_health(found, timezone.localdate(now))


def meeting_due_on(facts: Facts) -> date:
    """The day the next meeting is due in the pair's rhythm (the last one held, or the start,
    plus one interval)."""
    since = facts.last_meeting_on or facts.started_on
    return since + timedelta(days=math.ceil(interval_days(facts.meetings_per_month)))
