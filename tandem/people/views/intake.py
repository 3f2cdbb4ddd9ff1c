"""Intake overviews for coordinators: the queue, the waiting list, the funnel."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.people import figures
from tandem.people.models import (
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
                .order_by("status_changed_at", "pk")[:QUEUE_SIZE],
            }
        )
    return render(
        request,
        "people/waiting_list.html",
        {"programme": programme, "roles": roles, "now": now},
    )
