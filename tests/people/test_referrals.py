"""Referrals: a partner proposes a candidate, a coordinator decides, the partner is told."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tandem.people import consent
from tandem.people.models import Participant, Person, Referral
from tests.conftest import login

FORM = {
    "first_name": "Hamid",
    "last_name": "Noori",
    "phone": "+32 486 12 34 56",
    "email": "",
    "contact_channel": "whatsapp",
    "birth_year": "1998",
    "language": "prs",
    "note": "Electrician in Kabul, wants to work in construction.",
    "consents": ["programme", "follow_up"],
}


def refer(world, **changes):
    data = {**FORM, "programme": world.programme.pk, **changes}
    return login(world.referral_partner).post(reverse("people:referral_create"), data)


def test_a_partner_refers_a_candidate_with_their_consent(world):
    response = refer(world)
    assert response.url == reverse("core:home")
    person = Person.objects.get(last_name="Noori")
    referral = Referral.objects.get(person=person)
    assert (referral.status, referral.programme, referral.partner_organisation) == (
        "submitted",
        world.programme,
        "OCMW",
    )
    assert person.referred_by == world.referral_partner
    assert list(person.languages.values_list("code", "level")) == [("prs", "native")]
    assert consent.granted(person, "programme") and consent.granted(person, "follow_up")
    assert not consent.granted(person, "employers")
    given = person.consents.get(purpose="programme")
    assert (given.channel, given.recorded_by) == ("referral", world.referral_partner)
    home = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert "Hamid Noori" in home and "Received, not yet decided" in home


def test_a_referral_without_the_candidate_s_agreement_is_refused_and_nothing_is_saved(world):
    response = refer(world, consents=["follow_up"])
    assert "must agree to take part" in response.content.decode()
    assert not Person.objects.filter(last_name="Noori").exists()


def test_a_referral_needs_a_way_to_reach_the_candidate(world):
    response = refer(world, phone="", email="")
    assert "phone number or an e-mail address" in response.content.decode()
    assert not Person.objects.filter(last_name="Noori").exists()


def test_a_closed_programme_cannot_be_chosen(world):
    world.programme.is_open = False
    world.programme.save()
    response = refer(world)
    assert "Select a valid choice" in response.content.decode()
    assert not Referral.objects.filter(person__last_name="Noori").exists()


def test_coordinators_see_undecided_referrals_first(world):
    refer(world)
    body = login(world.coordinator).get(reverse("people:referral_list")).content.decode()
    assert body.index("Yusuf Rahimi") < body.index("Hamid Noori")  # oldest first
    assert "Olena Koval" in body
    limited = login(world.limited_coordinator).get(reverse("people:referral_list"))
    assert "Olena Koval" not in limited.content.decode()  # another programme


@pytest.mark.django_db(transaction=True)
def test_accepting_starts_the_pipeline_and_tells_the_partner(
    world, django_capture_on_commit_callbacks
):
    refer(world)
    referral = Referral.objects.get(person__last_name="Noori")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.coordinator).post(
            reverse("people:referral_accept", args=[referral.pk]), {"cohort": world.cohort.pk}
        )
    participant = Participant.objects.get(person=referral.person, role="mentee")
    assert response.url == participant.get_absolute_url()
    assert (participant.status, participant.cohort) == ("applied", world.cohort)
    assert participant.status_changes.get().reason == "Referred by OCMW"
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == ("accepted", world.coordinator)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message = mail.outbox[-1]
    assert message.to == ["partner@a.example.org"]
    assert "Hamid N." in message.subject
    assert "Noori" not in message.body  # first name and initial only
    assert "accepted" in message.body


def test_accepting_someone_already_in_the_programme_keeps_their_pipeline(world):
    login(world.coordinator).post(reverse("people:referral_accept", args=[world.referral.pk]))
    world.referral.refresh_from_db()
    assert world.referral.status == "accepted"
    assert Participant.objects.filter(person=world.referred_person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_closing_needs_a_reason_which_the_partner_reads(world, django_capture_on_commit_callbacks):
    client = login(world.coordinator)
    client.post(reverse("people:referral_close", args=[world.referral.pk]), {"reason": ""})
    world.referral.refresh_from_db()
    assert world.referral.status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:referral_close", args=[world.referral.pk]),
            {"reason": "Lives outside the region"},
        )
    world.referral.refresh_from_db()
    assert world.referral.status == "closed"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert "Lives outside the region" in mail.outbox[-1].body
    home = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert "Not taken up – Lives outside the region" in home


def test_a_referral_is_decided_only_once(world):
    client = login(world.coordinator)
    client.post(reverse("people:referral_close", args=[world.referral.pk]), {"reason": "Full"})
    response = client.post(reverse("people:referral_accept", args=[world.referral.pk]), {})
    assert response.status_code == 302
    assert (
        not Participant.objects.filter(person=world.referred_person, role="mentee")
        .exclude(pk=world.referred_participant.pk)
        .exists()
    )
    world.referral.refresh_from_db()
    assert world.referral.status == "closed"


def test_the_partner_never_sees_the_intake_notes(world):
    from tandem.people import services

    services.participant_move(
        participant=world.referred_participant,
        to_status="on_hold",
        reason="Trauma counselling first – confidential",
        moved_by=world.coordinator,
    )
    home = login(world.referral_partner).get(reverse("core:home")).content.decode()
    assert "On hold" in home
    assert "Trauma" not in home


def test_accepting_someone_who_had_withdrawn_brings_them_back_to_applied(world):
    from tandem.people import services

    p = world.referred_participant
    services.participant_move(
        participant=p, to_status="withdrawn", reason="Moved", drop_out_reason="moved", moved_by=None
    )
    login(world.coordinator).post(reverse("people:referral_accept", args=[world.referral.pk]))
    p.refresh_from_db()
    assert p.status == "applied"


def test_a_limited_coordinator_does_not_see_candidates_referred_to_another_programme(world):
    refer(world, programme=world.other_programme.pk)
    person = Person.objects.get(last_name="Noori")
    client = login(world.limited_coordinator)
    assert client.get(person.get_absolute_url()).status_code == 404
    refer(world, last_name="Nooriwo")  # referred to the limited coordinator's programme
    assert client.get(Person.objects.get(last_name="Nooriwo").get_absolute_url()).status_code == 200
