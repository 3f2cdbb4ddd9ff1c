"""Follow-ups after a mentee leaves: planning the three measurement points, and the coordinator
recording what a call gave.

A mentee leaves when their mentorship closes and they become "completed" or "withdrawn" (not
when they go back to "ready to match"). Tandem then plans three follow-ups, due 4 weeks,
6 months and 12 months after the leaving date (``relativedelta``: a month-end clamps, 31 August
+ 6 months = 28/29 February). Each is a task for the coordinator and, with the mentee's
follow-up consent, a survey by e-mail (``tandem.outcomes.services.surveys``).

Planning is idempotent: the database allows one follow-up per kind and leaving date, so a
second signal — or a coordinator pressing the button twice — creates nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.models import Mentorship, MentorshipStatus
from tandem.outcomes.models import (
    EventSource,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Moment,
    SelfAssessment,
)
from tandem.outcomes.records import leaving_date
from tandem.people.consent import persons_granting
from tandem.people.models import (
    ConsentPurpose,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Person,
)

# When each follow-up falls due after leaving.
DUE_AFTER: dict[str, relativedelta] = {
    FollowUpKind.WEEKS_4: relativedelta(weeks=4),
    FollowUpKind.MONTHS_6: relativedelta(months=6),
    FollowUpKind.MONTHS_12: relativedelta(months=12),
}
# A mentee with one of these statuses has left the programme.
LEFT = (ParticipantStatus.COMPLETED, ParticipantStatus.WITHDRAWN)
OPEN = (FollowUpStatus.DUE, FollowUpStatus.UNREACHABLE)


def due_dates(left_on: date) -> dict[str, date]:
    """The due date of each follow-up for someone who left on ``left_on``."""
    return {kind: left_on + delta for kind, delta in DUE_AFTER.items()}


def follow_ups_schedule(*, participant: Participant, left_on: date) -> list[FollowUp]:
    """Plan the three follow-ups of a mentee who left on ``left_on``; return those created now
    (none when they were planned already)."""
    created = []
    for kind, due_on in due_dates(left_on).items():
        # get_or_create survives a concurrent second call: the unique constraint decides.
        follow_up, new = FollowUp.objects.get_or_create(
            participant=participant, kind=kind, left_on=left_on, defaults={"due_on": due_on}
        )
        if new:
            created.append(follow_up)
    return created


@transaction.atomic
def follow_ups_plan(*, participant: Participant, planned_by: User) -> list[FollowUp]:
    """Plan the follow-ups of a mentee who left without the closure of a mentorship planning
    them (withdrawn before a match, or moved by hand). Refused while they are still in the
    programme, and when their follow-ups are planned already."""
    if participant.role != ParticipantRole.MENTEE:
        raise ValidationError(_("Only mentees have follow-ups."), code="not_mentee")
    # The indicators' definition of the leaving date (tandem.outcomes.records).
    left_on = leaving_date(participant)
    if left_on is None:
        raise ValidationError(
            _("This mentee is still in the programme: follow-ups start when they leave."),
            code="not_left",
        )
    created = follow_ups_schedule(participant=participant, left_on=left_on)
    if not created:
        raise ValidationError(_("These follow-ups are planned already."), code="planned")
    return created


@transaction.atomic
def follow_up_record(
    *,
    follow_up: FollowUp,
    recorded_by: User,
    reached: bool,
    note: str = "",
    event: dict | None = None,
) -> FollowUp:
    """Record the result of a follow-up call.

    Reached: ``event`` (date, type and the fields of ``event_record``) becomes a confirmed
    status event from the coordinator, and the follow-up is done. Not reached: the follow-up is
    marked "could not be reached" with ``note`` (required); it stays open, so a later call or
    the survey can still complete it.
    """
    from tandem.outcomes.services.events import event_record

    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if current.status not in OPEN:
        raise ValidationError(_("This follow-up is done already."), code="done")
    note = note.strip()
    now = timezone.now()
    if reached:
        values = dict(event or {})
        recorded = event_record(
            participant=current.participant,
            date=values.pop("date"),
            type=values.pop("type"),
            source=EventSource.COORDINATOR,
            recorded_by=recorded_by,
            **values,
        )
        current.event = recorded
        current.status = FollowUpStatus.DONE
    else:
        if not note:
            raise ValidationError(
                {"note": _("Say in a few words what you tried (for example: called twice).")}
            )
        current.status = FollowUpStatus.UNREACHABLE
    current.note = note[:300]
    current.done_at = now
    current.done_by = recorded_by
    current.save(update_fields=["event", "status", "note", "done_at", "done_by"])
    follow_up.__dict__.update(
        {k: getattr(current, k) for k in ("event_id", "status", "note", "done_at", "done_by_id")}
    )
    return current


# --------------------------------------------------------------------------------------------
# Reads for the coordinator's follow-up list (a constant number of queries)
# --------------------------------------------------------------------------------------------

# A follow-up is "due now" from its due date for this long; after that it is overdue.
DUE_NOW_DAYS = 14
# Upcoming: due within this many days.
UPCOMING_DAYS = 30
# Rows shown per section (the counts say how many there are in all).
SECTION_ROWS = 50


@dataclass(frozen=True)
class Rate:
    kind: str
    label: str
    due: int  # due so far (due date today or earlier)
    answered_by_survey: int
    recorded: int  # done by a coordinator's call
    unreachable: int

    @property
    def responded(self) -> int:
        return self.answered_by_survey + self.recorded

    @property
    def percent(self) -> int | None:
        return round(100 * self.responded / self.due) if self.due else None


def follow_up_sections(follow_ups: QuerySet[FollowUp], today: date) -> dict[str, QuerySet]:
    """The follow-ups of the list, section by section (querysets, not evaluated): due now,
    overdue (the oldest first), could not be reached, upcoming, and done (the latest first)."""
    grace = today - timedelta(days=DUE_NOW_DAYS)
    consenting = persons_granting(Person.objects.all(), ConsentPurpose.FOLLOW_UP)
    rows = follow_ups.select_related(
        "participant__person", "participant__programme", "event"
    ).annotate(may_contact=Exists(consenting.filter(pk=OuterRef("participant__person_id"))))
    due = rows.filter(status=FollowUpStatus.DUE)
    return {
        "due_now": due.filter(due_on__lte=today, due_on__gte=grace).order_by("due_on", "pk"),
        "overdue": due.filter(due_on__lt=grace).order_by("due_on", "pk"),
        "unreachable": rows.filter(status=FollowUpStatus.UNREACHABLE).order_by("-done_at", "pk"),
        "upcoming": due.filter(
            due_on__gt=today, due_on__lte=today + timedelta(days=UPCOMING_DAYS)
        ).order_by("due_on", "pk"),
        "done": rows.filter(status=FollowUpStatus.DONE).order_by("-done_at", "-pk"),
    }


def follow_up_counts(follow_ups: QuerySet[FollowUp], today: date) -> dict[str, int]:
    """How many follow-ups each section has in all (one query)."""
    grace = today - timedelta(days=DUE_NOW_DAYS)
    due = Q(status=FollowUpStatus.DUE)
    return follow_ups.aggregate(
        due_now=Count("pk", filter=due & Q(due_on__lte=today, due_on__gte=grace)),
        overdue=Count("pk", filter=due & Q(due_on__lt=grace)),
        unreachable=Count("pk", filter=Q(status=FollowUpStatus.UNREACHABLE)),
        upcoming=Count(
            "pk", filter=due & Q(due_on__gt=today, due_on__lte=today + timedelta(UPCOMING_DAYS))
        ),
        done=Count("pk", filter=Q(status=FollowUpStatus.DONE)),
    )


def response_rates(follow_ups: QuerySet[FollowUp], today: date) -> list[Rate]:
    """Per kind of follow-up, of those due so far: how many were answered by the survey or
    recorded by a coordinator (the response rate), and how many could not be reached. One
    query."""
    found = {
        row["kind"]: row
        for row in follow_ups.filter(due_on__lte=today)
        .order_by()
        .values("kind")
        .annotate(
            due=Count("pk"),
            survey=Count("pk", filter=Q(status=FollowUpStatus.DONE, answered_at__isnull=False)),
            recorded=Count("pk", filter=Q(status=FollowUpStatus.DONE, answered_at__isnull=True)),
            unreachable=Count("pk", filter=Q(status=FollowUpStatus.UNREACHABLE)),
        )
    }
    rates = []
    for kind, label in FollowUpKind.choices:
        row = found.get(kind, {})
        rates.append(
            Rate(
                kind=kind,
                label=label,
                due=row.get("due", 0),
                answered_by_survey=row.get("survey", 0),
                recorded=row.get("recorded", 0),
                unreachable=row.get("unreachable", 0),
            )
        )
    return rates


def left_without_follow_ups(mentees: QuerySet[Participant]) -> QuerySet[Participant]:
    """Mentees who left (completed or withdrawn, no mentorship running) and have no follow-up
    at all: those who withdrew before a match, or were moved by hand."""
    return (
        mentees.filter(role=ParticipantRole.MENTEE, status__in=LEFT)
        .exclude(Exists(FollowUp.objects.filter(participant=OuterRef("pk"))))
        .exclude(
            Exists(Mentorship.objects.filter(mentee=OuterRef("pk"), status=MentorshipStatus.ACTIVE))
        )
        .select_related("person", "programme")
        .order_by("-status_changed_at", "pk")
    )


def start_self_assessment_missing(mentees: QuerySet[Participant]) -> QuerySet[Participant]:
    """Mentees in a running mentorship who have not answered the self-assessment at the start,
    with when a link was last sent (``link_sent_at``)."""
    return (
        mentees.filter(role=ParticipantRole.MENTEE)
        .filter(
            Exists(Mentorship.objects.filter(mentee=OuterRef("pk"), status=MentorshipStatus.ACTIVE))
        )
        .exclude(
            Exists(SelfAssessment.objects.filter(participant=OuterRef("pk"), moment=Moment.START))
        )
        .annotate(
            link_sent_at=Max(
                "survey_links__created_at", filter=Q(survey_links__moment=Moment.START)
            )
        )
        .select_related("person", "programme")
        .order_by("person__last_name", "person__first_name", "pk")
    )
