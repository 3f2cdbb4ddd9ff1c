"""The outcomes layer of the demo: what became of the mentees, so that the outcome dashboards,
the follow-up list and the ESF+ figures have something to show.

Every mentee who reached a mentorship or left (matched, active, completed, withdrawn) gets a
situation at entry, recorded at their intake: the Brussels newcomers mostly unemployed (some
since long before they entered) or inactive, the Antwerp mentees in a subsidised social-economy
job, as their intake interview says; almost all of a foreign background, most third-country
nationals, a few with a disability, excluded from housing or living outside the city. Most of
them consented to follow-up contact and to research use (asked again at the intake when they
had not ticked it on the application), so the figures, which count consenting mentees only, are
not empty.

Those who left get dated, confirmed events: a few facts during the mentorship (a language
course, a try-out placement, a certificate, a recognised diploma), then what they did after
leaving — a job (fixed-term, temporary agency, some permanent; mostly regular economy; the ISCO
group and skill level of their own occupation), a training, or still looking — with the three
follow-ups planned from the leaving date: those that fell due mostly done with the event they
gave, one or two overdue, one not reached. Self-assessments at the start and, for those who
left, at the end, with a modest gain. The demo mentor has told news about the demo mentee that
waits for the coordinator's confirmation.

The history lies in the past, which the services — stamping "now" — cannot write; so this layer
writes the rows itself with the services' rules (events from the entry date up to today, job
fields only on a job, the ISCO skill level from the occupation: ``event_errors`` checks each
event). No e-mail is sent. Deterministic: every choice comes from the generator's seeded random.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.mentorships.models import ClosureReason, Mentorship, MentorshipStatus
from tandem.outcomes.models import (
    Contract,
    Economy,
    EntryProfile,
    EventSource,
    EventStatus,
    EventType,
    FollowUp,
    FollowUpStatus,
    Moment,
    SelfAssessment,
    Situation,
    StatusEvent,
)
from tandem.outcomes.records import leaving_dates
from tandem.outcomes.services.events import JOB_FIELDS, event_errors, isco_skill_levels
from tandem.outcomes.services.followups import DUE_NOW_DAYS, follow_ups_schedule
from tandem.outcomes.services.surveys import outcome_settings_for, statements
from tandem.people.consent import granted
from tandem.people.models import (
    ConsentChannel,
    ConsentPurpose,
    LabourMarketStatus,
    Participant,
    ParticipantRole,
)
from tandem.people.models import ParticipantStatus as S
from tandem.people.services import consent_give
from tandem.programmes.models import Organisation

BRUSSELS = "newcomers-brussels"
# Mentees the layer covers: they reached a mentorship, or left.
REACHED = (S.MATCHED, S.ACTIVE, S.COMPLETED, S.WITHDRAWN)
# Citizens of these countries are no third-country nationals (none of the demo's origins is).
EU = frozenset(
    (
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    )
)

# A job for someone whose occupation is unknown (little work experience): ISCO sub-major groups
# newcomers often start in.
_FIRST_JOBS = ("91", "52", "94", "93", "51", "43", "83")
# The sector (NACE section) of each occupation, when the person's own sectors say nothing.
_SECTOR_OF = {
    "21": "M",
    "22": "Q",
    "23": "P",
    "24": "M",
    "25": "J",
    "41": "N",
    "43": "H",
    "51": "I",
    "52": "G",
    "53": "Q",
    "61": "A",
    "71": "F",
    "72": "C",
    "74": "F",
    "75": "C",
    "82": "C",
    "83": "H",
    "91": "N",
    "92": "A",
    "93": "H",
    "94": "I",
    "96": "E",
}
_EMPLOYERS = {
    Economy.REGULAR: (
        "Logistiek Schelde NV",
        "Bouwbedrijf Vermeulen",
        "Hotel du Sablon",
        "Brussels Care Services",
        "Supermarché Midi",
        "Techniek Zuid BV",
        "Cleaning Partners Belgium",
        "Interim Plus (temporary work agency)",
    ),
    Economy.SOCIAL: (
        "Kringloop Zuid vzw",
        "Groendienst Antwerpen vzw",
        "Restaurant Solidair",
        "Atelier Bruxelles-Ouest asbl",
    ),
}
_DURING = {
    BRUSSELS: (
        (EventType.EDUCATION_OR_TRAINING, "", "French course at the adult-education centre"),
        (EventType.EDUCATION_OR_TRAINING, "", "Dutch course (NT2), two evenings a week"),
        (EventType.VOLUNTEERING, "", "Volunteers at the food bank on Saturdays"),
        (EventType.INTERNSHIP, "Hotel du Sablon", "Two-week try-out placement in the kitchen"),
    ),
    "throughflow-antwerp": (
        (EventType.QUALIFICATION_GAINED, "", "Forklift certificate"),
        (EventType.QUALIFICATION_GAINED, "", "VCA basic safety certificate"),
        (EventType.QUALIFICATION_GAINED, "", "Dutch at level B1 (certificate)"),
    ),
}
_TRAININGS = (
    "Vocational training as a care assistant",
    "Training as a logistics worker (forklift, warehouse software)",
    "Bridging course towards the recognition of the diploma",
    "Vocational training in electricity",
)
_UNREACHABLE = "Called twice and sent a text message; no answer."


@dataclass
class _Mentee:
    participant: Participant
    entry: date
    started: date | None  # the first mentorship (or the day they were matched)
    left: date | None
    closure_reason: str = ""
    events: list[StatusEvent] = field(default_factory=list)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return min(moment, timezone.now())


def _moved_to(participant: Participant, status: str) -> date | None:
    found = [c for c in participant.status_changes.all() if c.to_status == status]
    return timezone.localdate(found[0].changed_at) if found else None


def _entry_date(participant: Participant) -> date:
    """Entry is recorded at the intake interview; without one, the day they applied."""
    intake = min((i.held_on for i in participant.intakes.all()), default=None)
    applied = min(timezone.localdate(c.changed_at) for c in participant.status_changes.all())
    return intake or _moved_to(participant, S.INTAKE_DONE) or applied


def _consents(rng: random.Random, mentee: _Mentee, coordinator: User) -> None:
    """Most mentees who had not ticked follow-up contact or research use on the application
    agreed at the intake interview."""
    person = mentee.participant.person
    for purpose in (ConsentPurpose.FOLLOW_UP, ConsentPurpose.RESEARCH):
        if not granted(person, purpose) and rng.random() < 0.7:
            consent_give(
                person=person,
                purpose=purpose,
                channel=ConsentChannel.IN_PERSON,
                recorded_by=coordinator,
                at=_at(mentee.entry, 11),
            )


def _entry_profile(rng: random.Random, mentee: _Mentee, coordinator: User) -> EntryProfile:
    participant = mentee.participant
    person = participant.person
    brussels = participant.programme.slug == BRUSSELS
    intake = max(participant.intakes.all(), key=lambda i: (i.held_on, i.pk), default=None)
    said = intake.labour_market_status if intake else ""
    if said in (LabourMarketStatus.EMPLOYED, LabourMarketStatus.SELF_EMPLOYED) or not brussels:
        situation = Situation.EMPLOYED
    elif said == LabourMarketStatus.INACTIVE:
        situation = Situation.INACTIVE
    else:
        situation = Situation.UNEMPLOYED
    fields: dict = {}
    if situation == Situation.UNEMPLOYED:
        # Newcomers look for work from their arrival or their right to work: weeks to years.
        fields["unemployed_since"] = mentee.entry - timedelta(days=rng.randint(30, 800))
    if situation == Situation.EMPLOYED:
        # The throughflow programme: a subsidised work-experience job in the social economy.
        levels = isco_skill_levels(person.occupation) if person.occupation else ()
        fields.update(
            contract=Contract.SUBSIDISED,
            full_time=rng.random() < 0.6,
            isco_skill_level=levels[0] if levels else rng.choice((1, 1, 2)),
        )
    abroad = bool(person.country_of_origin) and person.country_of_origin != "BE"
    # Some of the Antwerp mentees, in Belgium for longer, are Belgian citizens by now.
    citizen_share = 0.05 if brussels else 0.35
    far_out = not person.postcode.startswith(("20", "21"))
    return EntryProfile.objects.create(
        participant=participant,
        entry_date=mentee.entry,
        situation=situation,
        disability=rng.random() < 0.06,
        third_country_national=abroad
        and person.country_of_origin not in EU
        and rng.random() >= citizen_share,
        foreign_background=abroad,
        minority=False,
        homeless_or_housing_exclusion=rng.random() < (0.12 if brussels else 0.05),
        rural=not brussels and far_out and rng.random() < 0.3,
        recorded_by=coordinator,
        **fields,
    )


def _event(
    mentee: _Mentee,
    day: date,
    type: str,
    by: User | None,
    *,
    recorded: date | None = None,
    source: str = EventSource.COORDINATOR,
    status: str = EventStatus.CONFIRMED,
    **fields,
) -> StatusEvent:
    """A status event as ``event_record`` would save it, dated ``day`` and recorded on
    ``recorded`` (default: that day)."""
    today = timezone.localdate()
    if not mentee.entry <= day <= today:
        raise ValueError(f"Demo event on {day}: outside {mentee.entry}–{today}.")
    values = {name: fields.get(name) for name in (*JOB_FIELDS, "note")}
    for name in ("contract", "isco", "nace", "employer", "economy", "note"):
        values[name] = values[name] or ""
    errors = event_errors(type=type, values=values)
    if errors:
        raise ValueError(f"Demo event {type}: {errors}")
    event = StatusEvent.objects.create(
        participant=mentee.participant,
        date=day,
        type=type,
        source=source,
        status=status,
        recorded_by=by,
        recorded_at=_at(min(recorded or day, today), 16, 30),
        # As event_record: a coordinator's confirmed event is confirmed by them.
        confirmed_by=by
        if status == EventStatus.CONFIRMED and source == EventSource.COORDINATOR
        else None,
        **values,
    )
    mentee.events.append(event)
    return event


def _during(rng: random.Random, mentee: _Mentee, coordinator: User, today: date) -> None:
    """A fact or two told during the mentorship, for about a third of the mentees."""
    if mentee.started is None or rng.random() >= 0.35:
        return
    end = min(mentee.left or today, today)
    if (end - mentee.started).days < 20:
        return
    day = mentee.started + timedelta(days=rng.randint(14, (end - mentee.started).days))
    kind, employer, note = rng.choice(_DURING[mentee.participant.programme.slug])
    _event(mentee, day, kind, coordinator, employer=employer, note=note)
    graduate = (mentee.participant.person.education_level or 0) >= 6
    if graduate and mentee.participant.programme.slug == BRUSSELS and rng.random() < 0.5:
        _event(
            mentee,
            min(day + timedelta(days=20), end),
            EventType.DIPLOMA_RECOGNISED,
            coordinator,
            note="Bachelor's degree recognised as equivalent (NARIC)",
        )


def _job(rng: random.Random, mentee: _Mentee, *, economy: str, contract: str) -> dict:
    person = mentee.participant.person
    isco = person.occupation or rng.choice(_FIRST_JOBS)
    full_time = rng.random() < (0.55 if contract != Contract.TEMPORARY_AGENCY else 0.8)
    return {
        "contract": contract,
        "full_time": full_time,
        "hours_per_week": 38 if full_time else rng.choice((19, 24, 30)),
        "isco": isco,
        "nace": (person.sectors or [""])[0] or _SECTOR_OF.get(isco, "N"),
        "employer": rng.choice(_EMPLOYERS[economy]),
        "economy": economy,
    }


def _outcome(rng: random.Random, mentee: _Mentee) -> tuple[str, dict]:
    """What a mentee who left did next: the event type and its fields."""
    brussels = mentee.participant.programme.slug == BRUSSELS
    found_work = mentee.closure_reason == ClosureReason.FOUND_WORK
    roll = 0.0 if found_work else rng.random()
    if brussels:
        if roll < 0.45:
            contract = rng.choices(
                (Contract.FIXED_TERM, Contract.TEMPORARY_AGENCY, Contract.PERMANENT), (4, 3, 3)
            )[0]
            economy = Economy.SOCIAL if rng.random() < 0.15 else Economy.REGULAR
            return EventType.EMPLOYED, _job(rng, mentee, economy=economy, contract=contract)
        if roll < 0.65:
            return EventType.EDUCATION_OR_TRAINING, {"note": rng.choice(_TRAININGS)}
        if roll < 0.92:
            return EventType.JOB_SEARCHING, {}
        return EventType.VOLUNTEERING, {"note": "Volunteers at a community centre"}
    # Throughflow: on to the regular economy, or still in (another) social-economy job.
    if roll < 0.55:
        contract = rng.choices(
            (Contract.FIXED_TERM, Contract.TEMPORARY_AGENCY, Contract.PERMANENT), (4, 2, 4)
        )[0]
        return EventType.EMPLOYED, _job(rng, mentee, economy=Economy.REGULAR, contract=contract)
    if roll < 0.8:
        job = _job(rng, mentee, economy=Economy.SOCIAL, contract=Contract.SUBSIDISED)
        return EventType.EMPLOYED, job
    if roll < 0.95:
        return EventType.JOB_SEARCHING, {"note": "The work-experience contract ended."}
    return EventType.EDUCATION_OR_TRAINING, {"note": rng.choice(_TRAININGS)}


def _after_leaving(rng: random.Random, mentee: _Mentee, coordinator: User, today: date) -> None:
    """The situation after leaving (most told within four weeks), a qualification for some."""
    left = mentee.left
    assert left is not None
    kind, fields = _outcome(rng, mentee)
    if mentee.closure_reason == ClosureReason.FOUND_WORK:
        day = max(mentee.entry, left - timedelta(days=rng.randint(0, 20)))
    else:
        day = left + timedelta(days=rng.randint(0, 28))
    if day <= today and rng.random() < 0.9:
        _event(mentee, day, kind, coordinator, **fields)
    if kind == EventType.EDUCATION_OR_TRAINING or rng.random() < 0.15:
        done = left - timedelta(days=rng.randint(0, 30))
        if mentee.entry <= done <= today:
            note = rng.choice(("Dutch at level A2 (certificate)", "VCA basic safety certificate"))
            _event(mentee, done, EventType.QUALIFICATION_GAINED, coordinator, note=note)


def _situation_on(mentee: _Mentee, day: date) -> StatusEvent | None:
    found = [
        e
        for e in mentee.events
        if e.type not in (EventType.QUALIFICATION_GAINED, EventType.DIPLOMA_RECOGNISED)
        and e.status == EventStatus.CONFIRMED
        and e.date <= day
    ]
    return max(found, key=lambda e: (e.date, e.pk)) if found else None


def _answer(rng, mentee: _Mentee, follow_up: FollowUp, coordinator: User, today: date) -> None:
    """A follow-up done: the mentee's answer (by the survey when they may be contacted, else by
    the coordinator's call) becomes an event, linked to the follow-up."""
    day = min(follow_up.due_on + timedelta(days=rng.randint(0, 9)), today)
    current = _situation_on(mentee, day)
    if current is not None:
        kind = current.type
        fields = {name: getattr(current, name) for name in (*JOB_FIELDS, "note")}
    else:
        kind, fields = EventType.JOB_SEARCHING, {}
    if kind == EventType.JOB_SEARCHING and rng.random() < 0.3:
        # Found work since the last news.
        contract = rng.choice((Contract.FIXED_TERM, Contract.TEMPORARY_AGENCY))
        kind, fields = (
            EventType.EMPLOYED,
            _job(rng, mentee, economy=Economy.REGULAR, contract=contract),
        )
    person = mentee.participant.person
    by_survey = granted(person, ConsentPurpose.FOLLOW_UP) and rng.random() < 0.6
    if by_survey:
        event = _event(mentee, day, kind, None, source=EventSource.SURVEY, **fields)
        follow_up.survey_sent_at = _at(follow_up.due_on, 9)
        follow_up.answered_at = _at(day, 19)
        follow_up.done_at = follow_up.answered_at
    else:
        event = _event(mentee, day, kind, coordinator, **fields)
        follow_up.done_at = _at(day, 16, 30)
        follow_up.done_by = coordinator
    follow_up.status = FollowUpStatus.DONE
    follow_up.event = event
    follow_up.save()


