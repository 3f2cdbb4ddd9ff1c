"""Meetings: logged after they happened or planned ahead, by either side or a coordinator, with
the coordinators' private note kept apart; the 30-second page to log one on a phone."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from tandem.mentorships.models import Meeting, MentorshipStatus, PrivateNote
from tandem.mentorships.services import meetings
from tests.conftest import login
from tests.mentorships.world import PRIVATE_NOTE, add_mentorships


@pytest.fixture
def world(world):
    return add_mentorships(world)


class Enqueued(list):
    """The tasks enqueued, as (task name, kwargs); ``commit(execute=True)`` runs what waits for
    the transaction to commit."""

    commit = None


@pytest.fixture
def enqueued(settings, django_capture_on_commit_callbacks):
    """The tasks enqueued once the transaction commits: [(task name, kwargs)]."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    calls = Enqueued()

    def record(sender, task_result, **kwargs):
        calls.append((task_result.task.name, task_result.kwargs))

    task_enqueued.connect(record)
    calls.commit = django_capture_on_commit_callbacks
    yield calls
    task_enqueued.disconnect(record)


def ago(**delta) -> datetime:
    return timezone.now() - timedelta(**delta)


def soon(**delta) -> datetime:
    return timezone.now() + timedelta(**delta)


def close(mentorship, days_ago: int = 5) -> None:
    mentorship.status = MentorshipStatus.COMPLETED
    mentorship.ended_on = timezone.localdate() - timedelta(days=days_ago)
    mentorship.closure_reason = "period_ended"
    mentorship.save()


# --- services ----------------------------------------------------------------------------------


def test_a_mentor_logs_a_meeting_with_topics_notes_and_a_private_note(world):
    m = world.pair.mentorship
    meeting = meetings.meeting_log(
        mentorship=m,
        logged_by=world.mentor,
        acting_as="mentor",
        starts_at=ago(hours=2),
        duration_minutes=90,
        mode="accompanying",
        appointment="  the   welfare office ",
        topics=["housing", "work", "housing"],
        shared_note="Went to the OCMW together.",
        private_note="She looked worried about her rent.",
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.duration_minutes, meeting.mode) == ("held", 90, "accompanying")
    assert meeting.appointment == "the welfare office"
    # In the list's order, once each.
    assert meeting.topics == ["work", "housing"]
    assert meeting.logged_by == world.mentor
    note = PrivateNote.objects.get(meeting=meeting)
    assert (note.text, note.written_by) == ("She looked worried about her rent.", world.mentor)


def test_a_meeting_without_a_private_note_has_no_private_note_row(world):
    meeting = meetings.meeting_log(
        mentorship=world.pair.mentorship,
        logged_by=world.mentee,
        acting_as="mentee",
        starts_at=ago(days=1),
    )
    assert not PrivateNote.objects.filter(meeting=meeting).exists()
    assert (meeting.duration_minutes, meeting.mode, meeting.appointment) == (60, "in_person", "")


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (lambda m: soon(hours=1), "cannot be in the future"),
        (
            lambda m: timezone.make_aware(
                datetime.combine(m.started_on - timedelta(days=1), time(10))
            ),
            "The mentorship started on",
        ),
    ],
)
def test_a_meeting_that_happened_must_lie_between_the_start_and_now(world, starts_at, message):
    m = world.pair.mentorship
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as error:
        meetings.meeting_log(
            mentorship=m, logged_by=world.mentor, acting_as="mentor", starts_at=starts_at(m)
        )
    assert message in " ".join(error.value.messages)
    assert Meeting.objects.count() == before


def test_going_along_to_an_appointment_says_where(world):
    with pytest.raises(ValidationError) as error:
        meetings.meeting_log(
            mentorship=world.pair.mentorship,
            logged_by=world.mentor,
            acting_as="mentor",
            starts_at=ago(hours=3),
            mode="accompanying",
        )
    assert "Say where you went" in str(error.value)


