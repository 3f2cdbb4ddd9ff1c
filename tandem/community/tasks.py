"""Background work of the community app: invitations to group sessions, sent by the worker."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.community.models import GroupSession, SupportGroup
from tandem.community.selectors import first_name
from tandem.matching.tasks import reading_language
from tandem.people.models import Participant


def _send(participant: Participant, group: SupportGroup, template: str, context: dict) -> None:
    person = participant.person
    if not person.email:
        return
    with translation.override(reading_language(person)):
        context = context | {
            "first_name": person.preferred_name or person.first_name,
            "group": group.name,
            "kind": group.kind,
            "programme": group.programme.name,
            "organisation": group.programme.organisation.name,
            "facilitator": first_name(group.facilitator),
            "link": settings.SITE_URL.rstrip("/") + reverse("community:my_groups")
            if person.user_id
            else "",
        }
        subject = render_to_string(f"community/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"community/email/{template}.txt", context)
    send_mail(subject, body, None, [person.email])


def _member(group: SupportGroup, participant_id: int) -> Participant | None:
    """The participant if they are (still) a member of the group, with their person."""
    return (
        group.members.select_related("person__user")
        .prefetch_related("person__languages")
        .filter(pk=participant_id)
        .first()
    )


@task()
def send_session_invitation(*, session_id: int, participant_id: int, changed: bool = False) -> None:
    """Invite one member to a session (or tell them its new date, time or place), in their
    language: the group, when, how long, where, who leads it. Nothing when the session was
    cancelled or the person left the group before the worker got to it."""
    session = (
        GroupSession.objects.select_related("group__programme__organisation", "group__facilitator")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return
    participant = _member(session.group, participant_id)
    if participant is None:
        return
    context = {
        "starts_at": session.starts_at,
        "ends_at": session.starts_at + timedelta(minutes=session.duration_minutes),
        "place": session.place,
        "changed": changed,
    }
    _send(participant, session.group, "session_invitation", context)


@task()
def send_session_cancelled(
    *, group_id: int, starts_at: str, place: str, participant_id: int
) -> None:
    """Tell one member that a session they were invited to will not take place."""
    group = (
        SupportGroup.objects.select_related("programme__organisation", "facilitator")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        return
    participant = _member(group, participant_id)
    if participant is None:
        return
    context = {"starts_at": datetime.fromisoformat(starts_at), "place": place}
    _send(participant, group, "session_cancelled", context)
