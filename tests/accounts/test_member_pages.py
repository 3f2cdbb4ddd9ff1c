"""The admin's team page: inviting people, changing roles; the invitation goes out via the worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import Membership, User
from tests.conftest import login


def run_worker() -> None:
    """Process every queued task as the real worker does, then stop."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_the_admin_sees_every_member_with_their_role(world):
    body = login(world.admin).get(reverse("accounts:member_list")).content.decode()
    assert "partner@a.example.org" in body
    assert "Referral partner (OCMW)" in body
    assert "outsider@b.example.org" not in body


# The worker commits and recycles database connections as in production, so these tests run
# outside the test transaction.
@pytest.mark.django_db(transaction=True)
def test_inviting_a_coordinator_creates_the_account_and_emails_a_link_in_their_language(
    world, django_capture_on_commit_callbacks
):
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:member_invite"),
            {
                "name": "Fatima El Amrani",
                "email": "Fatima@Example.org",
                "role": "coordinator",
                "programmes": [world.programme.pk],
                "language": "nl",
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="fatima@example.org")
    assert membership.role == "coordinator"
    assert list(membership.programmes.all()) == [world.programme]
    assert not membership.user.has_usable_password()
    assert mail.outbox == []  # nothing is sent inside the request

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fatima@example.org"]
    assert "Mentor Brussels" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    assert "wachtwoord" in message.body  # written in Dutch, the language chosen for her


@pytest.mark.django_db(transaction=True)
def test_the_invitation_link_lets_the_new_member_choose_a_password(
    world, django_capture_on_commit_callbacks
):
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:member_invite"),
            {"name": "Jan", "email": "jan@example.org", "role": "mentor", "language": "en"},
        )
    run_worker()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/key/" in line)
    path = link.split("127.0.0.1:8000", 1)[1]
    visitor = Client()
    form_page = visitor.get(path, follow=True)
    assert form_page.status_code == 200
    visitor.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "A-long-new-password-2026", "password2": "A-long-new-password-2026"},
    )
    assert User.objects.get(email="jan@example.org").check_password("A-long-new-password-2026")


def test_inviting_someone_who_already_has_a_role_is_refused(world):
    response = login(world.admin).post(
        reverse("accounts:member_invite"),
        {"name": "X", "email": "mentor@a.example.org", "role": "coordinator", "language": "en"},
    )
    assert response.status_code == 200
    assert "already has a role" in response.content.decode()
    assert Membership.objects.get(user=world.mentor).role == "mentor"


def test_an_admin_changes_a_role_and_can_switch_a_member_off(world):
    member = Membership.objects.get(user=world.coordinator)
    login(world.admin).post(
        reverse("accounts:member_edit", args=[member.pk]), {"role": "mentor", "is_active": ""}
    )
    member.refresh_from_db()
    assert (member.role, member.is_active) == ("mentor", False)
    # A switched-off member reaches no page of the organisation.
    assert login(world.coordinator).get(reverse("people:person_list")).status_code == 403


def test_an_admin_cannot_remove_their_own_admin_role(world):
    own = Membership.objects.get(user=world.admin)
    response = login(world.admin).post(
        reverse("accounts:member_edit", args=[own.pk]), {"role": "coordinator", "is_active": "on"}
    )
    assert "cannot remove your own admin role" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"


def test_a_coordinator_cannot_open_the_team_page(world):
    assert login(world.coordinator).get(reverse("accounts:member_list")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_someone_who_already_has_a_log_in_is_told_of_the_new_access_without_a_password_link(
    world, django_capture_on_commit_callbacks
):
    from tandem.accounts.models import Membership as M

    M.objects.create(
        user=factories_user("admin@b.example.org"), organisation=world.other_org, role="admin"
    )
    admin_b = User.objects.get(email="admin@b.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        login(admin_b).post(
            reverse("accounts:member_invite"),
            {"name": "Marc", "email": "mentor@a.example.org", "role": "mentor", "language": "en"},
        )
    run_worker()
    message = mail.outbox[0]
    assert message.to == ["mentor@a.example.org"]
    assert "Other Org" in message.body
    assert "/password/reset/key/" not in message.body
    assert world.mentor.check_password("password")  # their own password still works


def factories_user(email: str) -> User:
    from tests import factories

    return factories.UserFactory(email=email)
