"""Evaluations: mid-term from halfway, final from two weeks before the end (or at closure), when
the programme asks for them; each side answers their own, and never reads the other's."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.mentorships.models import Evaluation, MentorshipSettings
from tandem.mentorships.services import evaluations
from tandem.mentorships.services.evaluations import evaluations_due
from tests.conftest import login
from tests.mentorships.world import MENTEE_EVALUATION, add_mentorships


@pytest.fixture
def world(world):
    return add_mentorships(world)


def at_day(world, started_days_ago: int, length_days: int = 182):
    """Move the pair so that it started ``started_days_ago`` and lasts ``length_days``."""
    m = world.pair.mentorship
    m.started_on = timezone.localdate() - timedelta(days=started_days_ago)
    m.save()
    m.agreement.ends_on = m.started_on + timedelta(days=length_days)
    m.agreement.save()
    return m


def answer(world, m, kind="midterm", side="mentor", by=None, **extra):
    values = {
        "satisfaction": 4,
        "would_recommend": True,
        "what_helped": "Talking every week.",
        "what_was_hard": "Finding time.",
    } | extra
    return evaluations.evaluation_submit(
        mentorship=m, kind=kind, side=side, submitted_by=by or world.mentor, **values
    )


def test_nothing_is_due_before_halfway(world):
    m = at_day(world, 80)
    assert evaluations_due(m, timezone.localdate()) == []


def test_from_halfway_the_mid_term_is_due_for_each_side_not_yet_answered(world):
    m = at_day(world, 92)
    # The mentee answered theirs (the fixture); the mentor has not.
    assert evaluations_due(m, timezone.localdate()) == [("midterm", "mentor")]


def test_the_final_opens_two_weeks_before_the_end_and_replaces_the_mid_term(world):
    m = at_day(world, 170)
    today = timezone.localdate()
    assert evaluations_due(m, today) == [("final", "mentor"), ("final", "mentee")]
    assert evaluations_due(m, today - timedelta(days=3)) == [("midterm", "mentor")]


def test_the_final_opens_as_soon_as_the_mentorship_closes(world):
    m = at_day(world, 30)
    m.status, m.ended_on, m.closure_reason = "ended_early", timezone.localdate(), "health"
    m.save()
    assert evaluations_due(m, timezone.localdate()) == [("final", "mentor"), ("final", "mentee")]


def test_a_programme_without_evaluations_asks_nothing(world):
    MentorshipSettings.objects.update_or_create(
        programme=world.programme,
        defaults={"midterm_evaluation": False, "final_evaluation": False},
    )
    m = at_day(world, 92)
    m.programme.refresh_from_db()
    assert evaluations_due(m, timezone.localdate()) == []
    with pytest.raises(ValidationError):
        answer(world, m)


def test_a_side_answers_with_the_programme_s_extra_questions(world):
    MentorshipSettings.objects.update_or_create(
        programme=world.programme,
        defaults={"evaluation_questions": "Did you meet an employer?\n\nWhat would you change?"},
    )
    m = at_day(world, 92)
    evaluation = answer(world, m, extra_answers=["Yes, twice. "])
    assert (evaluation.side, evaluation.satisfaction, evaluation.would_recommend) == (
        "mentor",
        4,
        True,
    )
    assert evaluation.extra_answers == [
        {"question": "Did you meet an employer?", "answer": "Yes, twice."},
        {"question": "What would you change?", "answer": ""},
    ]
    assert evaluations_due(m, timezone.localdate()) == []


def test_an_evaluation_is_refused_twice_before_it_opens_and_out_of_range(world):
    m = at_day(world, 92)
    with pytest.raises(ValidationError) as error:
        answer(world, m, side="mentee", by=world.mentee)
    assert "already been answered" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        answer(world, m, kind="final")
    assert "not open" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        answer(world, m, satisfaction=6)
    assert Evaluation.objects.filter(mentorship=m).count() == 1


# --- pages -------------------------------------------------------------------------------------


def test_the_mentor_answers_the_mid_term_on_the_page_for_their_own_side(world):
    m = at_day(world, 92)
    client = login(world.mentor, mfa=False)
    url = reverse("mentorships:evaluation_answer", args=[m.pk, "midterm"])
    page = client.get(url).content.decode()
    assert "How happy are you with the mentoring?" in page
    assert MENTEE_EVALUATION not in page
    response = client.post(
        url,
        {
            "side": "mentee",  # ignored: a side answers for themselves only
            "satisfaction": "5",
            "what_helped": "Her courage.",
            "would_recommend": "yes",
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(mentorship=m, side="mentor")
    assert (evaluation.satisfaction, evaluation.what_helped, evaluation.submitted_by) == (
        5,
        "Her courage.",
        world.mentor,
    )


def test_the_mentee_is_told_they_answered_already(world):
    m = at_day(world, 92)
    client = login(world.mentee, mfa=False)
    page = client.get(
        reverse("mentorships:evaluation_answer", args=[m.pk, "midterm"])
    ).content.decode()
    assert "have been answered" in page and 'name="satisfaction"' not in page


def test_a_coordinator_records_a_side_s_paper_answers(world):
    m = at_day(world, 170)
    client = login(world.coordinator)
    url = reverse("mentorships:evaluation_answer", args=[m.pk, "final"])
    assert 'name="satisfaction"' not in client.get(url).content.decode()
    response = client.post(url, {"side": "mentee", "satisfaction": "3", "would_recommend": "no"})
    assert response["Location"] == reverse("mentorships:detail", args=[m.pk])
    evaluation = Evaluation.objects.get(mentorship=m, kind="final")
    assert (evaluation.side, evaluation.would_recommend, evaluation.submitted_by) == (
        "mentee",
        False,
        world.coordinator,
    )


def test_the_mentor_never_reads_the_mentee_s_evaluation_anywhere(world):
    m = at_day(world, 92)
    client = login(world.mentor, mfa=False)
    for url in (
        reverse("mentorships:portal"),
        reverse("mentorships:evaluation_answer", args=[m.pk, "midterm"]),
        reverse("mentorships:evaluation_answer", args=[m.pk, "final"]),
    ):
        assert MENTEE_EVALUATION not in client.get(url).content.decode(), url


def test_an_unknown_kind_is_not_found(world):
    client = login(world.mentor, mfa=False)
    url = reverse("mentorships:evaluation_answer", args=[world.pair.mentorship.pk, "yearly"])
    assert client.get(url).status_code == 404
