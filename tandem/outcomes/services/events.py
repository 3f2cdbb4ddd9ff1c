"""The situation at entry and the status events of a mentee.

A coordinator records the situation at entry (the baseline) and dated events; a mentor tells
news about their mentee (a *proposed* event, which a coordinator confirms or rejects); a mentee
answers a follow-up survey (the follow-ups area calls ``event_record`` with ``source="survey"``).
Only confirmed events count in the indicators.

Rules every event obeys (each refusal is a ValidationError naming its field; nothing is saved):

- events are about mentees, dated from their entry date (when recorded) up to today;
- the job fields (contract, full-time, hours, ISCO occupation and skill level, NACE sector,
  employer, economy) belong to "employed" and "self-employed"; an internship may name its
  employer; every other event has none of them;
- the ISCO code is one of Tandem's reference list (major or sub-major group, people.reference);
  the skill level, when not given, comes from the occupation (``ISCO_SKILL_LEVELS``) and, when
  given, must be one the occupation allows;
- the NACE code is a section letter A–U; hours per week from 0 to 80.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts import access
from tandem.accounts.models import Membership, User
from tandem.mentorships.models import Mentorship, MentorshipStatus
from tandem.outcomes.models import (
    Contract,
    Economy,
    EntryProfile,
    EventSource,
    EventStatus,
    EventType,
    FollowUp,
    Situation,
    StatusEvent,
)
from tandem.people import reference
from tandem.people.models import Participant, ParticipantRole

# ISCO-08 skill levels (ILO, ISCO-08 volume 1, table 2 "Mapping of ISCO-08 major groups to
# skill levels"): the levels each code allows, the first one being the level Tandem records
# when none is given. Managers (1) are at levels 3 and 4: their sub-major groups 11–13 at 4 and
# "hospitality, retail and other services managers" (14) at 3; a bare "1" defaults to 4, the
# level of most managers. Armed forces (0) are mixed: officers (01) 4, non-commissioned
# officers (02) 2, other ranks (03) 1; a bare "0" gets no default (the coordinator says).
_MAJOR_LEVELS: dict[str, tuple[int, ...]] = {
    "0": (),
    "1": (4, 3),
    "2": (4,),
    "3": (3,),
    "4": (2,),
    "5": (2,),
    "6": (2,),
    "7": (2,),
    "8": (2,),
    "9": (1,),
}
_SUB_MAJOR_LEVELS: dict[str, tuple[int, ...]] = {
    "01": (4,),
    "02": (2,),
    "03": (1,),
    "11": (4,),
    "12": (4,),
    "13": (4,),
    "14": (3,),
}
ANY_LEVEL = (1, 2, 3, 4)

WORK = frozenset({EventType.EMPLOYED, EventType.SELF_EMPLOYED})
JOB_FIELDS = (
    "contract",
    "full_time",
    "hours_per_week",
    "isco",
    "isco_skill_level",
    "nace",
    "employer",
    "economy",
)
EVENT_FIELDS = (*JOB_FIELDS, "note")
# Which job fields each event type may carry (the rest must be empty).
ALLOWED_FIELDS: dict[str, frozenset[str]] = {
    t: frozenset(JOB_FIELDS) if t in WORK else frozenset() for t in EventType.values
}
ALLOWED_FIELDS[EventType.INTERNSHIP] = frozenset({"employer"})

ENTRY_JOB_FIELDS = ("contract", "full_time", "isco_skill_level")
ENTRY_FLAGS = (
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless_or_housing_exclusion",
    "rural",
)
ENTRY_FIELDS = ("entry_date", "situation", "unemployed_since", *ENTRY_JOB_FIELDS, *ENTRY_FLAGS)

# A mentor may still tell news about their mentee this long after the mentorship closed.
MENTOR_NEWS_MONTHS = 12

MAX_HOURS = Decimal(80)
EMPLOYER_MAX = 200
NOTE_MAX = 300


def isco_skill_levels(code: str) -> tuple[int, ...]:
    """The skill levels an ISCO-08 code allows, its default first (empty: no default)."""
    if code in _SUB_MAJOR_LEVELS:
        return _SUB_MAJOR_LEVELS[code]
    if len(code) == 2:
        return _MAJOR_LEVELS.get(code[0], ())
    return _MAJOR_LEVELS.get(code, ())


def isco_codes() -> frozenset[str]:
    return frozenset(g.code for g in reference.isco_groups())


def nace_codes() -> frozenset[str]:
    return frozenset(s.code for s in reference.nace_sections())


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _is_empty(value) -> bool:
    return value is None or value == ""


# --- the situation at entry -------------------------------------------------------------------


def _mentee(participant: Participant) -> None:
    if participant.role != ParticipantRole.MENTEE:
        raise ValidationError(_("Outcomes are recorded for mentees only."))


@transaction.atomic
def entry_profile_save(
    *, participant: Participant, recorded_by: User | None, **fields
) -> EntryProfile:
    """Create or update a mentee's situation at entry.

    ``fields`` are those of EntryProfile (``ENTRY_FIELDS``); on an update, fields not given keep
    their values. Refused: a mentor; an entry date in the future or after an event already
    recorded; an unemployed-since date for someone not unemployed, or after the entry date; a
    job at entry (contract, full-time, skill level) for someone neither employed nor
    self-employed.
    """
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _mentee(participant)
    # Lock the participant: two coordinators saving at once make one profile, not two.
    Participant.objects.select_for_update().only("pk").get(pk=participant.pk)
    profile = EntryProfile.objects.filter(participant=participant).first()
    if profile is None:
        profile = EntryProfile(participant=participant)
    for name, value in fields.items():
        if name in ("contract",) and value is None:
            value = ""
        if name in ENTRY_FLAGS:
            value = bool(value)
        setattr(profile, name, value)

    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    today = timezone.localdate()
    if not profile.entry_date:
        refuse("entry_date", _("Give the date they entered the programme."))
    elif profile.entry_date > today:
        refuse("entry_date", _("The entry date cannot be in the future."))
    if profile.situation not in Situation.values:
        refuse("situation", _("Choose one of the four situations."))
    if profile.unemployed_since is not None:
        if profile.situation != Situation.UNEMPLOYED:
            refuse("unemployed_since", _("Only an unemployed person has an unemployed-since date."))
        elif profile.entry_date and profile.unemployed_since > profile.entry_date:
            refuse("unemployed_since", _("Unemployed since must be on or before the entry date."))
    working = profile.situation in (Situation.EMPLOYED, Situation.SELF_EMPLOYED)
    for name in ENTRY_JOB_FIELDS:
        if not working and not _is_empty(getattr(profile, name)):
            refuse(name, _("Only the employed and the self-employed have a job at entry."))
    if profile.contract and profile.contract not in Contract.values:
        refuse("contract", _("Choose one of the contracts."))
    if profile.isco_skill_level is not None and profile.isco_skill_level not in ANY_LEVEL:
        refuse("isco_skill_level", _("ISCO skill levels run from 1 to 4."))
    if profile.entry_date and not errors:
        first = (
            StatusEvent.objects.filter(participant=participant, date__lt=profile.entry_date)
            .exclude(status=EventStatus.REJECTED)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        if first is not None:
            refuse(
                "entry_date",
                _(
                    "An event is dated %(day)s, before this entry date. Change the entry date "
                    "or delete that event first."
                )
                % {"day": _day(first)},
            )
    if errors:
        raise ValidationError(errors)
    profile.recorded_by = recorded_by
    profile.save()
    return profile


# --- status events ----------------------------------------------------------------------------


def _normalise(fields: dict) -> dict:
    """Empty values as the model stores them: "" for text, None for the rest."""
    values = {}
    for name in EVENT_FIELDS:
        value = fields.get(name)
        if name in ("contract", "isco", "nace", "employer", "economy", "note"):
            value = "" if value is None else str(value).strip()
            if name == "nace":
                value = value.upper()
        values[name] = value
    return values


def _hours(value, refuse) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        refuse("hours_per_week", _("Give the hours per week as a number."))
        return None
    if not Decimal(0) <= hours <= MAX_HOURS:
        refuse("hours_per_week", _("Hours per week run from 0 to 80."))
    return hours


def event_errors(*, type: str, values: dict) -> dict[str, list[str]]:
    """What is wrong with an event's type and fields (normalised by ``_normalise``), by field;
    empty when the combination is allowed. Fills in the ISCO skill level from the code."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if type not in EventType.values:
        refuse("type", _("Choose one of the situations."))
        return errors
    allowed = ALLOWED_FIELDS[type]
    for name in JOB_FIELDS:
        if name not in allowed and not _is_empty(values[name]):
            if name == "employer":
                refuse(name, _("Only a job or an internship has an employer."))
            else:
                refuse(name, _("Only a job (employed or self-employed) has this detail."))
    if values["contract"] and values["contract"] not in Contract.values:
        refuse("contract", _("Choose one of the contracts."))
    if values["economy"] and values["economy"] not in Economy.values:
        refuse("economy", _("Choose the regular or the social economy."))
    if values["full_time"] is not None and not isinstance(values["full_time"], bool):
        refuse("full_time", _("Say yes or no."))
    values["hours_per_week"] = _hours(values["hours_per_week"], refuse)
    if values["nace"] and values["nace"] not in nace_codes():
        refuse("nace", _("Choose a NACE section from A to U."))
    level = values["isco_skill_level"]
    if level is not None and level not in ANY_LEVEL:
        refuse("isco_skill_level", _("ISCO skill levels run from 1 to 4."))
        level = None
    if values["isco"]:
        if values["isco"] not in isco_codes():
            refuse("isco", _("Choose an occupation from the ISCO-08 list."))
        elif "isco_skill_level" in allowed:
            levels = isco_skill_levels(values["isco"])
            if level is None:
                values["isco_skill_level"] = levels[0] if levels else None
            elif levels and level not in levels:
                refuse(
                    "isco_skill_level",
                    _("Occupation %(code)s is at skill level %(levels)s.")
                    % {
                        "code": values["isco"],
                        "levels": _(" or ").join(str(x) for x in levels),
                    },
                )
    if len(values["employer"]) > EMPLOYER_MAX:
        refuse("employer", _("Keep the employer's name under 200 characters."))
    if len(values["note"]) > NOTE_MAX:
        refuse("note", _("Keep the note under 300 characters."))
    return errors


