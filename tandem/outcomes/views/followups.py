"""The follow-up pages.

Staff: the follow-up list (due now, overdue, upcoming, done; response rates), recording a call,
planning the follow-ups of someone who left without a mentorship, sending the self-assessment,
a programme's self-assessment statements and the change figures.

Public, no log-in, by a single-use link: the mentee's follow-up survey and self-assessment.
They show nothing about the person but their first name; an unknown, used or expired link gets
a kind page (status 404), never an error.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.accounts import access
from tandem.accounts.decorators import staff_required
from tandem.core import ratelimit
from tandem.core.forms import add_service_error
from tandem.matching.tasks import reading_language
from tandem.outcomes.forms.followups import (
    SITUATIONS,
    FollowUpRecordForm,
    OutcomeSettingsForm,
    SelfAssessmentForm,
    SurveyDetailsForm,
    situation_label,
)
from tandem.outcomes.models import (
    EventStatus,
    EventType,
    FollowUp,
    Moment,
    OutcomeSettings,
    SelfAssessment,
    StatusEvent,
)
from tandem.outcomes.services import followups, surveys
from tandem.people.models import Participant, Person
from tandem.programmes.models import Programme

# Public pages: enough for a person going back and forth, too few to try tokens.
PUBLIC_REQUESTS_PER_HOUR = 60
WORK = (EventType.EMPLOYED, EventType.SELF_EMPLOYED)
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# The sections of the follow-up list: title and what is in it.
SECTIONS = {
    "due_now": (
        gettext_lazy("Due now"),
        gettext_lazy("Due in the last two weeks: call them, or wait for the survey answer."),
    ),
    "overdue": (
        gettext_lazy("Overdue"),
        gettext_lazy("Due more than two weeks ago and not done. The oldest first."),
    ),
    "unreachable": (
        gettext_lazy("Could not be reached"),
        gettext_lazy("You can still record the situation when you reach them."),
    ),
    "upcoming": (gettext_lazy("Upcoming"), gettext_lazy("Due in the next 30 days.")),
    "done": (gettext_lazy("Done"), gettext_lazy("The latest first.")),
}


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


# --------------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------------


@staff_required
@require_GET
def followup_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    today = timezone.localdate()
    programmes = list(access.scope(membership, Programme).order_by("name"))
    programme = next((p for p in programmes if str(p.pk) == request.GET.get("programme")), None)
    follow_ups = access.scope(membership, FollowUp)
    mentees = access.scope(membership, Participant)
    if programme is not None:
        follow_ups = follow_ups.filter(participant__programme=programme)
        mentees = mentees.filter(programme=programme)
    counts = followups.follow_up_counts(follow_ups, today)
    sections = [
        (key, *SECTIONS[key], list(rows[: followups.SECTION_ROWS]), counts[key])
        for key, rows in followups.follow_up_sections(follow_ups, today).items()
    ]
    return render(
        request,
        "outcomes/followups/list.html",
        {
            "today": today,
            "programmes": programmes,
            "programme": programme,
            "sections": sections,
            "rates": followups.response_rates(follow_ups, today),
            "left": list(followups.left_without_follow_ups(mentees)[: followups.SECTION_ROWS]),
            "start_missing": list(
                followups.start_self_assessment_missing(mentees)[: followups.SECTION_ROWS]
            ),
            "due_now_days": followups.DUE_NOW_DAYS,
            "upcoming_days": followups.UPCOMING_DAYS,
            "section_rows": followups.SECTION_ROWS,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def followup_record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = access.get_object(
        request.membership,
        FollowUp.objects.select_related("participant__person", "participant__programme"),
        access.CHANGE,
        pk=pk,
    )
    form = FollowUpRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followups.follow_up_record(
                follow_up=follow_up,
                recorded_by=request.user,
                reached=form.reached,
                note=form.cleaned_data["note"],
                event=form.event() if form.reached else None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if form.reached:
                messages.success(request, _("The follow-up is done: the situation was recorded."))
            else:
                messages.success(request, _("Noted: they could not be reached."))
            return redirect("outcomes:followup_list")
    latest = (
        access.scope(request.membership, StatusEvent)
        .filter(participant=follow_up.participant, status=EventStatus.CONFIRMED)
        .order_by("-date", "-pk")
        .first()
    )
    return render(
        request,
        "outcomes/followups/record.html",
        {
            "follow_up": follow_up,
            "person": follow_up.participant.person,
            "form": form,
            "latest": latest,
            "expires_at": surveys.survey_expires_at(follow_up),
            "is_open": follow_up.status in followups.OPEN,
        },
    )


@staff_required
@require_POST
def followup_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the follow-ups of a mentee who left without a closed mentorship."""
    participant = access.get_object(request.membership, Participant, access.CHANGE, pk=pk)
    try:
        created = followups.follow_ups_plan(participant=participant, planned_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The follow-ups are planned, the first one on %(date)s.")
            % {"date": formats.date_format(min(f.due_on for f in created))},
        )
    return _back(request, reverse("outcomes:followup_list"))


