"""The intake interview."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people.models import (
    Intake,
    LabourMarketStatus,
    LifeDomain,
    Participant,
    ParticipantStatus,
    RightToWork,
)
from tandem.people.services.persons import participant_move


@transaction.atomic
def intake_record(
    *,
    participant: Participant,
    held_on: date,
    interviewer: User,
    motivation: str = "",
    goals: str = "",
    languages_checked: bool = False,
    needs: list[str] | tuple[str, ...] = (),
    needs_note: str = "",
    labour_market_status: str = "",
    right_to_work: str = RightToWork.UNKNOWN,
    notes: str = "",
) -> Intake:
    """Record an intake interview. A participant who was waiting for it moves to "intake done"
    (through "intake planned" if it had not been planned), so the pipeline says what happened."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An interview cannot be recorded before it happens.")})
    if not set(needs) <= set(LifeDomain.values):
        raise ValidationError({"needs": _("Choose life domains from the list.")})
    if labour_market_status and labour_market_status not in LabourMarketStatus.values:
        raise ValidationError(_("Choose a situation on the labour market from the list."))
    if right_to_work not in RightToWork.values:
        raise ValidationError(_("Choose one of the answers about the right to work."))
    intake = Intake.objects.create(
        participant=participant,
        held_on=held_on,
        interviewer=interviewer,
        motivation=motivation.strip(),
        goals=goals.strip(),
        languages_checked=languages_checked,
        needs=[d for d in LifeDomain.values if d in set(needs)],
        needs_note=needs_note.strip(),
        labour_market_status=labour_market_status,
        right_to_work=right_to_work,
        notes=notes.strip(),
    )
    reason = _("Intake interview of %(date)s") % {"date": held_on.isoformat()}
    if participant.status == ParticipantStatus.APPLIED:
        participant_move(
            participant=participant,
            to_status=ParticipantStatus.INTAKE_PLANNED,
            moved_by=interviewer,
            reason=reason,
        )
    if participant.status == ParticipantStatus.INTAKE_PLANNED:
        participant_move(
            participant=participant,
            to_status=ParticipantStatus.INTAKE_DONE,
            moved_by=interviewer,
            reason=reason,
        )
    return intake
