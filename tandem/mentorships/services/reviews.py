"""Reviews: every N weeks of the agreement, the pair checks where each goal stands.

Due dates fall every ``agreement.review_interval_weeks`` weeks from the start, up to the planned
end (or the closure, when earlier). The pair fills in the next one together — from
``REVIEW_OPENS_DAYS`` days before its date, and any time after — or a coordinator records it. A
review that was missed stays due (the pair is reminded and the pair health shows it) until it
is done; a later review covers the missed ones before it.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships import health
from tandem.mentorships.models import Goal, GoalCheck, GoalStatus, Mentorship, Review

# A review can be filled in this many days before it is due (a pair meeting that week).
REVIEW_OPENS_DAYS = 14


class Check(NamedTuple):
    goal: Goal
    status: str
    comment: str = ""


def review_due_dates(mentorship: Mentorship) -> list[date]:
    """Every date a review is due: each interval from the start, up to the planned end (or the
    day the mentorship closed, when earlier). Needs ``mentorship.agreement``."""
    agreement = mentorship.agreement
    step = timedelta(weeks=agreement.review_interval_weeks)
    last = agreement.ends_on
    if mentorship.ended_on is not None:
        last = min(last, mentorship.ended_on)
    dates, due = [], mentorship.started_on + step
    while due <= last:
        dates.append(due)
        due += step
    return dates


def next_review_due(mentorship: Mentorship, today: date | None = None) -> date | None:
    """The earliest due date without a review (past: overdue; future: coming), or None when all
    are done or the mentorship has closed.

    Dates before the latest review done count as covered (the interval may have changed since).
    Uses ``mentorship.reviews.all()``: prefetch it for lists. ``today`` is not needed for the
    answer; it is taken so callers ask every due-date question with the same day.
    """
    if not mentorship.is_active:
        return None
    agreement = mentorship.agreement
    # One definition of the rule, shared with pair health (which needs it without a query).
    return health.review_due_on(
        started_on=mentorship.started_on,
        interval_weeks=agreement.review_interval_weeks,
        last_due_on=max((review.due_on for review in mentorship.reviews.all()), default=None),
        ends_on=agreement.ends_on,
    )


def review_open(mentorship: Mentorship, today: date) -> date | None:
    """The due date of the review the pair can fill in now, or None."""
    due = next_review_due(mentorship, today)
    if due is not None and due - timedelta(days=REVIEW_OPENS_DAYS) <= today:
        return due
    return None


@transaction.atomic
def review_submit(
    *,
    mentorship: Mentorship,
    due_on: date,
    checks: Iterable[Check],
    submitted_by: User,
    note: str = "",
) -> Review:
    """Record the review due on ``due_on``: one check per goal (status and a line of comment).
    Each goal takes the status given. Refused when that review is done already, is not the one
    open now, or a goal is missing."""
    current = (
        # The mentorship row only: PostgreSQL refuses FOR UPDATE on the outer-joined agreement.
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("agreement")
        .get(pk=mentorship.pk)
    )
    if current.reviews.filter(due_on=due_on).exists():
        raise ValidationError(_("This review has already been done."))
    today = timezone.localdate()
    if review_open(current, today) != due_on:
        due = next_review_due(current, today)
        if due is None:
            raise ValidationError(_("No review is due for this mentorship."))
        raise ValidationError(
            _("This review is not open. The next one is due on %(day)s.")
            % {"day": formats.date_format(due)}
        )
    goals = {goal.pk: goal for goal in current.goals.all()}
    checks = list(checks)
    by_goal = {check.goal.pk: check for check in checks}
    if not goals:
        raise ValidationError(_("The agreement has no goals yet: add them first."))
    if len(by_goal) != len(checks) or set(by_goal) != set(goals):
        raise ValidationError(_("Say where each goal of the agreement stands, once."))
    for check in checks:
        if check.status not in GoalStatus.values:
            raise ValidationError(_("Choose one of the goal statuses."))
    review = Review.objects.create(
        mentorship=current,
        due_on=due_on,
        submitted_at=timezone.now(),
        submitted_by=submitted_by,
        note=note.strip(),
    )
    GoalCheck.objects.bulk_create(
        GoalCheck(
            review=review,
            goal_id=goal_pk,
            status=by_goal[goal_pk].status,
            comment=" ".join(by_goal[goal_pk].comment.split())[:300],
        )
        for goal_pk in goals
    )
    for goal_pk, goal in goals.items():
        if goal.status != by_goal[goal_pk].status:
            goal.status = by_goal[goal_pk].status
            goal.save(update_fields=["status"])
    return review
