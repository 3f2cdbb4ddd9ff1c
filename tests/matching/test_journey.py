"""The issue's "done when", as a coordinator clicks through it: match a cohort of 60 mentees in
one run (through the real worker), check every suggestion, lock two pairs by hand, exclude one,
run again, compare, send proposals — e-mailed to each side in their language — and see both
answers start a mentorship, or a "no" keep the pair out of the next run."""

import re
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from tandem.accounts.models import Membership, Role
from tandem.matching import engine
from tandem.matching.models import MatchRun, PairExclusion, Proposal, Suggestion
from tandem.mentorships.models import Mentorship
from tandem.people.models import Participant
from tests import factories
from tests.conftest import login
from tests.matching.helpers import grow_cohort, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def start_run(client, world) -> MatchRun:
    response = client.post(
        reverse("matching:run_start", args=[world.programme.pk]), {"cohort": world.cohort.pk}
    )
    run = MatchRun.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response.url == reverse("matching:run_detail", args=[run.pk])
    return run


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_coordinator_matches_a_cohort_of_60_fixes_two_pairs_reruns_and_sends_proposals(world):
    mentees, _mentors = grow_cohort(world.programme, world.cohort, mentees=60, mentors=45)
    # One mentee reads Dutch in her portal; one mentor has no log-in and speaks French best.
    portal_mentee = mentees[0]
    user = factories.UserFactory(email="mentee.portal@example.org", language="nl")
    Membership.objects.create(user=user, organisation=world.org, role=Role.MENTEE)
    portal_mentee.person.user = user
    portal_mentee.person.save(update_fields=["user"])
    client = login(world.coordinator)

    # 1. One run for the cohort, in the worker, with a progress page meanwhile.
    first = start_run(client, world)
    waiting = client.get(first.get_absolute_url())
    assert "<progress" in waiting.content.decode() and 'aria-live="polite"' in text(waiting)
    run_worker()
    first.refresh_from_db()
    assert (first.status, first.mentee_count, first.mentor_count) == ("done", 60, 45)
    page = text(client.get(first.get_absolute_url()))
    assert "60 of 60" in page or f"{first.matched_count} of 60" in page

    # Every suggestion breaks no hard rule and no mentor gets more than their free places.
    instance = engine.load(first.instance)
    suggestions = list(Suggestion.objects.filter(run=first))
    assert len(suggestions) == first.matched_count >= 50
    for s in suggestions:
        assert engine.why_not(instance, f"p{s.mentee_id}", f"p{s.mentor_id}") == []
    free = {p.id: p.free_capacity for p in instance.mentors}
    for mentor, count in Counter(f"p{s.mentor_id}" for s in suggestions).items():
        assert count <= free[mentor]
    # The coordinator can defend each one: points and words per criterion.
    best = max(suggestions, key=lambda s: s.score)
    assert best.mentee.person.display_name in page
    assert "Both speak French" in page
    assert "km apart" in page or "Less than 1 km apart" in page

    # 2. Two pairs fixed by hand: each mentee with their second-best mentor instead.
    locked = []
    for s in sorted(suggestions, key=lambda s: s.pk)[:2]:
        other_mentor = next(pk for pk, _score in s.alternatives)
        response = client.post(
            reverse("matching:lock_create", args=[first.pk]),
            {"mentee": s.mentee_id, "mentor": other_mentor},
        )
        assert response.status_code == 302
        locked.append((s.mentee_id, other_mentor))
    # ... and one suggested pair excluded.
    excluded = sorted(suggestions, key=lambda s: s.pk)[5]
    client.post(
        reverse("matching:exclusion_create", args=[first.pk]),
        {
            "mentee": excluded.mentee_id,
            "mentor": excluded.mentor_id,
            "reason": "know_each_other",
        },
    )
    assert PairExclusion.objects.filter(
        mentee_id=excluded.mentee_id, mentor_id=excluded.mentor_id
    ).exists()

    # 3. Run again: the locks hold, the exclusion is absent.
    second = start_run(client, world)
    run_worker()
    second.refresh_from_db()
    assert second.status == "done"
    pairs = dict(Suggestion.objects.filter(run=second).values_list("mentee_id", "mentor_id"))
    for mentee, mentor in locked:
        assert pairs[mentee] == mentor
        assert Suggestion.objects.get(run=second, mentee_id=mentee).locked
    assert pairs.get(excluded.mentee_id) != excluded.mentor_id
    compare = text(
        client.get(reverse("matching:run_compare", args=[second.pk]), {"other": first.pk})
    )
    assert "pairs kept" in compare and "with another mentor" in compare

    # 4. Proposals: the portal mentee's suggestion, and two more.
    def propose(suggestion: Suggestion) -> Proposal:
        response = client.post(
            reverse("matching:proposal_create", args=[suggestion.pk]),
            {
                "intro_meeting_date": "2099-03-02",
                "intro_meeting_time": "14:30",
                "intro_meeting_place": "Tandem office, Rue Haute 10",
                "message": "",
            },
        )
        proposal = Proposal.objects.get(suggestion=suggestion)
        assert response.url == reverse("matching:proposal_detail", args=[proposal.pk])
        return proposal

    new = {s.mentee_id: s for s in Suggestion.objects.filter(run=second)}
    accepted = propose(new[portal_mentee.pk])
    others = [s for s in new.values() if s.mentee_id != portal_mentee.pk and not s.locked]
    declined = propose(others[0])
    assert mail.outbox == []  # the worker sends them, not the request
    run_worker()
    # Two e-mails per proposal (both sides have an address), each in its reader's language.
    assert len(mail.outbox) == 4
    to_mentee = next(m for m in mail.outbox if m.to == [portal_mentee.person.email])
    assert "mentor" in to_mentee.subject and "Eerste ontmoeting" in to_mentee.body
    assert "/matching/me/" in to_mentee.body
    mentor_person = accepted.mentor.person
    to_mentor = next(m for m in mail.outbox if m.to == [mentor_person.email])
    assert "Première rencontre" in to_mentor.body
    assert portal_mentee.person.last_name not in to_mentor.body  # first name only
    assert portal_mentee.person.first_name in to_mentor.body

    # 5. The mentee says yes in her portal; the mentor's yes is recorded by the coordinator.
    portal = login(user, mfa=False)
    mine = text(portal.get(reverse("matching:my_proposals")))
    assert "Een mentor voor jou" in mine and mentor_person.first_name in mine
    assert mentor_person.last_name not in mine
    portal.post(
        reverse("matching:my_proposal_answer", args=[accepted.pk]),
        {f"p{accepted.pk}-answer": "accepted"},
    )
    client.post(
        reverse("matching:proposal_answer", args=[accepted.pk]),
        {"side": "mentor", "answer": "accepted"},
    )
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    mentorship = Mentorship.objects.get(proposal=accepted)
    assert (mentorship.mentee_id, mentorship.mentor_id) == (accepted.mentee_id, accepted.mentor_id)
    assert Participant.objects.get(pk=accepted.mentee_id).status == "matched"
    assert Participant.objects.get(pk=accepted.mentor_id).status == "matched"

    # 6. A "no" excludes the pair: the next run never suggests it.
    client.post(
        reverse("matching:proposal_answer", args=[declined.pk]),
        {"side": "mentor", "answer": "declined", "reason": "no_time"},
    )
    declined.refresh_from_db()
    assert declined.status == "declined"
    assert (
        PairExclusion.objects.get(mentee=declined.mentee, mentor=declined.mentor).reason
        == "declined"
    )
    third = start_run(client, world)
    run_worker()
    third.refresh_from_db()
    pairs = dict(Suggestion.objects.filter(run=third).values_list("mentee_id", "mentor_id"))
    assert declined.mentee_id in {int(p["id"][1:]) for p in third.instance["mentees"]}
    assert pairs.get(declined.mentee_id) != declined.mentor_id
    # The matched mentee is no longer in the runs.
    assert accepted.mentee_id not in {int(p["id"][1:]) for p in third.instance["mentees"]}
    figures = text(client.get(reverse("matching:figures", args=[world.programme.pk])))
    assert "50 %" in figures and "No time at the moment" in figures
