"""Background work of outcomes, run by the task worker.

``tandem scheduler`` queues ``send_follow_up_surveys`` once a day (registered in apps.py); the
closure of a mentorship queues ``send_self_assessment`` for the end (receivers.py).
"""

from django.core.exceptions import ValidationError
from django_tasks import task

from tandem.outcomes.services import surveys
from tandem.people.models import Participant


@task()
def send_follow_up_surveys() -> dict:
    """E-mail the survey of every follow-up that fell due, to mentees who consented to
    follow-up contact; each once, however often it runs. Marks nothing as missed."""
    return surveys.send_due_surveys().as_dict()


@task()
def send_self_assessment(participant_id: int, moment: str) -> dict:
    """E-mail a mentee the link to their self-assessment (nothing without an e-mail address or
    when that moment was answered already)."""
    participant = Participant.objects.select_related("programme__organisation").get(
        pk=participant_id
    )
    try:
        surveys.self_assessment_send(participant=participant, moment=moment)
    except ValidationError as error:
        return {"sent": 0, "reason": error.messages[0]}
    return {"sent": 1}
