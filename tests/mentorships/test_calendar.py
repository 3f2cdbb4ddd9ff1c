"""Calendars: a private feed address per user (made, shown once, revoked), the feed itself
(no log-in, first names only), and one meeting as a .ics file."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.mentorships import calendars
from tandem.mentorships.models import CalendarFeed, Meeting, Mentorship
from tests.conftest import login
from tests.mentorships.world import PRIVATE_NOTE, add_mentorships

PAGE = reverse("mentorships:calendar")


@pytest.fixture
def w(world):
    return add_mentorships(world)


def events(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def feed_url(token: str) -> str:
    return reverse("mentorships:calendar_feed", args=[token])


def test_a_mentor_makes_a_feed_address_shown_once_and_only_its_hash_is_kept(w):
    client = login(w.mentor)
    assert "You have no calendar address yet" in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"action": "create"})
    text = response.content.decode()
    feed = CalendarFeed.objects.get(user=w.mentor)
    token = text.split('value="http://testserver/mentorships/calendar/')[1].split(".ics")[0]
    assert len(feed.token_hash) == 64 and token not in feed.token_hash
    assert calendars.feed_user(token) == w.mentor
    # Shown once: the page does not show it again.
    assert token not in client.get(PAGE).content.decode()


def test_the_feed_lists_the_pair_s_meetings_with_first_names_only(w):
    token = calendars.calendar_feed_create(user=w.mentor)
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = {str(e["uid"]): e for e in events(response.content)}
    planned = found[f"{w.pair.planned_meeting.uid}@tandem"]
    assert str(planned["summary"]) == "Tandem: meeting with Selam"
    assert str(planned["location"]) == "Library"
    assert planned["dtstart"].dt == w.pair.planned_meeting.starts_at.replace(microsecond=0)
    assert planned["dtstart"].dt.utcoffset() == timedelta(0)
    text = response.content.decode()
    for secret in (w.mentee_person.last_name, PRIVATE_NOTE, "Worked on the CV", w.programme.name):
        assert secret not in text
    # The other pair of the organisation is not in this mentor's feed.
    assert f"{w.other_pair.planned_meeting.uid}" not in text


def test_a_mentee_s_feed_names_the_mentor_and_leaves_out_old_and_closed_meetings(w):
    Meeting.objects.create(
        mentorship=w.pair.mentorship,
        status="held",
        starts_at=timezone.now() - timedelta(days=45),
    )
    token = calendars.calendar_feed_create(user=w.mentee)
    found = events(Client().get(feed_url(token)).content)
    assert {str(e["summary"]) for e in found} == {"Tandem: meeting with Marc"}
    assert len(found) == 2  # the meeting 10 days ago and the planned one
    Mentorship.objects.filter(pk=w.pair.mentorship.pk).update(
        status="completed", ended_on=timezone.localdate(), closure_reason="period_ended"
    )
    assert events(Client().get(feed_url(token)).content) == []


def test_a_coordinator_s_feed_holds_their_caseload_in_their_language(w):
    w.coordinator.language = "fr"
    w.coordinator.save()
    token = calendars.calendar_feed_create(user=w.coordinator)
    found = events(Client().get(feed_url(token)).content)
    uids = {str(e["uid"]) for e in found}
    assert f"{w.pair.planned_meeting.uid}@tandem" in uids
    assert f"{w.other_pair.planned_meeting.uid}@tandem" in uids
    # The admin is the contact person of no pair: an empty calendar.
    admin_token = calendars.calendar_feed_create(user=w.admin)
    assert events(Client().get(feed_url(admin_token)).content) == []


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(w):
    Meeting.objects.filter(pk=w.pair.planned_meeting.pk).update(status="cancelled", sequence=2)
    token = calendars.calendar_feed_create(user=w.mentor)
    found = {str(e["uid"]): e for e in events(Client().get(feed_url(token)).content)}
    event = found[f"{w.pair.planned_meeting.uid}@tandem"]
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 2)


def test_an_unknown_or_revoked_token_is_not_found(w):
    assert Client().get(feed_url("not-a-token")).status_code == 404
    token = calendars.calendar_feed_create(user=w.mentor)
    client = login(w.mentor)
    response = client.post(PAGE, {"action": "revoke"})
    assert response.status_code == 302
    assert Client().get(feed_url(token)).status_code == 404
    assert not CalendarFeed.objects.filter(user=w.mentor).exists()


def test_a_new_address_stops_the_old_one(w):
    old = calendars.calendar_feed_create(user=w.mentor)
    new = calendars.calendar_feed_create(user=w.mentor)
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_a_deactivated_user_s_feed_stops(w):
    token = calendars.calendar_feed_create(user=w.mentor)
    w.mentor.is_active = False
    w.mentor.save()
    assert Client().get(feed_url(token)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status", "summary"),
    [
        ("mentor", 200, "Tandem: meeting with Selam"),
        ("mentee", 200, "Tandem: meeting with Marc"),
        ("coordinator", 200, "Tandem: meeting of Marc and Selam"),
        ("limited_coordinator", 200, "Tandem: meeting of Marc and Selam"),
        ("employer_contact", 403, None),
        ("referral_partner", 403, None),
        ("outsider", 404, None),
    ],
)
def test_one_meeting_downloads_as_a_calendar_file_for_the_pair_and_staff(w, who, status, summary):
    url = reverse("mentorships:meeting_ics", args=[w.pair.planned_meeting.pk])
    response = login(w.user(who)).get(url)
    assert response.status_code == status
    if summary:
        assert "attachment" in response["Content-Disposition"]
        (event,) = events(response.content)
        assert str(event["summary"]) == summary


def test_a_mentor_cannot_download_another_pair_s_meeting(w):
    url = reverse("mentorships:meeting_ics", args=[w.other_pair.planned_meeting.pk])
    assert login(w.mentor).get(url).status_code == 404
    assert login(w.limited_coordinator).get(url).status_code == 404