@staff_required
@require_POST
def self_assessment_send(request: HttpRequest, pk: int) -> HttpResponse:
    """E-mail the mentee their self-assessment link, or (``action=open``) open it here to fill
    it in together."""
    participant = access.get_object(
        request.membership,
        Participant.objects.select_related("programme__organisation"),
        access.CHANGE,
        pk=pk,
    )
    moment = request.POST.get("moment", Moment.START)
    try:
        if request.POST.get("action") == "open":
            token = surveys.self_assessment_link_issue(participant=participant, moment=moment)
            return redirect("outcomes:self_assessment", token=token)
        surveys.self_assessment_send(participant=participant, moment=moment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The self-assessment link was sent by e-mail."))
    return _back(request, reverse("outcomes:followup_list"))


def _settings_of(membership, programme: Programme) -> OutcomeSettings:
    found = access.scope(membership, OutcomeSettings).filter(programme=programme).first()
    return found or OutcomeSettings(programme=programme)


@staff_required
@require_http_methods(["GET", "POST"])
def outcome_settings(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """A programme's self-assessment statements, per language."""
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=programme_pk)
    instance = _settings_of(request.membership, programme)
    initial = {
        f"self_assessment_{code}": getattr(instance, f"self_assessment_{code}") or ""
        for code in LANGUAGE_CODES
    }
    form = OutcomeSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.self_assessment_statements_save(outcome_settings=instance, texts=form.texts())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The self-assessment statements were saved."))
            return redirect("outcomes:self_assessment_figures", programme_pk=programme.pk)
    return render(
        request, "outcomes/followups/settings.html", {"programme": programme, "form": form}
    )


@staff_required
@require_GET
def self_assessment_figures(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Per mentee with both self-assessments, the change per statement; the programme mean."""
    programme = access.get_object(request.membership, Programme, pk=programme_pk)
    labels = surveys.statements(_settings_of(request.membership, programme))
    figures = surveys.self_assessment_changes(
        assessments=access.scope(request.membership, SelfAssessment).filter(
            participant__programme=programme
        ),
        labels=labels,
    )
    return render(
        request,
        "outcomes/followups/figures.html",
        {
            "programme": programme,
            "figures": figures,
            "columns": list(zip(figures.statements, figures.means, figures.counts, strict=True)),
            "few": len(figures.rows) < 5,
        },
    )


# --------------------------------------------------------------------------------------------
# Public: the mentee's survey and self-assessment
# --------------------------------------------------------------------------------------------


def _language(request: HttpRequest, person: Person | None) -> str:
    """The page's language: the one chosen on the page, else the one the person reads best."""
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGE_CODES:
        return chosen
    if person is not None:
        return reading_language(person)
    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in LANGUAGE_CODES else "en"


def _switch(request: HttpRequest, **changes: str) -> str:
    """A link to the same page with other choices (language, plain mode, answer)."""
    query = {k: v for k, v in request.GET.items() if k in ("lang", "plain", "answer")}
    query |= changes
    return "?" + urlencode({k: v for k, v in query.items() if v})


def _switches(request: HttpRequest, lang: str, plain: bool) -> dict:
    """The page's language and plain-mode switches."""
    return {
        "languages": [
            (code, name, _switch(request, lang=code)) for code, name in settings.LANGUAGES
        ],
        "plain_link": _switch(request, plain="" if plain else "1"),
        "lang": lang,
        "plain": plain,
    }


def _closed(request: HttpRequest, lang: str, status: int = 404) -> HttpResponse:
    with translation.override(lang):
        return render(
            request,
            "outcomes/surveys/closed.html",
            {"lang": lang, "languages": []},
            status=status,
        )


def _thanks(request: HttpRequest, context: dict) -> HttpResponse:
    # No switches: the link is used, the page behind them would say so.
    done = {**context, "languages": [], "plain_link": ""}
    return render(request, "outcomes/surveys/thanks.html", done)


def _limited(request: HttpRequest) -> bool:
    return not ratelimit.allow(request, "survey", limit=PUBLIC_REQUESTS_PER_HOUR, seconds=3600)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """ "What are you doing now?": a big button per answer; for a job, a few details next;
    then one confirmed status event."""
    follow_up = surveys.follow_up_for_token(token)
    person = follow_up.participant.person if follow_up else None
    lang = _language(request, person)
    if (follow_up is None or request.method == "POST") and _limited(request):
        return _closed(request, lang, status=429)
    if follow_up is None:
        return _closed(request, lang)
    plain = request.GET.get("plain") == "1"
    answer = request.GET.get("answer", "")
    context = {
        **_switches(request, lang, plain),
        "first_name": person.preferred_name or person.first_name,
        "organisation": follow_up.participant.programme.organisation.name,
    }
    with translation.override(lang):
        if answer not in surveys.SURVEY_TYPES:
            context["answers"] = [
                (
                    value,
                    situation_label(value, plain),
                    SITUATIONS[value][2],
                    _switch(request, answer=value),
                )
                for value in surveys.SURVEY_TYPES
            ]
            return render(request, "outcomes/surveys/survey.html", context)
        form = (
            SurveyDetailsForm(request.POST or None, situation=answer, plain=plain)
            if answer in WORK
            else None
        )
        if request.method == "POST" and (form is None or form.is_valid()):
            choice = form.answer() if form else surveys.SurveyAnswer(type=answer)
            try:
                surveys.survey_answer(token=token, answer=choice)
            except surveys.SurveyClosed:
                return _closed(request, lang)
            except ValidationError as error:
                if form is None:
                    context["error"] = " ".join(error.messages)
                else:
                    add_service_error(form, error)
            else:
                return _thanks(request, context)
        context |= {
            "answer": answer,
            "answer_label": situation_label(answer, plain),
            "answer_icon": SITUATIONS[answer][2],
            "form": form,
            "change_link": _switch(request, answer=""),
        }
        return render(request, "outcomes/surveys/survey.html", context)


@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, token: str) -> HttpResponse:
    """The programme's statements, each answered from 1 (not at all) to 5 (completely)."""
    link = surveys.self_assessment_link_for(token)
    person = link.participant.person if link else None
    lang = _language(request, person)
    if (link is None or request.method == "POST") and _limited(request):
        return _closed(request, lang, status=429)
    if link is None:
        return _closed(request, lang)
    plain = request.GET.get("plain") == "1"
    programme = link.participant.programme
    with translation.override(lang):
        found = OutcomeSettings.objects.filter(programme=programme).first()
        texts = surveys.statements(found or OutcomeSettings(programme=programme), lang)
        form = SelfAssessmentForm(request.POST or None, statements=texts, plain=plain)
        context = {
            **_switches(request, lang, plain),
            "first_name": person.preferred_name or person.first_name,
            "organisation": programme.organisation.name,
            "form": form,
            "moment": link.moment,
        }
        if request.method == "POST" and form.is_valid():
            try:
                surveys.self_assessment_answer(token=token, scores=form.scores())
            except surveys.SurveyClosed:
                return _closed(request, lang)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return _thanks(request, context)
        return render(request, "outcomes/surveys/self_assessment.html", context)
