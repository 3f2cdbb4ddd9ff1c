"""Pages about participants: enrolment in a programme, the detail, moves, the pipeline board."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.core.htmx import fragment_or_page
from tandem.people import eligibility, pipeline, readiness, selectors, services
from tandem.people.forms import (
    IntakeForm,
    MoveForm,
    ParticipantEditForm,
    ParticipantForm,
    ScreeningForm,
    TrainingForm,
)
from tandem.people.models import (
    DropOutReason,
    Intake,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Person,
    TrainingSession,
)
from tandem.programmes.models import Cohort, Programme


@staff_required
def participant_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    membership = request.membership
    person = access.get_object(membership, Person, access.CHANGE, pk=person_pk)
    form = ParticipantForm(
        request.POST or None,
        programmes=access.scope(membership, Programme, access.CHANGE).order_by("name"),
        cohorts=access.scope(membership, Cohort, access.CHANGE),
        initial={"role": request.GET.get("role", ParticipantRole.MENTEE)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                person=person,
                created_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now takes part in %(programme)s.")
                % {"name": person, "programme": participant.programme},
            )
            return redirect(participant)
    return render(request, "people/participant_form.html", {"form": form, "person": person})


@staff_required
@require_GET
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    participant = access.get_object(
        membership, Participant.objects.select_related("person", "programme", "cohort"), pk=pk
    )
    return render(
        request,
        "people/participant_detail.html",
        {
            "participant": participant,
            "history": selectors.participant_history(membership, participant),
            "moves": [
                (s, ParticipantStatus(s).label)
                for s in pipeline.allowed_moves(
                    participant.role, participant.status, services.held_from(participant)
                )
            ],
            "reason_required": sorted(pipeline.REASON_REQUIRED),
            "drop_out_reasons": DropOutReason.choices,
            "eligibility": eligibility.evaluate(participant, eligibility.rules_for(participant)),
            "readiness": readiness.readiness(participant),
            "training_sessions": access.scope(membership, TrainingSession).filter(
                participant=participant
            ),
            "training_form": TrainingForm(initial={"held_on": timezone.localdate()}),
            "screening_form": ScreeningForm(initial={"checked_on": timezone.localdate()}),
            "can_change": access.can(membership, access.CHANGE, participant),
            "intakes": access.scope(membership, Intake)
            .filter(participant=participant)
            .select_related("interviewer"),
        },
    )


@staff_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort of a participation, and what matching needs to know about it."""
    membership = request.membership
    participant = access.get_object(
        membership,
        Participant.objects.select_related("person", "programme", "cohort"),
        access.CHANGE,
        pk=pk,
    )
    form = ParticipantEditForm(
        request.POST or None,
        role=participant.role,
        cohorts=access.scope(membership, Cohort, access.CHANGE).filter(
            programme=participant.programme
        ),
        initial={
            "cohort": participant.cohort,
            "mentor_gender_wish": participant.mentor_gender_wish,
            "capacity": participant.capacity,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(participant=participant, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(participant)
    return render(
        request, "people/participant_edit.html", {"form": form, "participant": participant}
    )


@staff_required
def intake_record(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    participant = access.get_object(
        membership, Participant.objects.select_related("person"), access.CHANGE, pk=pk
    )
    form = IntakeForm(
        request.POST or None, role=participant.role, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_record(
                participant=participant, interviewer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The intake interview was recorded."))
            return redirect(participant)
    return render(request, "people/intake_form.html", {"form": form, "participant": participant})


@staff_required
@require_POST
def participant_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a participant along the pipeline, from the detail page or a board card."""
    membership = request.membership
    participant = access.get_object(
        membership, Participant.objects.select_related("person"), access.CHANGE, pk=pk
    )
    form = MoveForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.participant_move(
                participant=participant,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                drop_out_reason=form.cleaned_data["drop_out_reason"],
                override=form.cleaned_data["override"],
                moved_by=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a step to move to.")
    if request.htmx and request.POST.get("board"):
        return _board(
            request,
            participant.programme_id,
            participant.role,
            error=error,
            moved=None if error else participant,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is now “%(status)s”.")
            % {"name": participant.person, "status": participant.get_status_display()},
        )
    return redirect(participant)


def _board(
    request: HttpRequest,
    programme_pk: int,
    role: str,
    *,
    error: str = "",
    moved: Participant | None = None,
) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=programme_pk)
    if role not in ParticipantRole.values:
        role = ParticipantRole.MENTEE
    context = {
        "programme": programme,
        "role": role,
        "roles": ParticipantRole.choices,
        "columns": selectors.pipeline_board(membership, programme, role),
        "reason_required": sorted(pipeline.REASON_REQUIRED),
        "drop_out_reasons": DropOutReason.choices,
        "error": error,
        "moved": moved,
    }
    return render(
        request,
        fragment_or_page(request, "people/_board.html", "people/pipeline_board.html"),
        context,
    )


@staff_required
@require_GET
@vary_on_headers("HX-Request")
def pipeline_board(request: HttpRequest, programme_pk: int) -> HttpResponse:
    return _board(request, programme_pk, request.GET.get("role", ParticipantRole.MENTEE))
