"""The coordinator's caseload (pair health at a glance), the health rules in words, and the
calendar: a private feed address per user, and one meeting as a .ics file."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.accounts import access
from tandem.accounts.decorators import member_required, role_required, staff_required
from tandem.accounts.models import Role
from tandem.mentorships import calendars, health
from tandem.mentorships import caseload as selectors
from tandem.mentorships.forms.caseload import (
    ALL,
    MINE,
    ORDER_LABELS,
    CalendarFeedForm,
    CaseloadFilterForm,
)
from tandem.mentorships.models import CalendarFeed, Meeting, MentorshipSettings
from tandem.programmes.models import Programme

LIST_PAGE_SIZE = 100


@staff_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    """A coordinator's running pairs: the five to call today, a picture of tiles coloured by
    health, and a list sorted as asked."""
    membership = request.membership
    programmes = access.scope(membership, Programme).order_by("name")
    form = CaseloadFilterForm(request.GET, programmes=programmes)
    form.is_valid()  # an invalid value falls back to its default
    data = form.cleaned_data
    who = data.get("who") or (MINE if selectors.has_own_pairs(membership) else ALL)
    order = data.get("order") or "health"
    programme = data.get("programme")
    found = selectors.rows(
        selectors.running_pairs(membership, mine=who == MINE, programme=programme)
    )
    listed = selectors.sort_rows(found, order)
    page = Paginator(listed, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"who": who, "order": order}
    if programme is not None:
        query["programme"] = programme.pk
    return render(
        request,
        "mentorships/caseload/caseload.html",
        {
            "form": form,
            "who": who,
            "order": order,
            "programme": programme,
            "programmes": list(programmes),
            "query": urlencode(query),
            "call_today": selectors.call_today(found),
            "tiles": selectors.sort_rows(found, "health"),
            "page": page,
            "counts": selectors.counts(found),
            "total": len(found),
            "sorts": {
                key: {"url": "?" + urlencode(query | {"order": key}), "current": key == order}
                for key in ORDER_LABELS
            },
            "sort_links": [
                (key, label, "?" + urlencode(query | {"order": key}), key == order)
                for key, label in ORDER_LABELS.items()
            ],
        },
    )


@staff_required
@require_GET
def health_rules(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The pair-health rules of a programme in words, with its current numbers."""
    programme = access.get_object(request.membership, Programme, pk=programme_pk)
    stored = access.scope(request.membership, MentorshipSettings).filter(programme=programme)
    rules = health.Rules.of(stored.first())
    rhythm = programme.min_meetings_per_month
    interval = health.rhythm_days(rhythm)
    return render(
        request,
        "mentorships/caseload/health_rules.html",
        {
            "programme": programme,
            "rules": rules,
            "rhythm": rhythm,
            "interval": interval,
            "amber_days": health.threshold_days(rules.quiet_amber_intervals, rhythm),
            "red_days": health.threshold_days(rules.quiet_red_intervals, rhythm),
        },
    )


@member_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Make, renew or stop my private calendar address. The address is shown once, in the
    answer to the POST that made it."""
    user = request.user
    if request.method == "POST":
        form = CalendarFeedForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "create":
            token = calendars.calendar_feed_create(user=user)
            address = request.build_absolute_uri(reverse("mentorships:calendar_feed", args=[token]))
            return render(
                request,
                "mentorships/caseload/calendar.html",
                {"feed": CalendarFeed.objects.filter(user=user).first(), "address": address},
            )
        if form.is_valid() and calendars.calendar_feed_revoke(user=user):
            messages.success(request, _("Your calendar address no longer works."))
        return redirect("mentorships:calendar")
    feed = access.scope(request.membership, CalendarFeed).first()
    return render(request, "mentorships/caseload/calendar.html", {"feed": feed})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's meetings for a calendar app. No log-in: the token in the address is the key."""
    user = calendars.feed_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendars.feed_ics(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required(Role.ADMIN, Role.COORDINATOR, Role.MENTOR, Role.MENTEE)
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting as a .ics file, for the pair's sides and the programme's staff."""
    meeting = access.get_object(
        request.membership,
        Meeting.objects.select_related("mentorship__mentor__person", "mentorship__mentee__person"),
        pk=pk,
    )
    side = (
        None
        if access.is_staff(request.membership)
        else calendars.side_of(meeting.mentorship, request.user)
    )
    response = HttpResponse(
        calendars.meeting_ics(meeting, side), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="tandem-meeting-{meeting.pk}.ics"'
    return response
