"""Changes to mentorships. Views, receivers, the demo and tests call these."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.matching.models import Proposal, ProposalStatus
from tandem.mentorships.models import Mentorship, MentorshipStatus


@transaction.atomic
def mentorship_start(*, proposal: Proposal, started_on: date) -> Mentorship:
    """Start the mentorship of a proposal both sides accepted (once: a second call returns it)."""
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError(_("A mentorship starts only when both sides have accepted."))
    existing = Mentorship.objects.filter(proposal=proposal).first()
    if existing is not None:
        return existing
    if Mentorship.objects.filter(
        mentee_id=proposal.mentee_id, status=MentorshipStatus.ACTIVE
    ).exists():
        raise ValidationError(_("This mentee already has a running mentorship."))
    return Mentorship.objects.create(
        programme_id=proposal.programme_id,
        mentee_id=proposal.mentee_id,
        mentor_id=proposal.mentor_id,
        proposal=proposal,
        started_on=started_on,
    )
