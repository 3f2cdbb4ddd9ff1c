"""Proposals: made from a suggestion when the pair is still possible, e-mailed to each side in
their language, answered by each side (or recorded by a coordinator); a "no" excludes the pair,
two "yes" start the mentorship and make both "matched"."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tandem.accounts import access
from tandem.accounts.models import Membership, Role
from tandem.matching import services
from tandem.matching.models import PairExclusion, Proposal, ProposalAnswer, Suggestion
from tandem.matching.services import runs as run_services
from tandem.matching.tasks import reading_language
from tandem.mentorships.models import Mentorship
from tandem.people.models import Consent, Participant
from tandem.people.services import participant_move
from tests import factories
from tests.conftest import login
from tests.matching.helpers import finished, participant

SOON = timezone.now() + timedelta(days=7)


@pytest.fixture
def immediate(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return django_capture_on_commit_callbacks


def suggest(world, mentee=None, mentor=None) -> Suggestion:
    mentee = mentee or participant(world.programme, "mentee")
    mentor = mentor or participant(world.programme, "mentor")
    run = services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)
    run_services.run_execute(run=run)
    return Suggestion.objects.get(run=finished(run), mentee=mentee)


def propose(suggestion: Suggestion, user, **overrides) -> Proposal:
    values = {
        "intro_meeting_at": SOON,
        "intro_meeting_place": "Tandem office",
        "created_by": user,
    } | overrides
    return services.proposal_create(suggestion=suggestion, **values)


def answer(proposal, side, value, user, **extra) -> Proposal:
    return services.proposal_answer(
        proposal=proposal, side=side, answer=value, answered_by=user, by_themselves=False, **extra
    )


# --- making a proposal -------------------------------------------------------------------------


def test_proposing_e_mails_each_side_in_the_language_they_read(world, immediate):
    mentee = participant(world.programme, "mentee", languages=(("ar", "native"), ("nl", "A2")))
    mentor = participant(
        world.programme, "mentor", languages=(("fr", "native"), ("nl", "B2")), sectors=["F"]
    )
    suggestion = suggest(world, mentee, mentor)
    with immediate(execute=True):
        proposal = propose(suggestion, world.coordinator, message="See you there!")
    assert proposal.status == "pending" and proposal.run == suggestion.run
    by_address = {message.to[0]: message for message in mail.outbox}
    to_mentee = by_address[mentee.person.email]
    to_mentor = by_address[mentor.person.email]
    assert "mentor" in to_mentee.subject and "Eerste ontmoeting" in to_mentee.body
    assert "Première rencontre" in to_mentor.body and "See you there!" in to_mentor.body
    # The limited profile: a first name, languages, sectors — never the last name.
    assert mentor.person.first_name in to_mentee.body and "F – " in to_mentee.body
    assert mentor.person.last_name not in to_mentee.body
    # No log-in: they answer to the coordinator, whose address is given.
    assert "coordinator@a.example.org" in to_mentee.body


def test_the_reading_language_is_the_log_in_s_else_the_best_spoken_else_english(world):
    person = factories.PersonFactory(organisation=world.org)
    assert reading_language(person) == "en"
    person.languages.create(code="fr", level="B1")
    person.languages.create(code="nl", level="C1")
    assert reading_language(person) == "nl"
    person.user = factories.UserFactory(language="fr")
    person.save()
    assert reading_language(person) == "fr"


def test_without_the_other_side_s_consent_only_the_proposal_is_told(world, immediate):
    mentee = participant(world.programme, "mentee", profile=False)
    mentor = participant(world.programme, "mentor")
    suggestion = suggest(world, mentee, mentor)
    with immediate(execute=True):
        propose(suggestion, world.coordinator)
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.person.email])
    assert mentee.person.first_name not in to_mentor.body
    # In French, the language the mentor reads best.
    assert "Votre coordinateur vous en dira plus sur cette personne." in to_mentor.body


def test_a_side_without_an_e_mail_address_gets_no_e_mail(world, immediate):
    mentee = participant(world.programme, "mentee", email="")
    suggestion = suggest(world, mentee)
    with immediate(execute=True):
        propose(suggestion, world.coordinator)
    assert [m.to for m in mail.outbox] == [[suggestion.mentor.person.email]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: participant_move(
                participant=s.mentee, to_status="on_hold", moved_by=None, reason="Travelling"
            ),
            "no longer ready to match",
        ),
        (
            lambda s: Consent.objects.filter(person=s.mentor.person).update(
                withdrawn_at=timezone.now()
            ),
            "has withdrawn the consent",
        ),
        (
            lambda s: PairExclusion.objects.create(
                programme=s.run.programme, mentee=s.mentee, mentor=s.mentor, reason="met_before"
            ),
            "excluded since the run",
        ),
        (
            lambda s: Participant.objects.filter(pk=s.mentor_id).update(status="withdrawn"),
            "not available for matching",
        ),
    ],
)
def test_a_suggestion_that_is_no_longer_possible_is_not_proposed(world, change, message):
    suggestion = suggest(world)
    change(suggestion)
    with pytest.raises(ValidationError, match=message):
        propose(suggestion, world.coordinator)
    assert not Proposal.objects.exists()


def test_a_mentor_is_not_proposed_beyond_their_places_nor_a_mentee_twice(world):
    mentor = participant(world.programme, "mentor")
    first = suggest(world, mentor=mentor)
    propose(first, world.coordinator)
    with pytest.raises(ValidationError, match="already has a proposal waiting"):
        propose(first, world.coordinator)
    second_mentee = participant(world.programme, "mentee")
    # A run made before the first proposal still suggests the mentor to someone else.
    run = first.run
    stale = Suggestion.objects.create(
        run=run, mentee=second_mentee, mentor=mentor, score=50, explanation=[]
    )
    with pytest.raises(ValidationError, match="has no free place any more"):
        propose(stale, world.coordinator)


def test_the_meeting_must_be_planned_in_the_future_somewhere(world):
    suggestion = suggest(world)
    with pytest.raises(ValidationError) as refused:
        propose(suggestion, world.coordinator, intro_meeting_at=timezone.now() - timedelta(hours=1))
    assert "intro_meeting_date" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        propose(suggestion, world.coordinator, intro_meeting_place="   ")
    assert "intro_meeting_place" in refused.value.message_dict


def test_mentees_waiting_for_answers_are_left_out_of_new_runs_and_their_lock_goes(world):
    mentee = participant(world.programme, "mentee")
    mentor = participant(world.programme, "mentor")
    suggestion = suggest(world, mentee, mentor)
    services.lock_create(run=suggestion.run, mentee=mentee, mentor=mentor, created_by=None)
    propose(suggestion, world.coordinator)
    from tandem.matching.models import PairLock

    assert not PairLock.objects.exists()
    with pytest.raises(ValidationError, match="Nobody here is ready to match"):
        services.run_start(programme=world.programme, cohort=None, started_by=world.coordinator)


def test_the_proposal_page_makes_a_proposal_from_a_suggestion(world):
    suggestion = suggest(world, participant(world.programme, "mentee", email=""))
    client = login(world.coordinator)
    page = client.get(reverse("matching:proposal_create", args=[suggestion.pk])).content.decode()
    assert "has no e-mail address: tell them yourself" in page
    assert "Why this pair" in page
    response = client.post(
        reverse("matching:proposal_create", args=[suggestion.pk]),
        {
            "intro_meeting_date": "2000-01-01",
            "intro_meeting_time": "10:00",
            "intro_meeting_place": "Office",
        },
    )
    assert "Plan the meeting in the future." in response.content.decode()
    assert not Proposal.objects.exists()
    response = client.post(
        reverse("matching:proposal_create", args=[suggestion.pk]),
        {
            "intro_meeting_date": "2099-05-04",
            "intro_meeting_time": "10:00",
            "intro_meeting_place": "Office",
        },
    )
    proposal = Proposal.objects.get()
    assert response.url == proposal.get_absolute_url()
    assert timezone.localtime(proposal.intro_meeting_at).replace(tzinfo=None) == datetime(
        2099, 5, 4, 10, 0
    )
    # The suggestion now leads to its proposal.
    again = client.get(reverse("matching:proposal_create", args=[suggestion.pk]))
    assert again.url == proposal.get_absolute_url()


# --- answers ------------------------------------------------------------------------------------


def test_two_yes_start_the_mentorship_and_make_both_matched(world):
    proposal = propose(suggest(world), world.coordinator)
    answer(proposal, "mentor", "accepted", world.coordinator)
    assert proposal.status == "pending" and not Mentorship.objects.exists()
    answer(proposal, "mentee", "accepted", world.coordinator)
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_at is not None
    mentorship = Mentorship.objects.get()
    assert mentorship.started_on == timezone.localdate()
    assert (mentorship.mentee, mentorship.mentor, mentorship.proposal) == (
        proposal.mentee,
        proposal.mentor,
        proposal,
    )
    for who in (proposal.mentee, proposal.mentor):
        who.refresh_from_db()
        assert who.status == "matched"
        assert who.status_changes.last().reason == "Both accepted the proposal."


def test_a_mentor_with_a_place_left_stays_available_for_the_next_run(world):
    mentor = participant(world.programme, "mentor")
    mentor.capacity = 2
    mentor.save()
    proposal = propose(suggest(world, mentor=mentor), world.coordinator)
    answer(proposal, "mentee", "accepted", world.coordinator)
    answer(proposal, "mentor", "accepted", world.coordinator)
    participant(world.programme, "mentee")
    run = services.run_start(programme=world.programme, cohort=None, started_by=None)
    run_services.run_execute(run=run)
    (offered,) = finished(run).instance["mentors"]
    assert offered["id"] == f"p{mentor.pk}"
    assert (offered["capacity"], offered["current_mentees"]) == (2, 1)


def test_a_no_needs_a_reason_and_excludes_the_pair(world):
    proposal = propose(suggest(world), world.coordinator)
    with pytest.raises(ValidationError) as refused:
        answer(proposal, "mentee", "declined", world.coordinator)
    assert refused.value.message_dict == {"reason": ["Choose why from the list."]}
    with pytest.raises(ValidationError, match="Say why"):
        answer(proposal, "mentee", "declined", world.coordinator, reason="other")
    assert not ProposalAnswer.objects.exists()
    answer(proposal, "mentee", "declined", world.coordinator, reason="too_far", note="2 buses")
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    exclusion = PairExclusion.objects.get()
    assert (exclusion.mentee, exclusion.mentor, exclusion.reason, exclusion.proposal) == (
        proposal.mentee,
        proposal.mentor,
        "declined",
        proposal,
    )
    proposal.mentee.refresh_from_db()
    assert proposal.mentee.status == "ready_to_match"
    with pytest.raises(ValidationError, match="decided already"):
        answer(proposal, "mentor", "accepted", world.coordinator)


def test_each_side_answers_once(world):
    proposal = propose(suggest(world), world.coordinator)
    answer(proposal, "mentor", "accepted", world.coordinator)
    with pytest.raises(ValidationError, match="given already"):
        answer(proposal, "mentor", "declined", world.coordinator, reason="no_time")


def test_a_yes_that_cannot_start_the_mentorship_is_undone_with_the_reason(world):
    proposal = propose(suggest(world), world.coordinator)
    answer(proposal, "mentor", "accepted", world.coordinator)
    participant_move(participant=proposal.mentee, to_status="on_hold", moved_by=None, reason="Ill")
    with pytest.raises(ValidationError, match="cannot move from “On hold” to “Matched”"):
        answer(proposal, "mentee", "accepted", world.coordinator)
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    assert ProposalAnswer.objects.count() == 1 and not Mentorship.objects.exists()


def test_the_coordinator_records_an_answer_on_the_proposal_page(world):
    proposal = propose(suggest(world), world.coordinator)
    client = login(world.coordinator)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert page.count("Record the answer of") == 2
    response = client.post(
        reverse("matching:proposal_answer", args=[proposal.pk]),
        {"side": "mentee", "answer": "declined"},
        follow=True,
    )
    assert "Choose why from the list." in response.content.decode()
    response = client.post(
        reverse("matching:proposal_answer", args=[proposal.pk]),
        {"side": "mentee", "answer": "declined", "reason": "found_work"},
        follow=True,
    )
    body = response.content.decode()
    assert "will not be suggested again" in body and "I found work" in body
    assert "Record the answer of" not in body


# --- the portal ---------------------------------------------------------------------------------


def portal_user(world, person, role: str, email: str):
    user = factories.UserFactory(email=email, language="en")
    Membership.objects.create(user=user, organisation=world.org, role=role)
    person.user = user
    person.save(update_fields=["user"])
    return user


def test_a_mentee_sees_the_limited_profile_and_answers_in_her_page(world):
    mentee = participant(world.programme, "mentee")
    mentor = participant(
        world.programme, "mentor", first_name="Hugo", last_name="Vandermeulen", sectors=["F"]
    )
    from tandem.people.models import Intake

    Intake.objects.create(
        participant=mentor,
        held_on=timezone.localdate(),
        right_to_work="limited",
        notes="Private notes about Hugo",
    )
    proposal = propose(suggest(world, mentee, mentor), world.coordinator)
    user = portal_user(world, mentee.person, Role.MENTEE, "mentee.portal@example.org")
    client = login(user, mfa=False)
    page = client.get(reverse("matching:my_proposals")).content.decode()
    assert "A mentor for you" in page and "Hugo" in page and "French (C1)" not in page
    assert "French (B2)" in page and "F – Construction" in page
    assert "Vandermeulen" not in page and "Private notes" not in page
    assert "Limited access" not in page
    response = client.post(
        reverse("matching:my_proposal_answer", args=[proposal.pk]),
        {f"p{proposal.pk}-answer": "accepted"},
        follow=True,
    )
    assert "Your answer was sent to your coordinator" in response.content.decode()
    given = ProposalAnswer.objects.get()
    assert (given.side, given.by_themselves, given.recorded_by) == ("mentee", True, user)
    again = client.post(
        reverse("matching:my_proposal_answer", args=[proposal.pk]),
        {f"p{proposal.pk}-answer": "declined", f"p{proposal.pk}-reason": "no_time"},
        follow=True,
    )
    assert "You have answered already" in again.content.decode()
    assert ProposalAnswer.objects.count() == 1


def test_nobody_else_answers_a_proposal_in_the_portal(world):
    proposal = propose(suggest(world), world.coordinator)
    stranger = participant(world.programme, "mentor")
    user = portal_user(world, stranger.person, Role.MENTOR, "stranger@example.org")
    response = login(user, mfa=False).post(
        reverse("matching:my_proposal_answer", args=[proposal.pk]),
        {f"p{proposal.pk}-answer": "declined", f"p{proposal.pk}-reason": "no_time"},
    )
    assert response.status_code == 404
    assert not ProposalAnswer.objects.exists()


# --- who may answer, for every kind of membership -----------------------------------------------

ROLES = [r.value for r in Role]


@given(
    role=st.sampled_from(ROLES),
    same_organisation=st.booleans(),
    active=st.booleans(),
    limited=st.booleans(),
    assigned=st.booleans(),
    status=st.sampled_from(["pending", "accepted", "declined"]),
    answered=st.sets(st.sampled_from(["mentee", "mentor"])),
    own_side=st.sampled_from([None, "mentee", "mentor"]),
)
def test_who_may_answer_which_side_of_a_proposal(
    role, same_organisation, active, limited, assigned, status, answered, own_side
):
    user_id, organisation_id, programme_id = 7, 1, 10
    membership = Membership(
        user_id=user_id,
        organisation_id=organisation_id if same_organisation else 2,
        role=role,
        is_active=active,
        all_programmes=not limited,
    )
    membership._assigned_programme_ids = [programme_id] if assigned else [11]

    def side(name):
        owner = user_id if own_side == name else 99
        return SimpleNamespace(person=SimpleNamespace(user_id=owner))

    proposal = SimpleNamespace(
        status=status,
        programme=SimpleNamespace(pk=programme_id, organisation_id=organisation_id),
        answers=SimpleNamespace(all=lambda: [SimpleNamespace(side=s) for s in answered]),
        mentee=side("mentee"),
        mentor=side("mentor"),
    )
    sides = access.proposal_sides(membership, proposal)
    open_sides = [s for s in ("mentee", "mentor") if s not in answered]
    if not (active and same_organisation and status == "pending"):
        assert sides == []
    elif role == "admin" or (role == "coordinator" and (not limited or assigned)):
        assert sides == open_sides
    elif role in ("mentor", "mentee"):
        assert sides == [s for s in open_sides if s == own_side]
    else:
        assert sides == []
    # Whatever the case: never a side that has answered.
    assert not set(sides) & answered