def _date_errors(participant: Participant, day: date | None, refuse) -> None:
    if not isinstance(day, date):
        refuse("date", _("Give the date."))
        return
    if day > timezone.localdate():
        refuse("date", _("The date cannot be in the future."))
        return
    entry = (
        EntryProfile.objects.filter(participant=participant)
        .values_list("entry_date", flat=True)
        .first()
    )
    if entry is not None and day < entry:
        refuse(
            "date",
            _("The date must be on or after %(day)s, when they entered the programme.")
            % {"day": _day(entry)},
        )


def mentor_may_tell(mentorship: Mentorship, today: date | None = None) -> bool:
    """Whether the mentor of ``mentorship`` may still tell news: it runs, or closed within
    MENTOR_NEWS_MONTHS."""
    if mentorship.status == MentorshipStatus.ACTIVE:
        return True
    today = today or timezone.localdate()
    ended = mentorship.ended_on
    return ended is not None and ended >= today - relativedelta(months=MENTOR_NEWS_MONTHS)


def _mentor_of(participant: Participant, user: User | None) -> bool:
    """Whether ``user`` mentors ``participant`` in a running or recently closed mentorship."""
    if user is None:
        return False
    since = timezone.localdate() - relativedelta(months=MENTOR_NEWS_MONTHS)
    return Mentorship.objects.filter(
        Q(status=MentorshipStatus.ACTIVE) | Q(ended_on__gte=since),
        mentee=participant,
        mentor__person__user=user,
        programme_id=participant.programme_id,
    ).exists()


