"""Changes to persons and participants. Views, commands, the demo and tests all call these."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts import services as account_services
from tandem.accounts.models import Membership, Role, User
from tandem.core.text import fold
from tandem.people import eligibility, gazetteer, pipeline, readiness, reference
from tandem.people.models import (
    DropOutReason,
    LanguageLevel,
    MentorGenderWish,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Person,
    PersonLanguage,
    StatusChange,
)
from tandem.programmes.models import Cohort, Organisation, Programme

# What a person's details are, in the order forms show them; the only fields services set.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "birth_date",
    "birth_year",
    "gender",
    "email",
    "phone",
    "contact_channel",
    "country_of_origin",
    "postcode",
    "municipality",
    "education_level",
    "sectors",
    "occupation",
    "interests",
    "availability",
    "max_distance_km",
    "referred_by",
)


def apply_fields(person: Person, fields: dict[str, Any]) -> None:
    """Set a person's details as every save does: normalised, checked against the reference
    lists and the gazetteer (ValidationError), with the search text and matching keys."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    person.email = person.email.strip().lower()
    if person.birth_date:
        person.birth_year = person.birth_date.year
    _check_codes(person)
    _apply_location(person)
    person.search_text = search_text(person)
    person.phone_key, person.name_key = match_keys(person)


def search_text(person: Person) -> str:
    """What the people search matches: names, contact details and place, folded."""
    phone_digits = "".join(c for c in person.phone if c.isdigit())
    parts = (
        person.first_name,
        person.last_name,
        person.preferred_name,
        person.email,
        person.phone,
        phone_digits,
        person.postcode,
        person.municipality,
    )
    return fold(" ".join(p for p in parts if p))


def match_keys(person: Person) -> tuple[str, str]:
    """(phone key, name key) for finding possible duplicates."""
    digits = "".join(c for c in person.phone if c.isdigit())
    return digits[-9:] if len(digits) >= 8 else "", fold(f"{person.first_name} {person.last_name}")


def _check_codes(person: Person) -> None:
    """Refuse codes no reference list knows, so imports and commands get the forms' checks."""
    errors: dict[str, str] = {}
    if person.country_of_origin and not reference.is_country(person.country_of_origin):
        errors["country_of_origin"] = _("This is not an ISO 3166 country code.")
    known_sectors = {s.code for s in reference.nace_sections()}
    if not set(person.sectors) <= known_sectors:
        errors["sectors"] = _("Sectors are NACE sections, A to U.")
    if person.occupation and person.occupation not in {g.code for g in reference.isco_groups()}:
        errors["occupation"] = _("This is not an ISCO-08 major or sub-major group.")
    if not set(person.availability) <= set(reference.SLOTS):
        errors["availability"] = _("Availability is given as day and part of day, e.g. mon-am.")
    if person.birth_date and person.birth_date > timezone.localdate():
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if (
        person.referred_by_id is not None
        and not Membership.objects.filter(
            user_id=person.referred_by_id,
            organisation_id=person.organisation_id,
            role=Role.REFERRAL_PARTNER,
        ).exists()
    ):
        errors["referred_by"] = _("Choose a referral partner of your organisation.")
    if errors:
        raise ValidationError(errors)


def _apply_location(person: Person) -> None:
    """Store the home location's coordinates from the gazetteer; refuse an unknown postcode."""
    if not person.postcode:
        person.municipality, person.latitude, person.longitude = "", None, None
        return
    locality = gazetteer.find(person.postcode, person.municipality)
    if locality is None:
        if not gazetteer.localities(person.postcode):
            raise ValidationError({"postcode": _("This postcode is not in the list we know.")})
        raise ValidationError({"municipality": _("Choose the municipality for this postcode.")})
    person.municipality = locality.name
    person.latitude, person.longitude = locality.latitude, locality.longitude


