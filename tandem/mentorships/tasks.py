"""Background work of mentorships, run by the task worker: reminders and alerts by e-mail, and
the pair health the worker keeps (tandem.mentorships.reminders does the work).

Services enqueue these after their transaction commits, e.g.
``transaction.on_commit(lambda: tasks.send_help_alert.enqueue(help_request_id=request.pk))``;
``tandem scheduler`` enqueues ``send_reminders`` once a day and ``refresh_health`` every hour.
"""

from django_tasks import task

from tandem.mentorships import reminders


@task()
def send_reminders() -> dict:
    """Every running pair: store its health (alerting when it turns red), then the meeting,
    review and evaluation reminders. Nothing goes twice, however often it runs."""
    return reminders.send_reminders().as_dict()


@task()
def refresh_health() -> dict:
    """Store every running pair's health; alert the contact people of pairs that turned red."""
    return reminders.refresh_health().as_dict()


@task()
def remind_pair(mentorship_id: int) -> dict:
    """The reminders of one pair now (after a closure: the final evaluation); idempotent."""
    return reminders.remind_pair(mentorship_id).as_dict()


@task()
def send_help_alert(help_request_id: int) -> dict:
    """Tell the pair's contact person (or the programme's coordinators) that a side asked for
    help."""
    return reminders.send_help_alert(help_request_id).as_dict()


@task()
def send_meeting_planned(meeting_id: int) -> dict:
    """Send a planned, moved or cancelled meeting to both sides, with a .ics file."""
    return reminders.send_meeting_planned(meeting_id).as_dict()
