"""Test data for matching: mentees and mentors ready to match, with what the engine uses."""

import random
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from tandem.matching.models import MatchRun
from tandem.people import gazetteer
from tandem.people.models import Consent, Participant, Person, PersonLanguage
from tandem.programmes.models import Cohort, Programme
from tests import factories

BRUSSELS = (
    "1000",
    "1020",
    "1030",
    "1040",
    "1050",
    "1060",
    "1070",
    "1080",
    "1090",
    "1140",
    "1150",
    "1160",
    "1170",
    "1180",
    "1190",
    "1200",
    "1210",
)
SECTORS = ("F", "C", "H", "I", "Q", "G", "J", "N")
INTERESTS = ("football", "cooking", "music", "chess", "gardening", "running", "films")
TONGUES = ("ar", "ti", "prs", "ps", "uk", "so", "fa")


def run_worker() -> None:
    """Process every queued task as the real worker does, then stop."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def consent(person: Person, purpose: str = "programme") -> Consent:
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        text_version="test",
        channel="paper",
        given_at=timezone.now() - timedelta(days=200),
    )


def participant(
    programme: Programme,
    role: str,
    *,
    status: str = "ready_to_match",
    cohort: Cohort | None = None,
    days: int = 10,
    languages: tuple[tuple[str, str], ...] = (("fr", "B2"),),
    postcode: str = "1000",
    consented: bool = True,
    profile: bool = True,
    **person_fields,
) -> Participant:
    """A person ready to match (or in ``status``) since ``days`` ago, with languages, a home,
    availability and consents."""
    locality = gazetteer.find(postcode) or gazetteer.localities(postcode)[0]
    person_fields.setdefault("availability", ["mon-am", "tue-pm", "wed-eve", "sat-am"])
    person = factories.PersonFactory(
        organisation=programme.organisation,
        postcode=postcode,
        municipality=locality.name,
        latitude=locality.latitude,
        longitude=locality.longitude,
        **person_fields,
    )
    for code, level in languages:
        PersonLanguage.objects.create(person=person, code=code, level=level)
    if consented:
        consent(person)
    if profile:
        consent(person, "match_profile")
    return factories.ParticipantFactory(
        person=person,
        programme=programme,
        role=role,
        status=status,
        cohort=cohort,
        status_changed_at=timezone.now() - timedelta(days=days),
    )


def grow_cohort(
    programme: Programme, cohort: Cohort, *, mentees: int = 60, mentors: int = 45, seed: int = 7
) -> tuple[list[Participant], list[Participant]]:
    """A realistic cohort: mentees with a native language and some French or Dutch, mentors
    with French, Dutch and English; homes all over Brussels; varied sectors and free times."""
    rng = random.Random(seed)
    slots = [f"{d}-{p}" for d in ("mon", "tue", "wed", "thu", "fri", "sat") for p in ("am", "pm")]
    made_mentees = [
        participant(
            programme,
            "mentee",
            cohort=cohort,
            days=rng.randint(1, 120),
            languages=(
                (rng.choice(TONGUES), "native"),
                ("fr", rng.choice(("A2", "B1", "B2"))),
                *((("nl", "A2"),) if rng.random() < 0.3 else ()),
            ),
            postcode=rng.choice(BRUSSELS),
            gender=rng.choice(("woman", "man", "man", "non_binary")),
            birth_year=rng.randint(1990, 2006),
            sectors=rng.sample(SECTORS, 2),
            interests=rng.sample(INTERESTS, 2),
            availability=sorted(rng.sample(slots, 5)),
        )
        for _ in range(mentees)
    ]
    made_mentors = [
        participant(
            programme,
            "mentor",
            days=rng.randint(1, 60),
            languages=(("fr", "native"), ("nl", rng.choice(("B1", "C1"))), ("en", "C1")),
            postcode=rng.choice(BRUSSELS),
            gender=rng.choice(("woman", "man")),
            birth_year=rng.randint(1950, 1985),
            sectors=rng.sample(SECTORS, 2),
            interests=rng.sample(INTERESTS, 3),
            availability=sorted(rng.sample(slots, 6)),
        )
        for _ in range(mentors)
    ]
    for mentor in made_mentors[: mentors // 3]:
        mentor.capacity = 2
        mentor.save(update_fields=["capacity"])
    return made_mentees, made_mentors


def finished(run: MatchRun) -> MatchRun:
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run
