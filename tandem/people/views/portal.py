"""The pages mentors and mentees see about themselves."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import role_required
from tandem.accounts.models import Role
from tandem.people import consent, reference
from tandem.people.models import Participant, Person


@role_required(Role.MENTOR, Role.MENTEE)
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    person = access.scope(membership, Person).prefetch_related("languages").first()
    participations = (
        access.scope(membership, Participant).select_related("programme").order_by("-created_at")
    )
    return render(
        request,
        "people/me.html",
        {
            "person": person,
            "participations": participations,
            "sectors": [reference.nace_label(c) for c in person.sectors] if person else [],
            "consents": [
                (purpose, consent.text_for(purpose).text, given)
                for purpose, _label, given in consent.overview(person)
            ]
            if person
            else [],
        },
    )
