"""What the mentorships app does when earlier steps report something."""

from datetime import datetime

from django.utils import timezone

from tandem.matching.models import Proposal
from tandem.mentorships.services import mentorship_start


def start_mentorship(sender, *, proposal: Proposal, accepted_at: datetime, **kwargs) -> None:
    """Both sides accepted: the mentorship starts on that day."""
    mentorship_start(proposal=proposal, started_on=timezone.localdate(accepted_at))
