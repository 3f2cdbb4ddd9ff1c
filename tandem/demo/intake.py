"""The intake layer of the demo: consents, intake interviews, referrals and eligibility rules,
added to the participants the generator built, through the same services the pages use."""

import random
from datetime import timedelta

from tandem.accounts.models import Membership, Role, User
from tandem.people.models import (
    ConsentChannel,
    ConsentPurpose,
    LabourMarketStatus,
    LifeDomain,
    Participant,
    ParticipantStatus,
    RightToWork,
    StatusChange,
)
from tandem.people.services import (
    consent_give,
    eligibility_rules_save,
    intake_record,
    referral_create,
)
from tandem.programmes.models import Organisation

S = ParticipantStatus
PAST_INTAKE = {S.INTAKE_DONE}

_MOTIVATIONS = {
    "mentee": (
        "Wants a job at the level of the diploma earned at home.",
        "Wants to leave the work-experience contract for a regular job.",
        "Looks for a first job in Belgium and people to ask for advice.",
        "Wants to practise Dutch at work and build a network.",
    ),
    "mentor": (
        "Recently retired; wants to pass on 35 years of experience.",
        "Their company encourages volunteering; mentored interns before.",
        "Came to Belgium as a student once and remembers how hard it was.",
    ),
}
_GOALS = (
    "A permanent job in logistics within a year.",
    "Een vaste job in de bouw, en een rijbewijs.",
    "Trouver un travail dans l'informatique et faire reconnaître mon diplôme.",
    "Work in a hospital again, first as a care assistant.",
    "A job with day shifts so the children can be picked up from school.",
)
_RULES = {
    ("newcomers-brussels", "mentee"): {
        "min_age": 18,
        "max_age": 29,
        "labour_market_statuses": [LabourMarketStatus.UNEMPLOYED, LabourMarketStatus.INACTIVE],
        "right_to_work_required": True,
        "min_language_level": "",
        "postcodes": "1000-1210",
    },
    ("newcomers-brussels", "mentor"): {"min_age": 50, "postcodes": "1000-1999"},
    ("throughflow-antwerp", "mentee"): {
        "labour_market_statuses": [LabourMarketStatus.EMPLOYED],
        "right_to_work_required": True,
        "min_language_level": "A2",
        "postcodes": "2000-2999",
    },
    ("throughflow-antwerp", "mentor"): {"min_age": 23, "postcodes": "2000-2999, 9000-9999"},
}
_PENDING_REFERRALS = (
    (
        "Hawa",
        "Jalloh",
        "+32 489 20 31 42",
        "ff",
        "Cleaner at a social enterprise; wants care work.",
    ),
    ("Dawit", "Gebremariam", "+32 486 55 10 27", "ti", "Forklift licence; contract ends soon."),
    ("Zainab", "Sultani", "+32 471 33 82 90", "prs", "Tailor in Herat; sewing atelier now."),
)


def add_intake_layer(
    rng: random.Random, organisation: Organisation, coordinator: User, partner: Membership
) -> None:
    participants = (
        Participant.objects.filter(programme__organisation=organisation)
        .select_related("person", "programme")
        .order_by("pk")
    )
    for participant in participants:
        changes = list(
            StatusChange.objects.filter(participant=participant).order_by("changed_at", "pk")
        )
        applied_at = changes[0].changed_at
        referred = participant.person.referred_by_id is not None
        channel = (
            ConsentChannel.REFERRAL
            if referred
            else rng.choice(
                (ConsentChannel.ONLINE_FORM, ConsentChannel.PAPER, ConsentChannel.IN_PERSON)
            )
        )
        purposes = [ConsentPurpose.PROGRAMME]
        purposes += [ConsentPurpose.FOLLOW_UP] if rng.random() < 0.75 else []
        purposes += [ConsentPurpose.RESEARCH] if rng.random() < 0.6 else []
        reached = {c.to_status for c in changes}
        if reached & {S.MATCHED, S.ACTIVE, S.COMPLETED}:
            purposes.append(ConsentPurpose.MATCH_PROFILE)
        if participant.role == "mentee" and rng.random() < 0.3:
            purposes.append(ConsentPurpose.EMPLOYERS)
        for purpose in purposes:
            consent_give(
                person=participant.person,
                purpose=purpose,
                channel=channel,
                recorded_by=partner.user if referred else coordinator,
                at=applied_at,
            )
        intake_done = next((c for c in changes if c.to_status == S.INTAKE_DONE), None)
        if intake_done is not None:
            _interview(rng, participant, coordinator, intake_done.changed_at.date())

    for (slug, role), fields in _RULES.items():
        programme = organisation.programmes.get(slug=slug)
        eligibility_rules_save(programme=programme, role=role, fields=fields)

    antwerp = organisation.programmes.get(slug="throughflow-antwerp")
    for first, last, phone, language, note in _PENDING_REFERRALS:
        referral_create(
            partner=partner,
            programme=antwerp,
            fields={
                "first_name": first,
                "last_name": last,
                "phone": phone,
                "contact_channel": "whatsapp",
            },
            languages=[(language, "native"), ("nl", "A2")],
            note=note,
            consents=[ConsentPurpose.PROGRAMME, ConsentPurpose.FOLLOW_UP],
        )


def _interview(rng: random.Random, participant: Participant, coordinator: User, held_on) -> None:
    mentee = participant.role == "mentee"
    antwerp = participant.programme.slug == "throughflow-antwerp"
    if mentee:
        situation = (
            LabourMarketStatus.EMPLOYED
            if antwerp
            else rng.choice(
                (
                    LabourMarketStatus.UNEMPLOYED,
                    LabourMarketStatus.UNEMPLOYED,
                    LabourMarketStatus.INACTIVE,
                )
            )
        )
    else:
        situation = LabourMarketStatus.EMPLOYED if antwerp else LabourMarketStatus.RETIRED
    domains = list(LifeDomain.values)
    intake_record(
        participant=participant,
        held_on=held_on - timedelta(days=0),
        interviewer=coordinator,
        motivation=rng.choice(_MOTIVATIONS[participant.role]),
        goals=rng.choice(_GOALS) if mentee else "",
        languages_checked=True,
        needs=sorted(rng.sample(domains, 3), key=domains.index) if mentee else [],
        labour_market_status=situation,
        right_to_work=rng.choice((RightToWork.FULL,) * 5 + (RightToWork.LIMITED,))
        if mentee
        else RightToWork.UNKNOWN,
    )


def partner_membership(organisation: Organisation) -> Membership:
    return Membership.objects.get(organisation=organisation, role=Role.REFERRAL_PARTNER)
