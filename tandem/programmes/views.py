"""Pages about programmes and their cohorts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.people import reference
from tandem.programmes import services
from tandem.programmes.forms import CohortForm, ProgrammeForm
from tandem.programmes.models import Cohort, Programme


@staff_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = (
        access.scope(request.membership, Programme)
        .annotate(
            mentees=Count("participants", filter=Q(participants__role="mentee")),
            mentors=Count("participants", filter=Q(participants__role="mentor")),
        )
        .order_by("-is_open", "name")
    )
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": programmes,
            "can_create": access.can_create_programme(request.membership),
        },
    )


@staff_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=pk)
    cohorts = (
        access.scope(membership, Cohort)
        .filter(programme=programme)
        .annotate(size=Count("participants"))
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "languages": [reference.language_name(code) for code in programme.languages],
            "can_change": access.can(membership, access.CHANGE, programme),
        },
    )


def _fields(form: ProgrammeForm) -> dict:
    return {name: form.cleaned_data[name] for name in ProgrammeForm.Meta.fields}


@staff_required
def programme_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_programme(request.membership):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                organisation=request.membership.organisation, fields=_fields(form)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme was created."))
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form})


@staff_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, fields=_fields(form))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@staff_required
def cohort_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=programme_pk)
    return _cohort_form(request, programme, None)


@staff_required
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_object(
        request.membership, Cohort.objects.select_related("programme"), access.CHANGE, pk=pk
    )
    return _cohort_form(request, cohort.programme, cohort)


def _cohort_form(request: HttpRequest, programme: Programme, cohort: Cohort | None) -> HttpResponse:
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_save(programme=programme, cohort=cohort, fields=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort was saved."))
            return redirect(programme)
    return render(
        request,
        "programmes/cohort_form.html",
        {"form": form, "programme": programme, "cohort": cohort},
    )
