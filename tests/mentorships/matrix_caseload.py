"""Permission matrix of the caseload pages (pair health, the calendar), in the form of
tests/test_permission_matrix.py, which merges it. Objects are world.pair's (A's programme) and,
for the coordinator limited to that programme, world.other_pair's.

The calendar feed needs no log-in: its token is the key. Anyone with a valid token gets the feed
(200) — here world.mentor's, made afresh for each request — and a wrong token gets 404 (see
tests/mentorships/test_calendar.py).
"""

from tandem.mentorships import calendars
from tests.matrix_policies import (
    NON_STAFF,
    NOT_FOUND,
    OK,
    PUBLIC,
    REDIRECT,
    STAFF_OBJECT,
    STAFF_PAGE,
    Kwargs,
    policy,
)


def _feed_token(w) -> dict:
    # A fresh address of world.mentor's (the one before stops working).
    return {"token": calendars.calendar_feed_create(user=w.mentor)}


MATRIX: dict[str, tuple[Kwargs, dict]] = {
    # B's coordinator gets B's (empty) caseload.
    "mentorships:caseload": (lambda w: {}, STAFF_PAGE),
    "mentorships:health_rules": (lambda w: {"programme_pk": w.programme.pk}, STAFF_OBJECT),
    # Every member makes their own calendar address.
    "mentorships:calendar": (lambda w: {}, policy(others=OK)),
    "mentorships:calendar_feed": (_feed_token, PUBLIC),
    # The pair's sides and the programme's staff; employer contacts and partners have no page.
    "mentorships:meeting_ics": (
        lambda w: {"pk": w.pair.planned_meeting.pk},
        policy(mentor=OK, mentee=OK, outsider=NOT_FOUND),
    ),
}

READ_ONLY = {
    "mentorships:caseload",
    "mentorships:health_rules",
    "mentorships:calendar_feed",
    "mentorships:meeting_ics",
}

# Posting to the calendar page stops the poster's own address (nothing of A changes).
POSTS: dict[str, tuple[dict, dict]] = {
    "mentorships:calendar": (
        {"action": "revoke"},
        dict.fromkeys((*NON_STAFF, "outsider"), REDIRECT),
    ),
}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "mentorships:health_rules": lambda w: {"programme_pk": w.other_programme.pk},
    "mentorships:meeting_ics": lambda w: {"pk": w.other_pair.planned_meeting.pk},
}
