"""Pages about persons: the list, the detail, create and edit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.core.htmx import fragment_or_page
from tandem.core.spreadsheets import csv_bytes
from tandem.people import consent, gazetteer, reference, selectors, services
from tandem.people.forms import ConsentForm, LanguageFormSet, PersonFilterForm, PersonForm
from tandem.people.models import Person
from tandem.programmes.models import Programme


@staff_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def person_list(request: HttpRequest) -> HttpResponse:
    """The people list. Searches are POSTed so names never end up in URLs or server logs;
    the other filters also work from a link (the overview links to a programme and status)."""
    membership = request.membership
    programmes = access.scope(membership, Programme).order_by("name")
    data = request.POST if request.method == "POST" else request.GET.copy()
    if request.method == "GET":
        data.pop("q", None)  # a name typed into a link is ignored, never searched
    form = PersonFilterForm(data or None, programmes=programmes)
    filters = form.cleaned_data if form.is_valid() else {}
    persons = selectors.person_list(
        membership,
        query=filters.get("q", ""),
        programme=filters.get("programme"),
        role=filters.get("role", ""),
        status=filters.get("status", ""),
        language=filters.get("language", ""),
    )
    page = Paginator(persons, settings.TANDEM_PAGE_SIZE).get_page(data.get("page"))
    context = {"form": form, "page": page}
    return render(
        request,
        fragment_or_page(request, "people/_person_table.html", "people/person_list.html"),
        context,
    )


@staff_required
@require_GET
def person_export(request: HttpRequest) -> HttpResponse:
    """The people list as CSV, with the list's filters (a search is not carried in a link)."""
    membership = request.membership
    programmes = access.scope(membership, Programme).order_by("name")
    data = request.GET.copy()
    data.pop("q", None)
    form = PersonFilterForm(data or None, programmes=programmes)
    filters = form.cleaned_data if form.is_valid() else {}
    persons = selectors.person_list(
        membership,
        programme=filters.get("programme"),
        role=filters.get("role", ""),
        status=filters.get("status", ""),
        language=filters.get("language", ""),
    )
    header = [
        _("First name"),
        _("Last name"),
        _("E-mail address"),
        _("Phone number"),
        _("Postcode"),
        _("Municipality"),
        _("Languages"),
        _("Programmes"),
    ]
    rows = (
        [
            p.first_name,
            p.last_name,
            p.email,
            p.phone,
            p.postcode,
            p.municipality,
            ", ".join(f"{pl.code} {pl.level}" for pl in p.languages.all()),
            "; ".join(
                f"{x.programme.name} ({x.get_role_display()}, {x.get_status_display()})"
                for x in p.participations.all()
            ),
        ]
        for p in persons.iterator(chunk_size=500)
    )
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response


def _save_person(request: HttpRequest, person: Person | None) -> HttpResponse:
    membership = request.membership
    form = PersonForm(
        request.POST or None,
        instance=person,
        referral_partners=access.referral_partners(membership),
    )
    initial = (
        [{"code": pl.code, "level": pl.level} for pl in person.languages.all()] if person else []
    )
    formset = LanguageFormSet(request.POST or None, initial=initial, prefix="languages")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields}
        try:
            if person is None:
                person = services.person_create(
                    organisation=membership.organisation,
                    fields=fields,
                    languages=formset.languages(),
                )
                messages.success(request, _("%(name)s was added.") % {"name": person})
            else:
                services.person_update(person=person, fields=fields, languages=formset.languages())
                messages.success(request, _("The changes were saved."))
            return redirect(person)
        except ValidationError as error:
            add_service_error(form, error)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "formset": formset,
            "person": person,
            "postcode_localities": gazetteer.localities(form["postcode"].value() or ""),
        },
    )


@staff_required
def person_create(request: HttpRequest) -> HttpResponse:
    return _save_person(request, None)


@staff_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_object(request.membership, Person, access.CHANGE, pk=pk)
    return _save_person(request, person)


@staff_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    person = access.get_object(
        membership,
        Person.objects.select_related("referred_by").prefetch_related("languages"),
        pk=pk,
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "participations": selectors.person_participations(membership, person),
            "can_change": access.can(membership, access.CHANGE, person),
            "sectors": [reference.nace_label(code) for code in person.sectors],
            "occupation": reference.isco_label(person.occupation) if person.occupation else "",
            "consents": consent.overview(person),
            "consent_form": ConsentForm(),
        },
    )


@staff_required
@require_POST
def person_portal_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_object(request.membership, Person, access.CHANGE, pk=pk)
    try:
        services.person_grant_portal_access(
            person=person, invited_by=request.user, language=request.LANGUAGE_CODE
        )
        messages.success(request, _("An e-mail with a link to log in is on its way."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(person)


@staff_required
@require_POST
def postcode_lookup(request: HttpRequest) -> HttpResponse:
    """The municipality field for a postcode, filled in while the coordinator types.

    POSTed, like searches, so a home location never appears in a URL or a log."""
    postcode = request.POST.get("postcode", "").strip()[:10]
    return render(
        request,
        "people/_municipality_field.html",
        {
            "postcode": postcode,
            "localities": gazetteer.localities(postcode),
            "current": request.POST.get("municipality", ""),
            "show_unknown": True,
        },
    )
