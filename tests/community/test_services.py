"""Support-group services: what they save, what they refuse, and that a refusal saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.accounts.models import Membership, Role
from tandem.community import services
from tandem.community.models import GroupSession, SupportGroup
from tests import factories
from tests.community.helpers import group, member, past_session, soon
from tests.conftest import member as staff_member


def create(world, **overrides) -> SupportGroup:
    values = {
        "programme": world.programme,
        "name": "Evening group",
        "kind": "intervision",
        "facilitator": world.coordinator,
        "members": [world.mentor_participant],
        "created_by": world.coordinator,
    } | overrides
    return services.group_create(**values)


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# --- groups ---------------------------------------------------------------------------------------


def test_it_creates_an_intervision_group_of_mentors_with_a_facilitator(world):
    other = member(world.programme, "mentor")
    made = create(world, name="  Evening   group ", members=[world.mentor_participant, other])
    saved = SupportGroup.objects.get(pk=made.pk)
    assert (saved.name, saved.kind, saved.facilitator) == (
        "Evening group",
        "intervision",
        world.coordinator,
    )
    assert set(saved.members.all()) == {world.mentor_participant, other}


def test_it_creates_an_exchange_group_of_mentees(world):
    made = create(world, kind="exchange", members=[world.mentee_participant], facilitator=None)
    assert list(made.members.all()) == [world.mentee_participant]
    assert made.facilitator is None


def test_it_refuses_a_mentee_in_an_intervision_group_and_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        create(world, members=[world.mentor_participant, world.mentee_participant])
    assert "for mentors only" in refusal(error)
    assert not SupportGroup.objects.exists()


def test_it_refuses_a_mentor_in_an_exchange_group(world):
    with pytest.raises(ValidationError) as error:
        create(world, kind="exchange", members=[world.mentor_participant])
    assert "for mentees only" in refusal(error)
    assert not SupportGroup.objects.exists()


def test_it_refuses_a_participant_of_another_programme_or_organisation(world):
    other_programme = member(world.other_programme, "mentor")
    outsider_programme = factories.ProgrammeFactory(organisation=world.other_org)
    outsider = member(outsider_programme, "mentor")
    for forged in (other_programme, outsider):
        with pytest.raises(ValidationError) as error:
            create(world, members=[world.mentor_participant, forged])
        assert "Only participants of this programme" in refusal(error)
    assert not SupportGroup.objects.exists()


def test_it_refuses_someone_who_withdrew(world):
    gone = member(world.programme, "mentor", status="withdrawn", first_name="Gone")
    with pytest.raises(ValidationError) as error:
        create(world, members=[gone])
    assert "withdrawn" in refusal(error)
    assert not SupportGroup.objects.exists()


def test_it_refuses_a_facilitator_who_does_not_work_on_the_programme(world):
    not_on_programme = staff_member(
        world.org, Role.COORDINATOR, "other.coordinator@a.example.org", all_programmes=False
    )
    Membership.objects.get(user=not_on_programme).programmes.set([world.other_programme])
    for facilitator in (world.mentor, world.outsider, not_on_programme):
        with pytest.raises(ValidationError) as error:
            create(world, facilitator=facilitator)
        assert "staff member who works on this programme" in refusal(error)
    assert not SupportGroup.objects.exists()
    # The coordinator limited to this programme and the admin may lead its groups.
    assert create(world, name="A", facilitator=world.limited_coordinator).facilitator
    assert create(world, name="B", facilitator=world.admin).facilitator == world.admin


def test_it_refuses_a_second_group_with_the_same_name_in_the_programme(world):
    create(world)
    with pytest.raises(ValidationError) as error:
        create(world, members=[])
    assert "already has a group with this name" in refusal(error)
    assert SupportGroup.objects.count() == 1
    # Another programme may use the name.
    create(world, programme=world.other_programme, members=[])


def test_it_updates_name_facilitator_and_members(world):
    made = create(world)
    other = member(world.programme, "mentor")
    services.group_update(
        group=made,
        name="Morning group",
        kind="intervision",
        facilitator=world.admin,
        members=[other],
        updated_by=world.coordinator,
    )
    saved = SupportGroup.objects.get(pk=made.pk)
    assert (saved.name, saved.facilitator) == ("Morning group", world.admin)
    assert list(saved.members.all()) == [other]


def test_a_refused_update_changes_nothing(world):
    made = create(world)
    with pytest.raises(ValidationError):
        services.group_update(
            group=made,
            name="Renamed",
            kind="intervision",
            facilitator=world.admin,
            members=[world.mentee_participant],
            updated_by=world.coordinator,
        )
    saved = SupportGroup.objects.get(pk=made.pk)
    assert (saved.name, saved.facilitator) == ("Evening group", world.coordinator)
    assert list(saved.members.all()) == [world.mentor_participant]


def test_a_member_who_withdrew_since_may_stay_in_the_group(world):
    made = create(world)
    world.mentor_participant.status = "withdrawn"
    world.mentor_participant.save()
    services.group_update(
        group=made,
        name="Evening group",
        kind="intervision",
        facilitator=None,
        members=[world.mentor_participant],
        updated_by=world.coordinator,
    )
    assert list(made.members.all()) == [world.mentor_participant]


# --- sessions -------------------------------------------------------------------------------------


def schedule(support_group, **overrides) -> GroupSession:
    values = {
        "group": support_group,
        "starts_at": soon(),
        "duration_minutes": 90,
        "place": " Tandem   office ",
        "scheduled_by": None,
    } | overrides
    return services.session_schedule(**values)


def test_it_schedules_a_session_to_come(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    when = soon()
    session = schedule(support_group, starts_at=when)
    saved = GroupSession.objects.get(pk=session.pk)
    assert (saved.group, saved.starts_at, saved.duration_minutes, saved.place) == (
        support_group,
        when,
        90,
        "Tandem office",
    )
    assert not saved.attendance_recorded


def test_it_refuses_a_session_in_the_past_or_of_a_strange_length(world):
    support_group = group(world.programme)
    with pytest.raises(ValidationError) as error:
        schedule(support_group, starts_at=timezone.now() - timedelta(minutes=1))
    assert "in the future" in refusal(error)
    with pytest.raises(ValidationError) as error:
        schedule(support_group, duration_minutes=5)
    assert "from 15 to 480 minutes" in refusal(error)
    assert not GroupSession.objects.exists()


def test_a_session_to_come_cannot_move_to_the_past(world):
    session = schedule(group(world.programme))
    with pytest.raises(ValidationError):
        services.session_update(
            session=session,
            starts_at=timezone.now() - timedelta(days=1),
            duration_minutes=90,
            place="Elsewhere",
            updated_by=None,
        )
    saved = GroupSession.objects.get(pk=session.pk)
    assert saved.place == "Tandem office" and saved.starts_at > timezone.now()


def test_a_session_moves_and_changes_place(world):
    session = schedule(group(world.programme))
    later = soon(14)
    services.session_update(
        session=session, starts_at=later, duration_minutes=60, place="Library", updated_by=None
    )
    saved = GroupSession.objects.get(pk=session.pk)
    assert (saved.starts_at, saved.duration_minutes, saved.place) == (later, 60, "Library")


def test_a_session_with_attendance_recorded_stays_in_the_past(world):
    session = past_session(group(world.programme), attendance_recorded=True)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            session=session, starts_at=soon(), duration_minutes=90, place="", updated_by=None
        )
    assert "cannot move to the future" in refusal(error)
    # Correcting its date in the past is fine.
    earlier = session.starts_at - timedelta(days=1)
    services.session_update(
        session=session, starts_at=earlier, duration_minutes=90, place="", updated_by=None
    )
    assert GroupSession.objects.get(pk=session.pk).starts_at == earlier


# --- attendance -----------------------------------------------------------------------------------


def test_it_records_who_came_and_a_summary(world):
    other = member(world.programme, "mentor")
    support_group = group(world.programme, members=[world.mentor_participant, other])
    session = past_session(support_group)
    services.attendance_record(
        session=session,
        present=[world.mentor_participant],
        summary=" Themes: motivation. ",
        recorded_by=world.coordinator,
    )
    saved = GroupSession.objects.get(pk=session.pk)
    assert saved.attendance_recorded and saved.summary == "Themes: motivation."
    assert list(saved.attendees.all()) == [world.mentor_participant]


def test_attendance_can_be_corrected(world):
    other = member(world.programme, "mentor")
    support_group = group(world.programme, members=[world.mentor_participant, other])
    session = past_session(support_group)
    for present in ([world.mentor_participant], [other]):
        services.attendance_record(session=session, present=present, summary="", recorded_by=None)
    assert list(GroupSession.objects.get(pk=session.pk).attendees.all()) == [other]


def test_attendance_is_refused_before_the_session_starts(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    session = schedule(support_group)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            session=session, present=[world.mentor_participant], summary="x", recorded_by=None
        )
    assert "once the session has started" in refusal(error)
    saved = GroupSession.objects.get(pk=session.pk)
    assert not saved.attendance_recorded and saved.summary == ""
    assert not saved.attendees.exists()


def test_only_members_can_be_marked_present(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    session = past_session(support_group)
    stranger = member(world.programme, "mentor")
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            session=session,
            present=[world.mentor_participant, stranger],
            summary="Themes",
            recorded_by=None,
        )
    assert "Only members" in refusal(error)
    saved = GroupSession.objects.get(pk=session.pk)
    assert not saved.attendance_recorded and not saved.attendees.exists() and not saved.summary


def test_someone_who_left_the_group_stays_present_at_a_session_they_came_to(world):
    support_group = group(world.programme, members=[world.mentor_participant])
    session = past_session(support_group)
    services.attendance_record(
        session=session, present=[world.mentor_participant], summary="", recorded_by=None
    )
    support_group.members.clear()
    services.attendance_record(
        session=session, present=[world.mentor_participant], summary="Fixed", recorded_by=None
    )
    assert list(session.attendees.all()) == [world.mentor_participant]


# --- cancelling -----------------------------------------------------------------------------------


def test_a_session_to_come_can_be_cancelled(world):
    session = schedule(group(world.programme))
    services.session_delete(session=session, deleted_by=world.coordinator)
    assert not GroupSession.objects.exists()


def test_a_session_that_started_cannot_be_cancelled(world):
    session = past_session(group(world.programme))
    with pytest.raises(ValidationError) as error:
        services.session_delete(session=session, deleted_by=world.coordinator)
    assert "Only a session to come" in refusal(error)
    assert GroupSession.objects.filter(pk=session.pk).exists()
