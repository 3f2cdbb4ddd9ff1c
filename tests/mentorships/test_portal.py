"""The mentor's and the mentee's own page: the other side's limited profile (with consent), goals,
next meeting, what is due, the agreement, the contact person — never another pair, private
notes, the other side's evaluations or calls for help; in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.mentorships.models import Goal, Meeting, Mentorship
from tandem.people.models import Consent, PersonLanguage
from tests import factories
from tests.conftest import login, member
from tests.mentorships.world import (
    HELP_MESSAGE,
    MENTEE_EVALUATION,
    PRIVATE_NOTE,
    add_mentorships,
    make_pair,
)

PORTAL = reverse("mentorships:portal")


@pytest.fixture
def world(world):
    return add_mentorships(world)


def share_profile(person) -> None:
    Consent.objects.create(
        person=person,
        purpose="match_profile",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )


def portal_page(user) -> str:
    response = login(user, mfa=False).get(PORTAL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_mentor_sees_their_mentee_s_first_name_and_languages_with_her_consent(world):
    share_profile(world.mentee_person)
    PersonLanguage.objects.create(person=world.mentee_person, code="ti", level="native")
    page = portal_page(world.mentor)
    assert "Your mentee: Selam" in page
    assert "Tigrinya" in page
    assert world.mentee_person.last_name not in page


def test_without_consent_the_page_says_the_profile_is_not_shared(world):
    page = portal_page(world.mentor)
    assert "Selam" not in page
    assert "has not chosen to share their profile" in page


def test_the_mentor_page_shows_goals_next_meeting_log_button_agreement_and_contact(world):
    page = portal_page(world.mentor)
    m = world.pair.mentorship
    assert "Write a CV in Dutch" in page and "Open a bank account" in page
    assert "Not started" in page
    assert reverse("mentorships:meeting_create", args=[m.pk]) in page
    assert "Log a meeting" in page
    # The next planned meeting, with a calendar file.
    assert "Library" in page
    assert reverse("mentorships:meeting_ics", args=[world.pair.planned_meeting.pk]) in page
    assert "Worked on the CV together." in page  # the shared note of the last meeting
    # The agreement: sign with a click, or read and print it.
    assert reverse("mentorships:agreement_sign", args=[m.pk]) in page
    assert 'name="signatory" value="mentor"' in page
    assert reverse("mentorships:agreement_print", args=[m.pk]) in page
    # The contact person.
    assert world.coordinator.email in page and world.coordinator.name in page


def test_the_mentee_page_has_the_help_button_and_their_goals(world):
    share_profile(world.mentor_person)
    page = portal_page(world.mentee)
    assert "Your mentor: Marc" in page
    assert world.mentor_person.last_name not in page
    assert "I need help" in page
    assert reverse("mentorships:help_request", args=[world.pair.mentorship.pk]) in page
    assert "My goals" in page and "Write a CV in Dutch" in page
    assert 'name="signatory" value="mentee"' in page


def test_nobody_on_the_pair_reads_private_notes_and_the_mentor_nothing_of_the_mentee_s_own(
    world,
):
    mentor_page = portal_page(world.mentor)
    for secret in (PRIVATE_NOTE, MENTEE_EVALUATION, HELP_MESSAGE):
        assert secret not in mentor_page
    mentee_page = portal_page(world.mentee)
    assert PRIVATE_NOTE not in mentee_page


def test_a_mentor_never_sees_another_pair(world):
    share_profile(world.other_programme_participant.person)
    page = portal_page(world.mentor)
    other = world.other_pair
    assert "Olena" not in page and "Koval" not in page
    assert f"pair-{other.mentorship.pk}" not in page
    assert reverse("mentorships:meeting_create", args=[other.mentorship.pk]) not in page


def test_what_is_due_shows_as_a_button(world):
    m = world.pair.mentorship
    m.started_on = timezone.localdate() - timedelta(weeks=16)
    m.save()
    m.agreement.ends_on = m.started_on + timedelta(days=200)
    m.agreement.save()
    m.reviews.update(due_on=m.started_on + timedelta(weeks=8))
    page = portal_page(world.mentor)
    assert reverse("mentorships:review_create", args=[m.pk]) in page
    # Past halfway: the mentor's mid-term questions (the mentee answered hers).
    assert reverse("mentorships:evaluation_answer", args=[m.pk, "midterm"]) in page
    assert "midterm" not in portal_page(world.mentee)


def test_a_planned_meeting_whose_time_passed_asks_whether_it_happened(world):
    planned = world.pair.planned_meeting
    planned.starts_at = timezone.now() - timedelta(hours=2)
    planned.save()
    page = portal_page(world.mentee)
    assert "happen?" in page
    assert reverse("mentorships:meeting_edit", args=[planned.pk]) + "?kind=held" in page
    assert "No meeting planned yet." in page


def test_someone_without_a_mentorship_reads_a_friendly_line_and_finds_their_proposals(world):
    user = member(world.org, Role.MENTEE, "new.mentee@a.example.org")
    factories.PersonFactory(organisation=world.org, first_name="Awet", user=user)
    page = portal_page(user)
    assert "You have no mentorship yet" in page
    assert reverse("matching:my_proposals") in page


def test_past_mentorships_are_listed_briefly(world):
    m = world.pair.mentorship
    m.status, m.ended_on, m.closure_reason = "completed", timezone.localdate(), "period_ended"
    m.save()
    page = portal_page(world.mentor)
    assert "Earlier mentorships" in page and "Completed" in page
    assert "Log a meeting" not in page and "Write a CV in Dutch" not in page
    assert "You have no running mentorship now." in page


def test_a_pair_without_contact_person_shows_the_programme_s_staff(world):
    Mentorship.objects.filter(pk=world.pair.mentorship.pk).update(coordinator=None)
    page = portal_page(world.mentor)
    # Both coordinators who cover the programme, and the admin.
    for user in (world.coordinator, world.limited_coordinator, world.admin):
        assert user.email in page
    assert world.outsider.email not in page


def test_staff_and_other_roles_have_no_portal(world):
    assert login(world.coordinator).get(PORTAL).status_code == 403
    assert login(world.employer_contact).get(PORTAL).status_code == 403


def _grow(world, goals: int, meetings: int) -> None:
    m = world.pair.mentorship
    for i in range(goals):
        Goal.objects.create(
            mentorship=m,
            description=f"Goal {i}",
            life_domain="work",
            target_date=timezone.localdate() + timedelta(days=30),
            position=10 + i,
        )
    for i in range(meetings):
        Meeting.objects.create(
            mentorship=m,
            status="held" if i % 2 else "planned",
            starts_at=timezone.now() + timedelta(days=(i + 1) * (1 if i % 2 == 0 else -1)),
            place="Park",
        )


# Session, user, membership (request), the mentorships, their goals, meetings, reviews, own
# evaluations, own help requests, signatures, both sides' languages, the consent check, the
# next sessions of their support groups, their own person record (the greeting), and the
# header's other memberships.
PORTAL_QUERIES = 16


def test_the_portal_costs_the_same_queries_with_few_or_many_goals_and_meetings(world):
    share_profile(world.mentee_person)
    client = login(world.mentor, mfa=False)
    client.get(PORTAL)
    counts = []
    for goals, meetings in ((0, 0), (3, 20)):
        _grow(world, goals, meetings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PORTAL).status_code == 200
        counts.append(len(queries))
    assert counts == [PORTAL_QUERIES, PORTAL_QUERIES]


def test_a_mentor_with_three_mentees_sees_each_and_one_consent_check_more_each(world):
    client = login(world.mentor, mfa=False)
    client.get(PORTAL)
    with CaptureQueriesContext(connection) as one:
        client.get(PORTAL)
    for i in range(2):
        mentee = factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=world.org, first_name=f"Extra{i}"),
            programme=world.programme,
            role="mentee",
        )
        make_pair(world.programme, mentee, world.mentor_participant, world.coordinator)
    with CaptureQueriesContext(connection) as three:
        page = client.get(PORTAL).content.decode()
    assert page.count('class="card big pair-card"') == 3
    assert len(three) == len(one) + 2
