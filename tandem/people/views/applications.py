"""The public application page of a programme: no account needed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.accounts import access
from tandem.core import ratelimit
from tandem.core.forms import add_service_error
from tandem.people import services
from tandem.people.forms import ApplicationForm
from tandem.people.models import ParticipantRole

# Per visitor address: enough for a family applying together, too few for a spam run.
APPLICATIONS_PER_HOUR = 5


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, organisation: str, programme: str, role: str) -> HttpResponse:
    programme_obj = access.public_programme(organisation, programme)
    if role not in ParticipantRole.values:
        role = ParticipantRole.MENTEE
    context = {"programme": programme_obj, "role": role}
    if not programme_obj.is_open:
        return render(request, "people/apply_closed.html", context)
    form = ApplicationForm(request.POST or None, role=role)
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["website"]:
            # A robot filled in the hidden field: thank it, keep nothing.
            return redirect("people:apply_thanks", organisation, programme, role)
        # Only complete applications count: someone correcting typos is never locked out.
        valid = form.is_valid()
        if valid and not ratelimit.allow(
            request, "apply", limit=APPLICATIONS_PER_HOUR, seconds=3600
        ):
            form.add_error(None, _("Too many applications from this connection. Try again later."))
            status = 429
        elif valid:
            try:
                services.application_submit(
                    programme=programme_obj,
                    role=role,
                    fields=form.person_fields(),
                    languages=form.languages(),
                    note=form.cleaned_data["note"],
                    consents=form.cleaned_data["consents"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Thank you! We received your application."))
                return redirect("people:apply_thanks", organisation, programme, role)
    context["form"] = form
    return render(request, "people/apply.html", context, status=status)


@require_GET
def apply_thanks(
    request: HttpRequest, organisation: str, programme: str, role: str
) -> HttpResponse:
    programme_obj = access.public_programme(organisation, programme)
    return render(request, "people/apply_thanks.html", {"programme": programme_obj, "role": role})
