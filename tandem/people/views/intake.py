"""Intake overviews for coordinators: the queue, the waiting list, the funnel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.people import figures, services
from tandem.people.forms import EligibilityRulesForm
from tandem.people.models import (
    EligibilityRules,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Referral,
    ReferralStatus,
    StatusChange,
)
from tandem.programmes.models import Programme

# The queue shows what needs a coordinator's action; the rest is on the board.
QUEUE_STATUSES = (ParticipantStatus.APPLIED, ParticipantStatus.INTAKE_PLANNED)
QUEUE_SIZE = 100


@staff_required
@require_GET
def intake_queue(request: HttpRequest) -> HttpResponse:
    """Who waits for an intake in the coordinator's programmes, the longest waiting first."""
    membership = request.membership
    waiting = (
        access.scope(membership, Participant)
        .filter(status__in=QUEUE_STATUSES)
        .select_related("person", "programme")
        .order_by("status_changed_at", "pk")
    )
    return render(
        request,
        "people/intake_queue.html",
        {
            "participants": waiting[:QUEUE_SIZE],
            "total": waiting.count(),
            "referrals": access.scope(membership, Referral)
            .filter(status=ReferralStatus.SUBMITTED)
            .count(),
            "now": timezone.now(),
        },
    )


@staff_required
@require_GET
def waiting_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's waiting list (ready to match), longest wait first, with its figures and
    the funnel of both roles."""
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=programme_pk)
    participants = access.scope(membership, Participant).filter(programme=programme)
    changes = access.scope(membership, StatusChange).filter(participant__programme=programme)
    now = timezone.now()
    roles = []
    for role, label in ParticipantRole.choices:
        of_role = participants.filter(role=role)
        roles.append(
            {
                "role": role,
                "label": label,
                "waiting": figures.waiting(of_role, now),
                "funnel": figures.funnel(changes, role),
                "list": of_role.filter(status=ParticipantStatus.READY_TO_MATCH)
                .select_related("person")
                .order_by("-match_priority", "status_changed_at", "pk")[:QUEUE_SIZE],
            }
        )
    return render(
        request,
        "people/waiting_list.html",
        {"programme": programme, "roles": roles, "now": now},
    )


@staff_required
def eligibility_rules_edit(request: HttpRequest, programme_pk: int, role: str) -> HttpResponse:
    """The rules a programme applies to mentees or mentors, edited without code."""
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=programme_pk)
    if role not in ParticipantRole.values:
        raise Http404
    rules = EligibilityRules.objects.filter(programme=programme, role=role).first()
    form = EligibilityRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.eligibility_rules_save(
                programme=programme, role=role, fields=form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The eligibility rules were saved."))
            return redirect(programme)
    return render(
        request,
        "people/eligibility_rules_form.html",
        {"form": form, "programme": programme, "role_label": ParticipantRole(role).label},
    )
