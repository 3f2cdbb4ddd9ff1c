"""Recording and withdrawing consent: by staff on a person's page, by people on their own page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.people import services
from tandem.people.forms import ConsentForm
from tandem.people.models import Consent, ConsentChannel, ConsentPurpose, Person


@staff_required
@require_POST
def consent_give(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = access.get_object(request.membership, Person, access.CHANGE, pk=person_pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.consent_give(
            person=person,
            purpose=form.cleaned_data["purpose"],
            channel=form.cleaned_data["channel"],
            recorded_by=request.user,
        )
        messages.success(request, _("The consent was recorded."))
    else:
        messages.error(request, _("Choose how the consent was given."))
    return redirect(person)


@staff_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = access.get_object(
        request.membership, Consent.objects.select_related("person"), access.CHANGE, pk=pk
    )
    services.consent_withdraw(consent=consent, withdrawn_by=request.user)
    messages.success(request, _("The consent was withdrawn. It takes effect now."))
    return redirect(consent.person)


@role_required(Role.MENTOR, Role.MENTEE)
@require_POST
def my_consent(request: HttpRequest) -> HttpResponse:
    """A mentor or mentee gives or withdraws a consent themselves, in one click."""
    membership = request.membership
    purpose = request.POST.get("purpose", "")
    person = access.scope(membership, Person).first()
    if person is None or purpose not in ConsentPurpose.values:
        return redirect("people:me")
    if request.POST.get("action") == "withdraw":
        for consent in access.scope(membership, Consent, access.CHANGE).filter(
            person=person, purpose=purpose, withdrawn_at__isnull=True
        ):
            services.consent_withdraw(consent=consent, withdrawn_by=request.user)
        messages.success(request, _("Done. We no longer do this."))
    else:
        services.consent_give(
            person=person, purpose=purpose, channel=ConsentChannel.PORTAL, recorded_by=request.user
        )
        messages.success(request, _("Thank you. Your choice is saved."))
    return redirect("people:me")
