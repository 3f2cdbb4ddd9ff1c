"""Referrals: the partner's form, and the coordinator's queue and decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.core.forms import add_service_error
from tandem.people import selectors, services
from tandem.people.forms import ReferralAcceptForm, ReferralCloseForm, ReferralForm
from tandem.people.models import Referral
from tandem.programmes.models import Cohort, Programme


@role_required(Role.REFERRAL_PARTNER)
def referral_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    form = ReferralForm(
        request.POST or None, programmes=access.scope(membership, Programme).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                partner=membership,
                programme=form.cleaned_data["programme"],
                fields=form.person_fields(),
                languages=form.languages(),
                note=form.cleaned_data["note"],
                consents=form.cleaned_data["consents"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you. %(name)s was referred; you will hear when a coordinator decides.")
                % {"name": referral.person.first_name},
            )
            return redirect("core:home")
    return render(request, "people/referral_form.html", {"form": form})


@staff_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/referral_list.html",
        {"referrals": selectors.referral_queue(request.membership)},
    )


@staff_required
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    referral = access.get_object(
        membership,
        Referral.objects.select_related("person", "programme", "referred_by", "decided_by"),
        pk=pk,
    )
    cohorts = access.scope(membership, Cohort).filter(programme=referral.programme)
    return render(
        request,
        "people/referral_detail.html",
        {
            "referral": referral,
            "accept_form": ReferralAcceptForm(cohorts=cohorts),
            "close_form": ReferralCloseForm(),
            "can_change": access.can(membership, access.CHANGE, referral),
        },
    )


@staff_required
@require_POST
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    referral = access.get_object(membership, Referral, access.CHANGE, pk=pk)
    form = ReferralAcceptForm(
        request.POST,
        cohorts=access.scope(membership, Cohort).filter(programme_id=referral.programme_id),
    )
    if form.is_valid():
        try:
            participant = services.referral_accept(
                referral=referral, decided_by=request.user, cohort=form.cleaned_data["cohort"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Accepted. The partner will be told by e-mail."))
            return redirect(participant)
    return redirect("people:referral_detail", pk=referral.pk)


@staff_required
@require_POST
def referral_close(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_object(request.membership, Referral, access.CHANGE, pk=pk)
    form = ReferralCloseForm(request.POST)
    if form.is_valid():
        try:
            services.referral_close(
                referral=referral, decided_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Closed. The partner will be told by e-mail."))
            return redirect("people:referral_list")
    else:
        messages.error(request, _("Tell the partner briefly why."))
    return redirect("people:referral_detail", pk=referral.pk)
