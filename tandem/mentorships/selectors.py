"""Reads for the staff pages of a pair, always through the access rules and in a fixed number of
queries, however many meetings, reviews or goals a pair has."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from tandem.accounts import access
from tandem.accounts.models import Membership, Role, User
from tandem.mentorships.models import (
    Evaluation,
    Goal,
    GoalCheck,
    HelpRequest,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
    Review,
    Signature,
)
from tandem.people.models import Participant, ParticipantRole
from tandem.people.models import ParticipantStatus as S
from tandem.programmes.models import Programme

MEETINGS_SHOWN = 10


def programme_staff(programme: Programme) -> QuerySet[User]:
    """The users who may be a pair's contact person: the programme's admins and coordinators
    (those covering every programme, and those assigned to this one)."""
    staff = Membership.objects.filter(
        organisation_id=programme.organisation_id,
        is_active=True,
        role__in=(Role.ADMIN, Role.COORDINATOR),
    ).filter(Q(role=Role.ADMIN) | Q(all_programmes=True) | Q(programmes=programme))
    return User.objects.filter(pk__in=staff.values("user_id"), is_active=True).order_by(
        "name", "email"
    )


def mentorship_for_staff(membership: Membership, pk: int, action: str = access.VIEW) -> Mentorship:
    """One mentorship with its programme, both people and the agreement (404 if not theirs)."""
    return access.get_object(
        membership,
        Mentorship.objects.select_related(
            "programme__organisation",
            "mentor__person",
            "mentee__person",
            "coordinator",
            "closed_by",
            "agreement",
        ),
        action,
        pk=pk,
    )


def mentees_ready(membership: Membership, programme: Programme) -> QuerySet[Participant]:
    """The programme's mentees ready to match: those whose last mentorship ended early first,
    then the longest waiting."""
    return (
        access.scope(membership, Participant, access.CHANGE)
        .filter(programme=programme, role=ParticipantRole.MENTEE, status=S.READY_TO_MATCH)
        .select_related("person")
        .order_by("-match_priority", "status_changed_at", "pk")
    )


def mentors_with_place(membership: Membership, programme: Programme) -> QuerySet[Participant]:
    """The programme's mentors who can take a mentee now: ready to match, or already mentoring
    with a free place (their own number of mentees, else the programme's)."""
    return (
        access.scope(membership, Participant, access.CHANGE)
        .filter(
            programme=programme,
            role=ParticipantRole.MENTOR,
            status__in=(S.READY_TO_MATCH, S.MATCHED, S.ACTIVE),
        )
        .annotate(
            running=Count(
                "mentorships_as_mentor",
                filter=Q(mentorships_as_mentor__status=MentorshipStatus.ACTIVE),
            )
        )
        .filter(running__lt=Coalesce(F("capacity"), Value(programme.default_mentees_per_mentor)))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def mentor_other_running(mentorship: Mentorship) -> int:
    """How many other running mentorships the mentor has (a mentor with none left completes)."""
    return (
        Mentorship.objects.filter(mentor_id=mentorship.mentor_id, status=MentorshipStatus.ACTIVE)
        .exclude(pk=mentorship.pk)
        .count()
    )


@dataclass
class MeetingLine:
    meeting: Meeting
    private_note: PrivateNote | None


@dataclass
class PairPage:
    """Everything the staff page of a pair shows."""

    mentorship: Mentorship
    signatures: dict[str, Signature]
    goals: list[Goal]
    meetings: list[MeetingLine]
    held_count: int
    reviews: list[Review]
    evaluations: list[Evaluation]
    help_requests: list[HelpRequest]
    staff: QuerySet[User]


def pair_page(membership: Membership, pk: int) -> PairPage:
    """The staff page of a pair, in a fixed number of queries."""
    mentorship = mentorship_for_staff(membership, pk)
    signatures = (
        access.scope(membership, Signature)
        .filter(agreement__mentorship=mentorship)
        .select_related("recorded_by")
    )
    all_meetings = access.scope(membership, Meeting).filter(mentorship=mentorship)
    meetings = list(all_meetings.select_related("logged_by")[:MEETINGS_SHOWN])
    notes = {
        note.meeting_id: note
        for note in access.scope(membership, PrivateNote)
        .filter(meeting__in=[m.pk for m in meetings])
        .select_related("written_by")
    }
    reviews = (
        access.scope(membership, Review)
        .filter(mentorship=mentorship)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("checks", queryset=GoalCheck.objects.select_related("goal")),
        )
    )
    return PairPage(
        mentorship=mentorship,
        signatures={s.signatory: s for s in signatures},
        goals=list(access.scope(membership, Goal).filter(mentorship=mentorship)),
        meetings=[MeetingLine(m, notes.get(m.pk)) for m in meetings],
        held_count=all_meetings.filter(status=MeetingStatus.HELD).count(),
        reviews=list(reviews),
        evaluations=list(
            access.scope(membership, Evaluation)
            .filter(mentorship=mentorship)
            .select_related("submitted_by")
        ),
        help_requests=list(
            access.scope(membership, HelpRequest)
            .filter(mentorship=mentorship, resolved_at__isnull=True)
            .select_related("raised_by")
        ),
        staff=programme_staff(mentorship.programme),
    )
