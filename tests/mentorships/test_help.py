""" "I need help": a side asks, the coordinator is alerted (once a day at most per side while a
request is open), and a coordinator records what was done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from tandem.mentorships.models import HelpRequest
from tandem.mentorships.services import help as help_requests
from tests.conftest import login
from tests.mentorships.world import HELP_MESSAGE, add_mentorships


@pytest.fixture
def world(world):
    world = add_mentorships(world)
    # The fixture's open request of the mentee is an old one, dealt with.
    HelpRequest.objects.update(resolved_at=timezone.now())
    return world


class Enqueued(list):
    """The tasks enqueued, as (task name, kwargs); ``commit(execute=True)`` runs what waits for
    the transaction to commit."""

    commit = None


@pytest.fixture
def enqueued(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    calls = Enqueued()

    def record(sender, task_result, **kwargs):
        calls.append((task_result.task.name, task_result.kwargs))

    task_enqueued.connect(record)
    calls.commit = django_capture_on_commit_callbacks
    yield calls
    task_enqueued.disconnect(record)


def raise_help(world, side="mentee", message="", by=None):
    return help_requests.help_request_raise(
        mentorship=world.pair.mentorship,
        side=side,
        message=message,
        raised_by=by or world.user(side),
    )


def test_asking_for_help_records_it_and_alerts_the_coordinator(world, enqueued):
    with enqueued.commit(execute=True):
        request = raise_help(world, message="  My landlord wants me out. ")
    assert (request.side, request.message, request.raised_by) == (
        "mentee",
        "My landlord wants me out.",
        world.mentee,
    )
    assert request.resolved_at is None
    assert enqueued == [("send_help_alert", {"help_request_id": request.pk})]


def test_asking_again_the_same_day_adds_the_message_without_a_second_alert(world, enqueued):
    with enqueued.commit(execute=True):
        first = raise_help(world)
        second = raise_help(world, message="Please call after 5.")
    assert HelpRequest.objects.filter(resolved_at__isnull=True).count() == 2
    assert enqueued == [("send_help_alert", {"help_request_id": first.pk})]
    assert second.message == "Please call after 5."
    # The other side asking is another alert.
    with enqueued.commit(execute=True):
        mentor_request = raise_help(world, side="mentor")
    assert enqueued[-1] == ("send_help_alert", {"help_request_id": mentor_request.pk})


def test_a_request_open_for_more_than_a_day_alerts_again(world, enqueued):
    with enqueued.commit(execute=True):
        first = raise_help(world)
    HelpRequest.objects.filter(pk=first.pk).update(raised_at=timezone.now() - timedelta(days=2))
    with enqueued.commit(execute=True):
        second = raise_help(world)
    assert [kwargs for _name, kwargs in enqueued] == [
        {"help_request_id": first.pk},
        {"help_request_id": second.pk},
    ]


def test_a_closed_mentorship_or_a_non_side_cannot_ask(world, enqueued):
    with pytest.raises(ValidationError):
        raise_help(world, side="coordinator", by=world.coordinator)
    m = world.pair.mentorship
    m.status, m.ended_on, m.closure_reason = "completed", timezone.localdate(), "period_ended"
    m.save()
    with enqueued.commit(execute=True), pytest.raises(ValidationError) as error:
        raise_help(world)
    assert "has ended" in " ".join(error.value.messages)
    assert enqueued == []
    assert not HelpRequest.objects.filter(resolved_at__isnull=True).exists()


def test_a_coordinator_deals_with_a_request_once(world):
    request = raise_help(world)
    help_requests.help_request_resolve(
        help_request=request, resolved_by=world.coordinator, note=" Called her. "
    )
    request.refresh_from_db()
    assert (request.resolved_by, request.resolution_note) == (world.coordinator, "Called her.")
    assert request.resolved_at is not None
    with pytest.raises(ValidationError):
        help_requests.help_request_resolve(
            help_request=request, resolved_by=world.coordinator, note="Again"
        )
    request.refresh_from_db()
    assert request.resolution_note == "Called her."


# --- pages -------------------------------------------------------------------------------------


def test_the_mentee_presses_i_need_help_and_reads_that_the_coordinator_will_call(world, enqueued):
    client = login(world.mentee, mfa=False)
    with enqueued.commit(execute=True):
        response = client.post(
            reverse("mentorships:help_request", args=[world.pair.mentorship.pk]),
            {"message": "Problem with my papers"},
            follow=True,
        )
    page = response.content.decode()
    assert "Your coordinator will contact you" in page
    request = HelpRequest.objects.get(resolved_at__isnull=True)
    assert (request.side, request.message) == ("mentee", "Problem with my papers")
    assert [name for name, _kwargs in enqueued] == ["send_help_alert"]


def test_the_mentor_never_reads_the_mentee_s_call_for_help(world):
    raise_help(world, message=HELP_MESSAGE)
    page = login(world.mentor, mfa=False).get(reverse("mentorships:portal")).content.decode()
    assert HELP_MESSAGE not in page
    assert "You asked for help" not in page
    mentee_page = login(world.mentee, mfa=False).get(reverse("mentorships:portal"))
    assert "You asked for help" in mentee_page.content.decode()


def test_only_the_pair_may_ask_and_only_for_their_own_pair(world):
    url = reverse("mentorships:help_request", args=[world.other_pair.mentorship.pk])
    assert login(world.mentee, mfa=False).post(url).status_code == 404
    own = reverse("mentorships:help_request", args=[world.pair.mentorship.pk])
    assert login(world.coordinator).post(own).status_code == 403
    assert not HelpRequest.objects.filter(resolved_at__isnull=True).exists()


def test_a_coordinator_resolves_from_the_pair_page_and_goes_back_to_it(world):
    request = raise_help(world)
    response = login(world.coordinator).post(
        reverse("mentorships:help_resolve", args=[request.pk]), {"note": "Visited."}
    )
    assert response["Location"] == reverse("mentorships:detail", args=[world.pair.mentorship.pk])
    request.refresh_from_db()
    assert request.resolution_note == "Visited." and request.resolved_by == world.coordinator


def test_the_pair_and_other_programmes_coordinators_cannot_resolve(world):
    request = raise_help(world)
    url = reverse("mentorships:help_resolve", args=[request.pk])
    assert login(world.mentee, mfa=False).post(url).status_code == 403
    other = help_requests.help_request_raise(
        mentorship=world.other_pair.mentorship,
        side="mentee",
        raised_by=world.mentee,
    )
    other_url = reverse("mentorships:help_resolve", args=[other.pk])
    assert login(world.limited_coordinator).post(other_url).status_code == 404
    assert HelpRequest.objects.filter(resolved_at__isnull=True).count() == 2
