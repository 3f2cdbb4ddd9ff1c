"""The staff pages of a pair: the pair page, its agreement (edit, sign, print), the contact
person, closing; pairing two people by hand; a programme's mentorship settings.

Signing and printing are open to the pair's two sides as well (from their portal).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.accounts import access
from tandem.accounts.decorators import role_required, staff_required
from tandem.accounts.models import Role
from tandem.core.forms import add_service_error
from tandem.matching.profiles import limited_profile
from tandem.matching.tasks import reading_language
from tandem.mentorships import selectors
from tandem.mentorships.forms.pairs import (
    AgreementForm,
    CloseForm,
    ContactForm,
    MentorshipSettingsForm,
    PairCreateForm,
    SignForm,
    goal_formset,
    goal_inputs,
    sides_to_sign,
)
from tandem.mentorships.health import describe
from tandem.mentorships.models import (
    ClosureReason,
    EvaluationKind,
    Goal,
    Mentorship,
    MentorshipSettings,
    MentorshipStatus,
    Side,
    Signatory,
    Signature,
)
from tandem.mentorships.services import agreements, closure
from tandem.mentorships.services.starting import mentorship_pair, settings_for
from tandem.people.models import ParticipantStatus
from tandem.programmes.models import Programme

pair_member_required = role_required(Role.ADMIN, Role.COORDINATOR, Role.MENTOR, Role.MENTEE)
PRINT_LANGUAGES = ("en", "nl", "fr")


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (a path of this site only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _portal_or_detail(side: str | None, mentorship: Mentorship) -> str:
    if side == Signatory.COORDINATOR:
        return mentorship.get_absolute_url()
    try:
        return reverse("mentorships:portal")
    except NoReverseMatch:  # the portal is not wired yet
        return reverse("core:home")


@staff_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.pair_page(request.membership, pk)
    mentorship = page.mentorship
    missing = sides_to_sign(page.signatures)
    return render(
        request,
        "mentorships/pairs/detail.html",
        {
            "page": page,
            "mentorship": mentorship,
            "agreement": mentorship.agreement,
            "health_reasons": [describe(reason) for reason in mentorship.health_reasons],
            "signature_rows": [
                (value, label, page.signatures.get(value)) for value, label in Signatory.choices
            ],
            "missing": missing,
            "problems": agreements.signing_problems(mentorship.agreement, page.goals),
            "contact_form": ContactForm(
                initial={"coordinator": mentorship.coordinator_id}, staff=page.staff
            ),
            "evaluation_kinds": EvaluationKind.choices,
            "evaluation_sides": Side.choices,
        },
    )


@staff_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_for_staff(request.membership, pk, access.CHANGE)
    if not mentorship.is_active:
        messages.error(request, _("This mentorship is closed: its agreement can no longer change."))
        return redirect(mentorship)
    agreement = mentorship.agreement
    goals = list(access.scope(request.membership, Goal).filter(mentorship=mentorship))
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data, instance=agreement)
    formset = goal_formset(data, goals=goals, started_on=mentorship.started_on)
    if data is not None and form.is_valid() and formset.is_valid():
        terms = {name: form.cleaned_data[name] for name in agreements.TERMS}
        try:
            cleared = agreements.agreement_edit(
                agreement=agreement,
                edited_by=request.user,
                terms=terms,
                goals=goal_inputs(formset),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if cleared:
                messages.warning(
                    request,
                    _(
                        "The agreement was saved. It changed, so the signatures were cleared: "
                        "everyone signs the new text."
                    ),
                )
            else:
                messages.success(request, _("The agreement was saved."))
            return redirect(mentorship)
    return render(
        request,
        "mentorships/pairs/agreement_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "formset": formset,
            "signed": Signature.objects.filter(agreement=agreement).exists(),
        },
    )


@pair_member_required
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the agreement: a side for themselves, staff as coordinator or for a paper copy."""
    # The pair is looked up first: whoever may not see it gets 404, even for a GET.
    mentorship = access.get_object(
        request.membership,
        Mentorship.objects.select_related(
            "programme", "mentor__person", "mentee__person", "agreement"
        ),
        pk=pk,
    )
    side = access.mentorship_side(request.membership, mentorship)
    if side is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fallback = _portal_or_detail(side, mentorship)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who signs."))
        return _back(request, fallback)
    try:
        agreements.agreement_sign(
            agreement=mentorship.agreement,
            signatory=form.cleaned_data["signatory"],
            by=request.user,
            on_paper=form.cleaned_data["on_paper"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The signature was recorded."))
    return _back(request, fallback)


def _names(side: str, mentorship: Mentorship) -> dict[str, str]:
    """How the printed agreement names the pair: full names for staff (who have both sign a
    paper copy); for a side, their own name and the other's limited profile (consent)."""
    names = {}
    for other in ("mentor", "mentee"):
        person = mentorship.participant(other).person
        if side in (Signatory.COORDINATOR, other):
            names[other] = person.display_name
            continue
        profile = limited_profile(person)
        names[other] = (
            profile.first_name
            if profile
            else (_("Your mentor") if other == "mentor" else _("Your mentee"))
        )
    return names


@pair_member_required
@require_GET
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement on one A4 page, in the mentee's language (or the one chosen)."""
    mentorship = access.get_object(
        request.membership,
        Mentorship.objects.select_related(
            "programme__organisation", "mentor__person", "mentee__person__user", "agreement"
        ),
        pk=pk,
    )
    side = access.mentorship_side(request.membership, mentorship)
    if side is None:
        raise Http404
    chosen = request.GET.get("lang", "")
    language = chosen if chosen in PRINT_LANGUAGES else reading_language(mentorship.mentee.person)
    texts = MentorshipSettings.objects.filter(programme=mentorship.programme).first()
    signatures = {
        s.signatory: s
        for s in access.scope(request.membership, Signature)
        .filter(agreement=mentorship.agreement)
        .select_related("recorded_by")
    }
    names = _names(side, mentorship)
    sheet_context = {
        "mentorship": mentorship,
        "agreement": mentorship.agreement,
        "goals": access.scope(request.membership, Goal).filter(mentorship=mentorship),
        "names": names,
        "signature_rows": [
            (value, label, signatures.get(value), names.get(value))
            for value, label in Signatory.choices
        ],
        "print_language": language,
    }
    # Only the sheet is in the agreement's language; the page around it stays in the reader's.
    with translation.override(language):
        sheet_context["code_of_conduct"] = texts.code_of_conduct if texts else ""
        sheet = render_to_string("mentorships/pairs/_agreement_sheet.html", sheet_context, request)
    return render(
        request,
        "mentorships/pairs/agreement_print.html",
        {
            "sheet": sheet,
            "print_language": language,
            "languages": [
                (code, name) for code, name in settings.LANGUAGES if code in PRINT_LANGUAGES
            ],
            "back": _portal_or_detail(side, mentorship),
        },
    )


@staff_required
def contact_set(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_for_staff(request.membership, pk, access.CHANGE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContactForm(request.POST, staff=selectors.programme_staff(mentorship.programme))
    if not form.is_valid():
        messages.error(request, _("Choose someone of the programme's staff."))
        return redirect(mentorship)
    agreements.mentorship_set_contact(
        mentorship=mentorship, coordinator=form.cleaned_data["coordinator"], set_by=request.user
    )
    messages.success(request, _("The contact person was changed."))
    return redirect(mentorship)


def _consequences(mentorship: Mentorship, data: dict, mentor_busy: bool) -> list[str]:
    """What closing with these answers will do, in words, for the confirmation step."""
    moves = closure.closure_moves(
        status=data["status"],
        mentee_status=mentorship.mentee.status,
        mentor_status=mentorship.mentor.status,
        mentor_busy=mentor_busy,
        mentee_back_to_matching=data.get("mentee_back_to_matching", False),
        mentor_available_again=data.get("mentor_available_again", False),
    )
    mentee, mentor = mentorship.mentee.person, mentorship.mentor.person
    status_labels = dict(MentorshipStatus.choices)
    lines = [
        _("The mentorship is recorded as “%(status)s” on %(date)s.")
        % {"status": status_labels[data["status"]], "date": formats.date_format(data["ended_on"])}
    ]
    lines.append(_("Reason: %(reason)s") % {"reason": ClosureReason(data["reason"]).label})
    lines.append(_("Meetings still planned are cancelled."))
    if moves.mentee:
        lines.append(
            _("%(name)s becomes “%(status)s”.")
            % {
                "name": mentee.display_name,
                "status": ParticipantStatus(moves.mentee[-1]).label,
            }
        )
    else:
        lines.append(_("%(name)s keeps their status.") % {"name": mentee.display_name})
    if moves.mentee_priority:
        lines.append(_("They are matched first when the next pairs are made."))
    if moves.mentor:
        lines.append(
            _("%(name)s becomes “%(status)s”.")
            % {"name": mentor.display_name, "status": ParticipantStatus(moves.mentor[-1]).label}
        )
    elif mentor_busy:
        lines.append(
            _("%(name)s goes on with their other mentee, with a free place again.")
            % {"name": mentor.display_name}
        )
    else:
        lines.append(_("%(name)s keeps their status.") % {"name": mentor.display_name})
    lines.append(_("Both are asked for the final evaluation."))
    return lines


@staff_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a mentorship in two steps: the form, then what will happen, to confirm."""
    mentorship = selectors.mentorship_for_staff(request.membership, pk, access.CHANGE)
    if not mentorship.is_active:
        messages.info(request, _("This mentorship is closed already."))
        return redirect(mentorship)
    mentor_busy = selectors.mentor_other_running(mentorship) > 0
    form = CloseForm(request.POST or None, mentor_busy=mentor_busy)
    consequences = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "yes":
            try:
                closure.mentorship_close(
                    mentorship=mentorship,
                    status=data["status"],
                    reason=data["reason"],
                    note=data["note"],
                    ended_on=data["ended_on"],
                    closed_by=request.user,
                    mentee_back_to_matching=data.get("mentee_back_to_matching", False),
                    mentor_available_again=data.get("mentor_available_again", False),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The mentorship is closed."))
                return redirect(mentorship)
        else:
            consequences = _consequences(mentorship, data, mentor_busy)
    return render(
        request,
        "mentorships/pairs/close_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "mentor_busy": mentor_busy,
            "consequences": consequences,
        },
    )


@staff_required
def pair_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Pair a ready mentee with a mentor who has a free place, by hand."""
    membership = request.membership
    programme = access.get_object(membership, Programme, access.CHANGE, pk=programme_pk)
    form = PairCreateForm(
        request.POST or None,
        mentees=selectors.mentees_ready(membership, programme),
        mentors=selectors.mentors_with_place(membership, programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = mentorship_pair(
                mentee=form.cleaned_data["mentee"],
                mentor=form.cleaned_data["mentor"],
                started_on=form.cleaned_data["started_on"],
                paired_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The mentorship has started. Complete the agreement with the pair and sign it."),
            )
            return redirect(mentorship)
    return render(
        request, "mentorships/pairs/pair_form.html", {"programme": programme, "form": form}
    )


@staff_required
def mentorship_settings(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """A programme's agreement texts (EN/NL/FR), pair-health thresholds and evaluations."""
    programme = access.get_object(request.membership, Programme, access.CHANGE, pk=programme_pk)
    instance = access.get_object(
        request.membership,
        MentorshipSettings,
        access.CHANGE,
        pk=settings_for(programme).pk,
    )
    form = MentorshipSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        agreements.mentorship_settings_update(
            mentorship_settings=instance, values=form.cleaned_data, updated_by=request.user
        )
        messages.success(request, _("The mentorship settings were saved."))
        return redirect(programme)
    return render(
        request,
        "mentorships/pairs/settings_form.html",
        {"programme": programme, "form": form},
    )
