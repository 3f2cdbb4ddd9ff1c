"""The mentor's and the mentee's own page: their mentorship at a glance, in plain words."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import role_required
from tandem.accounts.models import Role
from tandem.mentorships import portal as reads
from tandem.mentorships.forms.activity import HelpForm
from tandem.people.models import Person


@role_required(Role.MENTOR, Role.MENTEE)
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    page = reads.portal(request.membership)
    return render(
        request,
        "mentorships/portal/portal.html",
        {
            "page": page,
            "help_form": HelpForm(),
            "role": request.membership.role,
            # Their own person record (the rules give a mentor or mentee only their own).
            "me": access.scope(request.membership, Person).first(),
        },
    )
