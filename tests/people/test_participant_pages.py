"""Adding people to programmes, moving them along the pipeline, and the pipeline board."""

import pytest
from django.urls import reverse

from tandem.people.models import Participant, StatusChange
from tests import factories
from tests.conftest import login


def test_a_coordinator_adds_a_person_to_a_programme_in_a_cohort(world):
    person = factories.PersonFactory(organisation=world.org, last_name="Nguyen")
    response = login(world.coordinator).post(
        reverse("people:participant_create", args=[person.pk]),
        {"programme": world.programme.pk, "role": "mentor", "cohort": world.cohort.pk},
    )
    participant = Participant.objects.get(person=person)
    assert response.url == participant.get_absolute_url()
    assert (participant.role, participant.status, participant.cohort) == (
        "mentor",
        "applied",
        world.cohort,
    )
    first = participant.status_changes.get()
    assert (first.from_status, first.to_status, first.changed_by) == (
        "",
        "applied",
        world.coordinator,
    )


def test_the_same_person_cannot_join_a_programme_twice_in_the_same_role(world):
    response = login(world.coordinator).post(
        reverse("people:participant_create", args=[world.mentee_person.pk]),
        {"programme": world.programme.pk, "role": "mentee"},
    )
    assert "already takes part" in response.content.decode()
    assert Participant.objects.filter(person=world.mentee_person).count() == 1


def test_a_programme_of_another_organisation_cannot_be_chosen(world):
    b_programme = factories.ProgrammeFactory(organisation=world.other_org)
    response = login(world.coordinator).post(
        reverse("people:participant_create", args=[world.mentee_person.pk]),
        {"programme": b_programme.pk, "role": "mentor"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Participant.objects.filter(programme=b_programme).exists()


def test_moving_a_participant_records_who_when_and_why(world):
    p = world.mentee_participant
    login(world.coordinator).post(
        reverse("people:participant_move", args=[p.pk]),
        {"to_status": "intake_planned", "reason": "Interview on Tuesday"},
    )
    p.refresh_from_db()
    assert p.status == "intake_planned"
    last = p.status_changes.order_by("-pk").first()
    assert (last.from_status, last.to_status, last.changed_by, last.reason) == (
        "applied",
        "intake_planned",
        world.coordinator,
        "Interview on Tuesday",
    )


def test_a_move_the_pipeline_does_not_allow_is_refused_with_a_message(world):
    p = world.mentee_participant
    response = login(world.coordinator).post(
        reverse("people:participant_move", args=[p.pk]), {"to_status": "active"}, follow=True
    )
    assert "cannot move from “Applied” to “Active”" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "applied"
    assert p.status_changes.count() == 1


def test_withdrawing_needs_a_reason(world):
    p = world.mentee_participant
    response = login(world.coordinator).post(
        reverse("people:participant_move", args=[p.pk]), {"to_status": "withdrawn"}, follow=True
    )
    assert "Please give a reason" in response.content.decode()
    p.refresh_from_db()
    assert p.status == "applied"


def test_the_participant_page_shows_the_history_and_the_allowed_next_steps(world):
    body = (
        login(world.coordinator).get(world.mentee_participant.get_absolute_url()).content.decode()
    )
    assert "Intake planned" in body  # a next step
    assert '<option value="active"' not in body


def test_the_board_has_a_column_per_status_with_the_cards(world):
    body = (
        login(world.coordinator)
        .get(reverse("people:pipeline_board", args=[world.programme.pk]))
        .content.decode()
    )
    assert 'id="col-applied"' in body and 'id="col-ready_to_match"' in body
    assert 'id="col-in_training"' not in body  # mentees are not trained
    assert "Selam Tesfay" in body and "Marc Peeters" not in body


def test_the_mentor_board_has_the_training_column(world):
    body = (
        login(world.coordinator)
        .get(reverse("people:pipeline_board", args=[world.programme.pk]), {"role": "mentor"})
        .content.decode()
    )
    assert 'id="col-in_training"' in body and "Marc Peeters" in body


def test_moving_a_card_on_the_board_returns_the_updated_board(world):
    p = world.mentee_participant
    response = login(world.coordinator).post(
        reverse("people:participant_move", args=[p.pk]),
        {"to_status": "intake_planned", "board": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Selam Tesfay is now “Intake planned”" in body
    p.refresh_from_db()
    assert p.status == "intake_planned"


def test_a_refused_move_on_the_board_shows_why(world):
    p = world.mentee_participant
    response = login(world.coordinator).post(
        reverse("people:participant_move", args=[p.pk]),
        {"to_status": "on_hold", "board": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "Please give a reason" in response.content.decode()
    assert StatusChange.objects.filter(participant=p).count() == 1


@pytest.mark.parametrize("extra", [0, 25])
def test_the_board_issues_the_same_number_of_queries_however_many_cards(
    world, extra, django_assert_num_queries
):
    for _ in range(extra):
        factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=world.org), programme=world.programme
        )
    client = login(world.coordinator)
    with django_assert_num_queries(8):
        client.get(reverse("people:pipeline_board", args=[world.programme.pk]))


def test_a_limited_coordinator_cannot_open_the_board_of_another_programme(world):
    client = login(world.limited_coordinator)
    url = reverse("people:pipeline_board", args=[world.other_programme.pk])
    assert client.get(url).status_code == 404
    move = reverse("people:participant_move", args=[world.other_programme_participant.pk])
    assert client.post(move, {"to_status": "intake_planned"}).status_code == 404


def test_a_crowded_column_shows_the_longest_waiting_and_links_to_the_rest(world, monkeypatch):
    monkeypatch.setattr("tandem.people.selectors.BOARD_CARDS_PER_COLUMN", 2)
    for i in range(3):
        factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=world.org, last_name=f"Waiting{i}"),
            programme=world.programme,
        )
    body = (
        login(world.coordinator)
        .get(reverse("people:pipeline_board", args=[world.programme.pk]))
        .content.decode()
    )
    # Five applied mentees: the two who applied first are shown, three are in the list.
    assert "Selam Tesfay" in body and "Yusuf Rahimi" in body
    assert "Waiting0" not in body
    assert "3 more in the list" in body
    assert f"?programme={world.programme.pk}&amp;role=mentee&amp;status=applied" in body


def test_a_step_dated_before_the_previous_one_is_refused(world):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from tandem.people import services

    p = world.mentee_participant
    with pytest.raises(ValidationError, match="before the previous one"):
        services.participant_move(
            participant=p,
            to_status="intake_planned",
            moved_by=None,
            at=p.status_changed_at - dt.timedelta(days=1),
        )
    assert p.status_changes.count() == 1
