"""Applications through the public page of a programme: no account, few fields."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.people import tasks
from tandem.people.models import ConsentChannel, ConsentPurpose, Participant, ParticipantRole
from tandem.people.services.consents import consent_give
from tandem.people.services.persons import participant_create, person_create
from tandem.programmes.models import Programme


@transaction.atomic
def application_submit(
    *,
    programme: Programme,
    role: str,
    fields: dict[str, Any],
    languages: Iterable[tuple[str, str]] = (),
    note: str = "",
    consents: Iterable[str] = (ConsentPurpose.PROGRAMME,),
    language: str = "",
) -> Participant:
    """Someone applies as mentor or mentee: a person, their participation ("applied") and the
    consents they ticked, all or nothing. They get a confirmation by e-mail when they gave an
    address, in the language of the page they used."""
    consents = set(consents)
    if not programme.is_open:
        raise ValidationError(_("This programme is not taking applications now."))
    if role not in ParticipantRole.values:
        raise ValidationError(_("Choose mentor or mentee."))
    if ConsentPurpose.PROGRAMME not in consents:
        raise ValidationError({"consents": _("To apply, you must agree to take part.")})
    person = person_create(organisation=programme.organisation, fields=fields, languages=languages)
    for purpose in sorted(consents):
        consent_give(
            person=person, purpose=purpose, channel=ConsentChannel.ONLINE_FORM, recorded_by=None
        )
    participant = participant_create(
        person=person, programme=programme, role=role, created_by=None, reason=_("Applied online")
    )
    participant.application_note = note.strip()
    participant.save(update_fields=["application_note"])
    if person.email:
        transaction.on_commit(
            lambda: tasks.send_application_confirmation.enqueue(
                participant_id=participant.pk, language=language
            )
        )
    return participant
