"""What outcomes does when earlier steps report something (DESIGN.md: the later app listens)."""

import logging

from django.db import transaction

from tandem.mentorships.models import Mentorship
from tandem.outcomes.models import FollowUpKind, Moment
from tandem.outcomes.services.followups import LEFT, follow_ups_schedule
from tandem.people.models import Participant

logger = logging.getLogger(__name__)


def schedule_follow_ups(sender, *, mentorship: Mentorship, **kwargs) -> None:
    """A mentorship closed: when the mentee left (became "completed" or "withdrawn" — not when
    they went back to matching), plan their follow-ups from the end date, and ask for the
    self-assessment at the end. Sent after the closure committed; a second signal creates
    nothing."""
    mentee = Participant.objects.get(pk=mentorship.mentee_id)
    if mentee.status not in LEFT or mentorship.ended_on is None:
        return
    with transaction.atomic():
        created = follow_ups_schedule(participant=mentee, left_on=mentorship.ended_on)
        if any(follow_up.kind == FollowUpKind.WEEKS_4 for follow_up in created):
            from tandem.outcomes import tasks

            transaction.on_commit(
                lambda: tasks.send_self_assessment.enqueue(
                    participant_id=mentee.pk, moment=Moment.END
                )
            )
    logger.info("mentorship %s closed: %d follow-ups planned", mentorship.pk, len(created))
