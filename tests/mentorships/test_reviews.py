"""Reviews: due every N weeks of the agreement, filled in by the pair (together) or a
coordinator, one check per goal; each goal takes the status given; never twice for a date."""

from datetime import date, timedelta
from itertools import pairwise
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tandem.mentorships.models import Goal, GoalCheck, Review
from tandem.mentorships.services import reviews
from tandem.mentorships.services.reviews import Check, next_review_due, review_due_dates
from tests.conftest import login
from tests.mentorships.world import add_mentorships


@pytest.fixture
def world(world):
    return add_mentorships(world)


def fake(started_on, interval, ends_on, done=(), ended_on=None, status="active"):
    """A mentorship as the due-date functions see it, without the database."""
    return SimpleNamespace(
        started_on=started_on,
        ended_on=ended_on,
        is_active=status == "active",
        agreement=SimpleNamespace(review_interval_weeks=interval, ends_on=ends_on),
        reviews=SimpleNamespace(all=lambda: [SimpleNamespace(due_on=d) for d in done]),
    )


def test_reviews_fall_every_interval_from_the_start_up_to_the_planned_end():
    m = fake(date(2026, 1, 5), 8, date(2026, 7, 5))
    assert review_due_dates(m) == [date(2026, 3, 2), date(2026, 4, 27), date(2026, 6, 22)]
    # A due date on the end day itself counts.
    assert review_due_dates(fake(date(2026, 1, 5), 2, date(2026, 1, 19))) == [date(2026, 1, 19)]
    # Closed early: nothing after the closure.
    closed = fake(date(2026, 1, 5), 8, date(2026, 7, 5), ended_on=date(2026, 4, 1))
    assert review_due_dates(closed) == [date(2026, 3, 2)]


def test_the_next_review_is_the_first_not_done_and_none_once_closed():
    m = fake(date(2026, 1, 5), 8, date(2026, 7, 5), done=[date(2026, 3, 2)])
    assert next_review_due(m, date(2026, 3, 10)) == date(2026, 4, 27)
    # Missed: it stays due (overdue) until it is done.
    missed = fake(date(2026, 1, 5), 8, date(2026, 7, 5))
    assert next_review_due(missed, date(2026, 5, 10)) == date(2026, 3, 2)
    all_done = fake(date(2026, 1, 5), 8, date(2026, 7, 5), done=review_due_dates(missed))
    assert next_review_due(all_done, date(2026, 7, 1)) is None
    closed = fake(date(2026, 1, 5), 8, date(2026, 7, 5), status="completed")
    assert next_review_due(closed, date(2026, 5, 10)) is None


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)),
    interval=st.integers(min_value=1, max_value=52),
    length=st.integers(min_value=0, max_value=800),
    done_count=st.integers(min_value=0, max_value=40),
)
def test_due_dates_are_spaced_by_the_interval_within_the_agreement(
    start, interval, length, done_count
):
    end = start + timedelta(days=length)
    dates = review_due_dates(fake(start, interval, end))
    step = timedelta(weeks=interval)
    assert all(start < d <= end for d in dates)
    assert all(b - a == step for a, b in pairwise(dates))
    if dates:
        assert dates[0] == start + step
        assert dates[-1] + step > end
    else:
        assert start + step > end
    # Done in order: the next one is the first not done.
    done = dates[:done_count]
    expected = dates[done_count] if done_count < len(dates) else None
    assert next_review_due(fake(start, interval, end, done=done), end) == expected


def _make_due_now(world) -> date:
    """Move the pair's start back so that its second review is due today."""
    m = world.pair.mentorship
    today = timezone.localdate()
    m.started_on = today - timedelta(weeks=16)
    m.save()
    agreement = m.agreement
    agreement.ends_on = m.started_on + timedelta(days=200)
    agreement.save()
    Review.objects.filter(mentorship=m).update(due_on=m.started_on + timedelta(weeks=8))
    return today


def _checks(mentorship, status="reached"):
    return [Check(goal, status, f"About {goal.pk}") for goal in mentorship.goals.all()]


