"""Outcome links shown on other apps' pages, without those apps importing outcomes.

- The mentor's portal (mentorships): ``{% load outcomes_tags %}{% mentor_news_link m %}``
  in each pair — "Good news? Tell your coordinator" for the pair's mentor, while the mentorship
  runs or up to a year after it closed.
- The participant page (people): ``{% load outcomes_tags %}{% outcomes_link participant %}``
  — the mentee's outcomes page, for staff.

Neither costs a query: the host page has the mentorship (with programme, mentor__person and
mentee__person) or the participant at hand, and access was checked there.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.accounts import access
from tandem.outcomes.services.events import mentor_may_tell
from tandem.people.models import ParticipantRole

register = template.Library()


def _membership(context):
    request = context.get("request")
    return getattr(request, "membership", None)


@register.inclusion_tag("outcomes/events/_link.html", takes_context=True)
def mentor_news_link(context, mentorship) -> dict:
    """The link to tell news about the mentee, for the mentor of ``mentorship`` only."""
    membership = _membership(context)
    show = (
        membership is not None
        and access.mentorship_side(membership, mentorship) == "mentor"
        and mentor_may_tell(mentorship)
    )
    return {
        "url": reverse("outcomes:mentor_news", args=[mentorship.pk]) if show else "",
        "label": _("Good news? Tell your coordinator"),
        "css": "button secondary wide",
    }


@register.inclusion_tag("outcomes/events/_link.html", takes_context=True)
def outcomes_link(context, participant) -> dict:
    """The link to a mentee's outcomes (situation at entry, status events), for staff."""
    show = access.is_staff(_membership(context)) and participant.role == ParticipantRole.MENTEE
    return {
        "url": reverse("outcomes:participant", args=[participant.pk]) if show else "",
        "label": _("Outcomes: situation at entry and status events"),
        "css": "button secondary",
    }
