"""The start page each role lands on."""

from django.urls import reverse

from tests import factories
from tests.conftest import login


def test_the_coordinator_home_counts_participants_per_programme_and_status(world):
    for _ in range(3):
        factories.ParticipantFactory(
            person=factories.PersonFactory(organisation=world.org),
            programme=world.programme,
            status="ready_to_match",
        )
    body = login(world.coordinator).get(reverse("core:home")).content.decode()
    assert "Newcomers to work" in body and "Throughflow" in body
    assert "5 mentees" in body  # 2 applied + 3 ready to match
    assert "1 mentor" in body
    assert "status=ready_to_match" in body


def test_mentors_and_mentees_land_on_their_own_page(world):
    assert login(world.mentor).get(reverse("core:home")).url == reverse("mentorships:portal")


def test_an_employer_contact_gets_a_welcome_and_no_data(world):
    body = login(world.employer_contact).get(reverse("core:home")).content.decode()
    assert "Welcome to Mentor Brussels" in body
    assert "Tesfay" not in body


def test_a_user_without_any_membership_is_told_so(db):
    user = factories.UserFactory()
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 403
    assert "no role in an organisation" in response.content.decode()


def test_a_member_of_two_organisations_switches_between_them(world):
    from tandem.accounts.models import Membership

    Membership.objects.create(user=world.coordinator, organisation=world.other_org, role="admin")
    client = login(world.coordinator)
    first = client.get(reverse("people:person_list")).content.decode()
    other = Membership.objects.get(user=world.coordinator, organisation=world.other_org)
    client.post(reverse("accounts:membership_switch"), {"membership": other.pk})
    second = client.get(reverse("people:person_list")).content.decode()
    assert "Tesfay" in first and "Outsideorg" not in first
    assert "Outsideorg" in second and "Tesfay" not in second
