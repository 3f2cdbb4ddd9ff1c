"""Matching objects for the named actors of tests/conftest.py: in A's programme (where the
limited coordinator works) and in A's other programme (where they do not)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tandem.matching.models import (
    MatchingSettings,
    MatchRun,
    PairExclusion,
    PairLock,
    Proposal,
    Suggestion,
)
from tandem.people.models import Consent, Participant
from tests import factories
from tests.conftest import World


@dataclass
class Matching:
    run: MatchRun
    earlier_run: MatchRun
    suggestion: Suggestion  # not proposed yet
    lock: PairLock
    exclusion: PairExclusion
    proposal: Proposal  # world.mentee_participant + world.mentor_participant, pending


def _person_json(participant: Participant) -> dict:
    return {
        "id": f"p{participant.pk}",
        "languages": [{"code": "fr", "level": "B2"}],
        "lat": 50.85,
        "lon": 4.35,
        "availability": ["mon-am"],
        "gender": "unknown",
    }


def _run(programme, mentees, mentors, coordinator, *, ago: int) -> MatchRun:
    run = MatchRun.objects.create(
        programme=programme,
        status="done",
        progress=1.0,
        stage="done",
        created_by=coordinator,
        instance={
            "format": "tandem-match-instance/1",
            "criteria": {"weights": {"language": 1.0, "distance": 1.0}},
            "mentees": [_person_json(p) | {"days_waiting": 3} for p in mentees],
            "mentors": [_person_json(p) | {"capacity": 2} for p in mentors],
            "exclusions": [],
            "locks": [],
        },
        mentee_count=len(mentees),
        mentor_count=len(mentors),
        matched_count=1,
        total_score=80.0,
        groups={
            str(p.pk): {"gender": "woman", "age": "25_34", "language": "ti", "region": "BRU"}
            for p in mentees
        },
    )
    MatchRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=ago))
    run.refresh_from_db()
    return run


def _matching(programme, mentee, mentor, other_mentor, coordinator) -> Matching:
    MatchingSettings.objects.create(programme=programme)
    earlier = _run(programme, [mentee], [mentor, other_mentor], coordinator, ago=2)
    run = _run(programme, [mentee], [mentor, other_mentor], coordinator, ago=1)
    for each in (earlier, run):
        suggestion = Suggestion.objects.create(
            run=each,
            mentee=mentee,
            mentor=mentor,
            score=80.0,
            explanation=[
                {
                    "criterion": "language",
                    "score": 0.8,
                    "points": 40.0,
                    "facts": {"code": "fr", "mentor_level": "B2", "mentee_level": "B2"},
                },
                {"criterion": "distance", "score": 0.8, "points": 40.0, "facts": {"km": 3.2}},
            ],
            alternatives=[[other_mentor.pk, 60.0]],
        )
    proposal = Proposal.objects.create(
        programme=programme,
        run=run,
        mentee=mentee,
        mentor=mentor,
        intro_meeting_at=timezone.now() + timedelta(days=5),
        intro_meeting_place="Tandem office",
        created_by=coordinator,
        created_at=timezone.now(),
    )
    return Matching(
        run=run,
        earlier_run=earlier,
        suggestion=suggestion,
        lock=PairLock.objects.create(programme=programme, mentee=mentee, mentor=mentor),
        exclusion=PairExclusion.objects.create(
            programme=programme, mentee=mentee, mentor=other_mentor, reason="met_before"
        ),
        proposal=proposal,
    )


def add_matching(world: World) -> World:
    """``world.matching`` in A's programme; ``world.other_matching`` in A's other programme."""
    org = world.org
    # The mentor allows the mentee to see a limited profile (first name, languages, sectors).
    Consent.objects.create(
        person=world.mentor_person,
        purpose="match_profile",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )
    other_mentor = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=org, first_name="Ines", last_name="Claes"),
        programme=world.programme,
        role="mentor",
    )
    world.matching = _matching(
        world.programme,
        world.mentee_participant,
        world.mentor_participant,
        other_mentor,
        world.coordinator,
    )
    mentors = [
        factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=org, first_name=first, last_name=last),
            programme=world.other_programme,
            role="mentor",
        )
        for first, last in (("Jan", "Wouters"), ("Sofie", "Maes"))
    ]
    world.other_matching = _matching(
        world.other_programme,
        world.other_programme_participant,
        mentors[0],
        mentors[1],
        world.coordinator,
    )
    return world
