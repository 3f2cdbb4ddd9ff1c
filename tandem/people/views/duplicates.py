"""Possible duplicates, and merging two records of one person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.people import duplicates, services
from tandem.people.models import Person


@staff_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    persons = access.scope(request.membership, Person, access.CHANGE)
    return render(
        request,
        "people/duplicate_list.html",
        {"pairs": duplicates.possible_duplicates(persons), "limit": duplicates.MAX_PAIRS},
    )


@staff_required
@require_POST
def person_merge(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    """Keep the record ``pk`` and merge ``other_pk`` into it."""
    membership = request.membership
    keep = access.get_object(membership, Person, access.CHANGE, pk=pk)
    other = access.get_object(membership, Person, access.CHANGE, pk=other_pk)
    try:
        kept = services.person_merge(keep=keep, other=other, merged_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:duplicate_list")
    messages.success(request, _("The two records are now one; every history was kept."))
    return redirect(kept)
