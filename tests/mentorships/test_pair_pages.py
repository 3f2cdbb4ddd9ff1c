"""The staff pages of a pair (the pair page, the agreement page, closing, the contact person),
pairing by hand, the programme's mentorship settings, and the agreement on paper — for staff
and for the pair's own two sides."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.mentorships.models import (
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
from tandem.mentorships.services import agreements
from tandem.people.models import Consent, Participant
from tests import factories
from tests.conftest import login
from tests.mentorships.world import HELP_MESSAGE, MENTEE_EVALUATION, PRIVATE_NOTE, add_mentorships

TODAY = timezone.localdate


@pytest.fixture
def pair(world):
    add_mentorships(world)
    for participant in (world.mentee_participant, world.mentor_participant):
        Participant.objects.filter(pk=participant.pk).update(
            status="active", status_changed_at=timezone.now() - timedelta(days=60)
        )
    return world.pair


def url(name: str, pair) -> str:
    return reverse(f"mentorships:{name}", args=[pair.mentorship.pk])


# --- the pair page ------------------------------------------------------------------------------


def test_the_pair_page_shows_the_pair_its_agreement_and_what_only_staff_read(world, pair):
    agreements.agreement_sign(
        agreement=pair.agreement, signatory="mentee", by=world.coordinator, on_paper=True
    )
    page = login(world.coordinator).get(url("detail", pair)).content.decode()
    assert "Selam Tesfay" in page and "Marc Peeters" in page
    assert world.mentee_participant.get_absolute_url() in page
    assert "Write a CV in Dutch" in page and "Progressing" in page and "Half done" in page
    assert PRIVATE_NOTE in page and MENTEE_EVALUATION in page and HELP_MESSAGE in page
    assert "signed on paper, recorded by Coordinator" in page
    # The signatures still missing can be given from here; the paper one is recorded.
    assert "Sign as coordinator" in page and "Record the mentor's signature on paper" in page
    assert "Record the mentee's signature on paper" not in page
    for name in ("agreement_print", "close", "agreement_edit", "contact_set"):
        assert url(name, pair) in page


def test_the_pair_page_costs_the_same_queries_however_much_the_pair_did(world, pair):
    client = login(world.coordinator)
    client.get(url("detail", pair))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(url("detail", pair))
    mentorship = pair.mentorship
    for days in range(1, 15):
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            starts_at=timezone.now() - timedelta(days=days),
            logged_by=world.mentor,
        )
        PrivateNote.objects.create(meeting=meeting, text=f"Note {days}", written_by=world.admin)
    goals = list(Goal.objects.filter(mentorship=mentorship))
    for weeks in (16, 24, 32):
        review = Review.objects.create(
            mentorship=mentorship,
            due_on=mentorship.started_on + timedelta(weeks=weeks),
            submitted_at=timezone.now(),
            submitted_by=world.mentor,
        )
        for goal in goals:
            GoalCheck.objects.create(review=review, goal=goal, status="reached")
    Evaluation.objects.create(
        mentorship=mentorship,
        kind="midterm",
        side="mentor",
        satisfaction=5,
        would_recommend=True,
        submitted_at=timezone.now(),
        submitted_by=world.mentor,
    )
    HelpRequest.objects.create(mentorship=mentorship, side="mentor", raised_at=timezone.now())
    agreements.agreement_sign(agreement=pair.agreement, signatory="mentor", by=world.mentor)
    agreements.agreement_sign(agreement=pair.agreement, signatory="coordinator", by=world.admin)
    with CaptureQueriesContext(connection) as grown:
        response = client.get(url("detail", pair))
    assert response.status_code == 200
    # The last ten: the planned meeting (no note) and nine of those with a private note.
    assert response.content.decode().count("Private note (staff only)") == 9
    assert len(grown.captured_queries) == len(small.captured_queries)


def test_a_closed_pair_shows_how_it_ended_and_no_more_actions(world, pair):
    from tandem.mentorships.services.closure import mentorship_close

    mentorship_close(
        mentorship=pair.mentorship,
        status="ended_early",
        reason="other",
        note="Moved in with family abroad",
        ended_on=TODAY(),
        closed_by=world.coordinator,
        mentee_back_to_matching=True,
    )
    page = login(world.coordinator).get(url("detail", pair)).content.decode()
    assert "Ended early" in page and "Moved in with family abroad" in page
    assert f'href="{url("close", pair)}"' not in page
    assert f'href="{url("agreement_edit", pair)}"' not in page
    assert "Sign as coordinator" not in page


def test_a_coordinator_changes_the_contact_person(world, pair):
    client = login(world.coordinator)
    response = client.post(url("contact_set", pair), {"coordinator": world.limited_coordinator.pk})
    assert response.url == url("detail", pair)
    assert Mentorship.objects.get(pk=pair.mentorship.pk).coordinator == world.limited_coordinator
    client.post(url("contact_set", pair), {"coordinator": world.mentor.pk})
    assert Mentorship.objects.get(pk=pair.mentorship.pk).coordinator == world.limited_coordinator


# --- the agreement page -------------------------------------------------------------------------


def agreement_data(pair, goals, **changes) -> dict:
    agreement = pair.agreement
    data = {
        "ends_on": agreement.ends_on.isoformat(),
        "meetings_per_month": agreement.meetings_per_month,
        "review_interval_weeks": agreement.review_interval_weeks,
        "mentor_commitments": agreement.mentor_commitments,
        "mentee_commitments": agreement.mentee_commitments,
        "goals-TOTAL_FORMS": "5",
        "goals-INITIAL_FORMS": str(Goal.objects.filter(mentorship=pair.mentorship).count()),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "5",
    } | changes
    for index in range(5):
        row = goals[index] if index < len(goals) else {}
        for key in ("id", "description", "life_domain", "target_date", "ORDER", "DELETE"):
            if key in row:
                data[f"goals-{index}-{key}"] = row[key]
    return data


def existing_rows(pair) -> list[dict]:
    return [
        {
            "id": goal.pk,
            "description": goal.description,
            "life_domain": goal.life_domain,
            "target_date": goal.target_date.isoformat(),
            "ORDER": position,
        }
        for position, goal in enumerate(Goal.objects.filter(mentorship=pair.mentorship), start=1)
    ]


def test_the_agreement_page_lists_the_goals_and_empty_rows_up_to_five(world, pair):
    page = login(world.coordinator).get(url("agreement_edit", pair)).content.decode()
    assert 'value="Write a CV in Dutch"' in page and 'value="Open a bank account"' in page
    assert page.count('<fieldset class="goal-row">') == 5
    assert 'name="goals-TOTAL_FORMS" value="5"' in page


def test_adding_a_goal_and_reordering_saves_and_clears_the_signatures(world, pair):
    agreements.agreement_sign(agreement=pair.agreement, signatory="coordinator", by=world.admin)
    rows = existing_rows(pair)
    rows[0]["ORDER"], rows[1]["ORDER"] = 2, 1
    rows.append(
        {
            "description": "Visit a job fair",
            "life_domain": "work",
            "target_date": (TODAY() + timedelta(days=40)).isoformat(),
            "ORDER": 3,
        }
    )
    client = login(world.coordinator)
    response = client.post(
        url("agreement_edit", pair), agreement_data(pair, rows, meetings_per_month=3)
    )
    assert response.status_code == 302 and response.url == url("detail", pair)
    assert [g.description for g in Goal.objects.filter(mentorship=pair.mentorship)] == [
        "Open a bank account",
        "Write a CV in Dutch",
        "Visit a job fair",
    ]
    assert Mentorship.objects.get(pk=pair.mentorship.pk).agreement.meetings_per_month == 3
    assert not Signature.objects.exists()
    page = client.get(url("detail", pair)).content.decode()
    assert "the signatures were cleared" in page


def test_a_goal_row_half_filled_or_before_the_start_is_refused_and_nothing_saved(world, pair):
    rows = existing_rows(pair)
    rows.append({"description": "Learn to swim", "ORDER": 3})
    rows[0]["target_date"] = (pair.mentorship.started_on - timedelta(days=3)).isoformat()
    response = login(world.coordinator).post(
        url("agreement_edit", pair), agreement_data(pair, rows, meetings_per_month=4)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the life domain of the goal." in page and "Give a target date." in page
    assert "The target date cannot be before the start." in page
    assert Goal.objects.filter(mentorship=pair.mentorship).count() == 2
    assert Mentorship.objects.get(pk=pair.mentorship.pk).agreement.meetings_per_month == 2


def test_removing_a_reviewed_goal_is_refused_with_a_message(world, pair):
    rows = existing_rows(pair)
    rows[0]["DELETE"] = "on"  # "Write a CV in Dutch" was checked in the review
    response = login(world.coordinator).post(
        url("agreement_edit", pair), agreement_data(pair, rows)
    )
    assert response.status_code == 200
    assert "Dropped" in response.content.decode()
    assert Goal.objects.filter(mentorship=pair.mentorship).count() == 2


# --- signing from a page ------------------------------------------------------------------------


def test_staff_sign_from_the_pair_page_and_sides_from_their_portal(world, pair):
    response = login(world.coordinator).post(
        url("agreement_sign", pair), {"signatory": "mentor", "on_paper": "on"}
    )
    assert response.url == url("detail", pair)
    mentee_client = login(world.mentee, mfa=False)
    mentee_client.post(url("agreement_sign", pair), {"signatory": "mentee"})
    rows = Signature.objects.order_by("signatory").values_list(
        "signatory", "on_paper", "recorded_by"
    )
    assert list(rows) == [
        ("mentee", False, world.mentee.pk),
        ("mentor", True, world.coordinator.pk),
    ]
    # A side never signs for the other, nor for the coordinator.
    login(world.mentor, mfa=False).post(url("agreement_sign", pair), {"signatory": "coordinator"})
    assert Signature.objects.count() == 2


def test_signing_is_a_post_for_the_pair_and_its_staff_only(world, pair):
    assert login(world.coordinator).get(url("agreement_sign", pair)).status_code == 405
    assert (
        login(world.employer_contact, mfa=False)
        .post(url("agreement_sign", pair), {"signatory": "coordinator"})
        .status_code
        == 403
    )
    other = reverse("mentorships:agreement_sign", args=[world.other_pair.mentorship.pk])
    assert login(world.mentor, mfa=False).post(other, {"signatory": "mentor"}).status_code == 404
    limited = login(world.limited_coordinator)
    assert limited.post(other, {"signatory": "coordinator"}).status_code == 404
    assert not Signature.objects.exists()


# --- the agreement on paper ---------------------------------------------------------------------


@pytest.fixture
def texts(world):
    return MentorshipSettings.objects.create(
        programme=world.programme,
        code_of_conduct_en="Be on time.",
        code_of_conduct_nl="Wees op tijd.",
        code_of_conduct_fr="Soyez à l'heure.",
    )


def test_the_printed_agreement_is_in_the_mentee_s_language_or_the_one_chosen(world, pair, texts):
    world.mentee.language = "nl"
    world.mentee.save()
    client = login(world.coordinator)
    page = client.get(url("agreement_print", pair)).content.decode()
    assert 'lang="nl"' in page and "Wees op tijd." in page and "Be on time." not in page
    assert 'href="?lang=fr"' in page and "window.print()" in page
    assert "core/print.css" in page
    french = client.get(url("agreement_print", pair) + "?lang=fr").content.decode()
    assert "Soyez à l&#x27;heure." in french
    # Anything else is not a language of the agreement: the mentee's is used.
    odd = client.get(url("agreement_print", pair) + "?lang=de").content.decode()
    assert "Wees op tijd." in odd


def test_the_printed_agreement_falls_back_to_english_text(world, pair, texts):
    MentorshipSettings.objects.filter(pk=texts.pk).update(code_of_conduct_fr="")
    page = login(world.coordinator).get(url("agreement_print", pair) + "?lang=fr")
    assert "Be on time." in page.content.decode()


def test_the_printed_agreement_shows_goals_terms_and_signatures(world, pair, texts):
    agreements.agreement_sign(
        agreement=pair.agreement, signatory="mentor", by=world.coordinator, on_paper=True
    )
    page = login(world.coordinator).get(url("agreement_print", pair) + "?lang=en")
    body = page.content.decode()
    assert "Selam Tesfay" in body and "Marc Peeters" in body
    assert "Write a CV in Dutch" in body and "Meet twice a month." in body
    assert "Signed on paper; recorded on" in body
    assert body.count('class="sign-line"') == 4  # the mentee and the coordinator sign by hand


def test_a_side_prints_it_with_the_other_side_s_first_name_only(world, pair, texts):
    world.mentee_participant.application_note = "Intake remark about papers"
    world.mentee_participant.save()
    Consent.objects.create(
        person=world.mentee_person,
        purpose="match_profile",
        text_version="test",
        channel="paper",
        given_at=timezone.now(),
    )
    page = login(world.mentor, mfa=False).get(url("agreement_print", pair)).content.decode()
    assert "Marc Peeters" in page and "Selam" in page
    assert "Tesfay" not in page and "Intake remark" not in page
    # The way back leads to their portal, not to the staff page of the pair.
    assert f'href="{reverse("mentorships:detail", args=[pair.mentorship.pk])}"' not in page


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("employer_contact", 403), ("referral_partner", 403), ("outsider", 404)],
)
def test_nobody_else_opens_the_printed_agreement(world, pair, actor, expected):
    assert login(world.user(actor)).get(url("agreement_print", pair)).status_code == expected


def test_another_pair_s_agreement_is_not_found_for_a_side_or_a_limited_coordinator(world, pair):
    other = reverse("mentorships:agreement_print", args=[world.other_pair.mentorship.pk])
    assert login(world.mentee, mfa=False).get(other).status_code == 404
    assert login(world.limited_coordinator).get(other).status_code == 404


# --- closing ------------------------------------------------------------------------------------


def test_closing_shows_what_will_happen_before_anything_changes(world, pair):
    client = login(world.coordinator)
    page = client.get(url("close", pair)).content.decode()
    assert "The mentee goes back to matching, first in line" in page
    assert "The mentor is available for a new mentee" in page
    data = {
        "status": "ended_early",
        "reason": "no_chemistry",
        "note": "",
        "ended_on": TODAY().isoformat(),
        "mentee_back_to_matching": "on",
    }
    preview = client.post(url("close", pair), data).content.decode()
    assert "This will happen" in preview
    assert "Selam Tesfay becomes “Ready to match”." in preview
    assert "Marc Peeters becomes “Completed”." in preview
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "active"
    response = client.post(url("close", pair), data | {"confirm": "yes"})
    assert response.url == url("detail", pair)
    closed = Mentorship.objects.get(pk=pair.mentorship.pk)
    assert (closed.status, closed.closure_reason) == ("ended_early", "no_chemistry")
    assert Participant.objects.get(pk=world.mentee_participant.pk).match_priority
    # Closed: the page sends back to the pair.
    assert client.get(url("close", pair)).url == url("detail", pair)


def test_the_close_form_refuses_bad_answers_with_clear_messages(world, pair):
    response = login(world.coordinator).post(
        url("close", pair),
        {
            "status": "completed",
            "reason": "other",
            "ended_on": (TODAY() + timedelta(days=2)).isoformat(),
            "mentee_back_to_matching": "on",
            "confirm": "yes",
        },
    )
    page = response.content.decode()
    assert "Say in a few words what happened" in page
    assert "The end date cannot be in the future." in page
    assert "Only a mentee whose mentorship ended early goes back to matching." in page
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "active"


def test_a_service_refusal_on_confirming_shows_on_the_form(world, pair):
    # The mentor has no training recorded: they cannot be made available again.
    response = login(world.coordinator).post(
        url("close", pair),
        {
            "status": "completed",
            "reason": "period_ended",
            "ended_on": TODAY().isoformat(),
            "mentor_available_again": "on",
            "confirm": "yes",
        },
    )
    assert response.status_code == 200
    assert "This mentor is not ready yet" in response.content.decode()
    assert Mentorship.objects.get(pk=pair.mentorship.pk).status == "active"


def test_a_mentor_with_another_mentee_is_not_offered_to_be_available_again(world, pair):
    from tests.mentorships.world import make_pair

    other = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org), programme=world.programme
    )
    make_pair(world.programme, other, world.mentor_participant, world.coordinator)
    page = login(world.coordinator).get(url("close", pair)).content.decode()
    assert "mentor_available_again" not in page
    assert "they go on mentoring, with a free place again" in page


# --- pairing by hand ----------------------------------------------------------------------------


def ready(world, role: str, first_name: str, **fields) -> Participant:
    return factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org, first_name=first_name),
        programme=world.programme,
        role=role,
        status="ready_to_match",
        **fields,
    )


def test_pairing_by_hand_lists_priority_mentees_first_and_mentors_with_a_place(world):
    waiting = ready(world, "mentee", "Waiting")
    first = ready(world, "mentee", "Prioritised", match_priority=True)
    mentor = ready(world, "mentor", "Freeplace")
    full = ready(world, "mentor", "Fullmentor", capacity=1)
    add_mentorships(world)
    make_other = factories.ParticipantFactory(
        person=factories.PersonFactory(organisation=world.org), programme=world.programme
    )
    from tests.mentorships.world import make_pair

    make_pair(world.programme, make_other, full, world.coordinator)
    client = login(world.coordinator)
    address = reverse("mentorships:pair_create", args=[world.programme.pk])
    page = client.get(address).content.decode()
    assert page.index("Prioritised") < page.index("Waiting")
    assert "first in line" in page
    assert "Freeplace" in page and "Fullmentor" not in page
    assert "Olena" not in page  # another programme's mentee
    response = client.post(
        address, {"mentee": first.pk, "mentor": mentor.pk, "started_on": TODAY().isoformat()}
    )
    mentorship = Mentorship.objects.get(mentee=first)
    assert response.url == url("detail", type("P", (), {"mentorship": mentorship}))
    assert (mentorship.mentor, mentorship.coordinator) == (mentor, world.coordinator)
    assert Participant.objects.get(pk=first.pk).status == "matched"
    assert waiting.status == "ready_to_match"


def test_pairing_a_mentor_without_a_free_place_is_refused(world):
    mentee = ready(world, "mentee", "Waiting")
    full = ready(world, "mentor", "Fullmentor", capacity=1)
    other = ready(world, "mentee", "Other")
    login(world.coordinator).post(
        reverse("mentorships:pair_create", args=[world.programme.pk]),
        {"mentee": other.pk, "mentor": full.pk, "started_on": TODAY().isoformat()},
    )
    response = login(world.coordinator).post(
        reverse("mentorships:pair_create", args=[world.programme.pk]),
        {"mentee": mentee.pk, "mentor": full.pk, "started_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Mentorship.objects.filter(mentee=mentee).exists()


# --- the programme's mentorship settings --------------------------------------------------------


def settings_data(**changes) -> dict:
    return {
        "code_of_conduct_en": "Be kind.",
        "code_of_conduct_nl": "Wees vriendelijk.",
        "code_of_conduct_fr": "",
        "mentor_commitments_en": "Meet twice a month.",
        "quiet_amber_intervals": "1.5",
        "quiet_red_intervals": "3",
        "review_red_after_days": "14",
        "dropped_goal_is_amber": "on",
        "final_evaluation": "on",
        "evaluation_questions": "What would you change?\n\n  Would you mentor again?  ",
    } | changes


def test_the_settings_page_saves_texts_per_language_and_the_rules(world):
    client = login(world.coordinator)
    address = reverse("mentorships:settings", args=[world.programme.pk])
    page = client.get(address).content.decode()
    assert "Code of conduct (Dutch)" in page and "Code of conduct (French)" in page
    response = client.post(address, settings_data())
    assert response.url == world.programme.get_absolute_url()
    saved = MentorshipSettings.objects.get(programme=world.programme)
    assert (saved.code_of_conduct_en, saved.code_of_conduct_nl) == ("Be kind.", "Wees vriendelijk.")
    assert (saved.midterm_evaluation, saved.final_evaluation) == (False, True)
    assert saved.evaluation_questions == "What would you change?\nWould you mentor again?"


def test_the_settings_page_says_red_must_come_after_amber(world):
    address = reverse("mentorships:settings", args=[world.programme.pk])
    response = login(world.coordinator).post(
        address, settings_data(quiet_amber_intervals="4", quiet_red_intervals="2")
    )
    assert response.status_code == 200
    assert "Red must come at or after amber: give at least 4" in response.content.decode()
    saved = MentorshipSettings.objects.get(programme=world.programme)
    assert saved.quiet_red_intervals == 3


def test_a_limited_coordinator_has_no_settings_page_for_the_other_programme(world):
    address = reverse("mentorships:settings", args=[world.other_programme.pk])
    assert login(world.limited_coordinator).get(address).status_code == 404
    assert login(world.mentor, mfa=False).get(address).status_code == 403


def test_the_mentor_role_gets_403_on_staff_pages(world, pair):
    client = login(world.mentor, mfa=False)
    for name in ("detail", "agreement_edit", "close"):
        assert client.get(url(name, pair)).status_code == 403
    assert Role.MENTOR == "mentor"