def test_unknown_topics_and_someone_outside_the_pair_are_refused(world):
    m = world.pair.mentorship
    with pytest.raises(ValidationError):
        meetings.meeting_log(
            mentorship=m,
            logged_by=world.mentor,
            acting_as="mentor",
            starts_at=ago(hours=3),
            topics=["papers"],
        )
    with pytest.raises(ValidationError):
        meetings.meeting_log(
            mentorship=m, logged_by=world.outsider, acting_as=None, starts_at=ago(hours=3)
        )
    assert m.meetings.count() == 2


def test_a_closed_mentorship_takes_no_meeting_from_the_pair_but_staff_may_complete_the_record(
    world,
):
    m = world.pair.mentorship
    close(m, days_ago=5)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_log(
            mentorship=m, logged_by=world.mentor, acting_as="mentor", starts_at=ago(days=7)
        )
    assert "has ended" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_log(
            mentorship=m,
            logged_by=world.coordinator,
            acting_as="coordinator",
            starts_at=ago(days=2),
        )
    assert "The mentorship ended on" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        meetings.meeting_plan(
            mentorship=m,
            planned_by=world.coordinator,
            acting_as="coordinator",
            starts_at=soon(days=3),
            place="Office",
        )
    meeting = meetings.meeting_log(
        mentorship=m, logged_by=world.coordinator, acting_as="coordinator", starts_at=ago(days=7)
    )
    assert meeting.status == "held"


def test_planning_a_meeting_sends_it_to_both_calendars_once_saved(world, enqueued):
    with enqueued.commit(execute=True):
        meeting = meetings.meeting_plan(
            mentorship=world.pair.mentorship,
            planned_by=world.mentee,
            acting_as="mentee",
            starts_at=soon(days=3),
            mode="in_person",
            place=" Library,  Rue Royale ",
        )
    assert (meeting.status, meeting.place) == ("planned", "Library, Rue Royale")
    assert enqueued == [("send_meeting_planned", {"meeting_id": meeting.pk})]


def test_a_planned_meeting_must_be_in_the_future_and_somewhere(world, enqueued):
    m = world.pair.mentorship
    with enqueued.commit(execute=True):
        with pytest.raises(ValidationError) as error:
            meetings.meeting_plan(
                mentorship=m,
                planned_by=world.mentor,
                acting_as="mentor",
                starts_at=ago(minutes=5),
                place="Library",
            )
        assert "in the future" in str(error.value)
        with pytest.raises(ValidationError) as error:
            meetings.meeting_plan(
                mentorship=m, planned_by=world.mentor, acting_as="mentor", starts_at=soon(days=1)
            )
        assert "Say where you meet" in str(error.value)
    # A phone call needs no place.
    with enqueued.commit(execute=True):
        meetings.meeting_plan(
            mentorship=m,
            planned_by=world.mentor,
            acting_as="mentor",
            starts_at=soon(days=1),
            mode="phone",
        )
    assert [name for name, _kwargs in enqueued] == ["send_meeting_planned"]


def test_a_planned_meeting_that_happened_is_marked_held_with_its_notes(world, enqueued):
    planned = world.pair.planned_meeting
    planned.starts_at = ago(hours=3)
    planned.save()
    with enqueued.commit(execute=True):
        meeting = meetings.meeting_held(
            meeting=planned,
            by=world.mentor,
            acting_as="mentor",
            topics=["language"],
            shared_note="Practised Dutch.",
            private_note="Mentor tired.",
        )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.topics, meeting.shared_note) == (
        "held",
        ["language"],
        "Practised Dutch.",
    )
    assert meeting.private_note.text == "Mentor tired."
    assert enqueued == []  # nothing changes in the calendars
    with pytest.raises(ValidationError):
        meetings.meeting_held(meeting=meeting, by=world.mentor, acting_as="mentor")


def test_a_planned_meeting_in_the_future_cannot_be_marked_held(world):
    with pytest.raises(ValidationError):
        meetings.meeting_held(
            meeting=world.pair.planned_meeting, by=world.mentor, acting_as="mentor"
        )
    world.pair.planned_meeting.refresh_from_db()
    assert world.pair.planned_meeting.status == "planned"


