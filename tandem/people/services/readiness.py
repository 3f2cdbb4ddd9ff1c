"""Recording mentor training and screening."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people.models import (
    Participant,
    ParticipantRole,
    ScreeningCheck,
    ScreeningKind,
    TrainingSession,
)


def _mentor(participant: Participant) -> None:
    if participant.role != ParticipantRole.MENTOR:
        raise ValidationError(_("Only mentors are trained and screened."))


@transaction.atomic
def training_record(
    *, participant: Participant, held_on: date, hours: Decimal, topic: str, recorded_by: User | None
) -> TrainingSession:
    """Record a training session a mentor attended."""
    _mentor(participant)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot be recorded before it happens.")})
    session = TrainingSession(
        participant=participant,
        held_on=held_on,
        hours=hours,
        topic=topic.strip(),
        recorded_by=recorded_by,
    )
    session.full_clean(exclude=["participant", "recorded_by"])
    session.save()
    return session


@transaction.atomic
def screening_record(
    *,
    participant: Participant,
    kind: str,
    checked_on: date,
    passed: bool,
    note: str = "",
    recorded_by: User | None,
) -> ScreeningCheck:
    """Record a screening check of a mentor (the latest of each kind is the one that counts)."""
    _mentor(participant)
    if kind not in ScreeningKind.values:
        raise ValidationError(_("Choose one of the checks."))
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check cannot be recorded before it happens.")})
    return ScreeningCheck.objects.create(
        participant=participant,
        kind=kind,
        checked_on=checked_on,
        passed=passed,
        note=note.strip(),
        recorded_by=recorded_by,
    )
