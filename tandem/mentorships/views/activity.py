"""What a pair does — meetings, reviews, evaluations, "I need help" — for the pair themselves
(from their portal) and for the programme's staff (from the pair's page).

Every page finds the mentorship through access.get_object and asks access.mentorship_side what
the user is in it; a side goes back to their portal after saving, staff to the pair's page. The
POST-only pages look the object up before refusing a GET, so someone it does not concern gets
404 either way.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.core.forms import add_service_error
from tandem.matching.profiles import limited_profile
from tandem.mentorships.forms.activity import (
    HELD,
    PLANNED,
    EvaluationForm,
    HelpForm,
    MeetingForm,
    ResolveForm,
    ReviewForm,
)
from tandem.mentorships.models import (
    Evaluation,
    EvaluationKind,
    HelpRequest,
    Meeting,
    MeetingStatus,
    Mentorship,
    PrivateNote,
    Side,
)
from tandem.mentorships.services import evaluations, meetings, reviews
from tandem.mentorships.services import help as help_requests

COORDINATOR = meetings.COORDINATOR
pair_required = role_required(Role.ADMIN, Role.COORDINATOR, Role.MENTOR, Role.MENTEE)

PAIR_RELATED = (
    "programme__mentorship_settings",
    "programme__organisation",
    "mentor__person",
    "mentee__person",
    "agreement",
)


def _pair(request: HttpRequest, pk: int) -> tuple[Mentorship, str]:
    mentorship = access.get_object(
        request.membership, Mentorship.objects.select_related(*PAIR_RELATED), pk=pk
    )
    acting_as = access.mentorship_side(request.membership, mentorship)
    if acting_as is None:
        raise PermissionDenied
    return mentorship, acting_as


def _back(mentorship: Mentorship, acting_as: str) -> HttpResponse:
    if acting_as == COORDINATOR:
        return redirect("mentorships:detail", pk=mentorship.pk)
    return redirect(reverse("mentorships:portal") + f"#pair-{mentorship.pk}")


def _who(mentorship: Mentorship, acting_as: str) -> str:
    """How the page names the pair: staff read both names; a side reads the other's first name
    (when they allow it)."""
    if acting_as == COORDINATOR:
        return f"{mentorship.mentor.person.display_name} – {mentorship.mentee.person.display_name}"
    other = mentorship.participant(Side.MENTEE if acting_as == Side.MENTOR else Side.MENTOR)
    profile = limited_profile(other.person)
    return profile.first_name if profile else ""


def _context(mentorship: Mentorship, acting_as: str, **extra) -> dict:
    return {
        "mentorship": mentorship,
        "acting_as": acting_as,
        "who": _who(mentorship, acting_as),
        "back_url": reverse("mentorships:detail", args=[mentorship.pk])
        if acting_as == COORDINATOR
        else reverse("mentorships:portal"),
        **extra,
    }


def _kind(request: HttpRequest) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or HELD
    return kind if kind in (HELD, PLANNED) else HELD


def _saved_message(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    values = {
        "day": formats.date_format(local, "l j F"),
        "time": formats.time_format(local, "H:i"),
    }
    if meeting.status == MeetingStatus.PLANNED:
        return (
            _(
                "Your meeting on %(day)s at %(time)s is planned. You will both get an e-mail "
                "with it, for your calendar."
            )
            % values
        )
    return _("Thank you! Your meeting of %(day)s is saved.") % values


# --- meetings ----------------------------------------------------------------------------------


@pair_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a meeting that happened, or plan one ("It happened" / "Plan a meeting")."""
    mentorship, acting_as = _pair(request, pk)
    kind = _kind(request)
    if not mentorship.is_active and (acting_as != COORDINATOR or kind == PLANNED):
        messages.error(request, _("This mentorship has ended: no new meetings."))
        return _back(mentorship, acting_as)
    form = MeetingForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == PLANNED:
                meeting = meetings.meeting_plan(
                    mentorship=mentorship,
                    planned_by=request.user,
                    acting_as=acting_as,
                    place=data["place"],
                    shared_note=data["shared_note"],
                    **form.service_values(),
                )
            else:
                meeting = meetings.meeting_log(
                    mentorship=mentorship,
                    logged_by=request.user,
                    acting_as=acting_as,
                    topics=data["topics"],
                    shared_note=data["shared_note"],
                    private_note=data["private_note"],
                    **form.service_values(),
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _saved_message(meeting))
            return _back(mentorship, acting_as)
    return render(
        request,
        "mentorships/activity/meeting_form.html",
        _context(mentorship, acting_as, form=form, kind=kind, meeting=None),
    )


def _meeting(request: HttpRequest, pk: int) -> tuple[Meeting, str]:
    meeting = access.get_object(
        request.membership,
        Meeting.objects.select_related(*(f"mentorship__{name}" for name in PAIR_RELATED)),
        pk=pk,
    )
    acting_as = access.mentorship_side(request.membership, meeting.mentorship)
    if acting_as is None:
        raise PermissionDenied
    return meeting, acting_as


