""" "I need help": a side of a pair asks the coordinator to get in touch; staff deal with it.

Each request alerts the pair's contact person (or the programme's staff) by e-mail, through the
worker — but a side pressing the button again while a request of theirs from the last day is
still open adds their message without alerting a second time.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.models import HelpRequest, Mentorship, Side

ALERT_ONCE_WITHIN = timedelta(days=1)


@transaction.atomic
def help_request_raise(
    *, mentorship: Mentorship, side: str, raised_by: User, message: str = ""
) -> HelpRequest:
    """Record a side's call for help (with an optional message) and alert the coordinator."""
    current = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if side not in Side.values:
        raise ValidationError(_("Only the mentor or the mentee of a pair can ask for help here."))
    if not current.is_active:
        raise ValidationError(
            _("This mentorship has ended. Please contact the organisation directly.")
        )
    now = timezone.now()
    recent = HelpRequest.objects.filter(
        mentorship=current,
        side=side,
        resolved_at__isnull=True,
        raised_at__gte=now - ALERT_ONCE_WITHIN,
    ).exists()
    request = HelpRequest.objects.create(
        mentorship=current,
        side=side,
        message=message.strip()[:2000],
        raised_by=raised_by,
        raised_at=now,
    )
    if not recent:
        # Imported here: the tasks module imports the models and the services of this app.
        from tandem.mentorships import tasks

        transaction.on_commit(lambda: tasks.send_help_alert.enqueue(help_request_id=request.pk))
    return request


@transaction.atomic
def help_request_resolve(
    *, help_request: HelpRequest, resolved_by: User, note: str = ""
) -> HelpRequest:
    """A coordinator has dealt with a request (a call, a visit): when, by whom, what was done."""
    current = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if current.resolved_at is not None:
        raise ValidationError(_("This request has already been dealt with."))
    current.resolved_at = timezone.now()
    current.resolved_by = resolved_by
    current.resolution_note = note.strip()
    current.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    help_request.resolved_at = current.resolved_at
    help_request.resolved_by = resolved_by
    help_request.resolution_note = current.resolution_note
    return current
