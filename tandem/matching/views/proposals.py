"""Proposals: made from a suggestion, followed by the coordinator, answered on behalf of those
who have no log-in."""

from datetime import time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.forms import add_service_error
from tandem.matching import selectors, services, wording
from tandem.matching.forms import ProposalForm, StaffAnswerForm
from tandem.matching.models import Proposal, Side, Suggestion
from tandem.people import consent
from tandem.people.models import ConsentPurpose
from tandem.programmes.models import Programme


def _notices(suggestion_or_proposal) -> list[str]:
    """What the coordinator should know before (and after) proposing: who gets no e-mail, and
    whose profile is not shared."""
    notes = []
    for side in Side.values:
        person = getattr(suggestion_or_proposal, side).person
        if not person.email:
            notes.append(
                _("%(name)s has no e-mail address: tell them yourself, and record their answer.")
                % {"name": person.display_name}
            )
        if not consent.granted(person, ConsentPurpose.MATCH_PROFILE):
            notes.append(
                _(
                    "%(name)s has not allowed sharing a limited profile: the other side only "
                    "learns that a proposal is made."
                )
                % {"name": person.display_name}
            )
    return notes


@staff_required
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = access.get_object(
        request.membership,
        Suggestion.objects.select_related(
            "run__programme", "mentee__person", "mentor__person", "proposal"
        ),
        access.CHANGE,
        pk=pk,
    )
    existing = getattr(suggestion, "proposal", None)
    if existing is not None:
        return redirect(existing)
    next_week = timezone.localdate() + timedelta(days=7)
    form = ProposalForm(
        request.POST or None,
        initial={"intro_meeting_date": next_week, "intro_meeting_time": time(10, 0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                suggestion=suggestion,
                intro_meeting_at=form.intro_meeting_at(),
                intro_meeting_place=form.cleaned_data["intro_meeting_place"],
                message=form.cleaned_data["message"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The proposal was made. Those with an e-mail address are told in their "
                    "language."
                ),
            )
            return redirect(proposal)
    weights = suggestion.run.instance["criteria"]["weights"] if suggestion.run.instance else None
    return render(
        request,
        "matching/proposal_form.html",
        {
            "suggestion": suggestion,
            "form": form,
            "explanation": wording.explanation(suggestion.explanation, weights),
            "notices": _notices(suggestion),
        },
    )


@staff_required
@require_GET
def proposal_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, pk=programme_pk)
    proposals = selectors.proposals(membership, programme)
    page = Paginator(proposals, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/proposal_list.html", {"programme": programme, "page": page})


def _proposal(request: HttpRequest, pk: int, action: str = access.VIEW) -> Proposal:
    return access.get_object(
        request.membership,
        Proposal.objects.select_related(
            "programme", "run", "mentee__person", "mentor__person", "created_by"
        ).prefetch_related("answers__recorded_by"),
        action,
        pk=pk,
    )


@staff_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    sides = access.proposal_sides(request.membership, proposal)
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "answers": {answer.side: answer for answer in proposal.answers.all()},
            "forms": [
                (side, proposal.participant(side), StaffAnswerForm(initial={"side": side}))
                for side in sides
            ],
            "notices": _notices(proposal) if proposal.status == "pending" else [],
        },
    )


@staff_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator records one side's answer (given by phone, in person...)."""
    proposal = _proposal(request, pk, access.CHANGE)
    form = StaffAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(proposal)
    side = form.cleaned_data["side"]
    if side not in access.proposal_sides(request.membership, proposal):
        if proposal.status != "pending" or proposal.answers.filter(side=side).exists():
            messages.error(request, _("This answer has been given already."))
            return redirect(proposal)
        raise PermissionDenied
    try:
        services.proposal_answer(
            proposal=proposal,
            side=side,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            answered_by=request.user,
            by_themselves=False,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _answered_message(proposal))
    return redirect(proposal)


def _answered_message(proposal: Proposal) -> str:
    if proposal.status == "accepted":
        return _("Both said yes: the mentorship has started and both are now “Matched”.")
    if proposal.status == "declined":
        return _("The answer is no: the pair will not be suggested again.")
    return _("The answer was recorded. Waiting for the other side.")
