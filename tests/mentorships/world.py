"""A running mentorship with everything around it, for the permission matrix and page tests.

``add_mentorships(world)`` gives ``world.pair`` (world.mentor_participant mentoring
world.mentee_participant in A's programme) and ``world.other_pair`` (in A's other programme, for
the coordinator limited to one programme), plus ``world.support`` (an intervision group of A's
programme with one upcoming session) and ``world.other_support`` (the same in the other
programme).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tandem.community.models import GroupSession, SupportGroup
from tandem.mentorships.models import (
    Agreement,
    Evaluation,
    Goal,
    GoalCheck,
    HelpRequest,
    Meeting,
    Mentorship,
    PrivateNote,
    Review,
)
from tests import factories
from tests.conftest import World


@dataclass
class Pair:
    mentorship: Mentorship
    agreement: Agreement
    goal: Goal
    meeting: Meeting  # held, with a shared note and a private note
    planned_meeting: Meeting
    private_note: PrivateNote
    review: Review
    evaluation: Evaluation  # the mentee's mid-term evaluation
    help_request: HelpRequest  # the mentee's, open


@dataclass
class Support:
    group: SupportGroup
    session: GroupSession


# Words that only staff may read: a test looks for them in pages shown to others.
PRIVATE_NOTE = "Coordinator-only remark about papers"
MENTEE_EVALUATION = "Mentee-only answer about what was hard"
HELP_MESSAGE = "Mentee-only call for help"


def make_pair(programme, mentee, mentor, coordinator, *, started_days_ago: int = 70) -> Pair:
    today = timezone.localdate()
    started = today - timedelta(days=started_days_ago)
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        started_on=started,
        coordinator=coordinator,
    )
    agreement = Agreement.objects.create(
        mentorship=mentorship,
        ends_on=started + timedelta(days=182),
        meetings_per_month=2,
        review_interval_weeks=8,
        mentor_commitments="Meet twice a month.",
        mentee_commitments="Come prepared.",
    )
    goal = Goal.objects.create(
        mentorship=mentorship,
        description="Write a CV in Dutch",
        life_domain="work",
        target_date=today + timedelta(days=30),
        position=1,
    )
    Goal.objects.create(
        mentorship=mentorship,
        description="Open a bank account",
        life_domain="administration",
        target_date=today + timedelta(days=60),
        position=2,
    )
    meeting = Meeting.objects.create(
        mentorship=mentorship,
        status="held",
        starts_at=timezone.now() - timedelta(days=10),
        topics=["work"],
        shared_note="Worked on the CV together.",
        logged_by=coordinator,
    )
    planned = Meeting.objects.create(
        mentorship=mentorship,
        status="planned",
        starts_at=timezone.now() + timedelta(days=4),
        place="Library",
        logged_by=coordinator,
    )
    note = PrivateNote.objects.create(meeting=meeting, text=PRIVATE_NOTE, written_by=coordinator)
    review = Review.objects.create(
        mentorship=mentorship,
        due_on=started + timedelta(weeks=8),
        submitted_at=timezone.now() - timedelta(days=3),
        submitted_by=coordinator,
    )
    GoalCheck.objects.create(review=review, goal=goal, status="progressing", comment="Half done")
    evaluation = Evaluation.objects.create(
        mentorship=mentorship,
        kind="midterm",
        side="mentee",
        satisfaction=4,
        what_was_hard=MENTEE_EVALUATION,
        would_recommend=True,
        submitted_at=timezone.now(),
    )
    help_request = HelpRequest.objects.create(
        mentorship=mentorship, side="mentee", message=HELP_MESSAGE, raised_at=timezone.now()
    )
    return Pair(
        mentorship=mentorship,
        agreement=agreement,
        goal=goal,
        meeting=meeting,
        planned_meeting=planned,
        private_note=note,
        review=review,
        evaluation=evaluation,
        help_request=help_request,
    )


def add_mentorships(world: World) -> World:
    world.pair = make_pair(
        world.programme, world.mentee_participant, world.mentor_participant, world.coordinator
    )
    other_mentor = factories.ParticipantFactory(
        person=factories.PersonFactory(
            organisation=world.org, first_name="Jan", last_name="Wouters"
        ),
        programme=world.other_programme,
        role="mentor",
    )
    world.other_pair = make_pair(
        world.other_programme, world.other_programme_participant, other_mentor, world.coordinator
    )
    world.support = _support(world.programme, world.mentor_participant, "Tuesday mentors")
    world.other_support = _support(world.other_programme, other_mentor, "Throughflow mentors")
    return world


def _support(programme, mentor, name: str) -> Support:
    group = SupportGroup.objects.create(programme=programme, kind="intervision", name=name)
    group.members.add(mentor)
    session = GroupSession.objects.create(
        group=group, starts_at=timezone.now() + timedelta(days=7), place="Tandem office"
    )
    return Support(group=group, session=session)


__all__ = ["Pair", "Support", "add_mentorships", "make_pair"]