def _follow_ups(rng, leavers: list[_Mentee], coordinator: User, today: date) -> Counter:
    """Plan each leaver's follow-ups; of those that fell due, leave the last two weeks' half
    to do, two overdue and one not reached; the rest are done."""
    planned = [
        (mentee, follow_up)
        for mentee in leavers
        for follow_up in follow_ups_schedule(participant=mentee.participant, left_on=mentee.left)
    ]
    grace = today - timedelta(days=DUE_NOW_DAYS)
    older = [(m, f) for m, f in planned if f.due_on < grace]
    overdue = set(rng.sample(range(len(older)), min(2, len(older))))
    rest = [i for i in range(len(older)) if i not in overdue]
    unreachable = set(rng.sample(rest, min(1, len(rest))))
    tally: Counter = Counter()
    for index, (mentee, follow_up) in enumerate(older):
        if index in overdue:
            tally["overdue"] += 1
        elif index in unreachable:
            follow_up.status = FollowUpStatus.UNREACHABLE
            follow_up.note = _UNREACHABLE
            follow_up.done_at = _at(follow_up.due_on + timedelta(days=3), 15)
            follow_up.done_by = coordinator
            follow_up.save()
            tally["unreachable"] += 1
        else:
            _answer(rng, mentee, follow_up, coordinator, today)
            tally["done"] += 1
    for mentee, follow_up in planned:
        if grace <= follow_up.due_on <= today and rng.random() < 0.5:
            _answer(rng, mentee, follow_up, coordinator, today)
            tally["done"] += 1
    tally["planned"] = len(planned)
    return tally


