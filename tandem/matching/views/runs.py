"""Match runs: start one, follow its progress, read its result, ask why not, compare runs,
see who is left over (fairness), download the instance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core.htmx import fragment_or_page
from tandem.matching import selectors, services, wording
from tandem.matching.fairness import run_fairness as compute_fairness
from tandem.matching.forms import PairForm, RunStartForm
from tandem.matching.models import ExclusionReason, MatchRun, RunStatus
from tandem.people.models import Participant
from tandem.programmes.models import Cohort, Programme


def _run(request: HttpRequest, pk: int, action: str = access.VIEW) -> MatchRun:
    return access.get_object(
        request.membership,
        MatchRun.objects.select_related("programme", "cohort", "created_by"),
        action,
        pk=pk,
    )


@staff_required
@require_POST
def run_start(request: HttpRequest, programme_pk: int) -> HttpResponse:
    membership = request.membership
    programme = access.get_object(membership, Programme, access.CHANGE, pk=programme_pk)
    form = RunStartForm(
        request.POST, cohorts=access.scope(membership, Cohort).filter(programme=programme)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the whole programme or one of its cohorts."))
        return redirect("matching:programme", programme_pk=programme.pk)
    try:
        run = services.run_start(
            programme=programme, cohort=form.cleaned_data["cohort"], started_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:programme", programme_pk=programme.pk)
    return redirect(run)


@staff_required
@require_GET
@vary_on_headers("HX-Request")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    run = _run(request, pk)
    polling = request.htmx and not request.htmx.history_restore_request
    if run.is_running:
        template = fragment_or_page(request, "matching/_run_progress.html", "matching/run.html")
        return render(
            request,
            template,
            {"run": run, "stage": wording.stage_label(run.stage), "percent": run.progress * 100},
        )
    if polling:
        # The run finished while the page polled: show the whole result page.
        return HttpResponse(headers={"HX-Refresh": "true"})
    if run.status == RunStatus.FAILED:
        return render(request, "matching/run.html", {"run": run})
    order = request.GET.get("order", "score")
    result = selectors.run_result(membership, run, order=order, page=request.GET.get("page"))
    mentees, mentors = selectors.run_sides(result.participants)
    other_runs = (
        access.scope(membership, MatchRun)
        .filter(programme=run.programme, status=RunStatus.DONE)
        .exclude(pk=run.pk)
        .only("pk", "created_at", "matched_count", "mentee_count", "cohort_id")[:20]
    )
    return render(
        request,
        "matching/run.html",
        {
            "run": run,
            "result": result,
            "order": order if order in selectors.ORDERS else "score",
            "mentees": mentees,
            "mentors": mentors,
            "other_runs": other_runs,
            "exclusion_reasons": [
                (value, label)
                for value, label in ExclusionReason.choices
                if value != ExclusionReason.DECLINED
            ],
        },
    )


@staff_required
@require_GET
def run_instance(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's instance, the audit record: `tandem match solve` solves it again."""
    run = _run(request, pk)
    if not run.instance:
        raise Http404
    response = JsonResponse(run.instance, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="match-run-{run.pk}.json"'
    return response


@staff_required
@require_GET
@vary_on_headers("HX-Request")
def run_why_not(request: HttpRequest, pk: int) -> HttpResponse:
    """Why the engine did not pair this mentee with that mentor: the hard rules the pair
    breaks, or — when it breaks none — its score, lower than the pairs chosen."""
    membership = request.membership
    run = _run(request, pk)
    if run.status != RunStatus.DONE:
        raise Http404
    people = selectors.run_participants(membership, run)
    scoped = access.scope(membership, Participant).filter(pk__in=list(people))
    form = PairForm(
        request.GET or None,
        mentees=scoped.filter(role="mentee"),
        mentors=scoped.filter(role="mentor"),
    )
    context: dict = {"run": run, "form": form}
    if form.is_valid():
        mentee, mentor = form.cleaned_data["mentee"], form.cleaned_data["mentor"]
        try:
            broken = services.pair_violations(run, mentee, mentor)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            context.update(mentee=mentee, mentor=mentor)
            context["violations"] = [wording.violation(v.rule, v.facts) for v in broken]
            if not broken:
                context.update(selectors.pair_explained(membership, run, mentee, mentor))
    template = fragment_or_page(request, "matching/_why_not.html", "matching/why_not.html")
    return render(request, template, context)


@staff_required
@require_GET
def run_compare(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    run = _run(request, pk)
    done = access.scope(membership, MatchRun).filter(programme=run.programme, status=RunStatus.DONE)
    other_pk = request.GET.get("other", "")
    if other_pk.isdigit():
        other = done.filter(pk=int(other_pk)).exclude(pk=run.pk).first()
    else:
        # By default: the run made just before this one.
        other = done.filter(created_at__lt=run.created_at).order_by("-created_at").first()
    if run.status != RunStatus.DONE or other is None:
        messages.error(request, _("Choose another finished run of this programme to compare."))
        return redirect(run)
    return render(
        request,
        "matching/compare.html",
        {
            "run": run,
            "other": other,
            "comparison": selectors.run_compare(membership, run, other),
            "choices": done.exclude(pk=run.pk).only("pk", "created_at", "matched_count")[:20],
        },
    )


@staff_required
@require_GET
def run_fairness(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status != RunStatus.DONE:
        raise Http404
    return render(
        request,
        "matching/fairness.html",
        {"run": run, "fairness": compute_fairness(request.membership, run)},
    )
