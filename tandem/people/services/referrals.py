"""Referrals: a partner proposes a candidate, a coordinator takes them up or not."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, Role, User
from tandem.people import tasks
from tandem.people.models import (
    ConsentChannel,
    ConsentPurpose,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Referral,
    ReferralStatus,
)
from tandem.people.services.consents import consent_give
from tandem.people.services.persons import participant_create, participant_move, person_create
from tandem.programmes.models import Cohort, Programme


@transaction.atomic
def referral_create(
    *,
    partner: Membership,
    programme: Programme,
    fields: dict[str, Any],
    languages: Iterable[tuple[str, str]] = (),
    note: str = "",
    consents: Iterable[str] = (ConsentPurpose.PROGRAMME,),
) -> Referral:
    """A referral partner proposes a candidate (a future mentee) for an open programme.

    The candidate's agreement to take part must have been given to the partner: it is recorded
    as consent given through the referral. Nothing is saved when anything is refused.
    """
    consents = set(consents)
    if partner.role != Role.REFERRAL_PARTNER or not partner.is_active:
        raise ValidationError(_("Only referral partners can refer candidates."))
    if programme.organisation_id != partner.organisation_id or not programme.is_open:
        raise ValidationError({"programme": _("Choose a programme that takes applications.")})
    if ConsentPurpose.PROGRAMME not in consents:
        raise ValidationError(
            {"consents": _("The candidate must agree to take part before being referred.")}
        )
    person = person_create(
        organisation=programme.organisation,
        fields={**fields, "referred_by": partner.user},
        languages=languages,
    )
    for purpose in sorted(consents):
        consent_give(
            person=person,
            purpose=purpose,
            channel=ConsentChannel.REFERRAL,
            recorded_by=partner.user,
        )
    return Referral.objects.create(
        person=person,
        programme=programme,
        referred_by=partner.user,
        partner_organisation=partner.affiliation,
        note=note.strip(),
    )


def _decide(referral: Referral, status: str, decided_by: User, reason: str) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != ReferralStatus.SUBMITTED:
        raise ValidationError(_("This referral has already been decided."))
    current.status = status
    current.decided_at = timezone.now()
    current.decided_by = decided_by
    current.decision_reason = reason.strip()
    current.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    transaction.on_commit(lambda: tasks.send_referral_update.enqueue(referral_id=current.pk))
    return current


@transaction.atomic
def referral_accept(
    *, referral: Referral, decided_by: User, cohort: Cohort | None = None
) -> Participant:
    """Take the candidate into the programme's pipeline as a mentee ("applied") — or keep the
    participation they already have — and tell the partner (by the worker, in their language)."""
    decided = _decide(referral, ReferralStatus.ACCEPTED, decided_by, "")
    existing = Participant.objects.filter(
        person=decided.person, programme=decided.programme, role=ParticipantRole.MENTEE
    ).first()
    if existing is not None:
        # Already entered by a coordinator (e.g. the partner phoned first): keep that pipeline,
        # re-opened when they had left it, so "accepted" means they are in.
        if existing.status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.NOT_ELIGIBLE):
            participant_move(
                participant=existing,
                to_status=ParticipantStatus.APPLIED,
                moved_by=decided_by,
                reason=_("Referred again by %(partner)s")
                % {"partner": decided.partner_organisation or "—"},
            )
        return existing
    return participant_create(
        person=decided.person,
        programme=decided.programme,
        role=ParticipantRole.MENTEE,
        cohort=cohort,
        created_by=decided_by,
        reason=_("Referred by %(partner)s") % {"partner": decided.partner_organisation or "—"},
    )


@transaction.atomic
def referral_close(*, referral: Referral, decided_by: User, reason: str) -> Referral:
    """Do not take the candidate up; the partner is told, with the short reason given here."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the partner briefly why.")})
    return _decide(referral, ReferralStatus.CLOSED, decided_by, reason)
