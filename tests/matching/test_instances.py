"""Building a match instance from the database: who is in, with what, under opaque ids."""

import json
from datetime import timedelta

from django.utils import timezone

from tandem.matching import engine, instances
from tandem.matching.models import MatchingSettings, PairExclusion, PairLock, Proposal
from tandem.mentorships.models import Mentorship
from tandem.people.models import Participant
from tests.matching.helpers import participant


def ids(built, key: str) -> set[int]:
    return {int(p["id"][1:]) for p in built.data[key]}


def test_mentees_ready_with_consent_and_no_pending_proposal_are_matched(world):
    programme = world.programme
    ready = participant(programme, "mentee", cohort=world.cohort)
    not_ready = participant(programme, "mentee", status="eligible")
    no_consent = participant(programme, "mentee", consented=False)
    other_cohort = participant(
        programme,
        "mentee",
        cohort=world.cohort.__class__.objects.create(
            programme=programme, name="Later", starts_on=world.cohort.starts_on
        ),
    )
    proposed = participant(programme, "mentee")
    mentor = participant(programme, "mentor")
    Proposal.objects.create(
        programme=programme,
        mentee=proposed,
        mentor=mentor,
        intro_meeting_at=timezone.now() + timedelta(days=3),
        intro_meeting_place="Office",
        created_at=timezone.now(),
    )
    whole = instances.build(programme)
    assert ids(whole, "mentees") == {ready.pk, other_cohort.pk}
    assert not_ready.pk not in ids(whole, "mentees") and no_consent.pk not in ids(whole, "mentees")
    assert ids(instances.build(programme, world.cohort), "mentees") == {ready.pk}


def test_mentors_count_running_mentorships_and_pending_proposals_against_their_places(world):
    programme = world.programme
    programme.default_mentees_per_mentor = 2
    programme.save()
    free = participant(programme, "mentor")
    busy = participant(programme, "mentor", status="active")
    full = participant(programme, "mentor", status="matched")
    one_place = participant(programme, "mentor", status="matched")
    one_place.capacity = 1
    one_place.save()
    mentee_a, mentee_b, mentee_c = (participant(programme, "mentee") for _ in range(3))
    Mentorship.objects.create(
        programme=programme, mentee=mentee_a, mentor=full, started_on=timezone.localdate()
    )
    Proposal.objects.create(
        programme=programme,
        mentee=mentee_b,
        mentor=full,
        intro_meeting_at=timezone.now() + timedelta(days=3),
        intro_meeting_place="Office",
        created_at=timezone.now(),
    )
    built = instances.build(programme)
    mentors = {int(p["id"][1:]): p for p in built.data["mentors"]}
    assert mentors[free.pk]["capacity"] == 2 and mentors[free.pk]["current_mentees"] == 0
    # An active mentor without a recorded mentorship has at least one mentee.
    assert mentors[busy.pk]["current_mentees"] == 1
    assert full.pk not in mentors and one_place.pk not in mentors
    assert mentee_c.pk in ids(built, "mentees")


def test_the_instance_carries_what_the_engine_needs_and_no_names(world):
    programme = world.programme
    mentee = participant(
        programme,
        "mentee",
        days=40,
        languages=(("ar", "native"), ("fr", "A2")),
        postcode="1030",
        first_name="Selamawit",
        last_name="Gebremedhin",
        gender="prefers_not_to_say",
        birth_year=2001,
        sectors=["F"],
        occupation="71",
        interests=["Football ", "football", "Music"],
        max_distance_km=8,
    )
    mentee.mentor_gender_wish = "woman"
    mentee.save()
    MatchingSettings.objects.create(programme=programme, weight_age=0, max_distance_km=20)
    built = instances.build(programme)
    data = built.data
    text = json.dumps(data)
    assert "Selamawit" not in text and "Gebremedhin" not in text and "@" not in text
    (item,) = data["mentees"]
    assert item["id"] == f"p{mentee.pk}"
    assert item["languages"] == [{"code": "ar", "level": "native"}, {"code": "fr", "level": "A2"}]
    assert item["days_waiting"] == 40
    assert item["gender"] == "unknown" and item["mentor_gender_wish"] == "woman"
    assert item["interests"] == ["football", "music"]
    assert (item["isco"], item["sectors"], item["max_distance_km"]) == ("71", ["F"], 8)
    assert round(item["lat"], 2) == 50.87
    assert data["criteria"]["weights"]["age"] == 0 and data["criteria"]["max_distance_km"] == 20
    assert built.groups[str(mentee.pk)] == {
        "gender": "prefers_not_to_say",
        "age": "25_34" if timezone.now().year - 2001 >= 25 else "under_25",
        "language": "ar",
        "region": "BRU",
    }
    engine.load(data)  # a valid instance


