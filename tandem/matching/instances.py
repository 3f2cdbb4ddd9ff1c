"""From the database to a match instance (the engine's JSON), and back from its ids.

Who is matched:
- mentees: mentee participants of the programme (or of one cohort) who are "ready to match",
  have a standing consent to take part in the programme, and wait for no proposal already;
- mentors: mentor participants of the programme who are "ready to match", "matched" or
  "active", have a standing consent, and a free place: their capacity (their own, or the
  programme's number of mentees per mentor) minus their running mentorships and the proposals
  waiting for their answer.

Ids in the instance are opaque ("p" + the participant's id), never names. The time a mentee
has waited runs from the moment they became ready to match.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from tandem.matching import engine
from tandem.matching.groups import groups_of
from tandem.matching.models import (
    MatchingSettings,
    PairExclusion,
    PairLock,
    Proposal,
    ProposalStatus,
)
from tandem.people.models import (
    Consent,
    ConsentPurpose,
    Gender,
    Participant,
    ParticipantRole,
    ParticipantStatus,
)
from tandem.programmes.models import Cohort, Programme

S = ParticipantStatus
MENTOR_STATUSES = (S.READY_TO_MATCH, S.MATCHED, S.ACTIVE)
# A mentor counted by their status although no mentorship of theirs is recorded in Tandem
# (pairs from before Tandem, or from an import) has at least this one mentee.
BUSY_STATUSES = (S.MATCHED, S.ACTIVE)


def participant_id(pk: int) -> str:
    return f"p{pk}"


def participant_pk(instance_id: str) -> int:
    if not (instance_id.startswith("p") and instance_id[1:].isdigit()):
        raise ValueError(f"not a participant id: {instance_id!r}")
    return int(instance_id[1:])


def settings_for(programme: Programme) -> MatchingSettings:
    """The programme's matching settings; the defaults (unsaved) until a coordinator saves them."""
    found = MatchingSettings.objects.filter(programme=programme).first()
    return found or MatchingSettings(programme=programme)


def _consented() -> Exists:
    return Exists(
        Consent.objects.filter(
            person_id=OuterRef("person_id"),
            purpose=ConsentPurpose.PROGRAMME,
            withdrawn_at__isnull=True,
        )
    )


def _pending(side: str) -> QuerySet[Proposal]:
    return Proposal.objects.filter(**{side: OuterRef("pk")}, status=ProposalStatus.PENDING)


