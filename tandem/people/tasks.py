"""Background work of the people app, run by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.people.models import ImportJob, Participant, Referral


@task()
def send_referral_update(*, referral_id: int) -> None:
    """Tell the referral partner their referral was accepted or not, in their language.

    The e-mail names the candidate by first name and initial only, and says nothing of the
    intake: the partner reads the rest in Tandem.
    """
    referral = Referral.objects.select_related("person", "programme", "referred_by").get(
        pk=referral_id
    )
    partner = referral.referred_by
    with translation.override(partner.language or settings.LANGUAGE_CODE):
        context = {
            "referral": referral,
            "candidate": f"{referral.person.first_name} {referral.person.last_name[:1]}.",
            "link": settings.SITE_URL.rstrip("/") + reverse("core:home"),
        }
        subject = render_to_string("people/email/referral_update_subject.txt", context).strip()
        body = render_to_string("people/email/referral_update.txt", context)
    send_mail(subject, body, None, [partner.email])


@task()
def send_application_confirmation(*, participant_id: int, language: str = "") -> None:
    """Confirm an application in a few plain words (short enough to send as an SMS too)."""

    participant = Participant.objects.select_related("person", "programme").get(pk=participant_id)
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"participant": participant, "organisation": participant.programme.organisation}
        subject = render_to_string("people/email/application_subject.txt", context).strip()
        body = render_to_string("people/email/application.txt", context)
    send_mail(subject, body, None, [participant.person.email])


@task()
def run_import(*, job_id: int) -> None:
    """Check and save an uploaded spreadsheet (people.services.import_run), in the uploader's
    language so row errors read naturally."""
    # The services enqueue this module's tasks, so they are imported here, not at the top.
    from tandem.people.services import import_run

    job = ImportJob.objects.select_related("organisation", "programme", "created_by").get(pk=job_id)
    with translation.override(job.language):
        import_run(job=job)
