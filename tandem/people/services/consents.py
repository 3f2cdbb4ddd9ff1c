"""Giving and withdrawing consent."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people import consent as consent_texts
from tandem.people.models import Consent, ConsentChannel, ConsentPurpose, Person


@transaction.atomic
def consent_give(
    *,
    person: Person,
    purpose: str,
    channel: str,
    recorded_by: User | None,
    at: datetime | None = None,
) -> Consent:
    """Record that ``person`` agreed to ``purpose`` with the current text, and how.

    ``recorded_by`` is the staff member or partner who recorded it (None when the person did it
    themselves on a public form).
    """
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Choose one of the purposes."))
    if channel not in ConsentChannel.values:
        raise ValidationError(_("Choose how the consent was given."))
    existing = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
    if existing.exists():
        return existing.get()
    try:
        with transaction.atomic():
            return Consent.objects.create(
                person=person,
                purpose=purpose,
                text_version=consent_texts.text_for(purpose).version,
                channel=channel,
                given_at=at or timezone.now(),
                recorded_by=recorded_by,
            )
    except IntegrityError:
        # Recorded twice at the same moment: the other request's row stands.
        return Consent.objects.get(person=person, purpose=purpose, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by: User | None) -> Consent:
    """End a consent now. The row stays as evidence; granted() answers False from this moment."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = withdrawn_by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return consent
