"""A programme's matching page, its settings and its figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.matching import figures as matching_figures
from tandem.matching import instances, selectors, services, wording
from tandem.matching.forms import MatchingSettingsForm, RunStartForm
from tandem.programmes.models import Cohort, Programme


@staff_required
@require_GET
def programme_matching(request: HttpRequest, programme_pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=programme_pk)
    settings = instances.settings_for(programme)
    return render(
        request,
        "matching/programme.html",
        {
            "programme": programme,
            "overview": selectors.programme_overview(membership, programme),
            "settings": settings,
            "weights": [
                (wording.criterion_label(name), weight) for name, weight in settings.weights.items()
            ],
            "form": RunStartForm(
                cohorts=access.scope(membership, Cohort).filter(programme=programme)
            ),
            "can_change": access.can(membership, access.CHANGE, programme),
        },
    )


@staff_required
def matching_settings(request: HttpRequest, programme_pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, access.CHANGE, pk=programme_pk)
    form = MatchingSettingsForm(request.POST or None, instance=instances.settings_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.matching_settings_save(
                programme=programme,
                fields={name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The matching settings were saved."))
            return redirect("matching:programme", programme_pk=programme.pk)
    return render(request, "matching/settings_form.html", {"form": form, "programme": programme})


@staff_required
@require_GET
def figures(request: HttpRequest, programme_pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=programme_pk)
    return render(
        request,
        "matching/figures.html",
        {
            "programme": programme,
            "figures": matching_figures.programme_figures(membership, programme),
        },
    )