def _self_assessments(rng: random.Random, mentee: _Mentee, today: date) -> int:
    """At the start (most answer) and, for those who left, at the end: a point or so better."""
    english = statements(outcome_settings_for(mentee.participant.programme), "en")
    start_day = mentee.started or mentee.entry
    if rng.random() >= 0.85 or start_day > today:
        return 0
    start = [rng.choice((1, 2, 2, 3, 3, 3, 4)) for _ in english]
    SelfAssessment.objects.create(
        participant=mentee.participant,
        moment=Moment.START,
        statements=english,
        scores=start,
        answered_at=_at(min(start_day + timedelta(days=rng.randint(0, 10)), today), 20),
    )
    if mentee.left is None or mentee.started is None or rng.random() >= 0.75:
        return 1
    end = [max(1, min(5, score + rng.choice((-1, 0, 0, 1, 1, 1, 2)))) for score in start]
    SelfAssessment.objects.create(
        participant=mentee.participant,
        moment=Moment.END,
        statements=english,
        scores=end,
        answered_at=_at(min(mentee.left + timedelta(days=rng.randint(0, 12)), today), 20),
    )
    return 2


def _mentor_news(mentees: list[_Mentee], today: date) -> int:
    """The demo mentor tells that the demo mentee starts a try-out placement: proposed, for
    the coordinator to confirm."""
    mentor = User.objects.filter(email="mentor@demo.example.org").first()
    pair = Mentorship.objects.filter(
        mentor__person__user=mentor, status=MentorshipStatus.ACTIVE
    ).first()
    mentee = next((m for m in mentees if pair and m.participant.pk == pair.mentee_id), None)
    if mentee is None:
        return 0
    _event(
        mentee,
        max(mentee.entry, today - timedelta(days=3)),
        EventType.INTERNSHIP,
        mentor,
        recorded=today - timedelta(days=2),
        source=EventSource.MENTOR,
        status=EventStatus.PROPOSED,
        note="Starts a two-week try-out placement in a hotel kitchen next Monday.",
    )
    return 1


