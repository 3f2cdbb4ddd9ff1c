"""Who may see and change what. The one place that answers it.

Every view and selector that reads tenant data asks ``scope(membership, Model)`` for the rows it
may use, or ``get_object(membership, Model, pk=...)`` for one row (404 when not visible). Rules are
written per model as lookups (strings), so this module needs no import of later apps' models.

A request acts through one membership (one organisation, one role); rows of another organisation
are never returned, whatever the role.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from tandem.accounts.models import Membership, Role, User
from tandem.programmes.models import Programme

VIEW = "view"
CHANGE = "change"

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])

# A rule turns (membership, action) into a filter on its model.
RuleFn = Callable[[Membership, str], Q]
RULES: dict[str, RuleFn] = {}


def rule(label: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[label] = fn
        return fn

    return register


def assigned_programme_ids(membership: Membership) -> list[int] | None:
    """Programme ids a coordinator is limited to, or None when they cover the organisation.

    A limited coordinator whose list became empty (a programme deleted) sees no programme, never
    the whole organisation.
    """
    if membership.role != Role.COORDINATOR or membership.all_programmes:
        return None
    cached = getattr(membership, "_assigned_programme_ids", None)
    if cached is None:
        cached = list(membership.programmes.values_list("pk", flat=True))
        membership._assigned_programme_ids = cached  # type: ignore[attr-defined]
    return cached


def _programmes(membership: Membership, path: str) -> Q:
    """Rows whose programme (at ``path``) is one a staff membership covers."""
    q = Q(**{f"{path}organisation_id": membership.organisation_id})
    ids = assigned_programme_ids(membership)
    if ids is not None:
        q &= Q(**{f"{path}pk__in": ids})
    return q


@rule("programmes.Organisation")
def _organisation(m: Membership, action: str) -> Q:
    if action == VIEW or m.role == Role.ADMIN:
        return Q(pk=m.organisation_id)
    return NOTHING


@rule("programmes.Programme")
def _programme(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "")
    if action != VIEW:
        return NOTHING
    if m.role in (Role.MENTOR, Role.MENTEE):
        return Q(organisation_id=m.organisation_id, participants__person__user_id=m.user_id)
    if m.role == Role.REFERRAL_PARTNER:
        # Partners refer candidates into the programmes that take applications.
        return Q(organisation_id=m.organisation_id, is_open=True)
    return NOTHING


@rule("programmes.Cohort")
def _cohort(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    return NOTHING


def _person(m: Membership, action: str, path: str = "") -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        q = Q(**{f"{path}organisation_id": m.organisation_id})
        ids = assigned_programme_ids(m)
        if ids is not None:
            # A coordinator limited to some programmes sees their participants, the people
            # referred to them, and the intake pool (in no programme and not referred to another
            # one) — not the people of other programmes.
            in_pool = Q(**{f"{path}participations__isnull": True}) & ~Q(
                **{f"{path}referrals__status": "submitted"}
            )
            q &= (
                Q(**{f"{path}participations__programme_id__in": ids})
                | Q(**{f"{path}referrals__programme_id__in": ids})
                | in_pool
            )
        return q
    if action != VIEW:
        return NOTHING
    if m.role in (Role.MENTOR, Role.MENTEE):
        return Q(**{f"{path}organisation_id": m.organisation_id, f"{path}user_id": m.user_id})
    if m.role == Role.REFERRAL_PARTNER:
        return Q(
            **{f"{path}organisation_id": m.organisation_id, f"{path}referred_by_id": m.user_id}
        )
    return NOTHING


@rule("people.Person")
def _person_rule(m: Membership, action: str) -> Q:
    return _person(m, action)


@rule("people.PersonLanguage")
def _person_language(m: Membership, action: str) -> Q:
    return _person(m, action, "person__")


@rule("people.Participant")
def _participant(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    if action != VIEW:
        return NOTHING
    if m.role in (Role.MENTOR, Role.MENTEE):
        return Q(programme__organisation_id=m.organisation_id, person__user_id=m.user_id)
    if m.role == Role.REFERRAL_PARTNER:
        # Partners follow the status of their own referrals; never the intake notes.
        return Q(programme__organisation_id=m.organisation_id, person__referred_by_id=m.user_id)
    return NOTHING


@rule("people.Consent")
def _consent(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _person(m, action, "person__")
    if m.role in (Role.MENTOR, Role.MENTEE):
        # People give and withdraw their own consents in their portal.
        return Q(person__organisation_id=m.organisation_id, person__user_id=m.user_id)
    return NOTHING


@rule("people.Referral")
def _referral(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    if m.role == Role.REFERRAL_PARTNER and action == VIEW:
        return Q(programme__organisation_id=m.organisation_id, referred_by_id=m.user_id)
    return NOTHING


@rule("people.Intake")
@rule("people.TrainingSession")
@rule("people.ScreeningCheck")
def _programme_staff_only(m: Membership, action: str) -> Q:
    # Intake notes, the right to work and mentor screening are for the programme's staff only.
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "participant__programme__")
    return NOTHING


@rule("people.ImportJob")
@rule("people.ImportPreset")
def _whole_organisation_staff(m: Membership, action: str) -> Q:
    # Imports concern the whole organisation: admins and coordinators covering every programme.
    if is_staff(m) and assigned_programme_ids(m) is None:
        return Q(organisation_id=m.organisation_id)
    return NOTHING


@rule("people.StatusChange")
def _status_change(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR) and action == VIEW:
        return _programmes(m, "participant__programme__")
    return NOTHING


@rule("matching.MatchingSettings")
@rule("matching.MatchRun")
@rule("matching.PairLock")
@rule("matching.PairExclusion")
def _matching_staff_only(m: Membership, action: str) -> Q:
    # Runs, settings, locks and exclusions are the programme staff's work tools.
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    return NOTHING


@rule("matching.Suggestion")
def _suggestion(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "run__programme__")
    return NOTHING


def _own_pair(m: Membership, path: str = "") -> Q:
    """Rows about a pair (a proposal, a mentorship) in which this mentor or mentee is a side."""
    return Q(**{f"{path}programme__organisation_id": m.organisation_id}) & (
        Q(**{f"{path}mentee__person__user_id": m.user_id})
        | Q(**{f"{path}mentor__person__user_id": m.user_id})
    )


@rule("matching.Proposal")
@rule("mentorships.Mentorship")
def _pair(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        # Their own proposal and mentorship; they answer through proposal_sides(), never by
        # changing the row.
        return _own_pair(m)
    return NOTHING


@rule("matching.ProposalAnswer")
def _proposal_answer(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "proposal__programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        return _own_pair(m, "proposal__")
    return NOTHING


def proposal_sides(membership: Membership | None, proposal: models.Model) -> list[str]:
    """The sides ("mentee", "mentor") of a proposal this membership may answer now.

    Staff covering the programme record either side's answer (a phone call, a visit); a mentor
    or mentee answers only their own side, in their own organisation. Nobody answers a side
    that has answered, or a proposal that is no longer waiting. ``proposal`` needs its
    ``mentee__person``, ``mentor__person`` and ``answers`` at hand (one query each at most).
    """
    if membership is None or not membership.is_active or proposal.status != "pending":
        return []
    programme = proposal.programme
    if programme.organisation_id != membership.organisation_id:
        return []
    answered = {answer.side for answer in proposal.answers.all()}
    open_sides = [side for side in ("mentee", "mentor") if side not in answered]
    if is_staff(membership):
        ids = assigned_programme_ids(membership)
        return open_sides if ids is None or programme.pk in ids else []
    if membership.role in (Role.MENTOR, Role.MENTEE):
        return [
            side
            for side in open_sides
            if getattr(proposal, side).person.user_id == membership.user_id
        ]
    return []


@rule("mentorships.MentorshipSettings")
def _mentorship_settings(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    return NOTHING


def _pair_part(m: Membership, action: str, path: str) -> Q:
    """Rows that belong to a mentorship (at ``path``): the programme's staff, and the pair
    itself to read. Mentors and mentees change them only through the services, which ask
    mentorship_side() which side they are."""
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, f"{path}programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        return _own_pair(m, path)
    return NOTHING


def _own_side(m: Membership, path: str) -> Q:
    """Rows a side of a pair wrote for themselves (``side`` on the row): an evaluation, a help
    request. The other side never reads them."""
    return Q(**{f"{path}programme__organisation_id": m.organisation_id}) & (
        Q(side="mentor", **{f"{path}mentor__person__user_id": m.user_id})
        | Q(side="mentee", **{f"{path}mentee__person__user_id": m.user_id})
    )


@rule("mentorships.Agreement")
@rule("mentorships.Goal")
@rule("mentorships.Meeting")
@rule("mentorships.Review")
def _mentorship_part(m: Membership, action: str) -> Q:
    return _pair_part(m, action, "mentorship__")


@rule("mentorships.Signature")
def _signature(m: Membership, action: str) -> Q:
    return _pair_part(m, action, "agreement__mentorship__")


@rule("mentorships.GoalCheck")
def _goal_check(m: Membership, action: str) -> Q:
    return _pair_part(m, action, "review__mentorship__")


@rule("mentorships.Evaluation")
@rule("mentorships.HelpRequest")
def _one_side(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "mentorship__programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        return _own_side(m, "mentorship__")
    return NOTHING


@rule("mentorships.PrivateNote")
def _private_note(m: Membership, action: str) -> Q:
    # Private notes are for the programme's staff only, whoever wrote them.
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "meeting__mentorship__programme__")
    return NOTHING


@rule("mentorships.Reminder")
def _reminder(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR) and action == VIEW:
        return _programmes(m, "mentorship__programme__")
    return NOTHING


@rule("mentorships.CalendarFeed")
def _calendar_feed(m: Membership, action: str) -> Q:
    # Each user's own feed, whatever their role.
    return Q(user_id=m.user_id)


def mentorship_side(membership: Membership | None, mentorship: models.Model) -> str | None:
    """What this membership is in a mentorship: "coordinator" (staff covering its programme),
    "mentor" or "mentee" (a side, in its organisation), or None. ``mentorship`` needs its
    ``programme``, ``mentor__person`` and ``mentee__person`` at hand."""
    if membership is None or not membership.is_active:
        return None
    programme = mentorship.programme
    if programme.organisation_id != membership.organisation_id:
        return None
    if is_staff(membership):
        ids = assigned_programme_ids(membership)
        return "coordinator" if ids is None or programme.pk in ids else None
    if membership.role in (Role.MENTOR, Role.MENTEE):
        for side in ("mentor", "mentee"):
            if getattr(mentorship, side).person.user_id == membership.user_id:
                return side
    return None


@rule("community.SupportGroup")
def _support_group(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        # Members see the groups they belong to (the next session, where).
        return Q(programme__organisation_id=m.organisation_id, members__person__user_id=m.user_id)
    return NOTHING


@rule("community.GroupSession")
def _group_session(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "group__programme__")
    if m.role in (Role.MENTOR, Role.MENTEE) and action == VIEW:
        return Q(
            group__programme__organisation_id=m.organisation_id,
            group__members__person__user_id=m.user_id,
        )
    return NOTHING


@rule("outcomes.EntryProfile")
@rule("outcomes.StatusEvent")
@rule("outcomes.FollowUp")
@rule("outcomes.SelfAssessment")
@rule("outcomes.SurveyLink")
def _outcomes(m: Membership, action: str) -> Q:
    # A mentee's situation and its follow-up are for the programme's staff only. A mentor
    # proposes an event and a mentee answers a survey through the services, never by reading.
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "participant__programme__")
    return NOTHING


@rule("outcomes.OutcomeSettings")
def _outcome_settings(m: Membership, action: str) -> Q:
    if m.role in (Role.ADMIN, Role.COORDINATOR):
        return _programmes(m, "programme__")
    return NOTHING


@rule("accounts.Membership")
def _membership(m: Membership, action: str) -> Q:
    if m.role == Role.ADMIN:
        return Q(organisation_id=m.organisation_id)
    if action == VIEW:
        return Q(pk=m.pk)
    return NOTHING


def _filter_for(membership: Membership | None, model: type[models.Model], action: str) -> Q:
    if membership is None or not membership.is_active:
        return NOTHING
    try:
        fn = RULES[model._meta.label]
    except KeyError:
        raise LookupError(f"No access rule for {model._meta.label}") from None
    return fn(membership, action)


def _lookups(q: Q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        else:
            yield child[0]


def _crosses_to_many(model: type[models.Model], condition: Q) -> bool:
    """Whether a rule follows a one-to-many or many-to-many relation (and could repeat rows)."""
    for lookup in _lookups(condition):
        current = model
        for part in lookup.split("__"):
            try:
                field = current._meta.get_field(part)
            except Exception:  # a lookup such as "in" or "isnull" ends the path
                break
            if field.one_to_many or field.many_to_many:
                return True
            if not field.is_relation:
                break
            current = field.related_model
    return False


def scope(
    membership: Membership | None,
    model_or_queryset: type[M] | models.QuerySet[M],
    action: str = VIEW,
) -> models.QuerySet[M]:
    """The rows of a model (or of a queryset) that ``membership`` may ``action``."""
    if isinstance(model_or_queryset, models.QuerySet):
        qs = model_or_queryset
    else:
        qs = model_or_queryset._default_manager.all()
    condition = _filter_for(membership, qs.model, action)
    if condition == NOTHING:
        return qs.none()
    if not _crosses_to_many(qs.model, condition):
        # The common case (a coordinator's organisation): a plain filter the indexes serve.
        return qs.filter(condition)
    # A rule across a to-many relation goes through a subquery, so rows are never repeated.
    return qs.filter(pk__in=qs.model._default_manager.filter(condition).values("pk"))


def get_object(
    membership: Membership | None,
    model_or_queryset: type[M] | models.QuerySet[M],
    action: str = VIEW,
    **lookup,
) -> M:
    """One row the membership may ``action``; 404 when it does not exist for them."""
    try:
        return scope(membership, model_or_queryset, action).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError):
        raise Http404 from None


def can(membership: Membership | None, action: str, obj: models.Model) -> bool:
    return scope(membership, type(obj), action).filter(pk=obj.pk).exists()


def is_staff(membership: Membership | None) -> bool:
    return membership is not None and membership.role in (Role.ADMIN, Role.COORDINATOR)


def can_create_programme(membership: Membership | None) -> bool:
    """Admins, and coordinators who cover the whole organisation, open new programmes."""
    return is_staff(membership) and assigned_programme_ids(membership) is None


def referral_partners(membership: Membership | None) -> models.QuerySet[User]:
    """The referral partners of the organisation (with their ``affiliation``), for staff who
    record who referred someone."""
    if not is_staff(membership):
        return User.objects.none()
    partners = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.REFERRAL_PARTNER, is_active=True
    )
    return (
        User.objects.filter(pk__in=partners.values("user_id"))
        .annotate(
            affiliation=models.Subquery(
                partners.filter(user_id=models.OuterRef("pk")).values("affiliation")[:1]
            )
        )
        .order_by("name", "email")
    )


def public_programme(organisation_slug: str, slug: str) -> Programme:
    """A programme for its public application page (anyone may read its name and page text)."""
    try:
        return Programme.objects.select_related("organisation").get(
            organisation__slug=organisation_slug, slug=slug
        )
    except Programme.DoesNotExist:
        raise Http404 from None