def _set_languages(person: Person, languages: Iterable[tuple[str, str]]) -> None:
    wanted = dict(languages)
    for code, level in wanted.items():
        if not reference.is_language(code) or level not in LanguageLevel.values:
            raise ValidationError(
                {
                    "languages": _("“%(code)s %(level)s” is not a known language and level.")
                    % {"code": code, "level": level}
                }
            )
    PersonLanguage.objects.filter(person=person).exclude(code__in=wanted).delete()
    existing = {pl.code: pl for pl in PersonLanguage.objects.filter(person=person)}
    for code, level in wanted.items():
        current = existing.get(code)
        if current is None:
            PersonLanguage.objects.create(person=person, code=code, level=level)
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    fields: dict[str, Any],
    languages: Iterable[tuple[str, str]] = (),
) -> Person:
    """Add a person to the organisation, with the languages they speak."""
    person = Person(organisation=organisation)
    apply_fields(person, fields)
    person.full_clean(exclude=["user", "referred_by"])
    person.save()
    _set_languages(person, languages)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    fields: dict[str, Any],
    languages: Iterable[tuple[str, str]] | None = None,
) -> Person:
    """Change a person's details; ``languages`` (when given) replaces the list they speak."""
    apply_fields(person, fields)
    person.full_clean(exclude=["user", "referred_by"])
    person.save()
    if languages is not None:
        _set_languages(person, languages)
    return person


@transaction.atomic
def participant_create(
    *,
    person: Person,
    programme: Programme,
    role: str,
    created_by: User | None,
    cohort: Cohort | None = None,
    reason: str = "",
    at: datetime | None = None,
    mentor_gender_wish: str = "",
    capacity: int | None = None,
) -> Participant:
    """Enrol a person in a programme as mentor or mentee; they start as 'applied'.

    ``at`` is when they applied (an import of past applications); by default, now. A mentee
    may wish for a mentor of a given gender; a mentor may take 1 to 3 mentees (empty: the
    programme's number).
    """
    if programme.organisation_id != person.organisation_id:
        raise ValidationError(_("This programme belongs to another organisation."))
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("This cohort belongs to another programme.")})
    _check_preferences(role, mentor_gender_wish, capacity)
    duplicate = ValidationError(
        _("This person already takes part in this programme in this role."), code="duplicate"
    )
    if Participant.objects.filter(person=person, programme=programme, role=role).exists():
        raise duplicate
    now = at or timezone.now()
    try:
        # A double click can get past the check above; the database constraint has the last word.
        with transaction.atomic():
            participant = Participant.objects.create(
                person=person,
                programme=programme,
                role=role,
                cohort=cohort,
                status=ParticipantStatus.APPLIED,
                status_changed_at=now,
                mentor_gender_wish=mentor_gender_wish or "",
                capacity=capacity,
            )
    except IntegrityError:
        raise duplicate from None
    StatusChange.objects.create(
        participant=participant,
        from_status="",
        to_status=ParticipantStatus.APPLIED,
        changed_at=now,
        changed_by=created_by,
        reason=reason,
    )
    return participant


def _check_preferences(role: str, mentor_gender_wish: str, capacity: int | None) -> None:
    if mentor_gender_wish and role != ParticipantRole.MENTEE:
        raise ValidationError({"mentor_gender_wish": _("Only a mentee can wish for a mentor.")})
    if mentor_gender_wish and mentor_gender_wish not in MentorGenderWish.values:
        raise ValidationError({"mentor_gender_wish": _("Choose a woman, a man, or no wish.")})
    if capacity is not None and role != ParticipantRole.MENTOR:
        raise ValidationError({"capacity": _("Only a mentor takes mentees.")})
    if capacity is not None and not 1 <= capacity <= 3:
        raise ValidationError({"capacity": _("A mentor takes 1 to 3 mentees.")})


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    cohort: Cohort | None,
    mentor_gender_wish: str = "",
    capacity: int | None = None,
) -> Participant:
    """Change a participation's cohort and what matching needs to know about it: a mentee's
    wish for a mentor's gender, a mentor's number of mentees at the same time."""
    if cohort is not None and cohort.programme_id != participant.programme_id:
        raise ValidationError({"cohort": _("This cohort belongs to another programme.")})
    _check_preferences(participant.role, mentor_gender_wish, capacity)
    participant.cohort = cohort
    participant.mentor_gender_wish = mentor_gender_wish or ""
    participant.capacity = capacity
    participant.save(update_fields=["cohort", "mentor_gender_wish", "capacity"])
    return participant


