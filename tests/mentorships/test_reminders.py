"""Reminders and alerts: who gets which e-mail, in which language, with a first paragraph fit
for an SMS — and never twice for the same reason, however often the scheduler runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.models import Membership
from tandem.mentorships import reminders, tasks
from tandem.mentorships.models import (
    HelpRequest,
    Meeting,
    Mentorship,
    Reminder,
    Review,
)
from tandem.people.models import PersonLanguage
from tests import factories
from tests.mentorships.world import HELP_MESSAGE, add_mentorships


@pytest.fixture
def w(world, settings):
    settings.SITE_URL = "https://tandem.example.org"
    add_mentorships(world)
    # world.other_pair is in the same organisation: keep it out of the way (closed).
    Mentorship.objects.filter(pk=world.other_pair.mentorship.pk).update(
        status="completed", ended_on=timezone.localdate(), closure_reason="period_ended"
    )
    world.pair.mentorship.refresh_from_db()
    return world


def quiet(pair, days: int) -> None:
    """The pair last met ``days`` ago, has nothing planned and no open help request."""
    Meeting.objects.filter(pk=pair.meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=days)
    )
    Meeting.objects.filter(pk=pair.planned_meeting.pk).delete()
    HelpRequest.objects.update(resolved_at=timezone.now())


def travel(monkeypatch, days: int) -> None:
    """Make "today" ``days`` later for the code under test (the clock itself stays)."""
    real = timezone.localdate
    later = real() + timedelta(days=days)
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *a: later if value is None else real(value)
    )


def first_paragraph(message) -> str:
    return message.body.split("\n\n")[0]


def addressed_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_a_pair_that_should_meet_is_reminded_once(w):
    quiet(w.pair, 20)
    summary = reminders.send_reminders()
    assert summary.sent == {"meeting_due": 2}
    assert {m.to[0] for m in mail.outbox} == {w.mentor_person.email, w.mentee_person.email}
    to_mentee = addressed_to(w.mentee_person.email)[0]
    assert first_paragraph(to_mentee) == (
        "Hello Selam, it is time to meet Marc again: your last meeting was 20 days ago. "
        "Please plan your next meeting."
    )
    assert f"https://tandem.example.org/mentorships/{w.pair.mentorship.pk}/meetings/new/" in (
        to_mentee.body
    )
    assert Reminder.objects.filter(reason="meeting_due").count() == 2


def test_running_the_scheduler_twice_sends_nothing_twice(w):
    quiet(w.pair, 70)  # a meeting and the second review are due; the pair turned red
    Review.objects.filter(pk=w.pair.review.pk).update(due_on=w.pair.mentorship.started_on)
    first = reminders.send_reminders()
    sent = len(mail.outbox)
    assert first.sent == {"meeting_due": 2, "review_due": 2, "pair_red": 1}
    again = reminders.send_reminders()
    tasks.send_reminders.call()
    assert again.sent == {}
    assert len(mail.outbox) == sent
    assert Reminder.objects.count() == sent


def test_a_planned_meeting_holds_back_the_meeting_reminder(w):
    quiet(w.pair, 20)
    Meeting.objects.create(
        mentorship=w.pair.mentorship, status="planned", starts_at=timezone.now() + timedelta(days=2)
    )
    reminders.send_reminders()
    assert mail.outbox == []


def test_the_meeting_reminder_comes_back_each_interval_while_they_do_not_meet(w, monkeypatch):
    quiet(w.pair, 15)
    reminders.send_reminders()
    assert len(mail.outbox) == 2
    reminders.send_reminders()
    assert len(mail.outbox) == 2
    travel(monkeypatch, 15)
    reminders.send_reminders()
    assert len([m for m in mail.outbox if "time to meet" in m.subject]) == 4


def test_e_mails_are_in_each_reader_s_language(w):
    quiet(w.pair, 5)
    w.mentee.language = "fr"
    w.mentee.save()
    # The mentor has no log-in language: Dutch is the one they read best.
    PersonLanguage.objects.filter(person=w.mentor_person).delete()
    PersonLanguage.objects.create(person=w.mentor_person, code="nl", level="native")
    PersonLanguage.objects.create(person=w.mentor_person, code="fr", level="B1")
    started = timezone.localdate() - timedelta(weeks=16, days=3)
    Mentorship.objects.filter(pk=w.pair.mentorship.pk).update(started_on=started)
    Review.objects.filter(pk=w.pair.review.pk).update(due_on=started + timedelta(weeks=8))
    reminders.send_reminders()
    due = started + timedelta(weeks=16)
    months = {
        "fr": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "nl": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
    }
    fr = f"{due.day} {months['fr'][due.month - 1]}"
    nl = f"{due.day} {months['nl'][due.month - 1]}"
    assert any(fr in first_paragraph(m) for m in addressed_to(w.mentee_person.email))
    assert any(nl in first_paragraph(m) for m in addressed_to(w.mentor_person.email))
    assert not any(nl in m.body for m in addressed_to(w.mentee_person.email))


def test_the_first_paragraph_fits_in_an_sms_even_with_long_names(w):
    person = w.mentee_person
    person.first_name = "Mohammed-Abdulrahman Alexander"
    person.save()
    w.mentor_person.first_name = "Jean-Christophe Maximilien"
    w.mentor_person.save()
    w.programme.name = "Newcomers to work in the Brussels-Capital Region, spring intake"
    w.programme.save()
    quiet(w.pair, 200)
    Review.objects.filter(pk=w.pair.review.pk).delete()
    reminders.send_reminders()
    help_request = HelpRequest.objects.create(
        mentorship=w.pair.mentorship, side="mentor", raised_at=timezone.now()
    )
    reminders.send_help_alert(help_request.pk)
    meeting = Meeting.objects.create(
        mentorship=w.pair.mentorship,
        status="planned",
        starts_at=timezone.now() + timedelta(days=3),
        place="Bibliothèque communale de Molenbeek-Saint-Jean, rue des Béguines 103, 1080",
    )
    reminders.send_meeting_planned(meeting.pk)
    kinds = {m.subject.split(":")[1].split()[0] for m in mail.outbox}
    assert len(kinds) >= 4, kinds
    for message in mail.outbox:
        paragraph = first_paragraph(message)
        assert 20 < len(paragraph) <= 160, paragraph
        assert "http" not in paragraph


def test_a_pair_turning_red_alerts_its_contact_person_once_per_turn(w, monkeypatch):
    quiet(w.pair, 50)
    reminders.refresh_health()
    (alert,) = addressed_to(w.coordinator.email)
    assert alert.subject == "Tandem: Selam and Marc need a call"
    assert "No meeting for 50 days (rhythm: every 15 days)" in alert.body
    assert f"/mentorships/{w.pair.mentorship.pk}/" in alert.body
    stored = Mentorship.objects.get(pk=w.pair.mentorship.pk)
    assert (stored.health, stored.health_since) == ("red", timezone.localdate())
    assert stored.health_reasons[0]["code"] == "quiet"
    reminders.refresh_health()
    reminders.send_reminders()
    assert len(addressed_to(w.coordinator.email)) == 1
    # They meet: green. Two days later they are red again: a new alert.
    Meeting.objects.create(
        mentorship=w.pair.mentorship, status="held", starts_at=timezone.now() - timedelta(hours=1)
    )
    reminders.refresh_health()
    assert Mentorship.objects.get(pk=w.pair.mentorship.pk).health == "green"
    Meeting.objects.filter(mentorship=w.pair.mentorship).update(
        starts_at=timezone.now() - timedelta(days=60)
    )
    travel(monkeypatch, 2)
    reminders.refresh_health()
    assert len(addressed_to(w.coordinator.email)) == 2


def test_without_a_contact_person_the_programme_s_coordinators_are_alerted(w):
    Mentorship.objects.filter(pk=w.pair.mentorship.pk).update(coordinator=None)
    quiet(w.pair, 50)
    reminders.refresh_health()
    # Both coordinators cover the programme; the admin is not bothered while they do.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.coordinator.email, w.limited_coordinator.email]
    )


def test_a_contact_person_who_left_is_replaced_by_the_programme_s_coordinators(w):
    Membership.objects.filter(user=w.coordinator).update(is_active=False)
    quiet(w.pair, 50)
    reminders.refresh_health()
    assert [m.to[0] for m in mail.outbox] == [w.limited_coordinator.email]


def test_a_help_request_alerts_the_contact_person_at_once_without_its_message(w):
    w.coordinator.language = "nl"
    w.coordinator.save()
    summary = reminders.send_help_alert(w.pair.help_request.pk)
    assert summary.sent == {"help_requested": 1}
    (alert,) = mail.outbox
    assert alert.to == [w.coordinator.email]
    assert "Selam" in first_paragraph(alert)
    assert HELP_MESSAGE not in alert.body
    reminders.send_help_alert(w.pair.help_request.pk)
    assert len(mail.outbox) == 1
    # The pair is red now, and the help alert is not followed by a "turned red" one.
    assert Mentorship.objects.get(pk=w.pair.mentorship.pk).health == "red"
    reminders.refresh_health()
    assert len(mail.outbox) == 1


def test_a_help_request_dealt_with_before_the_worker_ran_alerts_nobody(w):
    HelpRequest.objects.update(resolved_at=timezone.now())
    reminders.send_help_alert(w.pair.help_request.pk)
    assert mail.outbox == []


def test_a_planned_meeting_goes_to_both_sides_with_a_calendar_file(w):
    meeting = w.pair.planned_meeting
    summary = tasks.send_meeting_planned.call(meeting_id=meeting.pk)
    assert summary["sent"] == {"meeting_planned": 2}
    to_mentor = addressed_to(w.mentor_person.email)[0]
    name, content, mimetype = to_mentor.attachments[0]
    assert (name, mimetype) == ("tandem-meeting.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == f"{meeting.uid}@tandem"
    assert str(event["summary"]) == "Tandem: meeting with Selam"
    assert str(event["location"]) == "Library"
    assert "Library" in first_paragraph(to_mentor)


def test_a_cancelled_meeting_is_sent_as_cancelled(w):
    meeting = w.pair.planned_meeting
    Meeting.objects.filter(pk=meeting.pk).update(status="cancelled", sequence=1)
    reminders.send_meeting_planned(meeting.pk)
    message = addressed_to(w.mentee_person.email)[0]
    assert "cancelled" in first_paragraph(message)
    (event,) = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


def test_a_planned_meeting_is_sent_once_per_version_even_when_the_task_runs_twice(w):
    meeting = w.pair.planned_meeting
    reminders.send_meeting_planned(meeting.pk)
    reminders.send_meeting_planned(meeting.pk)
    assert len(mail.outbox) == 2  # one to each side
    Meeting.objects.filter(pk=meeting.pk).update(place="Park", sequence=1)
    reminders.send_meeting_planned(meeting.pk)
    reminders.send_meeting_planned(meeting.pk)
    assert len(mail.outbox) == 4
    assert "Park" in first_paragraph(addressed_to(w.mentor_person.email)[-1])


def test_a_held_meeting_is_not_sent(w):
    reminders.send_meeting_planned(w.pair.meeting.pk)
    assert mail.outbox == []


def test_a_closed_pair_is_asked_for_the_final_evaluation_once(w):
    Mentorship.objects.filter(pk=w.pair.mentorship.pk).update(
        status="completed", ended_on=timezone.localdate(), closure_reason="period_ended"
    )
    tasks.remind_pair.call(mentorship_id=w.pair.mentorship.pk)
    tasks.remind_pair.call(mentorship_id=w.pair.mentorship.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.mentor_person.email, w.mentee_person.email]
    )
    assert all(m.subject == "Tandem: how did it go?" for m in mail.outbox)
    assert "/evaluations/final/" in addressed_to(w.mentee_person.email)[0].body


def test_a_side_without_an_e_mail_address_is_skipped(w):
    w.mentor_person.email = ""
    w.mentor_person.user = None
    w.mentor_person.save()
    quiet(w.pair, 20)
    reminders.send_reminders()
    assert [m.to[0] for m in mail.outbox] == [w.mentee_person.email]


def test_a_reminder_another_worker_recorded_first_is_not_sent(w):
    quiet(w.pair, 20)
    occasion = reminders.meeting_occasion(
        reminders.health.facts_of(reminders.pairs_for_worker(reminders.running()).get()),
        timezone.localdate(),
    )
    Reminder.objects.create(
        key=f"meeting_due:{w.pair.mentorship.pk}:{occasion.isoformat()}:p{w.mentee_person.pk}",
        reason="meeting_due",
        sent_at=timezone.now(),
    )
    reminders.send_reminders()
    assert [m.to[0] for m in mail.outbox] == [w.mentor_person.email]


def test_of_two_workers_deciding_the_same_reminder_only_the_first_sends(w):
    to = reminders.person_recipient(w.mentee_person)
    letter = lambda: reminders.Letter(subject="S", sms="Hello")  # noqa: E731
    first = reminders.send_once(
        key="review_due:1:2026-01-01:p1", reason="review_due", mentorship=None, to=to, write=letter
    )
    # The second worker read the keys before the first one saved its row: the unique key stops it.
    second = reminders.send_once(
        key="review_due:1:2026-01-01:p1",
        reason="review_due",
        mentorship=None,
        to=to,
        write=letter,
        known=set(),
    )
    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_a_failed_e_mail_is_not_recorded_and_goes_next_time(w, monkeypatch):
    quiet(w.pair, 20)

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    reminders.send_reminders()
    assert Reminder.objects.count() == 0
    monkeypatch.undo()
    reminders.send_reminders()
    assert len(mail.outbox) == 2


def test_reminders_for_many_pairs_cost_a_fixed_number_of_queries(w, django_assert_max_num_queries):
    for i in range(12):
        mentee = factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=w.org),
            programme=w.programme,
            role="mentee",
            status="active",
        )
        mentor = factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=w.org),
            programme=w.programme,
            role="mentor",
            status="active",
        )
        from tests.mentorships.world import make_pair

        make_pair(w.programme, mentee, mentor, w.coordinator, started_days_ago=20 + i)
    reminders.send_reminders()  # the first run sends and records
    with django_assert_max_num_queries(12):
        reminders.send_reminders()


def test_the_scheduler_queues_the_reminders_once_a_day_and_the_health_every_hour(w, settings):
    from tandem.core import schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    def mentorships(queued: list[str]) -> list[str]:
        # Other apps' periodic tasks (the follow-up surveys) are queued beside these.
        return [name for name in queued if name in ("refresh_health", "send_reminders")]

    morning = timezone.localtime().replace(hour=8, minute=0)
    assert schedule.tick(morning, 9) == ["refresh_health"]
    assert schedule.tick(morning.replace(minute=30), 9) == []
    assert mentorships(schedule.tick(morning.replace(hour=9, minute=1), 9)) == [
        "refresh_health",
        "send_reminders",
    ]
    assert schedule.tick(morning.replace(hour=9, minute=2), 9) == []
    assert schedule.tick(morning.replace(hour=15), 9) == ["refresh_health"]
    queued = [result.task.name for result in default_task_backend.results]
    assert queued.count("send_reminders") == 1


def test_the_scheduler_once_queues_both_now(w, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    quiet(w.pair, 20)
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "Queued" in out.getvalue()
    assert len(mail.outbox) == 2