def test_a_review_checks_every_goal_and_updates_their_status(world):
    today = _make_due_now(world)
    m = world.pair.mentorship
    review = reviews.review_submit(
        mentorship=m,
        due_on=today,
        checks=[
            Check(world.pair.goal, "reached", "  CV  done "),
            *[Check(g, "dropped") for g in m.goals.exclude(pk=world.pair.goal.pk)],
        ],
        submitted_by=world.mentor,
        note="Going well.",
    )
    assert (review.due_on, review.submitted_by, review.note) == (today, world.mentor, "Going well.")
    checks = {c.goal_id: (c.status, c.comment) for c in review.checks.all()}
    assert checks[world.pair.goal.pk] == ("reached", "CV done")
    assert set(Goal.objects.filter(mentorship=m).values_list("status", flat=True)) == {
        "reached",
        "dropped",
    }
    assert next_review_due(m, today) == today + timedelta(weeks=8)


def test_a_review_is_refused_twice_for_the_same_date_and_nothing_half_saved(world):
    today = _make_due_now(world)
    m = world.pair.mentorship
    reviews.review_submit(mentorship=m, due_on=today, checks=_checks(m), submitted_by=world.mentor)
    before = (Review.objects.count(), GoalCheck.objects.count())
    with pytest.raises(ValidationError) as error:
        reviews.review_submit(
            mentorship=m, due_on=today, checks=_checks(m, "dropped"), submitted_by=world.mentee
        )
    assert "already been done" in " ".join(error.value.messages)
    assert (Review.objects.count(), GoalCheck.objects.count()) == before
    assert set(m.goals.values_list("status", flat=True)) == {"reached"}


def test_a_review_needs_every_goal_once_and_the_date_that_is_open(world):
    today = _make_due_now(world)
    m = world.pair.mentorship
    goals = list(m.goals.all())
    with pytest.raises(ValidationError) as error:
        reviews.review_submit(
            mentorship=m,
            due_on=today,
            checks=[Check(goals[0], "reached")],
            submitted_by=world.mentor,
        )
    assert "each goal" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        reviews.review_submit(
            mentorship=m,
            due_on=today + timedelta(weeks=8),
            checks=_checks(m),
            submitted_by=world.mentor,
        )
    assert "The next one is due on" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        reviews.review_submit(
            mentorship=m,
            due_on=today,
            checks=[Check(g, "finished") for g in goals],
            submitted_by=world.mentor,
        )
    assert not Review.objects.filter(mentorship=m, due_on=today).exists()
    assert set(m.goals.values_list("status", flat=True)) == {"not_started"}


def test_a_review_opens_two_weeks_before_its_date(world):
    m = world.pair.mentorship
    due = next_review_due(m, timezone.localdate())
    assert reviews.review_open(m, due - timedelta(days=15)) is None
    assert reviews.review_open(m, due - timedelta(days=14)) == due


# --- pages -------------------------------------------------------------------------------------


def test_the_pair_fills_in_the_review_on_the_page(world):
    today = _make_due_now(world)
    m = world.pair.mentorship
    client = login(world.mentee, mfa=False)
    url = reverse("mentorships:review_create", args=[m.pk])
    page = client.get(url).content.decode()
    assert "Write a CV in Dutch" in page and "Open a bank account" in page
    data = {"note": "Good months."}
    for goal in m.goals.all():
        data[f"status_{goal.pk}"] = "progressing"
        data[f"comment_{goal.pk}"] = "On the way"
    response = client.post(url, data)
    assert response["Location"].startswith(reverse("mentorships:portal"))
    review = Review.objects.get(mentorship=m, due_on=today)
    assert review.submitted_by == world.mentee
    assert set(review.checks.values_list("status", flat=True)) == {"progressing"}


def test_the_review_page_says_when_no_review_is_due(world):
    client = login(world.mentor, mfa=False)
    m = world.pair.mentorship
    page = client.get(reverse("mentorships:review_create", args=[m.pk])).content.decode()
    due = next_review_due(m, timezone.localdate())
    assert "No review to fill in now" in page and str(due.year) in page
    assert 'name="status_' not in page


def test_a_mentor_cannot_review_another_pair(world):
    client = login(world.mentor, mfa=False)
    url = reverse("mentorships:review_create", args=[world.other_pair.mentorship.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
