"""Locking and excluding pairs from a run's result page; removing locks and exclusions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.matching import services
from tandem.matching.forms import ExclusionForm, PairForm
from tandem.matching.models import MatchRun, PairExclusion, PairLock
from tandem.people.models import Participant


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (a path of this site only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _sides(request: HttpRequest, run: MatchRun) -> dict:
    participants = access.scope(request.membership, Participant, access.CHANGE).filter(
        programme=run.programme
    )
    return {
        "mentees": participants.filter(role="mentee").select_related("person"),
        "mentors": participants.filter(role="mentor").select_related("person"),
    }


@staff_required
@require_POST
def lock_create(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_object(
        request.membership, MatchRun.objects.select_related("programme"), access.CHANGE, pk=pk
    )
    form = PairForm(request.POST, **_sides(request, run))
    if not form.is_valid():
        messages.error(request, _("Choose a mentee and a mentor of this programme."))
        return _back(request, run.get_absolute_url())
    try:
        services.lock_create(run=run, created_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(mentee)s and %(mentor)s are locked: the next runs keep this pair.")
            % {
                "mentee": form.cleaned_data["mentee"].person.display_name,
                "mentor": form.cleaned_data["mentor"].person.display_name,
            },
        )
    return _back(request, run.get_absolute_url())


@staff_required
@require_POST
def exclusion_create(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_object(
        request.membership, MatchRun.objects.select_related("programme"), access.CHANGE, pk=pk
    )
    form = ExclusionForm(request.POST, **_sides(request, run))
    if not form.is_valid():
        messages.error(request, _("Choose a mentee, a mentor and why this pair is excluded."))
        return _back(request, run.get_absolute_url())
    try:
        services.exclusion_create(
            programme=run.programme, created_by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(mentee)s and %(mentor)s are excluded: the next runs never suggest this pair.")
            % {
                "mentee": form.cleaned_data["mentee"].person.display_name,
                "mentor": form.cleaned_data["mentor"].person.display_name,
            },
        )
    return _back(request, run.get_absolute_url())


@staff_required
@require_POST
def lock_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lock = access.get_object(request.membership, PairLock, access.CHANGE, pk=pk)
    programme_pk = lock.programme_id
    services.lock_delete(lock=lock)
    messages.success(request, _("The lock was removed."))
    return _back(request, reverse("matching:programme", args=[programme_pk]))


@staff_required
@require_POST
def exclusion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    exclusion = access.get_object(request.membership, PairExclusion, access.CHANGE, pk=pk)
    programme_pk = exclusion.programme_id
    services.exclusion_delete(exclusion=exclusion)
    messages.success(request, _("The exclusion was removed: later runs may suggest the pair."))
    return _back(request, reverse("matching:programme", args=[programme_pk]))
