"""A mentor's or mentee's own proposals, in their portal: who, when, where — and yes or no."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import role_required
from tandem.accounts.models import Role
from tandem.matching import selectors, services
from tandem.matching.forms import AnswerForm
from tandem.matching.models import Proposal, Side
from tandem.matching.profiles import limited_profile


@role_required(Role.MENTOR, Role.MENTEE)
@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    items = []
    for proposal in selectors.own_proposals(membership):
        sides = access.proposal_sides(membership, proposal)
        mine = Side.MENTEE if proposal.mentee.person.user_id == request.user.pk else Side.MENTOR
        other = proposal.participant(Side.MENTOR if mine == Side.MENTEE else Side.MENTEE)
        answers = {answer.side: answer for answer in proposal.answers.all()}
        items.append(
            {
                "proposal": proposal,
                "side": mine,
                "other": limited_profile(other.person),
                "mine": answers.get(mine),
                "form": AnswerForm(prefix=f"p{proposal.pk}") if mine in sides else None,
            }
        )
    return render(request, "matching/my_proposals.html", {"items": items})


@role_required(Role.MENTOR, Role.MENTEE)
@require_POST
def my_proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    proposal = access.get_object(
        membership,
        Proposal.objects.select_related("programme", "mentee__person", "mentor__person"),
        pk=pk,
    )
    sides = access.proposal_sides(membership, proposal)
    if not sides:
        messages.error(request, _("You have answered already, or this proposal is closed."))
        return redirect("matching:my_proposals")
    form = AnswerForm(request.POST, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("matching:my_proposals")
    try:
        services.proposal_answer(
            proposal=proposal,
            side=sides[0],
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            answered_by=request.user,
            by_themselves=True,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your answer was sent to your coordinator."))
    return redirect("matching:my_proposals")
