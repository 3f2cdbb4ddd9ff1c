"""Members are invited to a session by e-mail, each in the language they read, with the date,
time and place; told when it moves or is cancelled; nobody without an address or who withdrew."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from tandem.community import services, tasks
from tests.community.helpers import group, member, soon


def day_in(language: str, moment) -> str:
    with translation.override(language):
        return date_format(timezone.localtime(moment), "l j F Y")


def test_each_member_is_invited_in_the_language_they_read(world, immediate):
    dutch = member(
        world.programme, first_name="Anke", last_name="Janssens", languages=(("nl", "native"),)
    )
    french = member(
        world.programme,
        first_name="Sophie",
        last_name="Lambert",
        languages=(("fr", "native"), ("nl", "B1")),
    )
    support_group = group(world.programme, name="Evening group", members=[dutch, french])
    support_group.facilitator = world.coordinator
    support_group.save()
    when = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=7), time(18, 30))
    )
    with immediate(execute=True):
        services.session_schedule(
            group=support_group,
            starts_at=when,
            duration_minutes=90,
            place="Tandem office, room 2",
            scheduled_by=world.coordinator,
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {dutch.person.email, french.person.email}
    to_dutch, to_french = by_address[dutch.person.email], by_address[french.person.email]
    assert "Hallo Anke," in to_dutch.body and day_in("nl", when) in to_dutch.body
    assert "Bonjour Sophie," in to_french.body and day_in("fr", when) in to_french.body
    assert "18:30–20:00" in to_french.body
    assert "Tandem office, room 2" in to_dutch.body and "Evening group" in to_dutch.subject
    # The facilitator by first name; no other member is named.
    assert "Coordinator" in to_dutch.body
    assert "Sophie" not in to_dutch.body and "Lambert" not in to_dutch.body


def test_a_member_with_a_log_in_gets_the_link_to_their_groups(world, immediate):
    support_group = group(world.programme, members=[world.mentor_participant])
    with immediate(execute=True):
        services.session_schedule(
            group=support_group, starts_at=soon(), duration_minutes=120, place="", scheduled_by=None
        )
    (message,) = mail.outbox
    assert message.to == [world.mentor_person.email]
    assert "/community/me/" in message.body


def test_nobody_without_an_address_or_who_withdrew_is_e_mailed(world, immediate):
    no_address = member(world.programme, email="")
    gone = member(world.programme, status="withdrawn")
    support_group = group(world.programme, members=[no_address, gone])
    with immediate(execute=True) as callbacks:
        services.session_schedule(
            group=support_group, starts_at=soon(), duration_minutes=120, place="", scheduled_by=None
        )
    assert callbacks == [] and mail.outbox == []


def test_no_invitation_leaves_when_the_schedule_is_refused(world, immediate):
    support_group = group(world.programme, members=[world.mentor_participant])
    with immediate(execute=True), pytest.raises(ValidationError):
        services.session_schedule(
            group=support_group,
            starts_at=soon(-1),
            duration_minutes=120,
            place="",
            scheduled_by=None,
        )
    assert mail.outbox == []


def test_members_are_told_of_a_new_time_and_of_a_cancellation(world, immediate):
    support_group = group(world.programme, name="Evening group", members=[world.mentor_participant])
    with immediate(execute=True):
        session = services.session_schedule(
            group=support_group,
            starts_at=soon(),
            duration_minutes=120,
            place="A",
            scheduled_by=None,
        )
    mail.outbox.clear()
    later = soon(10)
    with immediate(execute=True):
        services.session_update(
            session=session, starts_at=later, duration_minutes=120, place="B", updated_by=None
        )
    (moved,) = mail.outbox
    assert "has changed" in moved.body and "Where: B" in moved.body
    assert day_in("en", later) in moved.body
    mail.outbox.clear()
    with immediate(execute=True):
        services.session_update(
            session=session, starts_at=later, duration_minutes=90, place="B", updated_by=None
        )
    assert mail.outbox == []  # only the length changed
    with immediate(execute=True):
        services.session_delete(session=session, deleted_by=None)
    (cancelled,) = mail.outbox
    assert "will not take place" in cancelled.body and day_in("en", later) in cancelled.body


def test_an_invitation_for_a_session_cancelled_meanwhile_sends_nothing(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    session = services.session_schedule(
        group=support_group, starts_at=soon(), duration_minutes=120, place="", scheduled_by=None
    )
    session_id = session.pk
    session.delete()
    tasks.send_session_invitation.call(
        session_id=session_id, participant_id=world.mentor_participant.pk
    )
    assert mail.outbox == []