@pair_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a meeting; a planned one can be marked as held ("It happened") or moved."""
    meeting, acting_as = _meeting(request, pk)
    mentorship = meeting.mentorship
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    if meeting.status == MeetingStatus.HELD:
        kind = HELD
    elif request.POST.get("kind") or request.GET.get("kind"):
        kind = _kind(request)
    else:
        # A planned meeting whose time has passed: most likely it happened.
        kind = HELD if meeting.starts_at <= timezone.now() else PLANNED
    initial = MeetingForm.initial_for(meeting) | {"kind": kind}
    if acting_as == COORDINATOR:
        # Staff read and change the private note; the pair never reads it back.
        note = access.scope(request.membership, PrivateNote).filter(meeting=meeting).first()
        initial["private_note"] = note.text if note else ""
    form = MeetingForm(request.POST or None, kind=kind, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        private_note = data["private_note"]
        if acting_as != COORDINATOR and not private_note.strip():
            private_note = None
        try:
            if meeting.status == MeetingStatus.PLANNED and kind == HELD:
                meeting = meetings.meeting_held(
                    meeting=meeting,
                    by=request.user,
                    acting_as=acting_as,
                    topics=data["topics"],
                    shared_note=data["shared_note"],
                    private_note=private_note,
                    **form.service_values(),
                )
            else:
                meeting = meetings.meeting_update(
                    meeting=meeting,
                    by=request.user,
                    acting_as=acting_as,
                    place=data["place"],
                    topics=data["topics"],
                    shared_note=data["shared_note"],
                    private_note=private_note if kind == HELD else None,
                    **form.service_values(),
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _saved_message(meeting))
            return _back(mentorship, acting_as)
    return render(
        request,
        "mentorships/activity/meeting_form.html",
        _context(mentorship, acting_as, form=form, kind=kind, meeting=meeting),
    )


@pair_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, acting_as = _meeting(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        meetings.meeting_cancel(meeting=meeting, by=request.user, acting_as=acting_as)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is cancelled. You will both get an e-mail."))
    return _back(meeting.mentorship, acting_as)


# --- reviews -----------------------------------------------------------------------------------


@pair_required
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair (together) or a coordinator says where each goal stands."""
    mentorship, acting_as = _pair(request, pk)
    today = timezone.localdate()
    due = reviews.review_open(mentorship, today)
    goals = list(access.scope(request.membership, mentorship.goals.all()))
    form = ReviewForm(request.POST or None, goals=goals)
    if due is not None and goals and request.method == "POST" and form.is_valid():
        try:
            reviews.review_submit(
                mentorship=mentorship,
                due_on=due,
                checks=[reviews.Check(*check) for check in form.checks()],
                note=form.cleaned_data["note"],
                submitted_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you! The review is saved. Your coordinator will read it.")
            )
            return _back(mentorship, acting_as)
    return render(
        request,
        "mentorships/activity/review_form.html",
        _context(
            mentorship,
            acting_as,
            form=form,
            due=due,
            next_due=reviews.next_review_due(mentorship, today),
        ),
    )


# --- evaluations -------------------------------------------------------------------------------


@pair_required
def evaluation_answer(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One side answers the mid-term or final evaluation; staff record a side's paper form
    (the side chosen with ?side=)."""
    if kind not in EvaluationKind.values:
        raise Http404
    mentorship, acting_as = _pair(request, pk)
    if acting_as == COORDINATOR:
        side = request.POST.get("side") or request.GET.get("side")
        side = side if side in Side.values else None
    else:
        side = acting_as
    answered = (
        side is not None
        and access.scope(request.membership, Evaluation)
        .filter(mentorship=mentorship, kind=kind, side=side)
        .exists()
    )
    is_open = kind in evaluations.evaluations_open(mentorship, timezone.localdate())
    questions = evaluations.extra_questions(mentorship.programme)
    form = EvaluationForm(request.POST or None, questions=questions)
    can_answer = side is not None and is_open and not answered
    if can_answer and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluations.evaluation_submit(
                mentorship=mentorship,
                kind=kind,
                side=side,
                satisfaction=data["satisfaction"],
                what_helped=data["what_helped"],
                what_was_hard=data["what_was_hard"],
                would_recommend=data["would_recommend"] == "yes",
                extra_answers=form.extra_answers(),
                submitted_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for your answers!"))
            return _back(mentorship, acting_as)
    return render(
        request,
        "mentorships/activity/evaluation_form.html",
        _context(
            mentorship,
            acting_as,
            form=form,
            kind=kind,
            kind_label=EvaluationKind(kind).label,
            side=side,
            side_label=Side(side).label if side else "",
            sides=Side.choices,
            answered=answered,
            is_open=is_open,
            can_answer=can_answer,
        ),
    )


# --- help --------------------------------------------------------------------------------------


@role_required(Role.MENTOR, Role.MENTEE)
def help_request(request: HttpRequest, pk: int) -> HttpResponse:
    """ "I need help" from the portal: the coordinator is alerted."""
    mentorship, acting_as = _pair(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if acting_as not in Side.values:
        raise PermissionDenied
    form = HelpForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        help_requests.help_request_raise(
            mentorship=mentorship, side=acting_as, message=message, raised_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your coordinator will contact you soon."))
    return redirect(reverse("mentorships:portal") + f"#pair-{mentorship.pk}")


@staff_required
def help_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator marks a help request as dealt with, with what was done."""
    help_request = access.get_object(
        request.membership, HelpRequest.objects.select_related("mentorship"), access.CHANGE, pk=pk
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        help_requests.help_request_resolve(
            help_request=help_request, resolved_by=request.user, note=note
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request for help is marked as dealt with."))
    return redirect("mentorships:detail", pk=help_request.mentorship_id)