def test_moving_a_planned_meeting_raises_its_sequence_and_tells_the_calendars(world, enqueued):
    planned = world.pair.planned_meeting
    with enqueued.commit(execute=True):
        meeting = meetings.meeting_update(
            meeting=planned,
            by=world.mentee,
            acting_as="mentee",
            starts_at=soon(days=5),
            duration_minutes=60,
            mode="in_person",
            place="Café Central",
        )
    assert (meeting.sequence, meeting.place) == (1, "Café Central")
    assert enqueued == [("send_meeting_planned", {"meeting_id": planned.pk})]


def test_cancelling_a_planned_meeting_tells_the_calendars_and_only_once(world, enqueued):
    planned = world.pair.planned_meeting
    with enqueued.commit(execute=True):
        meeting = meetings.meeting_cancel(meeting=planned, by=world.mentor, acting_as="mentor")
    assert (meeting.status, meeting.sequence) == ("cancelled", 1)
    assert enqueued == [("send_meeting_planned", {"meeting_id": planned.pk})]
    with pytest.raises(ValidationError):
        meetings.meeting_cancel(meeting=planned, by=world.mentor, acting_as="mentor")
    with pytest.raises(ValidationError):
        meetings.meeting_update(
            meeting=planned,
            by=world.mentor,
            acting_as="mentor",
            starts_at=soon(days=2),
            duration_minutes=60,
            mode="phone",
        )


def test_a_side_adds_to_the_private_note_it_cannot_read_and_staff_replace_it(world):
    meeting = world.pair.meeting
    values = {
        "starts_at": meeting.starts_at,
        "duration_minutes": 60,
        "mode": "in_person",
        "topics": ["work"],
    }
    meetings.meeting_update(
        meeting=meeting, by=world.mentor, acting_as="mentor", private_note=None, **values
    )
    assert PrivateNote.objects.get(meeting=meeting).text == PRIVATE_NOTE
    meetings.meeting_update(
        meeting=meeting, by=world.mentor, acting_as="mentor", private_note="More.", **values
    )
    assert PrivateNote.objects.get(meeting=meeting).text == f"{PRIVATE_NOTE}\n\nMore."
    meetings.meeting_update(
        meeting=meeting, by=world.coordinator, acting_as="coordinator", private_note="", **values
    )
    assert not PrivateNote.objects.filter(meeting=meeting).exists()


# --- pages -------------------------------------------------------------------------------------


def test_the_log_page_has_the_usual_meeting_ready_so_one_tap_saves_it(world):
    client = login(world.mentor, mfa=False)
    url = reverse("mentorships:meeting_create", args=[world.pair.mentorship.pk])
    page = client.get(url).content.decode()
    assert "Log a meeting" in page and "It happened" in page and "Plan a meeting" in page
    # Today (or yesterday, just after midnight), an hour ago.
    assert f'value="{(timezone.localtime() - timedelta(hours=1)).date().isoformat()}"' in page
    assert 'value="60" id="id_duration_minutes_1" required checked' in page
    assert 'value="in_person" id="id_mode_0" required checked' in page
    # Life domains as big check boxes; the private note under its own heading.
    assert 'type="checkbox" name="topics" value="housing"' in page
    assert "only for the coordinator" in page


