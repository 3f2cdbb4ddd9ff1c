"""Community parts shown on other apps' pages, without those apps importing community.

The mentor's and mentee's portal (mentorships) shows their next group sessions with
``{% load community_tags %}{% upcoming_group_sessions %}``: the dependency stays one way, from
community to the earlier apps (DESIGN.md).
"""

from django import template

from tandem.community.selectors import upcoming_sessions_for

register = template.Library()


@register.inclusion_tag("community/_upcoming_sessions.html", takes_context=True)
def upcoming_group_sessions(context) -> dict:
    """The next sessions of the groups the request's mentor or mentee belongs to."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return {"sessions": upcoming_sessions_for(membership) if membership else []}