@transaction.atomic
def event_record(
    *,
    participant: Participant,
    date: date,
    type: str,
    source: str = EventSource.COORDINATOR,
    recorded_by: User | None = None,
    status: str | None = None,
    **fields,
) -> StatusEvent:
    """Record a status event of a mentee.

    ``fields``: contract, full_time, hours_per_week, isco, isco_skill_level, nace, employer,
    economy, note. The status is "confirmed" for a coordinator or a survey and "proposed" for a
    mentor unless given; a mentor (``recorded_by``) must mentor this mentee in a running
    mentorship or one closed within 12 months. See the module's rules.
    """
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _mentee(participant)
    if source not in EventSource.values:
        raise ValidationError(_("Choose who tells: a coordinator, a mentor or a survey."))
    if status is None:
        status = EventStatus.PROPOSED if source == EventSource.MENTOR else EventStatus.CONFIRMED
    if status not in (EventStatus.CONFIRMED, EventStatus.PROPOSED):
        raise ValidationError(_("A new event is confirmed or proposed."))
    if source == EventSource.MENTOR and not _mentor_of(participant, recorded_by):
        raise ValidationError(
            _("Only the mentee's mentor can tell news, up to a year after the mentorship."),
            code="forbidden",
        )
    values = _normalise(fields)
    errors = event_errors(type=type, values=values)

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    _date_errors(participant, date, refuse)
    if errors:
        raise ValidationError(errors)
    confirmed = status == EventStatus.CONFIRMED and source == EventSource.COORDINATOR
    return StatusEvent.objects.create(
        participant=participant,
        date=date,
        type=type,
        source=source,
        status=status,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
        confirmed_by=recorded_by if confirmed else None,
        **values,
    )


