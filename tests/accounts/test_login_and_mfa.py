"""Logging in by e-mail, login rate limiting, and the second factor staff must set up."""

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import login


def test_a_user_logs_in_with_their_email_address(world):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "mentor@a.example.org", "password": "password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).url == reverse("mentorships:portal")


def test_a_wrong_password_is_refused_with_a_message(world):
    response = Client().post(
        reverse("account_login"), {"login": "mentor@a.example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(world):
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "mentor@a.example.org", "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": "mentor@a.example.org", "password": "password"}
    )
    # Even the right password is refused until the limit has passed.
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_public_sign_up_is_closed(world):
    response = Client().post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "Very-long-pw-1"}
    )
    assert response.status_code == 200
    assert not world.admin.__class__.objects.filter(email="new@example.org").exists()


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(world):
    client = Client()
    client.post(
        reverse("account_login"), {"login": "coordinator@a.example.org", "password": "password"}
    )
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    page = client.get(response.url)
    assert page.status_code == 200
    assert "authenticator" in page.content.decode().lower()
    # Every staff page sends them there until they have one.
    assert client.get(reverse("core:home")).url.startswith(reverse("mfa_activate_totp"))


def test_a_coordinator_with_a_second_factor_reaches_their_pages(world):
    assert login(world.coordinator).get(reverse("people:person_list")).status_code == 200


def test_a_mentor_needs_no_second_factor(world):
    client = Client()
    client.force_login(world.mentor)
    assert client.get(reverse("people:me")).status_code == 200


@override_settings(TANDEM_MFA_REQUIRED=False)
def test_the_demo_can_switch_the_second_factor_off(world):
    client = Client()
    client.force_login(world.admin)
    assert client.get(reverse("people:person_list")).status_code == 200


def test_passwords_are_hashed_with_argon2_in_production():
    from django.contrib.auth.hashers import check_password, make_password

    with override_settings(PASSWORD_HASHERS=settings.PRODUCTION_PASSWORD_HASHERS):
        hashed = make_password("correct horse battery staple")
        assert hashed.startswith("argon2$argon2id$")
        assert check_password("correct horse battery staple", hashed)


def test_users_cannot_add_or_change_their_own_login_address(world):
    client = Client()
    client.post(reverse("account_login"), {"login": "mentee@a.example.org", "password": "password"})
    page = client.get("/accounts/email/")
    assert page.status_code == 403
    assert "manages the addresses" in page.content.decode()
    response = client.post("/accounts/email/", {"action_add": "", "email": "newboss@b.example.org"})
    assert response.status_code == 403
    world.mentee.refresh_from_db()
    assert world.mentee.email == "mentee@a.example.org"
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="newboss@b.example.org").exists()


def test_the_language_a_user_chooses_follows_them_to_another_device(world):
    phone = login(world.mentee)
    phone.post(reverse("set_language"), {"language": "fr", "next": "/"})
    world.mentee.refresh_from_db()
    assert world.mentee.language == "fr"
    tablet = login(world.mentee)  # a new session, without the language cookie
    body = tablet.get(reverse("people:me"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="fr">' in body
