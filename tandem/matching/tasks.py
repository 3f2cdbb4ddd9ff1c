"""Background work of matching, run by the task worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.matching.models import MatchRun, Proposal, Side
from tandem.matching.profiles import limited_profile
from tandem.people.models import LEVEL_ORDER, Person


@task()
def run_match(*, run_id: int) -> None:
    """Compute a match run (matching.services.run_execute)."""
    # The services enqueue this module's tasks, so they are imported here, not at the top.
    from tandem.matching.services import run_execute

    run = MatchRun.objects.select_related("programme", "cohort").get(pk=run_id)
    run_execute(run=run)


def reading_language(person: Person) -> str:
    """The interface language (en, nl, fr) a person reads best: the one chosen for their log-in,
    else the best of those they speak, else the installation's default."""
    codes = [code for code, _name in settings.LANGUAGES]
    if person.user_id and person.user.language in codes:
        return person.user.language
    levels = {pl.code: LEVEL_ORDER[pl.level] for pl in person.languages.all() if pl.code in codes}
    if not levels:
        return settings.LANGUAGE_CODE
    return max(codes, key=lambda code: levels.get(code, -1))


@task()
def send_proposal(*, proposal_id: int, side: str) -> None:
    """Tell one side of a proposal about it, in their language: who (first name, languages,
    sectors — when the other side allows it), when and where they meet, how to answer."""
    proposal = Proposal.objects.select_related(
        "programme__organisation", "mentee__person__user", "mentor__person__user", "created_by"
    ).get(pk=proposal_id)
    recipient = proposal.participant(side).person
    other = proposal.participant(Side.MENTOR if side == Side.MENTEE else Side.MENTEE).person
    if not recipient.email:
        return
    with translation.override(reading_language(recipient)):
        context = {
            "proposal": proposal,
            "side": side,
            "first_name": recipient.preferred_name or recipient.first_name,
            "other": limited_profile(other),
            "programme": proposal.programme.name,
            "organisation": proposal.programme.organisation.name,
            "coordinator": proposal.created_by,
            "link": settings.SITE_URL.rstrip("/") + reverse("matching:my_proposals")
            if recipient.user_id
            else "",
        }
        subject = render_to_string("matching/email/proposal_subject.txt", context).strip()
        body = render_to_string("matching/email/proposal.txt", context)
    send_mail(subject, body, None, [recipient.email])