def test_locks_and_exclusions_of_the_programme_go_in_and_impossible_locks_are_reported(world):
    programme = world.programme
    mentee = participant(programme, "mentee")
    far_mentee = participant(programme, "mentee", postcode="2000")
    mentor = participant(programme, "mentor")
    other_mentor = participant(programme, "mentor")
    MatchingSettings.objects.create(programme=programme, max_distance_km=10)
    PairLock.objects.create(programme=programme, mentee=mentee, mentor=mentor)
    PairLock.objects.create(programme=programme, mentee=far_mentee, mentor=mentor)
    PairExclusion.objects.create(
        programme=programme, mentee=mentee, mentor=other_mentor, reason="met_before"
    )
    built = instances.build(programme)
    assert built.data["locks"] == [[f"p{mentee.pk}", f"p{mentor.pk}"]]
    assert built.data["exclusions"] == [[f"p{mentee.pk}", f"p{other_mentor.pk}"]]
    assert built.dropped_locks == [
        {"mentee": far_mentee.pk, "mentor": mentor.pk, "rules": ["distance"]}
    ]
    engine.load(built.data)


def test_a_lock_beyond_the_mentor_s_free_places_is_dropped_the_oldest_kept(world):
    programme = world.programme
    mentor = participant(programme, "mentor")
    first, second = participant(programme, "mentee"), participant(programme, "mentee")
    PairLock.objects.create(programme=programme, mentee=first, mentor=mentor)
    PairLock.objects.create(programme=programme, mentee=second, mentor=mentor)
    built = instances.build(programme)
    assert built.data["locks"] == [[f"p{first.pk}", f"p{mentor.pk}"]]
    assert built.dropped_locks[0]["rules"] == ["capacity"]


def test_the_groups_follow_the_belgian_provinces_and_age_bands():
    from tandem.matching.groups import age_group_of, region_of

    assert [region_of(p) for p in ("1000", "1410", "1800", "2000", "3000", "3500")] == [
        "BRU",
        "WBR",
        "VBR",
        "VAN",
        "VBR",
        "VLI",
    ]
    assert [region_of(p) for p in ("4000", "5000", "6000", "6700", "7000", "8000", "9000")] == [
        "WLG",
        "WNA",
        "WHT",
        "WLX",
        "WHT",
        "VWV",
        "VOV",
    ]
    assert region_of("") == region_of("75001") == region_of("0999") == "unknown"
    assert age_group_of(2002, 2026) == "under_25"
    assert age_group_of(2001, 2026) == "25_34"
    assert age_group_of(1971, 2026) == "55_plus"
    assert age_group_of(None, 2026) == "unknown"


def test_a_mentee_back_after_an_early_ending_counts_as_having_waited_longest(world):
    programme = world.programme
    back = participant(programme, "mentee", days=3)
    Participant.objects.filter(pk=back.pk).update(match_priority=True)
    newcomer = participant(programme, "mentee", days=3)
    participant(programme, "mentor", days=3)
    MatchingSettings.objects.create(programme=programme)
    mentees = {int(m["id"][1:]): m for m in instances.build(programme).data["mentees"]}
    assert mentees[back.pk]["days_waiting"] == engine.Criteria.waiting_full_after_days
    assert mentees[newcomer.pk]["days_waiting"] == 3