def add_outcomes_layer(
    rng: random.Random, organisation: Organisation, coordinator: User
) -> dict[str, int]:
    """Add the outcomes of the demo's mentees who reached a mentorship or left (runs after the
    mentorships layer); return how many rows of each kind it wrote."""
    today = timezone.localdate()
    found = (
        Participant.objects.filter(
            programme__organisation=organisation, role=ParticipantRole.MENTEE
        )
        .filter(Q(status__in=REACHED) | Q(mentorships_as_mentee__isnull=False))
        .distinct()
        .select_related("person", "programme")
        .prefetch_related("status_changes", "intakes", "mentorships_as_mentee")
        .order_by("pk")
    )
    participants = list(found)
    leaving = leaving_dates(Participant.objects.filter(pk__in=[p.pk for p in participants]))
    mentees = []
    for participant in participants:
        pairs = sorted(participant.mentorships_as_mentee.all(), key=lambda m: (m.started_on, m.pk))
        closed = [m for m in pairs if m.status != MentorshipStatus.ACTIVE]
        mentees.append(
            _Mentee(
                participant=participant,
                entry=_entry_date(participant),
                started=pairs[0].started_on if pairs else _moved_to(participant, S.MATCHED),
                left=leaving.get(participant.pk),
                closure_reason=closed[-1].closure_reason if closed else "",
            )
        )
    tally: Counter = Counter()
    for mentee in mentees:
        _consents(rng, mentee, coordinator)
        _entry_profile(rng, mentee, coordinator)
        _during(rng, mentee, coordinator, today)
        if mentee.left is not None:
            _after_leaving(rng, mentee, coordinator, today)
        tally["self_assessments"] += _self_assessments(rng, mentee, today)
    leavers = [m for m in mentees if m.left is not None]
    tally.update(
        {f"follow_ups_{k}": v for k, v in _follow_ups(rng, leavers, coordinator, today).items()}
    )
    tally["proposed"] = _mentor_news(mentees, today)
    tally["entry_profiles"] = len(mentees)
    tally["leavers"] = len(leavers)
    tally["events"] = sum(len(m.events) for m in mentees)
    return dict(tally)


__all__ = ["add_outcomes_layer"]