@dataclass(frozen=True)
class MentorNews:
    """What a mentor can tell, in plain words, and the event type it records."""

    type: str
    label: str


def mentor_news_propose(
    *,
    mentorship: Mentorship,
    membership: Membership,
    date: date,
    type: str,
    note: str = "",
) -> StatusEvent:
    """A mentor tells news about their mentee ("Good news? Tell your coordinator"): a proposed
    event that a coordinator confirms or rejects. ``mentorship`` needs its programme,
    ``mentor__person`` and ``mentee__person`` at hand."""
    if access.mentorship_side(membership, mentorship) != "mentor":
        raise ValidationError(
            _("Only the mentor of this pair can tell news here."), code="forbidden"
        )
    if not mentor_may_tell(mentorship):
        raise ValidationError(
            _("This mentorship ended more than a year ago. Please contact the organisation.")
        )
    return event_record(
        participant=mentorship.mentee,
        date=date,
        type=type,
        source=EventSource.MENTOR,
        recorded_by=membership.user,
        note=note,
    )


def _locked(event: StatusEvent) -> StatusEvent:
    return StatusEvent.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def event_confirm(*, event: StatusEvent, confirmed_by: User, **fields) -> StatusEvent:
    """A coordinator confirms a proposed (or earlier rejected) event, optionally completing
    its fields (the job details a mentor did not know); the same rules apply."""
    current = _locked(event)
    if current.status == EventStatus.CONFIRMED:
        raise ValidationError(_("This event is confirmed already."))
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if fields:
        values = {name: getattr(current, name) for name in EVENT_FIELDS}
        values.update(_normalise({**values, **fields}))
        errors = event_errors(type=current.type, values=values)
        if errors:
            raise ValidationError(errors)
        for name, value in values.items():
            setattr(current, name, value)
    current.status = EventStatus.CONFIRMED
    current.confirmed_by = confirmed_by
    current.save()
    return current


@transaction.atomic
def event_reject(*, event: StatusEvent, rejected_by: User) -> StatusEvent:
    """A coordinator does not confirm a mentor's proposal: it stays on the timeline, marked,
    and never counts."""
    current = _locked(event)
    if current.status != EventStatus.PROPOSED:
        raise ValidationError(_("Only a proposed event can be marked as not confirmed."))
    current.status = EventStatus.REJECTED
    current.confirmed_by = rejected_by
    current.save(update_fields=["status", "confirmed_by"])
    return current


@transaction.atomic
def event_delete(*, event: StatusEvent, deleted_by: User) -> None:
    """Delete an event recorded by mistake. An event that answers a follow-up stays (the
    follow-up would lose its answer): record the right situation on the same date instead —
    the one recorded last wins."""
    current = _locked(event)
    if FollowUp.objects.filter(event=current).exists():
        raise ValidationError(
            _(
                "This event answers a follow-up and cannot be deleted. Record the right "
                "situation on the same date instead: the one recorded last counts."
            )
        )
    current.delete()