def mentees_to_match(programme: Programme, cohort: Cohort | None = None) -> QuerySet[Participant]:
    """The mentees a run of this programme (or cohort) matches."""
    mentees = Participant.objects.filter(
        programme=programme, role=ParticipantRole.MENTEE, status=S.READY_TO_MATCH
    )
    if cohort is not None:
        mentees = mentees.filter(cohort=cohort)
    return mentees.filter(_consented()).exclude(Exists(_pending("mentee")))


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated count as an integer column (0 when there is none)."""
    return Coalesce(Subquery(queryset, output_field=IntegerField()), Value(0))


def with_load(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Mentor participants annotated with ``load``: how many mentees they have now — their
    running mentorships plus the proposals waiting for answers, and at least one for a mentor
    "matched" or "active" whose mentorship is not recorded in Tandem — and ``places``, their
    capacity (their own, or the programme's number of mentees per mentor).

    Mentorships belong to a later app; they are counted through the relation's name so this
    module does not import it (DESIGN.md: dependencies go one way).
    """
    running = (
        Participant.objects.filter(pk=OuterRef("pk"))
        .annotate(
            n=Count("mentorships_as_mentor", filter=Q(mentorships_as_mentor__status="active"))
        )
        .values("n")
    )
    pending = (
        Proposal.objects.filter(mentor=OuterRef("pk"), status=ProposalStatus.PENDING)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    busy = Case(When(status__in=BUSY_STATUSES, then=Value(1)), default=Value(0))
    return participants.annotate(
        load=Greatest(_count(running) + _count(pending), busy),
        places=Coalesce("capacity", "programme__default_mentees_per_mentor"),
    )


def free_places(mentor: Participant) -> int:
    """A mentor's free places now."""
    current = with_load(Participant.objects.filter(pk=mentor.pk)).get()
    return max(0, current.places - current.load)


def mentors_to_match(programme: Programme) -> QuerySet[Participant]:
    """The mentors a run of this programme offers: all with a free place, annotated with
    ``load`` and ``places``."""
    return (
        with_load(
            Participant.objects.filter(
                programme=programme, role=ParticipantRole.MENTOR, status__in=MENTOR_STATUSES
            ).filter(_consented())
        )
        .filter(places__gt=F("load"))
        .order_by("pk")
    )


def _gender(value: str) -> str:
    return value if value in (Gender.WOMAN, Gender.MAN, Gender.NON_BINARY) else "unknown"


def _person_json(participant: Participant) -> dict:
    person = participant.person
    located = person.latitude is not None and person.longitude is not None
    interests = sorted({" ".join(str(x).split()).casefold() for x in person.interests} - {""})
    return {
        "id": participant_id(participant.pk),
        "languages": [{"code": pl.code, "level": pl.level} for pl in person.languages.all()],
        "lat": person.latitude if located else None,
        "lon": person.longitude if located else None,
        "max_distance_km": person.max_distance_km,
        "availability": list(person.availability),
        "sectors": sorted(person.sectors),
        "isco": person.occupation or None,
        "interests": interests,
        "gender": _gender(person.gender),
        "birth_year": person.birth_year or (person.birth_date.year if person.birth_date else None),
    }


def criteria_json(settings: MatchingSettings) -> dict:
    return {
        "weights": {name: float(weight) for name, weight in settings.weights.items()},
        "min_language_level": settings.min_language_level,
        "max_distance_km": settings.max_distance_km,
        "min_availability_overlap": settings.min_availability_overlap,
        "objective": settings.objective,
        "preferred_age_gap": settings.preferred_age_gap,
    }


@dataclass
class Built:
    """An instance ready for ``engine.load``, and what the run keeps beside it."""

    data: dict
    groups: dict[str, dict[str, str]] = field(default_factory=dict)
    # Locks that could not be kept: [{"mentee": pk, "mentor": pk, "rules": [codes]}].
    dropped_locks: list[dict] = field(default_factory=list)


def build(programme: Programme, cohort: Cohort | None = None) -> Built:
    """The instance for a run of ``programme`` (or of one cohort), from the database now."""
    now = timezone.now()
    mentees = list(
        mentees_to_match(programme, cohort)
        .select_related("person")
        .prefetch_related("person__languages")
        .order_by("pk")
    )
    mentors = list(
        mentors_to_match(programme).select_related("person").prefetch_related("person__languages")
    )

    mentee_json = []
    groups: dict[str, dict[str, str]] = {}
    for mentee in mentees:
        data = _person_json(mentee)
        data["mentor_gender_wish"] = mentee.mentor_gender_wish or None
        data["days_waiting"] = max(0, (now - mentee.status_changed_at).days)
        if mentee.match_priority:
            # Their mentorship ended early: they count as having waited the longest.
            data["days_waiting"] = max(
                data["days_waiting"], engine.Criteria.waiting_full_after_days
            )
        mentee_json.append(data)
        recorded = sorted(mentee.person.languages.all(), key=lambda pl: pl.pk)
        natives = [pl.code for pl in recorded if pl.level == "native"]
        groups[str(mentee.pk)] = groups_of(
            gender=mentee.person.gender,
            birth_year=data["birth_year"],
            native_languages=natives,
            postcode=mentee.person.postcode,
            year=now.year,
        )
    mentor_json = []
    for mentor in mentors:
        data = _person_json(mentor)
        data["capacity"] = mentor.places
        data["current_mentees"] = mentor.load
        mentor_json.append(data)

    mentee_pks = {m.pk for m in mentees}
    mentor_pks = {m.pk for m in mentors}
    exclusions = sorted(
        (participant_id(a), participant_id(b))
        for a, b in PairExclusion.objects.filter(
            programme=programme, mentee_id__in=mentee_pks, mentor_id__in=mentor_pks
        ).values_list("mentee_id", "mentor_id")
    )
    data = {
        "format": engine.FORMAT,
        "criteria": criteria_json(settings_for(programme)),
        "mentees": mentee_json,
        "mentors": mentor_json,
        "exclusions": [list(pair) for pair in exclusions],
        "locks": [],
    }
    built = Built(data=data, groups=groups)
    _add_locks(built, programme, mentee_pks, mentor_pks, set(exclusions))
    return built


def _add_locks(
    built: Built,
    programme: Programme,
    mentee_pks: set[int],
    mentor_pks: set[int],
    exclusions: set[tuple[str, str]],
) -> None:
    """Keep the programme's locks whose mentee is in this run and which still break no rule
    (and fit the mentor's free places, oldest lock first); record the others."""
    locks = PairLock.objects.filter(programme=programme, mentee_id__in=mentee_pks).order_by(
        "created_at", "pk"
    )
    candidates = [(lock.mentee_id, lock.mentor_id) for lock in locks]
    if not candidates:
        return
    instance = engine.load(built.data)
    free = {p.id: p.free_capacity for p in instance.mentors}
    taken: dict[str, int] = defaultdict(int)
    for mentee_pk, mentor_pk in candidates:
        mentee, mentor = participant_id(mentee_pk), participant_id(mentor_pk)
        if mentor_pk not in mentor_pks:
            rules = ["mentor_unavailable"]
        elif (mentee, mentor) in exclusions:
            rules = ["excluded"]
        else:
            rules = [v.rule for v in engine.why_not(instance, mentee, mentor)]
            if not rules and taken[mentor] >= free[mentor]:
                rules = ["capacity"]
        if rules:
            built.dropped_locks.append({"mentee": mentee_pk, "mentor": mentor_pk, "rules": rules})
            continue
        taken[mentor] += 1
        built.data["locks"].append([mentee, mentor])


def pair_instance(data: dict, mentee_id: str, mentor_id: str) -> engine.Instance:
    """A one-mentee, one-mentor slice of a stored instance: enough to explain a pair or say
    which rule rules it out, without loading a whole programme."""
    mentee = next(p for p in data["mentees"] if p["id"] == mentee_id)
    mentor = next(p for p in data["mentors"] if p["id"] == mentor_id)
    pair = [mentee_id, mentor_id]
    return engine.load(
        {
            "format": data["format"],
            "criteria": data["criteria"],
            "mentees": [mentee],
            "mentors": [mentor],
            "exclusions": [pair] if pair in data.get("exclusions", []) else [],
            "locks": [],
        }
    )
