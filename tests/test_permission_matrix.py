"""Every URL of Tandem, requested by every kind of user, on objects of organisation A.

The URL list comes from the resolver: a new page that is not classified here fails the test, so
each later page must say who may open it, and whether it takes a POST. For each URL and actor
the matrix says what a GET must give — the login page, 403, 404, 405, the page (200) or a
redirect — and every POST-able page is posted to by everyone who may not change A's data, with
a check that nothing of A changed. No page shown to B's coordinator, to a mentor, a mentee, an
employer contact or a referral partner may contain people of A they have no business seeing.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.accounts.models import Membership, User
from tandem.community.models import GroupSession, SupportGroup
from tandem.matching.models import (
    MatchingSettings,
    MatchRun,
    PairExclusion,
    PairLock,
    Proposal,
    ProposalAnswer,
    Suggestion,
)
from tandem.mentorships.models import (
    Agreement,
    CalendarFeed,
    Evaluation,
    Goal,
    GoalCheck,
    HelpRequest,
    Meeting,
    Mentorship,
    MentorshipSettings,
    PrivateNote,
    Review,
    Signature,
)
from tandem.outcomes.models import (
    EntryProfile,
    FollowUp,
    OutcomeSettings,
    SelfAssessment,
    StatusEvent,
    SurveyLink,
)
from tandem.people.models import (
    Consent,
    EligibilityRules,
    ImportJob,
    Intake,
    Participant,
    Person,
    Referral,
    ScreeningCheck,
    StatusChange,
    TrainingSession,
)
from tandem.programmes.models import Cohort, Programme
from tests.conftest import World, login
from tests.matching.world import add_matching
from tests.matrix_policies import (
    ACCOUNT,
    ACTORS,
    ADMIN_PAGE,
    DENIED,
    FORBIDDEN,
    LOGIN,
    NON_STAFF,
    NONE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PORTAL,
    POST_ONLY,
    PUBLIC,
    REDIRECT,
    STAFF_OBJECT,
    STAFF_PAGE,
    Kwargs,
    policy,
)
from tests.mentorships import matrix_activity, matrix_caseload, matrix_community, matrix_pairs
from tests.mentorships.world import add_mentorships
from tests.outcomes import matrix_dashboards, matrix_events, matrix_followups
from tests.outcomes.world import add_outcomes

FRAGMENTS = (
    matrix_pairs,
    matrix_activity,
    matrix_caseload,
    matrix_community,
    matrix_events,
    matrix_followups,
    matrix_dashboards,
)


@pytest.fixture
def world(world: World) -> World:
    """The named actors, with match runs, locks, exclusions and proposals in A's programmes,
    a running mentorship (with everything around it), a support group and a mentee's outcomes
    (situation at entry, status events, a follow-up) in each."""
    return add_outcomes(add_mentorships(add_matching(world)))


def apply_kwargs(w):
    return {"organisation": w.org.slug, "programme": w.programme.slug, "role": "mentee"}


# url name -> (kwargs for an object of A, expected result of GET per actor)
MATRIX: dict[str, tuple[Kwargs, dict | str]] = {
    "core:home": (NONE, policy(others=OK, mentor=REDIRECT, mentee=REDIRECT)),
    "email_managed": (NONE, policy(staff=FORBIDDEN, others=FORBIDDEN)),
    "accounts:member_list": (NONE, ADMIN_PAGE),
    "accounts:member_invite": (NONE, ADMIN_PAGE),
    "accounts:member_edit": (
        lambda w: {"pk": Membership.objects.get(user=w.coordinator).pk},
        ADMIN_PAGE,
    ),
    "accounts:membership_switch": (NONE, policy(staff=NOT_ALLOWED, others=NOT_ALLOWED)),
    "programmes:list": (NONE, STAFF_PAGE),
    "programmes:create": (NONE, policy(limited_coordinator=FORBIDDEN)),
    "programmes:detail": (lambda w: {"pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:edit": (lambda w: {"pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:cohort_create": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:cohort_edit": (lambda w: {"pk": w.cohort.pk}, STAFF_OBJECT),
    "people:person_list": (NONE, STAFF_PAGE),
    "people:person_create": (NONE, STAFF_PAGE),
    "people:person_export": (NONE, STAFF_PAGE),
    # Imports concern the whole organisation: not for a coordinator limited to programmes.
    "people:import_upload": (NONE, policy(limited_coordinator=REDIRECT)),
    "people:import_mapping": (
        lambda w: {"pk": w.import_job.pk},
        policy(limited_coordinator=NOT_FOUND, outsider=NOT_FOUND),
    ),
    "people:import_status": (
        lambda w: {"pk": w.import_job.pk},
        policy(limited_coordinator=NOT_FOUND, outsider=NOT_FOUND),
    ),
    "people:person_detail": (lambda w: {"pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:person_edit": (lambda w: {"pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:person_portal_access": (lambda w: {"pk": w.referred_person.pk}, POST_ONLY),
    "people:participant_create": (lambda w: {"person_pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:participant_detail": (lambda w: {"pk": w.mentee_participant.pk}, STAFF_OBJECT),
    "people:participant_move": (lambda w: {"pk": w.mentee_participant.pk}, POST_ONLY),
    "people:participant_edit": (lambda w: {"pk": w.mentee_participant.pk}, STAFF_OBJECT),
    "people:intake_record": (lambda w: {"pk": w.mentee_participant.pk}, STAFF_OBJECT),
    "people:training_add": (lambda w: {"pk": w.mentor_participant.pk}, POST_ONLY),
    "people:screening_add": (lambda w: {"pk": w.mentor_participant.pk}, POST_ONLY),
    "people:pipeline_board": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "people:postcode_lookup": (NONE, POST_ONLY),
    "people:me": (NONE, PORTAL),
    "people:intake_queue": (NONE, STAFF_PAGE),
    "people:duplicate_list": (NONE, STAFF_PAGE),
    "people:person_merge": (
        lambda w: {"pk": w.mentee_person.pk, "other_pk": w.referred_person.pk},
        POST_ONLY,
    ),
    "people:eligibility_rules": (
        lambda w: {"programme_pk": w.programme.pk, "role": "mentee"},
        STAFF_OBJECT,
    ),
    "people:waiting_list": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "people:apply": (apply_kwargs, PUBLIC),
    "people:apply_thanks": (apply_kwargs, PUBLIC),
    "people:my_consent": (
        NONE,
        policy(staff=FORBIDDEN, mentor=NOT_ALLOWED, mentee=NOT_ALLOWED, outsider=FORBIDDEN),
    ),
    "people:consent_give": (lambda w: {"person_pk": w.mentee_person.pk}, POST_ONLY),
    "people:consent_withdraw": (lambda w: {"pk": w.mentee_consent.pk}, POST_ONLY),
    "people:referral_list": (NONE, STAFF_PAGE),
    "people:referral_create": (
        NONE,
        policy(staff=FORBIDDEN, referral_partner=OK, outsider=FORBIDDEN),
    ),
    "people:referral_detail": (lambda w: {"pk": w.referral.pk}, STAFF_OBJECT),
    "people:referral_accept": (lambda w: {"pk": w.referral.pk}, POST_ONLY),
    "people:referral_close": (lambda w: {"pk": w.referral.pk}, POST_ONLY),
    "matching:programme": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "matching:settings": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "matching:run_start": (lambda w: {"programme_pk": w.programme.pk}, POST_ONLY),
    "matching:figures": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "matching:proposal_list": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "matching:run_detail": (lambda w: {"pk": w.matching.run.pk}, STAFF_OBJECT),
    "matching:run_instance": (lambda w: {"pk": w.matching.run.pk}, STAFF_OBJECT),
    "matching:run_why_not": (lambda w: {"pk": w.matching.run.pk}, STAFF_OBJECT),
    "matching:run_compare": (lambda w: {"pk": w.matching.run.pk}, STAFF_OBJECT),
    "matching:run_fairness": (lambda w: {"pk": w.matching.run.pk}, STAFF_OBJECT),
    "matching:lock_create": (lambda w: {"pk": w.matching.run.pk}, POST_ONLY),
    "matching:exclusion_create": (lambda w: {"pk": w.matching.run.pk}, POST_ONLY),
    "matching:lock_delete": (lambda w: {"pk": w.matching.lock.pk}, POST_ONLY),
    "matching:exclusion_delete": (lambda w: {"pk": w.matching.exclusion.pk}, POST_ONLY),
    "matching:proposal_create": (lambda w: {"pk": w.matching.suggestion.pk}, STAFF_OBJECT),
    "matching:proposal_detail": (lambda w: {"pk": w.matching.proposal.pk}, STAFF_OBJECT),
    "matching:proposal_answer": (lambda w: {"pk": w.matching.proposal.pk}, POST_ONLY),
    "matching:my_proposals": (NONE, PORTAL),
    "matching:my_proposal_answer": (
        lambda w: {"pk": w.matching.proposal.pk},
        policy(staff=FORBIDDEN, mentor=NOT_ALLOWED, mentee=NOT_ALLOWED, outsider=FORBIDDEN),
    ),
    "set_language": (NONE, policy(anonymous=NOT_ALLOWED, staff=NOT_ALLOWED, others=NOT_ALLOWED)),
    # django-allauth
    "account_login": (NONE, ACCOUNT),
    "account_logout": (NONE, ACCOUNT),
    "account_inactive": (NONE, ACCOUNT),
    "account_signup": (NONE, ACCOUNT),
    "account_reauthenticate": (NONE, ACCOUNT),
    "account_email": (NONE, policy(staff=FORBIDDEN, others=FORBIDDEN)),
    "account_email_verification_sent": (NONE, ACCOUNT),
    "account_change_password": (NONE, ACCOUNT),
    "account_set_password": (NONE, ACCOUNT),
    "account_reset_password": (NONE, ACCOUNT),
    "account_confirm_login_code": (NONE, ACCOUNT),
    "account_confirm_email": (lambda w: {"key": "not-a-real-key"}, ACCOUNT),
    "account_reset_password_from_key_done": (NONE, ACCOUNT),
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "bad-key"}, ACCOUNT),
    "account_reset_password_done": (NONE, ACCOUNT),
    "mfa_index": (NONE, ACCOUNT),
    "mfa_authenticate": (NONE, ACCOUNT),
    "mfa_reauthenticate": (NONE, ACCOUNT),
    "mfa_activate_totp": (NONE, ACCOUNT),
    "mfa_deactivate_totp": (NONE, ACCOUNT),
    "mfa_view_recovery_codes": (NONE, ACCOUNT),
    "mfa_generate_recovery_codes": (NONE, ACCOUNT),
    "mfa_download_recovery_codes": (NONE, ACCOUNT),
}
# The mentorships and community pages are classified beside their tests.
for fragment in FRAGMENTS:
    MATRIX.update(fragment.MATRIX)

# Tandem pages that only read: a POST is refused (405) or means the same as a GET.
READ_ONLY = {
    "core:home",
    "email_managed",
    "accounts:member_list",
    "programmes:list",
    "programmes:detail",
    "people:person_detail",
    "people:participant_detail",
    "people:pipeline_board",
    "people:me",
    "people:referral_list",
    "people:referral_detail",
    "people:apply_thanks",
    "people:intake_queue",
    "people:waiting_list",
    "people:duplicate_list",
    "people:person_export",
    "people:import_status",
    "matching:programme",
    "matching:figures",
    "matching:proposal_list",
    "matching:run_detail",
    "matching:run_instance",
    "matching:run_why_not",
    "matching:run_compare",
    "matching:run_fairness",
    "matching:proposal_detail",
    "matching:my_proposals",
}
for fragment in FRAGMENTS:
    READ_ONLY |= fragment.READ_ONLY


# Tandem pages that take a POST: the data posted, and what each actor outside A's staff gets.
# Unless said otherwise: anonymous → login, mentor/mentee/employer/partner → 403, B → 404.
POSTS: dict[str, tuple[dict, dict]] = {
    "accounts:member_invite": (
        {"name": "X", "email": "x@example.org", "role": "admin", "language": "en"},
        {"outsider": FORBIDDEN},
    ),
    "accounts:member_edit": ({"role": "admin", "is_active": "on"}, {"outsider": FORBIDDEN}),
    "accounts:membership_switch": (
        {"membership": "will be A's admin membership"},
        dict.fromkeys((*NON_STAFF, "outsider"), REDIRECT),
    ),
    "programmes:create": ({"name_en": "X", "slug": "x"}, {"outsider": OK}),
    "programmes:edit": ({"name_en": "Hijacked", "slug": "ntw"}, {}),
    "programmes:cohort_create": ({"name": "Hijacked", "starts_on": "2026-01-01"}, {}),
    "programmes:cohort_edit": ({"name": "Hijacked", "starts_on": "2026-01-01"}, {}),
    "people:person_list": ({"q": "e"}, {"outsider": OK}),
    "people:person_create": ({"first_name": "X", "last_name": "Y"}, {"outsider": OK}),
    "people:person_edit": ({"first_name": "Hijacked", "last_name": "X"}, {}),
    "people:person_portal_access": ({}, {}),
    "people:participant_create": ({"role": "mentee"}, {}),
    "people:participant_move": ({"to_status": "intake_planned"}, {}),
    "people:intake_record": ({"held_on": "2026-01-05", "right_to_work": "full"}, {}),
    "people:eligibility_rules": ({"min_age": "18", "max_age": "30"}, {}),
    "people:training_add": ({"held_on": "2026-01-05", "hours": "3", "topic": "X"}, {}),
    "people:person_merge": ({}, {}),
    "people:import_upload": ({}, {"outsider": OK}),
    "people:import_mapping": ({"col_first_name": "First name", "action": "import"}, {}),
    "people:screening_add": ({"kind": "references", "checked_on": "2026-01-05"}, {}),
    "people:postcode_lookup": ({"postcode": "1000"}, {"outsider": OK}),
    "people:my_consent": (
        {"purpose": "employers", "action": "give"},
        {"mentor": REDIRECT, "mentee": REDIRECT, "outsider": FORBIDDEN},
    ),
    "people:consent_give": ({"purpose": "employers", "channel": "paper"}, {}),
    # Invalid on purpose: anyone may apply, but a refused application saves nothing.
    "people:apply": (
        {"first_name": "X"},
        {"anonymous": OK, **dict.fromkeys((*NON_STAFF, "outsider"), OK)},
    ),
    "people:consent_withdraw": ({}, {}),
    # Invalid on purpose: a partner may refer, but this proves nothing else changes.
    "people:referral_create": (
        {"first_name": "X"},
        {"referral_partner": OK, "outsider": FORBIDDEN},
    ),
    "people:referral_accept": ({}, {}),
    "people:referral_close": ({"reason": "Hijacked"}, {}),
    "people:participant_edit": ({"mentor_gender_wish": "man"}, {}),
    "matching:settings": ({"weight_sector": "10", "objective": "max_matched"}, {}),
    "matching:run_start": ({}, {}),
    "matching:lock_create": ({}, {}),
    "matching:exclusion_create": ({"reason": "met_before"}, {}),
    "matching:lock_delete": ({}, {}),
    "matching:exclusion_delete": ({}, {}),
    "matching:proposal_create": (
        {
            "intro_meeting_date": "2099-01-01",
            "intro_meeting_time": "10:00",
            "intro_meeting_place": "Hijacked",
        },
        {},
    ),
    "matching:proposal_answer": ({"side": "mentee", "answer": "declined", "reason": "other"}, {}),
    # Both sides of A's proposal may answer it; an empty answer changes nothing.
    "matching:my_proposal_answer": (
        {},
        {"mentor": REDIRECT, "mentee": REDIRECT, "outsider": FORBIDDEN},
    ),
    "set_language": (
        {"language": "nl", "next": "/"},
        {"anonymous": REDIRECT, **dict.fromkeys((*NON_STAFF, "outsider"), REDIRECT)},
    ),
}
for fragment in FRAGMENTS:
    POSTS.update(fragment.POSTS)

# Objects of A's second programme, which the limited coordinator is not assigned to.
OTHER_PROGRAMME: dict[str, Kwargs] = {
    "programmes:detail": lambda w: {"pk": w.other_programme.pk},
    "programmes:edit": lambda w: {"pk": w.other_programme.pk},
    "programmes:cohort_create": lambda w: {"programme_pk": w.other_programme.pk},
    "programmes:cohort_edit": lambda w: {"pk": w.other_cohort.pk},
    "people:person_detail": lambda w: {"pk": w.other_programme_participant.person_id},
    "people:person_edit": lambda w: {"pk": w.other_programme_participant.person_id},
    "people:participant_create": lambda w: {"person_pk": w.other_programme_participant.person_id},
    "people:participant_detail": lambda w: {"pk": w.other_programme_participant.pk},
    "people:participant_move": lambda w: {"pk": w.other_programme_participant.pk},
    "people:intake_record": lambda w: {"pk": w.other_programme_participant.pk},
    "people:training_add": lambda w: {"pk": w.other_programme_participant.pk},
    "people:person_merge": lambda w: {
        "pk": w.referred_person.pk,
        "other_pk": w.other_programme_participant.person_id,
    },
    "people:screening_add": lambda w: {"pk": w.other_programme_participant.pk},
    "people:person_portal_access": lambda w: {"pk": w.other_programme_participant.person_id},
    "people:pipeline_board": lambda w: {"programme_pk": w.other_programme.pk},
    "people:waiting_list": lambda w: {"programme_pk": w.other_programme.pk},
    "people:eligibility_rules": lambda w: {
        "programme_pk": w.other_programme.pk,
        "role": "mentee",
    },
    "people:consent_give": lambda w: {"person_pk": w.other_programme_participant.person_id},
    "people:consent_withdraw": lambda w: {"pk": w.other_consent.pk},
    "people:referral_detail": lambda w: {"pk": w.other_referral.pk},
    "people:referral_accept": lambda w: {"pk": w.other_referral.pk},
    "people:referral_close": lambda w: {"pk": w.other_referral.pk},
    "people:participant_edit": lambda w: {"pk": w.other_programme_participant.pk},
    "matching:programme": lambda w: {"programme_pk": w.other_programme.pk},
    "matching:settings": lambda w: {"programme_pk": w.other_programme.pk},
    "matching:run_start": lambda w: {"programme_pk": w.other_programme.pk},
    "matching:figures": lambda w: {"programme_pk": w.other_programme.pk},
    "matching:proposal_list": lambda w: {"programme_pk": w.other_programme.pk},
    "matching:run_detail": lambda w: {"pk": w.other_matching.run.pk},
    "matching:run_instance": lambda w: {"pk": w.other_matching.run.pk},
    "matching:run_why_not": lambda w: {"pk": w.other_matching.run.pk},
    "matching:run_compare": lambda w: {"pk": w.other_matching.run.pk},
    "matching:run_fairness": lambda w: {"pk": w.other_matching.run.pk},
    "matching:lock_create": lambda w: {"pk": w.other_matching.run.pk},
    "matching:exclusion_create": lambda w: {"pk": w.other_matching.run.pk},
    "matching:lock_delete": lambda w: {"pk": w.other_matching.lock.pk},
    "matching:exclusion_delete": lambda w: {"pk": w.other_matching.exclusion.pk},
    "matching:proposal_create": lambda w: {"pk": w.other_matching.suggestion.pk},
    "matching:proposal_detail": lambda w: {"pk": w.other_matching.proposal.pk},
    "matching:proposal_answer": lambda w: {"pk": w.other_matching.proposal.pk},
}
for fragment in FRAGMENTS:
    OTHER_PROGRAMME.update(fragment.OTHER_PROGRAMME)


def all_url_names() -> list[str]:
    def walk(resolver: URLResolver, namespace: str | None = None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, ns)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL {pattern.pattern} has no name"
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver())))


def client_for(world: World, actor: str) -> Client:
    return Client() if actor == "anonymous" else login(world.user(actor))


def not_theirs(world: World, actor: str) -> list[str]:
    """What of A must never appear in a page shown to ``actor``."""
    own = {
        "mentee": world.mentee_person.pk,
        "mentor": world.mentor_person.pk,
        "referral_partner": world.referred_person.pk,
    }.get(actor)
    persons = Person.objects.filter(organisation=world.org).exclude(pk=own)
    names = [*persons.values_list("last_name", flat=True)]
    names += [*persons.exclude(email="").values_list("email", flat=True)]
    if actor == "outsider":
        names += [world.org.name]
        names += Programme.objects.filter(organisation=world.org).values_list("name", flat=True)
        names += Membership.objects.filter(organisation=world.org).values_list(
            "user__email", flat=True
        )
    return names


def assert_outcome(response, expected, where: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert urlsplit(response["Location"]).path == reverse("account_login"), where
    elif expected == REDIRECT:
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert urlsplit(response["Location"]).path != reverse("account_login"), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


def assert_no_leak(world: World, actor: str, response, where: str, public: bool = False) -> None:
    if actor in ("anonymous", "admin", "coordinator") or response.status_code != 200:
        return
    if actor == "limited_coordinator":
        secrets = [world.other_programme_participant.person.last_name]
    else:
        secrets = not_theirs(world, actor)
    if public:
        # A programme's application page names the organisation and the programme, for all.
        public_names = {world.org.name, *Programme.objects.values_list("name", flat=True)}
        secrets = [s for s in secrets if s not in public_names]
    body = response.content.decode()
    leaked = [s for s in secrets if s and s in body]
    assert leaked == [], f"{where} shows what is not theirs: {leaked}"


def test_every_url_is_classified_in_the_matrix():
    names = all_url_names()
    unclassified = [name for name in names if name not in MATRIX]
    assert unclassified == [], "Add these URLs to the permission matrix: " + ", ".join(unclassified)
    assert sorted(MATRIX) == names, "The matrix lists URLs that no longer exist"
    tandem_pages = {name for name, (_k, expected) in MATRIX.items() if expected != ACCOUNT}
    tandem_pages -= {"account_email"}
    # Each page says whether it changes anything: read-only, or posted to below.
    assert tandem_pages == READ_ONLY | set(POSTS)
    assert not READ_ONLY & set(POSTS)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_answers_each_actor_as_the_matrix_says(world, actor):
    client = client_for(world, actor)
    for name, (kwargs, expected) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        where = f"GET {url} as {actor}"
        if expected == ACCOUNT:
            # 404 where the user has nothing there yet (e.g. no recovery codes).
            assert response.status_code in (200, 302, 404), where
        else:
            assert_outcome(response, expected[actor], where)
        assert_no_leak(world, actor, response, where, public=expected is PUBLIC)


def snapshot(world: World) -> tuple:
    return (
        list(Programme.objects.order_by("pk").values_list("name", "slug")),
        list(Cohort.objects.order_by("pk").values_list("name", "starts_on")),
        list(Person.objects.order_by("pk").values_list("first_name", "user_id")),
        list(Participant.objects.order_by("pk").values_list("status", "programme_id", "role")),
        StatusChange.objects.count(),
        list(Membership.objects.order_by("pk").values_list("user_id", "role", "is_active")),
        User.objects.count(),
        # Mentors and mentees may change their own consents; nobody may change anyone else's.
        list(
            Consent.objects.filter(person__user__isnull=True)
            .order_by("pk")
            .values_list("person_id", "purpose", "withdrawn_at")
        ),
        list(Referral.objects.order_by("pk").values_list("status", "decision_reason")),
        Intake.objects.count(),
        list(ImportJob.objects.order_by("pk").values_list("status", "mapping")),
        EligibilityRules.objects.count(),
        TrainingSession.objects.count(),
        ScreeningCheck.objects.count(),
        list(MatchingSettings.objects.order_by("pk").values_list("weight_sector", "objective")),
        list(MatchRun.objects.order_by("pk").values_list("status", "programme_id")),
        Suggestion.objects.count(),
        list(PairLock.objects.order_by("pk").values_list("mentee_id", "mentor_id")),
        list(PairExclusion.objects.order_by("pk").values_list("mentee_id", "mentor_id")),
        list(Proposal.objects.order_by("pk").values_list("status", "intro_meeting_place")),
        ProposalAnswer.objects.count(),
        list(
            Participant.objects.order_by("pk").values_list(
                "mentor_gender_wish", "capacity", "match_priority"
            )
        ),
        list(
            Mentorship.objects.order_by("pk").values_list(
                "status", "coordinator_id", "ended_on", "closure_reason"
            )
        ),
        list(
            MentorshipSettings.objects.order_by("pk").values_list(
                "code_of_conduct", "quiet_red_intervals"
            )
        ),
        list(
            Agreement.objects.order_by("pk").values_list(
                "ends_on", "meetings_per_month", "mentor_commitments", "mentee_commitments"
            )
        ),
        list(Signature.objects.order_by("pk").values_list("agreement_id", "signatory")),
        list(Goal.objects.order_by("pk").values_list("description", "status", "target_date")),
        list(Meeting.objects.order_by("pk").values_list("status", "starts_at", "shared_note")),
        list(PrivateNote.objects.order_by("pk").values_list("text")),
        list(Review.objects.order_by("pk").values_list("due_on", "note")),
        list(GoalCheck.objects.order_by("pk").values_list("status", "comment")),
        list(Evaluation.objects.order_by("pk").values_list("kind", "side", "satisfaction")),
        # A side asking for help is their right ("I need help"); nobody else's may change.
        list(
            HelpRequest.objects.exclude(raised_by__in=[world.mentor, world.mentee])
            .order_by("pk")
            .values_list("side", "resolved_at", "resolution_note")
        ),
        list(SupportGroup.objects.order_by("pk").values_list("name", "kind", "facilitator_id")),
        list(
            SupportGroup.members.through.objects.order_by("pk").values_list(
                "supportgroup_id", "participant_id"
            )
        ),
        list(
            GroupSession.objects.order_by("pk").values_list(
                "starts_at", "duration_minutes", "place", "summary", "attendance_recorded"
            )
        ),
        list(
            GroupSession.attendees.through.objects.order_by("pk").values_list(
                "groupsession_id", "participant_id"
            )
        ),
        list(
            EntryProfile.objects.order_by("pk").values_list(
                "entry_date", "situation", "unemployed_since"
            )
        ),
        list(
            StatusEvent.objects.order_by("pk").values_list(
                "date", "type", "status", "note", "confirmed_by_id"
            )
        ),
        list(
            FollowUp.objects.order_by("pk").values_list("status", "note", "event_id", "answered_at")
        ),
        list(
            OutcomeSettings.objects.order_by("pk").values_list(
                "self_assessment_en", "self_assessment_nl"
            )
        ),
        list(
            SelfAssessment.objects.order_by("pk").values_list("participant_id", "moment", "scores")
        ),
        SurveyLink.objects.filter(used_at__isnull=False).count(),
        # Each user's own calendar feed is theirs to make; nobody else's.
        list(
            CalendarFeed.objects.exclude(
                user__in=[
                    world.mentor,
                    world.mentee,
                    world.employer_contact,
                    world.referral_partner,
                    world.outsider,
                ]
            ).values_list("user_id", "token_hash")
        ),
    )


@pytest.mark.parametrize("actor", ["anonymous", *NON_STAFF, "outsider"])
def test_nobody_outside_a_s_staff_can_change_a_s_data_by_posting(world, actor):
    client = client_for(world, actor)
    before = snapshot(world)
    a_admin = Membership.objects.get(user=world.admin).pk
    for name, (data, special) in POSTS.items():
        if name == "accounts:membership_switch":
            data = {"membership": a_admin}
        url = reverse(name, kwargs=MATRIX[name][0](world))
        response = client.post(url, data)
        where = f"POST {url} as {actor}"
        expected = special.get(actor, DENIED)
        if expected == DENIED:
            expected = {"anonymous": LOGIN, "outsider": NOT_FOUND}.get(actor, FORBIDDEN)
        assert_outcome(response, expected, where)
        assert_no_leak(world, actor, response, where, public=MATRIX[name][1] is PUBLIC)
    assert snapshot(world) == before
    if actor != "anonymous":
        # Posting A's admin membership id did not make anyone act through it.
        assert client.get(reverse("accounts:member_list")).status_code == FORBIDDEN


@pytest.mark.parametrize("name", sorted(OTHER_PROGRAMME))
def test_a_coordinator_limited_to_one_programme_gets_404_for_the_other(world, name):
    client = login(world.limited_coordinator)
    url = reverse(name, kwargs=OTHER_PROGRAMME[name](world))
    before = snapshot(world)
    if MATRIX[name][1] is not POST_ONLY:
        assert client.get(url).status_code == NOT_FOUND, f"GET {url}"
    if name in POSTS:
        assert client.post(url, POSTS[name][0]).status_code == NOT_FOUND, f"POST {url}"
    assert snapshot(world) == before


def test_an_admin_of_another_organisation_gets_404_for_a_membership_of_a(world):
    other_admin = User.objects.create_user(email="admin@b.example.org", password="x")
    Membership.objects.create(user=other_admin, organisation=world.other_org, role="admin")
    client = login(other_admin)
    url = reverse("accounts:member_edit", args=[Membership.objects.get(user=world.coordinator).pk])
    assert client.get(url).status_code == NOT_FOUND
    assert client.post(url, {"role": "mentee"}).status_code == NOT_FOUND
    assert Membership.objects.get(user=world.coordinator).role == "coordinator"


def test_switching_to_a_membership_of_someone_else_is_ignored(world):
    client = login(world.outsider)
    a_membership = Membership.objects.get(user=world.coordinator)
    client.post(reverse("accounts:membership_switch"), {"membership": a_membership.pk})
    client.post(reverse("accounts:membership_switch"), {"membership": "not-a-number"})
    response = client.get(reverse("people:person_list"))
    assert world.mentee_person.last_name not in response.content.decode()
    assert world.outsider_person.last_name in response.content.decode()
