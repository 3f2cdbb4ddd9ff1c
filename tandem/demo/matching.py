"""The matching layer of the demo: how each programme matches, a few personal wishes and limits,
and the consent to share a limited profile — so that a coordinator can start a match run on
the next cohort of "Newcomers to work — Brussels" (60 mentees ready to match, about 50 mentors
with a free place), read the suggestions and propose pairs. Through the same services as the
pages."""

import random

from tandem.accounts.models import User
from tandem.matching.services import matching_settings_save
from tandem.people import consent
from tandem.people.models import (
    ConsentChannel,
    ConsentPurpose,
    Gender,
    Participant,
    ParticipantRole,
    ParticipantStatus,
)
from tandem.people.services import consent_give, participant_update, person_update
from tandem.programmes.models import Organisation

_SETTINGS = {
    # Young newcomers and retired professionals: the job field and a language first, then a
    # short trip across town; mentors about a generation and a half older.
    "newcomers-brussels": {
        "weight_sector": 6,
        "weight_language": 5,
        "weight_distance": 4,
        "weight_availability": 3,
        "weight_interests": 2,
        "weight_age": 1,
        "weight_waiting": 4,
        "min_language_level": "A2",
        "max_distance_km": 12,
        "min_availability_overlap": 1,
        "objective": "max_score",
        "preferred_age_gap": 35,
    },
    # Working mentees meet mentors from partner companies after work: free time weighs more.
    "throughflow-antwerp": {
        "weight_sector": 7,
        "weight_language": 4,
        "weight_distance": 3,
        "weight_availability": 5,
        "weight_interests": 1,
        "weight_age": 0,
        "weight_waiting": 3,
        "min_language_level": "A2",
        "max_distance_km": 25,
        "min_availability_overlap": 1,
        "objective": "max_matched",
        "preferred_age_gap": 10,
    },
}


def add_matching_layer(rng: random.Random, organisation: Organisation, coordinator: User) -> None:
    for slug, fields in _SETTINGS.items():
        matching_settings_save(programme=organisation.programmes.get(slug=slug), fields=fields)
    ready = (
        Participant.objects.filter(
            programme__organisation=organisation, status=ParticipantStatus.READY_TO_MATCH
        )
        .select_related("person", "programme", "cohort")
        .order_by("pk")
    )
    for participant in ready:
        person = participant.person
        # Asked at the intake; most agree to show their first name, languages and work.
        if rng.random() < 0.85 and not consent.granted(person, ConsentPurpose.MATCH_PROFILE):
            consent_give(
                person=person,
                purpose=ConsentPurpose.MATCH_PROFILE,
                channel=ConsentChannel.IN_PERSON,
                recorded_by=coordinator,
                at=participant.status_changed_at,
            )
        wish, capacity = "", None
        if participant.role == ParticipantRole.MENTEE:
            if person.gender == Gender.WOMAN and rng.random() < 0.2:
                wish = "woman"
        elif participant.programme.slug == "newcomers-brussels" and rng.random() < 0.2:
            capacity = 2
        if wish or capacity:
            participant_update(
                participant=participant,
                cohort=participant.cohort,
                mentor_gender_wish=wish,
                capacity=capacity,
            )
        if rng.random() < 0.1:
            person_update(person=person, fields={"max_distance_km": rng.choice((8, 10))})
