"""Pair health: the rules as a table, properties that must hold for any pair, the facts read
from the database in one query, and the page that states the rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from tandem.mentorships import health
from tandem.mentorships.health import Facts, Rules, health_of
from tandem.mentorships.models import (
    Agreement,
    GoalCheck,
    HelpRequest,
    Meeting,
    Mentorship,
    Review,
)
from tests.conftest import login
from tests.mentorships.world import add_mentorships

TODAY = date(2026, 6, 1)
START = date(2026, 1, 5)
DEFAULT = Rules()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def facts(**changes) -> Facts:
    base = {"started_on": START, "meetings_per_month": 2, "last_meeting_on": days_ago(3)}
    return Facts(**(base | changes))


# (what, facts, rules, expected health, expected reason codes)
CASES = [
    ("met 3 days ago", facts(), DEFAULT, "green", []),
    # Twice a month: an interval of 15 days; amber after 1.5 intervals (22.5 days).
    ("22 days quiet", facts(last_meeting_on=days_ago(22)), DEFAULT, "green", []),
    ("23 days quiet", facts(last_meeting_on=days_ago(23)), DEFAULT, "amber", ["quiet"]),
    ("45 days quiet", facts(last_meeting_on=days_ago(45)), DEFAULT, "amber", ["quiet"]),
    ("46 days quiet", facts(last_meeting_on=days_ago(46)), DEFAULT, "red", ["quiet"]),
    (
        "monthly, 40 days quiet",
        facts(meetings_per_month=1, last_meeting_on=days_ago(40)),
        DEFAULT,
        "green",
        [],
    ),
    (
        "monthly, 46 days quiet",
        facts(meetings_per_month=1, last_meeting_on=days_ago(46)),
        DEFAULT,
        "amber",
        ["quiet"],
    ),
    (
        "weekly-ish, 12 days quiet",
        facts(meetings_per_month=4, last_meeting_on=days_ago(12)),
        DEFAULT,
        "amber",
        ["quiet"],
    ),
    (
        "never met, started 10 days ago",
        facts(started_on=days_ago(10), last_meeting_on=None),
        DEFAULT,
        "green",
        [],
    ),
    (
        "never met, started 30 days ago",
        facts(started_on=days_ago(30), last_meeting_on=None),
        DEFAULT,
        "amber",
        ["quiet"],
    ),
    (
        "never met, starts in the future",
        facts(started_on=TODAY + timedelta(days=5), last_meeting_on=None),
        DEFAULT,
        "green",
        [],
    ),
    (
        "tighter amber",
        facts(last_meeting_on=days_ago(16)),
        Rules(quiet_amber_intervals=Decimal("1.0"), quiet_red_intervals=Decimal("2.0")),
        "amber",
        ["quiet"],
    ),
    (
        "tighter red",
        facts(last_meeting_on=days_ago(31)),
        Rules(quiet_amber_intervals=Decimal("1.0"), quiet_red_intervals=Decimal("2.0")),
        "red",
        ["quiet"],
    ),
    ("review due today", facts(review_due_on=TODAY), DEFAULT, "green", []),
    ("review 1 day late", facts(review_due_on=days_ago(1)), DEFAULT, "amber", ["review_overdue"]),
    (
        "review 14 days late",
        facts(review_due_on=days_ago(14)),
        DEFAULT,
        "amber",
        ["review_overdue"],
    ),
    ("review 15 days late", facts(review_due_on=days_ago(15)), DEFAULT, "red", ["review_overdue"]),
    (
        "review late, short fuse",
        facts(review_due_on=days_ago(3)),
        Rules(review_red_after_days=2),
        "red",
        ["review_overdue"],
    ),
    ("no review due", facts(review_due_on=None), DEFAULT, "green", []),
    ("a dropped goal", facts(dropped_goals=1), DEFAULT, "amber", ["dropped_goal"]),
    (
        "a dropped goal, setting off",
        facts(dropped_goals=1),
        Rules(dropped_goal_is_amber=False),
        "green",
        [],
    ),
    (
        "help asked",
        facts(help_asked_on=days_ago(1), help_side="mentee"),
        DEFAULT,
        "red",
        ["help_requested"],
    ),
    (
        "everything at once",
        facts(
            last_meeting_on=days_ago(30),
            review_due_on=days_ago(2),
            dropped_goals=2,
            help_asked_on=days_ago(1),
            help_side="mentor",
        ),
        DEFAULT,
        "red",
        ["help_requested", "quiet", "review_overdue", "dropped_goal"],
    ),
    (
        "two ambers",
        facts(last_meeting_on=days_ago(30), dropped_goals=1),
        DEFAULT,
        "amber",
        ["quiet", "dropped_goal"],
    ),
    (
        "red quiet before amber review",
        facts(last_meeting_on=days_ago(60), review_due_on=days_ago(1)),
        DEFAULT,
        "red",
        ["quiet", "review_overdue"],
    ),
]


@pytest.mark.parametrize(
    ("facts_", "rules", "expected", "codes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_rules_give_the_expected_health_and_reasons(facts_, rules, expected, codes):
    result = health_of(facts_, rules, TODAY)
    assert result.health == expected
    # Red reasons come first; among equals, the order of the rules.
    assert sorted(r.code for r in result.reasons) == sorted(codes)
    assert [r.health for r in result.reasons] == sorted(
        (r.health for r in result.reasons), key=lambda h: -health.RANK[h]
    )
    if codes:
        assert result.reasons[0].health == expected


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (
            {"code": "quiet", "health": "amber", "days": 41, "rhythm": 15, "never": False},
            "No meeting for 41 days (rhythm: every 15 days)",
        ),
        (
            {"code": "quiet", "health": "red", "days": 1, "rhythm": 30, "never": True},
            "No meeting since the start, 1 day ago (rhythm: every 30 days)",
        ),
        (
            {"code": "review_overdue", "health": "amber", "due": "2026-03-03", "days": 12},
            "Review due on 3 March 2026 not done (12 days late)",
        ),
        ({"code": "dropped_goal", "health": "amber", "goals": 2}, "2 goals dropped at the last"),
        (
            {"code": "help_requested", "health": "red", "on": "2026-05-31", "side": "mentor"},
            "The mentor asked for help on 31 May 2026",
        ),
    ],
)
def test_reasons_read_as_sentences(reason, words):
    assert health.describe(reason).startswith(words)


def test_stored_reasons_are_worded_in_the_reader_s_language():
    reason = {"code": "review_overdue", "health": "amber", "due": "2026-03-03", "days": 12}
    with translation.override("nl"):
        assert "3 maart 2026" in health.describe(reason)
    with translation.override("fr"):
        assert "3 mars 2026" in health.describe(reason)


def test_a_green_pair_says_when_they_last_met():
    assert health_of(facts(), DEFAULT, TODAY).main_reason == "Last met 3 days ago"
    never = health_of(facts(last_meeting_on=None, started_on=days_ago(1)), DEFAULT, TODAY)
    assert never.main_reason == "No meeting yet; started 1 day ago"


@pytest.mark.parametrize(
    ("started", "weeks", "last", "ends", "due"),
    [
        (START, 8, None, START + timedelta(weeks=26), START + timedelta(weeks=8)),
        (START, 8, START + timedelta(weeks=8), None, START + timedelta(weeks=16)),
        # The next one would fall after the planned end: the final evaluation instead.
        (START, 8, START + timedelta(weeks=24), START + timedelta(weeks=26), None),
        (START, 4, None, START + timedelta(weeks=4), START + timedelta(weeks=4)),
    ],
)
def test_the_next_review_is_due_an_interval_after_the_last_one(started, weeks, last, ends, due):
    assert (
        health.review_due_on(
            started_on=started, interval_weeks=weeks, last_due_on=last, ends_on=ends
        )
        == due
    )


# Properties that hold for any pair and any thresholds.

days = st.integers(min_value=0, max_value=400)
ruleset = st.builds(
    lambda amber, extra, red_days, dropped: Rules(
        quiet_amber_intervals=Decimal(amber) / 10,
        quiet_red_intervals=Decimal(amber + extra) / 10,
        review_red_after_days=red_days,
        dropped_goal_is_amber=dropped,
    ),
    st.integers(min_value=10, max_value=100),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=1, max_value=180),
    st.booleans(),
)
any_facts = st.builds(
    lambda quiet, rhythm, review, dropped, help_: Facts(
        started_on=START,
        meetings_per_month=rhythm,
        last_meeting_on=days_ago(quiet) if quiet is not None else None,
        review_due_on=days_ago(review) if review is not None else None,
        dropped_goals=dropped,
        help_asked_on=days_ago(1) if help_ else None,
        help_side="mentee" if help_ else "",
    ),
    st.one_of(st.none(), days),
    st.integers(min_value=1, max_value=31),
    st.one_of(st.none(), st.integers(min_value=-60, max_value=200)),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
)


@given(any_facts, ruleset, days)
def test_more_days_without_a_meeting_never_makes_health_better(pair, rules, more):
    earlier = pair.last_meeting_on or pair.started_on
    quieter = Facts(**{**pair.__dict__, "last_meeting_on": earlier - timedelta(days=more)})
    assert health_of(quieter, rules, TODAY).rank >= health_of(pair, rules, TODAY).rank


@given(any_facts, ruleset, days)
def test_time_passing_never_makes_health_better(pair, rules, later):
    today = health_of(pair, rules, TODAY)
    assert health_of(pair, rules, TODAY + timedelta(days=later)).rank >= today.rank


@given(any_facts, ruleset)
def test_health_is_the_worst_reason_and_green_has_none(pair, rules):
    result = health_of(pair, rules, TODAY)
    if result.health == "green":
        assert result.reasons == ()
    else:
        assert result.rank == max(health.RANK[r.health] for r in result.reasons)
        assert all(r.text for r in result.reasons)


@given(any_facts, ruleset, st.integers(min_value=0, max_value=30))
def test_looser_quiet_thresholds_never_make_health_worse(pair, rules, looser):
    loose = Rules(
        quiet_amber_intervals=rules.quiet_amber_intervals + Decimal(looser) / 10,
        quiet_red_intervals=rules.quiet_red_intervals + Decimal(looser) / 10,
        review_red_after_days=rules.review_red_after_days,
        dropped_goal_is_amber=rules.dropped_goal_is_amber,
    )
    assert health_of(pair, loose, TODAY).rank <= health_of(pair, rules, TODAY).rank


# The facts from the database.


@pytest.fixture
def pairs(world):
    return add_mentorships(world)


def test_the_facts_of_a_pair_come_from_its_meetings_reviews_and_help_requests(
    pairs, django_assert_num_queries
):
    pair = pairs.pair
    now = timezone.now()
    with django_assert_num_queries(1):
        found = health.with_health_facts(Mentorship.objects.filter(pk=pair.mentorship.pk), now)
        mentorship = found.select_related("programme__mentorship_settings").get()
        result = health.pair_health(mentorship, timezone.localdate(now))
    assert result.last_meeting_on == timezone.localdate(pair.meeting.starts_at)
    assert mentorship.next_meeting_at == pair.planned_meeting.starts_at
    assert mentorship.last_review_due == pair.review.due_on
    # The open help request of world.pair makes it red.
    assert result.health == "red"
    assert [r.code for r in result.reasons] == ["help_requested"]


def test_a_dropped_goal_counts_only_in_the_last_review(pairs):
    pair = pairs.pair
    HelpRequest.objects.update(resolved_at=timezone.now())
    GoalCheck.objects.filter(review=pair.review).update(status="dropped")
    assert health.health_now(pair.mentorship.pk).health == "amber"
    later = Review.objects.create(
        mentorship=pair.mentorship,
        due_on=pair.review.due_on + timedelta(weeks=8),
        submitted_at=timezone.now(),
    )
    GoalCheck.objects.create(review=later, goal=pair.goal, status="progressing")
    result = health.health_now(pair.mentorship.pk)
    assert [r.code for r in result.reasons if r.code == "dropped_goal"] == []


def test_planned_and_cancelled_meetings_do_not_count_as_met(pairs):
    pair = pairs.pair
    HelpRequest.objects.update(resolved_at=timezone.now())
    Meeting.objects.filter(pk=pair.meeting.pk).update(starts_at=timezone.now() - timedelta(days=50))
    Meeting.objects.create(
        mentorship=pair.mentorship,
        status="cancelled",
        starts_at=timezone.now() - timedelta(days=2),
    )
    result = health.health_now(pair.mentorship.pk)
    assert result.health == "red"
    assert result.days_quiet == 50


# The page that states the rules.


def test_the_rules_page_states_the_programme_s_numbers(pairs):
    from tandem.mentorships.services import settings_for

    settings = settings_for(pairs.programme)
    settings.quiet_amber_intervals = Decimal("2.0")
    settings.review_red_after_days = 21
    settings.save()
    response = login(pairs.coordinator).get(
        reverse("mentorships:health_rules", args=[pairs.programme.pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "2.0" in text and "21" in text
    assert reverse("mentorships:settings", args=[pairs.programme.pk]) in text


def test_the_rules_page_of_another_organisation_s_programme_is_not_found(pairs):
    response = login(pairs.outsider).get(
        reverse("mentorships:health_rules", args=[pairs.programme.pk])
    )
    assert response.status_code == 404


@given(st.integers(min_value=1, max_value=31), days)
def test_the_threshold_in_days_is_the_first_day_the_quiet_rule_fires(rhythm, quiet):
    pair = facts(meetings_per_month=rhythm, last_meeting_on=days_ago(quiet))
    amber_from = health.threshold_days(DEFAULT.quiet_amber_intervals, rhythm)
    assert (health_of(pair, DEFAULT, TODAY).rank >= 1) == (quiet >= amber_from)


@pytest.mark.parametrize("done", [0, 1, 2, 3])
@pytest.mark.parametrize(("weeks", "later_weeks"), [(4, 4), (8, 8), (9, 9), (8, 3), (4, 9)])
def test_health_and_the_review_service_agree_on_the_next_review(pairs, done, weeks, later_weeks):
    """One rule for the next review: the caseload's (read in bulk) is the review pages', also
    when the interval changed after some reviews."""
    from tandem.mentorships.services.reviews import next_review_due, review_due_dates

    mentorship = pairs.pair.mentorship
    Mentorship.objects.filter(pk=mentorship.pk).update(
        started_on=timezone.localdate() - timedelta(days=150)
    )
    Agreement.objects.filter(mentorship=mentorship).update(review_interval_weeks=weeks)
    Review.objects.filter(mentorship=mentorship).delete()
    mentorship = Mentorship.objects.select_related("agreement").get(pk=mentorship.pk)
    for due in review_due_dates(mentorship)[:done]:
        Review.objects.create(mentorship=mentorship, due_on=due, submitted_at=timezone.now())
    Agreement.objects.filter(mentorship=mentorship).update(review_interval_weeks=later_weeks)
    mentorship = Mentorship.objects.select_related("agreement").get(pk=mentorship.pk)
    expected = next_review_due(mentorship, timezone.localdate())
    assert health.health_now(mentorship.pk).review_due_on == expected
