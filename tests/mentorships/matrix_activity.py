"""Permission matrix of the activity pages (meetings, reviews, evaluations, help, the portal), in
the form of tests/test_permission_matrix.py, which merges it. Objects are world.pair's (A's
programme) and, for the coordinator limited to that programme, world.other_pair's.

The POST-only pages look their object up before refusing a GET: whoever the object does not
concern gets 404 (B's coordinator) or 403 (a role without the page) either way.
"""

from tests.matrix_policies import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PORTAL,
    REDIRECT,
    Kwargs,
    policy,
)

# A page about one pair: its staff and both its sides; B's coordinator gets 404.
PAIR_PAGE = policy(mentor=OK, mentee=OK, outsider=NOT_FOUND)
# POST-only, for the pair and its staff.
PAIR_POST = policy(staff=NOT_ALLOWED, mentor=NOT_ALLOWED, mentee=NOT_ALLOWED, outsider=NOT_FOUND)

MATRIX: dict[str, tuple[Kwargs, dict]] = {
    "mentorships:portal": (lambda w: {}, PORTAL),
    "mentorships:meeting_create": (lambda w: {"pk": w.pair.mentorship.pk}, PAIR_PAGE),
    "mentorships:meeting_edit": (lambda w: {"pk": w.pair.meeting.pk}, PAIR_PAGE),
    # A meeting that was held: cancelling it is refused, so posting changes nothing.
    "mentorships:meeting_cancel": (lambda w: {"pk": w.pair.meeting.pk}, PAIR_POST),
    "mentorships:review_create": (lambda w: {"pk": w.pair.mentorship.pk}, PAIR_PAGE),
    "mentorships:evaluation_answer": (
        lambda w: {"pk": w.pair.mentorship.pk, "kind": "midterm"},
        PAIR_PAGE,
    ),
    # Only the pair's sides ask for help (staff have no button: they call).
    "mentorships:help_request": (
        lambda w: {"pk": w.pair.mentorship.pk},
        policy(staff=FORBIDDEN, mentor=NOT_ALLOWED, mentee=NOT_ALLOWED, outsider=FORBIDDEN),
    ),
    "mentorships:help_resolve": (
        lambda w: {"pk": w.pair.help_request.pk},
        policy(staff=NOT_ALLOWED, outsider=NOT_FOUND),
    ),
}

READ_ONLY = {"mentorships:portal"}

# Data posted by everyone outside A's staff; what the pair's own sides get. The forms are
# incomplete on purpose (nothing saved), except "I need help": a side asking is their right
# (it adds a HelpRequest of theirs, as a consent of their own may change).
POSTS: dict[str, tuple[dict, dict]] = {
    "mentorships:meeting_create": ({"kind": "held"}, {"mentor": OK, "mentee": OK}),
    "mentorships:meeting_edit": ({"kind": "held"}, {"mentor": OK, "mentee": OK}),
    "mentorships:meeting_cancel": ({}, {"mentor": REDIRECT, "mentee": REDIRECT}),
    "mentorships:review_create": ({}, {"mentor": OK, "mentee": OK}),
    "mentorships:evaluation_answer": ({"side": "mentee"}, {"mentor": OK, "mentee": OK}),
    "mentorships:help_request": (
        {"message": "Hello"},
        {"mentor": REDIRECT, "mentee": REDIRECT, "outsider": FORBIDDEN},
    ),
    "mentorships:help_resolve": ({"note": "Hijacked"}, {}),
}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "mentorships:meeting_create": lambda w: {"pk": w.other_pair.mentorship.pk},
    "mentorships:meeting_edit": lambda w: {"pk": w.other_pair.meeting.pk},
    "mentorships:meeting_cancel": lambda w: {"pk": w.other_pair.planned_meeting.pk},
    "mentorships:review_create": lambda w: {"pk": w.other_pair.mentorship.pk},
    "mentorships:evaluation_answer": lambda w: {
        "pk": w.other_pair.mentorship.pk,
        "kind": "midterm",
    },
    "mentorships:help_resolve": lambda w: {"pk": w.other_pair.help_request.pk},
}
