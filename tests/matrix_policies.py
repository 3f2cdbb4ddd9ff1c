"""The vocabulary of the permission matrix (tests/test_permission_matrix.py) and its fragments
(tests/mentorships/matrix_*.py): what a GET gives each actor, written as policies."""

from collections.abc import Callable

from tests.conftest import World

LOGIN, OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = ("login", 200, 302, 403, 404, 405)
ACTORS = (
    "anonymous",
    "admin",
    "coordinator",
    "limited_coordinator",
    "mentor",
    "mentee",
    "employer_contact",
    "referral_partner",
    "outsider",
)
STAFF = ("admin", "coordinator", "limited_coordinator")
NON_STAFF = ("mentor", "mentee", "employer_contact", "referral_partner")


def policy(anonymous=LOGIN, staff=OK, others=FORBIDDEN, outsider=None, **special) -> dict:
    table = {"anonymous": anonymous, **dict.fromkeys(STAFF, staff)}
    table.update(dict.fromkeys(NON_STAFF, others))
    table["outsider"] = staff if outsider is None else outsider
    table.update(special)
    return table


# Staff pages without an object: B's coordinator gets B's page.
STAFF_PAGE = policy()
# Staff pages about one object of A: B's coordinator gets 404, never a hint that it exists.
STAFF_OBJECT = policy(outsider=NOT_FOUND)
# POST-only pages opened with GET.
POST_ONLY = policy(staff=NOT_ALLOWED)
ADMIN_PAGE = policy(coordinator=FORBIDDEN, limited_coordinator=FORBIDDEN, outsider=FORBIDDEN)
PORTAL = policy(staff=FORBIDDEN, mentor=OK, mentee=OK, outsider=FORBIDDEN)
# Public pages of a programme (its application form): anyone, logged in or not.
PUBLIC = policy(anonymous=OK, staff=OK, others=OK, outsider=OK)

# django-allauth's own pages (log-in, password, second factor): about the user themselves.
ACCOUNT = "account"
# In POSTS: login for anonymous, 403 for a role without the page, 404 for B's coordinator.
DENIED = "denied"

Kwargs = Callable[[World], dict]
NONE: Kwargs = lambda w: {}  # noqa: E731
