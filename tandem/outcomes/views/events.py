"""The status-event pages: a mentee's outcomes (situation at entry and timeline), recording an
event, confirming or rejecting a mentor's proposal, the staff queue of proposals — and the
mentor's "Good news? Tell your coordinator".

Staff pages find the mentee through access.get_object (404 when not theirs). The POST-only
actions look the event up before refusing a GET, so someone it does not concern gets 404 either
way. Mentees never see any of these pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.core.forms import add_service_error
from tandem.matching.profiles import limited_profile
from tandem.mentorships.models import Mentorship
from tandem.outcomes import selectors
from tandem.outcomes.forms.events import (
    EntryProfileForm,
    EventDetailsForm,
    EventForm,
    MentorNewsForm,
)
from tandem.outcomes.models import EntryProfile, EventStatus, EventType, StatusEvent
from tandem.outcomes.services import events as services
from tandem.people.models import Participant, ParticipantRole

QUEUE_PAGE_SIZE = 50


def _mentee(request: HttpRequest, pk: int, action: str = access.VIEW) -> Participant:
    participant = access.get_object(
        request.membership,
        Participant.objects.select_related("person", "programme"),
        action,
        pk=pk,
    )
    if participant.role != ParticipantRole.MENTEE:
        raise Http404
    return participant


def _event(request: HttpRequest, pk: int) -> StatusEvent:
    event = access.get_object(
        request.membership,
        StatusEvent.objects.select_related("participant__person"),
        access.CHANGE,
        pk=pk,
    )
    if request.method != "POST":
        raise _NotAllowed
    return event


class _NotAllowed(Exception):
    pass


def _back(request: HttpRequest, event: StatusEvent) -> HttpResponse:
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("outcomes:participant", pk=event.participant_id)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the mentee's outcomes -------------------------------------------------------------------


@staff_required
@require_GET
def participant(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = _mentee(request, pk)
    outcomes = selectors.participant_outcomes(request.membership, mentee)
    return render(
        request,
        "outcomes/events/participant.html",
        {
            "participant": mentee,
            "outcomes": outcomes,
            "can_change": access.can(request.membership, access.CHANGE, mentee),
            # Per proposed job: a form to complete its details while confirming.
            "detail_forms": {
                e.pk: EventDetailsForm(prefix=f"e{e.pk}", initial=_details(e))
                for e in outcomes.events
                if e.status != EventStatus.CONFIRMED
                and e.type in (EventType.EMPLOYED, EventType.SELF_EMPLOYED)
            },
            "job_types": (EventType.EMPLOYED, EventType.SELF_EMPLOYED),
        },
    )


def _details(event: StatusEvent) -> dict:
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    if event.full_time is not None:
        initial["full_time"] = "true" if event.full_time else "false"
    return initial


@staff_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The situation at entry (create or change)."""
    mentee = _mentee(request, pk, access.CHANGE)
    profile = access.scope(request.membership, EntryProfile).filter(participant=mentee).first()
    form = EntryProfileForm(request.POST or None, initial=EntryProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_profile_save(
                participant=mentee, recorded_by=request.user, **form.service_values()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The situation at entry is saved."))
            return redirect("outcomes:participant", pk=mentee.pk)
    return render(
        request,
        "outcomes/events/entry_form.html",
        {"participant": mentee, "form": form, "profile": profile},
    )


@staff_required
def event_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a status event: the situation first, then only the details that apply."""
    mentee = _mentee(request, pk, access.CHANGE)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_record(
                participant=mentee,
                date=data["date"],
                type=data["type"],
                recorded_by=request.user,
                **form.service_values(data["type"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("outcomes:participant", pk=mentee.pk)
    return render(
        request,
        "outcomes/events/event_form.html",
        {
            "participant": mentee,
            "form": form,
            "job_types": (EventType.EMPLOYED, EventType.SELF_EMPLOYED),
        },
    )


# --- confirming, rejecting, deleting (POST) --------------------------------------------------


def _post_only(view):
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            event = _event(request, pk)
        except _NotAllowed:
            return HttpResponseNotAllowed(["POST"])
        return view(request, event)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return staff_required(wrapped)


@_post_only
def event_confirm(request: HttpRequest, event: StatusEvent) -> HttpResponse:
    """Confirm a proposal, with the job details the coordinator adds (optional)."""
    fields = {}
    if event.type in (EventType.EMPLOYED, EventType.SELF_EMPLOYED, EventType.INTERNSHIP):
        form = EventDetailsForm(request.POST, prefix=f"e{event.pk}")
        if any(key.startswith(f"e{event.pk}-") for key in request.POST):
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return _back(request, event)
            fields = form.service_values(event.type)
    try:
        services.event_confirm(event=event, confirmed_by=request.user, **fields)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The event is confirmed: it counts now."))
    return _back(request, event)


@_post_only
def event_reject(request: HttpRequest, event: StatusEvent) -> HttpResponse:
    """Mark a proposal as not confirmed (it stays on the timeline and never counts)."""
    try:
        services.event_reject(event=event, rejected_by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The event is marked as not confirmed."))
    return _back(request, event)


@_post_only
def event_delete(request: HttpRequest, event: StatusEvent) -> HttpResponse:
    """Delete an event recorded by mistake."""
    try:
        services.event_delete(event=event, deleted_by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The event is deleted."))
    return _back(request, event)


# --- the queue of proposals ------------------------------------------------------------------


@staff_required
@require_GET
def proposed_events(request: HttpRequest) -> HttpResponse:
    """The mentors' news waiting for a coordinator, the oldest first."""
    page = Paginator(selectors.proposed_events(request.membership), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "outcomes/events/proposed_events.html", {"page": page})


# --- the mentor's news -----------------------------------------------------------------------


@role_required(Role.MENTOR)
def mentor_news(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Good news? Tell your coordinator": the mentor proposes an event about their mentee."""
    mentorship = access.get_object(
        request.membership,
        Mentorship.objects.select_related("programme", "mentor__person", "mentee__person"),
        pk=pk,
    )
    if access.mentorship_side(request.membership, mentorship) != "mentor":
        raise PermissionDenied
    open_ = services.mentor_may_tell(mentorship)
    form = MentorNewsForm(request.POST or None)
    if request.method == "POST" and open_ and form.is_valid():
        data = form.cleaned_data
        try:
            services.mentor_news_propose(
                mentorship=mentorship,
                membership=request.membership,
                date=data["date"],
                type=data["type"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your coordinator will check the news and add it."),
            )
            return redirect(reverse("mentorships:portal") + f"#pair-{mentorship.pk}")
    profile = limited_profile(mentorship.mentee.person)
    return render(
        request,
        "outcomes/events/mentor_news.html",
        {
            "mentorship": mentorship,
            "form": form,
            "open": open_,
            "first_name": profile.first_name if profile else "",
        },
    )
