"""Every URL of Tandem, requested by every kind of user, on objects of organisation A.

The URL list comes from the resolver: a new page that is not classified here fails the test, so
each later page must say who may open it. For each URL and actor the matrix says what must happen:
the login page, 403, 404, 405, a page (200) or a redirect — and whatever an outsider from
organisation B receives must not contain anything of A.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.accounts.models import Membership
from tandem.people.models import Participant, Person, StatusChange
from tandem.programmes.models import Cohort, Programme
from tests.conftest import World, login

LOGIN, OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = (
    "login",
    200,
    302,
    403,
    404,
    405,
)
ACTORS = (
    "anonymous",
    "admin",
    "coordinator",
    "mentor",
    "mentee",
    "employer_contact",
    "referral_partner",
    "outsider",
)
NON_STAFF = ("mentor", "mentee", "employer_contact", "referral_partner")


def policy(anonymous=LOGIN, staff=OK, others=FORBIDDEN, outsider=None, **special) -> dict:
    table = {"anonymous": anonymous, "admin": staff, "coordinator": staff}
    table.update({role: others for role in NON_STAFF})
    table["outsider"] = staff if outsider is None else outsider
    table.update(special)
    return table


# Staff pages without an object: B's coordinator gets B's page.
STAFF_PAGE = policy()
# Staff pages about one object of A: B's coordinator gets 404, never a hint that it exists.
STAFF_OBJECT = policy(outsider=NOT_FOUND)
# POST-only staff actions, opened with GET.
STAFF_ACTION_GET = policy(staff=NOT_ALLOWED)
ADMIN_PAGE = policy(coordinator=FORBIDDEN, outsider=FORBIDDEN)
PORTAL = policy(staff=FORBIDDEN, mentor=OK, mentee=OK, outsider=FORBIDDEN)
# Log-in, password and two-factor pages of django-allauth: about the user themselves only.
ACCOUNT = "account"

Kwargs = Callable[[World], dict]
NONE: Kwargs = lambda w: {}  # noqa: E731

# url name -> (kwargs for an object of A, expected result of GET per actor)
MATRIX: dict[str, tuple[Kwargs, dict | str]] = {
    "core:home": (
        NONE,
        policy(others=OK, mentor=REDIRECT, mentee=REDIRECT),
    ),
    "accounts:member_list": (NONE, ADMIN_PAGE),
    "accounts:member_invite": (NONE, ADMIN_PAGE),
    "accounts:member_edit": (
        lambda w: {"pk": Membership.objects.get(user=w.coordinator).pk},
        ADMIN_PAGE,
    ),
    "accounts:membership_switch": (NONE, policy(staff=NOT_ALLOWED, others=NOT_ALLOWED)),
    "programmes:list": (NONE, STAFF_PAGE),
    "programmes:create": (NONE, STAFF_PAGE),
    "programmes:detail": (lambda w: {"pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:edit": (lambda w: {"pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:cohort_create": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "programmes:cohort_edit": (lambda w: {"pk": w.cohort.pk}, STAFF_OBJECT),
    "people:person_list": (NONE, STAFF_PAGE),
    "people:person_create": (NONE, STAFF_PAGE),
    "people:person_detail": (lambda w: {"pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:person_edit": (lambda w: {"pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:person_portal_access": (lambda w: {"pk": w.referred_person.pk}, STAFF_ACTION_GET),
    "people:participant_create": (lambda w: {"person_pk": w.mentee_person.pk}, STAFF_OBJECT),
    "people:participant_detail": (lambda w: {"pk": w.mentee_participant.pk}, STAFF_OBJECT),
    "people:participant_move": (lambda w: {"pk": w.mentee_participant.pk}, STAFF_ACTION_GET),
    "people:pipeline_board": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    "people:postcode_lookup": (NONE, STAFF_ACTION_GET),
    "people:me": (NONE, PORTAL),
    "set_language": (NONE, policy(staff=REDIRECT, others=REDIRECT, anonymous=REDIRECT)),
    # django-allauth
    "account_login": (NONE, ACCOUNT),
    "account_logout": (NONE, ACCOUNT),
    "account_inactive": (NONE, ACCOUNT),
    "account_signup": (NONE, ACCOUNT),
    "account_reauthenticate": (NONE, ACCOUNT),
    "account_email": (NONE, ACCOUNT),
    "account_email_verification_sent": (NONE, ACCOUNT),
    "account_change_password": (NONE, ACCOUNT),
    "account_set_password": (NONE, ACCOUNT),
    "account_reset_password": (NONE, ACCOUNT),
    "account_confirm_login_code": (NONE, ACCOUNT),
    "account_confirm_email": (lambda w: {"key": "not-a-real-key"}, ACCOUNT),
    "account_reset_password_from_key_done": (NONE, ACCOUNT),
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "bad-key"}, ACCOUNT),
    "account_reset_password_done": (NONE, ACCOUNT),
    "mfa_index": (NONE, ACCOUNT),
    "mfa_authenticate": (NONE, ACCOUNT),
    "mfa_reauthenticate": (NONE, ACCOUNT),
    "mfa_activate_totp": (NONE, ACCOUNT),
    "mfa_deactivate_totp": (NONE, ACCOUNT),
    "mfa_view_recovery_codes": (NONE, ACCOUNT),
    "mfa_generate_recovery_codes": (NONE, ACCOUNT),
    "mfa_download_recovery_codes": (NONE, ACCOUNT),
}

# POST-able pages: (data) posted by each actor on A's object; what must happen, and that
# nothing changed for those refused.
POSTS: dict[str, dict] = {
    "programmes:edit": {"name_en": "Hijacked", "slug": "ntw"},
    "programmes:cohort_create": {"name": "Hijacked", "starts_on": "2026-01-01"},
    "programmes:cohort_edit": {"name": "Hijacked", "starts_on": "2026-01-01"},
    "people:person_edit": {"first_name": "Hijacked", "last_name": "X"},
    "people:person_portal_access": {},
    "people:participant_create": {"role": "mentee"},
    "people:participant_move": {"to_status": "intake_planned"},
    "accounts:member_edit": {"role": "admin", "is_active": "on"},
}


def all_url_names() -> list[str]:
    def walk(resolver: URLResolver, namespace: str | None = None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, ns)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL {pattern.pattern} has no name"
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver())))


def client_for(world: World, actor: str) -> Client:
    return Client() if actor == "anonymous" else login(world.user(actor))


def a_data(world: World) -> list[str]:
    """Strings that identify organisation A's data."""
    persons = Person.objects.filter(organisation=world.org)
    return [
        world.org.name,
        *Programme.objects.filter(organisation=world.org).values_list("name", flat=True),
        *persons.values_list("last_name", flat=True),
        *persons.exclude(email="").values_list("email", flat=True),
        *Membership.objects.filter(organisation=world.org).values_list("user__email", flat=True),
    ]


