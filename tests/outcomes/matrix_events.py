"""Permission matrix of the status-event pages, in the form of tests/test_permission_matrix.py,
which merges it. Objects are world.outcomes' (A's mentee) and, for the coordinator limited to A's
first programme, world.other_outcomes'; the mentor's news is about world.pair.

All pages are staff-only, except the mentor's news, which only a mentor opens (and only the
pair's mentor gets it: anyone else 403 or 404). Mentees never see any of them. The POST-only
actions look the event up before refusing a GET: B's coordinator gets 404 either way.
"""

from tests.matrix_policies import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    STAFF_OBJECT,
    STAFF_PAGE,
    Kwargs,
    policy,
)

STAFF_POST = policy(staff=NOT_ALLOWED, outsider=NOT_FOUND)
MENTOR_ONLY = policy(staff=FORBIDDEN, mentor=OK, outsider=FORBIDDEN)


def mentee_kwargs(w) -> dict:
    return {"pk": w.mentee_participant.pk}


def other_mentee_kwargs(w) -> dict:
    return {"pk": w.other_programme_participant.pk}


MATRIX: dict[str, tuple[Kwargs, dict]] = {
    "outcomes:participant": (mentee_kwargs, STAFF_OBJECT),
    "outcomes:entry_edit": (mentee_kwargs, STAFF_OBJECT),
    "outcomes:event_create": (mentee_kwargs, STAFF_OBJECT),
    "outcomes:event_confirm": (lambda w: {"pk": w.outcomes.proposed.pk}, STAFF_POST),
    "outcomes:event_reject": (lambda w: {"pk": w.outcomes.proposed.pk}, STAFF_POST),
    "outcomes:event_delete": (lambda w: {"pk": w.outcomes.event.pk}, STAFF_POST),
    # B's coordinator gets B's (empty) queue.
    "outcomes:proposed_events": (lambda w: {}, STAFF_PAGE),
    "outcomes:mentor_news": (lambda w: {"pk": w.pair.mentorship.pk}, MENTOR_ONLY),
}

READ_ONLY = {"outcomes:participant", "outcomes:proposed_events"}

# Posted by everyone outside A's staff. The mentor's news is incomplete on purpose (no date):
# the pair's mentor gets the form back with the error, and nothing is saved.
POSTS: dict[str, tuple[dict, dict]] = {
    "outcomes:entry_edit": ({"entry_date": "2026-01-05", "situation": "employed"}, {}),
    "outcomes:event_create": ({"type": "inactive", "date": "2026-01-05"}, {}),
    "outcomes:event_confirm": ({}, {}),
    "outcomes:event_reject": ({}, {}),
    "outcomes:event_delete": ({}, {}),
    "outcomes:mentor_news": (
        {"type": "employed", "note": "Hijacked"},
        {"mentor": OK, "outsider": FORBIDDEN},
    ),
}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "outcomes:participant": other_mentee_kwargs,
    "outcomes:entry_edit": other_mentee_kwargs,
    "outcomes:event_create": other_mentee_kwargs,
    "outcomes:event_confirm": lambda w: {"pk": w.other_outcomes.proposed.pk},
    "outcomes:event_reject": lambda w: {"pk": w.other_outcomes.proposed.pk},
    "outcomes:event_delete": lambda w: {"pk": w.other_outcomes.event.pk},
}

# What the snapshot of "nothing changed" should add for these pages (exact lines for the main
# file's snapshot()):
#   list(EntryProfile.objects.order_by("pk").values_list("entry_date", "situation",
#                                                         "unemployed_since")),
#   list(StatusEvent.objects.order_by("pk").values_list("date", "type", "status", "note",
#                                                        "confirmed_by_id")),