def held_from(participant: Participant) -> str | None:
    """For a participant on hold: the status they were in before the hold."""
    if participant.status != ParticipantStatus.ON_HOLD:
        return None
    last_hold = (
        StatusChange.objects.filter(participant=participant, to_status=ParticipantStatus.ON_HOLD)
        .order_by("-changed_at", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    return last_hold or None


@transaction.atomic
def participant_move(
    *,
    participant: Participant,
    to_status: str,
    moved_by: User | None,
    reason: str = "",
    drop_out_reason: str = "",
    override: bool = False,
    at: datetime | None = None,
) -> Participant:
    """Move a participant to another pipeline status, recording who, when and why.

    Only the moves in ``people.pipeline`` are allowed; some need a reason, and withdrawing needs
    a drop-out reason from the fixed list as well.
    """
    # Lock the row so two coordinators moving the same card cannot both win.
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    reason = reason.strip()
    if not pipeline.can_move(current.role, current.status, to_status, held_from(current)):
        raise ValidationError(
            _("%(name)s cannot move from “%(from)s” to “%(to)s”.")
            % {
                "name": current.person.display_name,
                "from": ParticipantStatus(current.status).label,
                "to": ParticipantStatus(to_status).label
                if to_status in ParticipantStatus.values
                else to_status,
            },
            code="transition",
        )
    if to_status in pipeline.REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Please give a reason for this step.")})
    if drop_out_reason and drop_out_reason not in DropOutReason.values:
        raise ValidationError({"drop_out_reason": _("Choose a drop-out reason from the list.")})
    if to_status == ParticipantStatus.WITHDRAWN and not drop_out_reason:
        raise ValidationError(
            {"drop_out_reason": _("Choose why this person stops (the drop-out reason).")}
        )
    if to_status != ParticipantStatus.WITHDRAWN:
        drop_out_reason = ""
    if to_status == ParticipantStatus.ELIGIBLE:
        failed = eligibility.failures(current)
        if failed and not override:
            raise ValidationError(
                _(
                    "The eligibility rules say no: %(why)s To decide otherwise, override them "
                    "with a reason."
                )
                % {"why": " ".join(c.explanation for c in failed)},
                code="ineligible",
            )
        if failed and not reason:
            raise ValidationError({"reason": _("Give the reason for overriding the rules.")})
    if to_status == ParticipantStatus.READY_TO_MATCH:
        state = readiness.readiness(current)
        if state is not None and not state.ready:
            if not override:
                raise ValidationError(
                    _(
                        "This mentor is not ready yet: %(why)s To decide otherwise, override with "
                        "a reason."
                    )
                    % {"why": " ".join(state.missing)},
                    code="not_ready",
                )
            if not reason:
                raise ValidationError({"reason": _("Give the reason for overriding the rules.")})
    at = at or timezone.now()
    if at < current.status_changed_at:
        raise ValidationError(_("A step cannot be dated before the previous one."), code="order")
    StatusChange.objects.create(
        participant=current,
        from_status=current.status,
        to_status=to_status,
        changed_at=at,
        changed_by=moved_by,
        reason=reason,
        drop_out_reason=drop_out_reason,
    )
    current.status = to_status
    current.status_changed_at = at
    current.save(update_fields=["status", "status_changed_at"])
    participant.status, participant.status_changed_at = current.status, current.status_changed_at
    return participant


@transaction.atomic
def person_grant_portal_access(*, person: Person, invited_by: User, language: str) -> Person:
    """Give a mentor or mentee a log-in to their own pages; they get an e-mail to set a password.

    The portal role follows their participation: mentor if they mentor anywhere, else mentee.
    An address that already has a Tandem log-in is refused: linking it would hand this person's
    page to whoever owns that log-in, so an admin decides (in Team and access).
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise ValidationError(_("This person can already log in."))
    if not person.email:
        raise ValidationError(_("Add an e-mail address first: the log-in link is sent there."))
    roles = set(person.participations.values_list("role", flat=True))
    if not roles:
        raise ValidationError(_("Add this person to a programme first."))
    if User.objects.filter(email__iexact=person.email).exists():
        raise ValidationError(
            _(
                "This e-mail address already has a Tandem log-in. Ask your organisation's admin "
                "to give it access."
            )
        )
    membership = account_services.membership_invite(
        organisation=person.organisation,
        email=person.email,
        name=person.display_name,
        role=Role.MENTOR if "mentor" in roles else Role.MENTEE,
        language=language,
        invited_by=invited_by,
    )
    person.user = membership.user
    person.save(update_fields=["user"])
    return person