def test_a_mentor_logs_a_meeting_and_reads_a_clear_confirmation_on_their_page(world):
    client = login(world.mentor, mfa=False)
    m = world.pair.mentorship
    when = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        reverse("mentorships:meeting_create", args=[m.pk]),
        {
            "kind": "held",
            "date": when.date().isoformat(),
            "time": when.strftime("%H:%M"),
            "duration_minutes": "60",
            "mode": "phone",
            "topics": ["work", "language"],
            "shared_note": "Talked about the job fair.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("mentorships:portal"))
    page = response.content.decode()
    assert "Thank you! Your meeting of" in page
    assert "Talked about the job fair." in page
    meeting = m.meetings.get(shared_note="Talked about the job fair.")
    assert (meeting.mode, meeting.topics, meeting.logged_by) == (
        "phone",
        ["work", "language"],
        world.mentor,
    )


def test_a_meeting_in_the_future_is_refused_on_the_page_with_the_reason(world):
    client = login(world.mentee, mfa=False)
    m = world.pair.mentorship
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("mentorships:meeting_create", args=[m.pk]),
        {
            "kind": "held",
            "date": tomorrow.isoformat(),
            "time": "10:00",
            "duration_minutes": "60",
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert m.meetings.count() == 2


def test_a_coordinator_plans_a_meeting_and_goes_back_to_the_pair(world, enqueued):
    client = login(world.coordinator)
    m = world.pair.mentorship
    day = timezone.localdate() + timedelta(days=10)
    with enqueued.commit(execute=True):
        response = client.post(
            reverse("mentorships:meeting_create", args=[m.pk]) + "?kind=planned",
            {
                "kind": "planned",
                "date": day.isoformat(),
                "time": "14:30",
                "duration_minutes": "90",
                "mode": "in_person",
                "place": "Tandem office",
            },
        )
    assert response["Location"] == reverse("mentorships:detail", args=[m.pk])
    meeting = m.meetings.get(place="Tandem office")
    assert meeting.status == "planned" and meeting.duration_minutes == 90
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    assert enqueued == [("send_meeting_planned", {"meeting_id": meeting.pk})]


def test_the_plan_page_offers_next_week_and_a_place(world):
    client = login(world.mentor, mfa=False)
    url = reverse("mentorships:meeting_create", args=[world.pair.mentorship.pk])
    page = client.get(url + "?kind=planned").content.decode()
    next_week = (timezone.localtime() + timedelta(days=7)).date().isoformat()
    assert f'value="{next_week}"' in page and 'name="place"' in page
    assert 'aria-current="page">Plan a meeting' in page


def test_a_planned_meeting_whose_time_passed_opens_as_it_happened(world):
    planned = world.pair.planned_meeting
    planned.starts_at = ago(hours=1)
    planned.save()
    client = login(world.mentee, mfa=False)
    url = reverse("mentorships:meeting_edit", args=[planned.pk])
    page = client.get(url).content.decode()
    assert 'aria-current="page">It happened' in page
    when = timezone.localtime(planned.starts_at)
    response = client.post(
        url,
        {
            "kind": "held",
            "date": when.date().isoformat(),
            "time": when.strftime("%H:%M"),
            "duration_minutes": "60",
            "mode": "in_person",
            "topics": ["housing"],
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.topics) == ("held", ["housing"])


def test_the_pair_never_reads_the_private_note_when_editing_but_staff_do(world):
    url = reverse("mentorships:meeting_edit", args=[world.pair.meeting.pk])
    for user in (world.mentor, world.mentee):
        page = login(user, mfa=False).get(url).content.decode()
        assert "Worked on the CV together." in page
        assert PRIVATE_NOTE not in page
    assert PRIVATE_NOTE in login(world.coordinator).get(url).content.decode()


def test_a_mentor_cannot_open_or_log_a_meeting_of_another_pair(world):
    client = login(world.mentor, mfa=False)
    other = world.other_pair
    assert (
        client.get(reverse("mentorships:meeting_create", args=[other.mentorship.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("mentorships:meeting_edit", args=[other.meeting.pk])).status_code == 404
    )
    response = client.post(reverse("mentorships:meeting_cancel", args=[other.planned_meeting.pk]))
    assert response.status_code == 404
    other.planned_meeting.refresh_from_db()
    assert other.planned_meeting.status == "planned"


def test_cancelling_from_the_page_goes_back_to_the_portal(world, enqueued):
    client = login(world.mentee, mfa=False)
    planned = world.pair.planned_meeting
    with enqueued.commit(execute=True):
        response = client.post(reverse("mentorships:meeting_cancel", args=[planned.pk]))
    assert response["Location"].startswith(reverse("mentorships:portal"))
    planned.refresh_from_db()
    assert planned.status == "cancelled"