def assert_outcome(response, expected, url: str, actor: str) -> None:
    where = f"GET {url} as {actor}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert urlsplit(response["Location"]).path == reverse("account_login"), where
    elif expected == REDIRECT:
        assert response.status_code == 302, where
        assert urlsplit(response["Location"]).path != reverse("account_login"), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


def test_every_url_is_classified_in_the_matrix():
    unclassified = [name for name in all_url_names() if name not in MATRIX]
    assert unclassified == [], "Add these URLs to the permission matrix: " + ", ".join(unclassified)
    assert sorted(MATRIX) == all_url_names(), "The matrix lists URLs that no longer exist"


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_answers_each_actor_as_the_matrix_says(world, actor):
    client = client_for(world, actor)
    secrets = a_data(world)
    for name, (kwargs, expected) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        response = client.get(url)
        if expected == ACCOUNT:
            # 404 where the user has nothing there yet (e.g. no recovery codes).
            assert response.status_code in (200, 302, 404), f"GET {url} as {actor}"
        else:
            assert_outcome(response, expected[actor], url, actor)
        if actor == "outsider" and response.status_code == 200:
            body = response.content.decode()
            leaked = [s for s in secrets if s and s in body]
            assert leaked == [], f"GET {url} as outsider shows A's data: {leaked}"


def snapshot(world: World) -> tuple:
    return (
        list(Programme.objects.order_by("pk").values_list("name", "slug")),
        list(Cohort.objects.order_by("pk").values_list("name", "starts_on")),
        list(Person.objects.order_by("pk").values_list("first_name", "user_id")),
        list(Participant.objects.order_by("pk").values_list("status", "programme_id")),
        StatusChange.objects.count(),
        list(Membership.objects.order_by("pk").values_list("role", "is_active")),
    )


@pytest.mark.parametrize("actor", ["anonymous", *NON_STAFF, "outsider"])
def test_no_actor_outside_a_staff_can_change_a_data_by_posting(world, actor):
    client = client_for(world, actor)
    before = snapshot(world)
    for name, data in POSTS.items():
        url = reverse(name, kwargs=MATRIX[name][0](world))
        response = client.post(url, data)
        if actor == "anonymous":
            assert_outcome(response, LOGIN, url, actor)
        elif actor == "outsider" and name != "accounts:member_edit":
            assert response.status_code == NOT_FOUND, f"POST {url} as outsider"
        else:
            assert response.status_code == FORBIDDEN, f"POST {url} as {actor}"
    assert snapshot(world) == before


def test_an_admin_of_another_organisation_gets_404_for_a_membership_of_a(world):
    other_admin = Membership.objects.create(
        user=Membership.objects.get(user=world.outsider).user.__class__.objects.create_user(
            email="admin@b.example.org", password="x"
        ),
        organisation=world.other_org,
        role="admin",
    )
    client = login(other_admin.user)
    url = reverse("accounts:member_edit", args=[Membership.objects.get(user=world.coordinator).pk])
    assert client.get(url).status_code == NOT_FOUND
    assert client.post(url, {"role": "mentee"}).status_code == NOT_FOUND
    assert Membership.objects.get(user=world.coordinator).role == "coordinator"


def test_switching_to_a_membership_of_someone_else_is_ignored(world):
    client = login(world.outsider)
    a_membership = Membership.objects.get(user=world.coordinator)
    client.post(reverse("accounts:membership_switch"), {"membership": a_membership.pk})
    response = client.get(reverse("people:person_list"))
    assert world.mentee_person.last_name not in response.content.decode()
    assert world.outsider_person.last_name in response.content.decode()
