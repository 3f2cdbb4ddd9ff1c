"""The pair pages in the permission matrix (merged into tests/test_permission_matrix.py).

Same form as the main file: MATRIX (url name -> (kwargs on the world, GET result per actor)),
READ_ONLY, POSTS (url name -> (data, special results)) and OTHER_PROGRAMME (kwargs for the same
page about A's other programme, which the limited coordinator does not cover). The world has
add_mentorships(world): world.pair in A's programme, world.other_pair in the other programme.
"""

from tests.matrix_policies import NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, STAFF_OBJECT, Kwargs, policy

# POST-only staff pages; they look the pair up first, so B's coordinator gets 404 on a GET too.
STAFF_POST = policy(staff=NOT_ALLOWED, outsider=NOT_FOUND)


def pair_kwargs(w) -> dict:
    return {"pk": w.pair.mentorship.pk}


def programme_kwargs(w) -> dict:
    return {"programme_pk": w.programme.pk}


def other_pair_kwargs(w) -> dict:
    return {"pk": w.other_pair.mentorship.pk}


def other_programme_kwargs(w) -> dict:
    return {"programme_pk": w.other_programme.pk}


MATRIX: dict[str, tuple[Kwargs, dict | str]] = {
    "mentorships:detail": (pair_kwargs, STAFF_OBJECT),
    "mentorships:agreement_edit": (pair_kwargs, STAFF_OBJECT),
    # A POST of staff and of the pair's two sides (signing in their portal); others: 403 or 404.
    "mentorships:agreement_sign": (
        pair_kwargs,
        policy(staff=NOT_ALLOWED, mentor=NOT_ALLOWED, mentee=NOT_ALLOWED, outsider=NOT_FOUND),
    ),
    # Staff and the pair's two sides (the mentee's name shown to the mentor: first name only,
    # with their consent).
    "mentorships:agreement_print": (pair_kwargs, policy(mentor=OK, mentee=OK, outsider=NOT_FOUND)),
    "mentorships:contact_set": (pair_kwargs, STAFF_POST),
    "mentorships:close": (pair_kwargs, STAFF_OBJECT),
    "mentorships:pair_create": (programme_kwargs, STAFF_OBJECT),
    "mentorships:settings": (programme_kwargs, STAFF_OBJECT),
}

READ_ONLY = {"mentorships:detail", "mentorships:agreement_print"}

POSTS: dict[str, tuple[dict, dict]] = {
    "mentorships:agreement_edit": (
        {
            "ends_on": "2099-01-01",
            "meetings_per_month": "9",
            "review_interval_weeks": "2",
            "mentor_commitments": "Hijacked",
            "mentee_commitments": "Hijacked",
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
        },
        {},
    ),
    # The mentor and the mentee sign only their own side: signing as coordinator is refused.
    "mentorships:agreement_sign": (
        {"signatory": "coordinator"},
        {"mentor": REDIRECT, "mentee": REDIRECT},
    ),
    "mentorships:contact_set": ({"coordinator": ""}, {}),
    "mentorships:close": (
        {
            "status": "ended_early",
            "reason": "other",
            "note": "Hijacked",
            "ended_on": "2026-01-01",
            "confirm": "yes",
        },
        {},
    ),
    "mentorships:pair_create": ({"started_on": "2026-01-01"}, {}),
    "mentorships:settings": (
        {
            "code_of_conduct_en": "Hijacked",
            "quiet_amber_intervals": "1",
            "quiet_red_intervals": "9",
            "review_red_after_days": "1",
        },
        {},
    ),
}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "mentorships:detail": other_pair_kwargs,
    "mentorships:agreement_edit": other_pair_kwargs,
    "mentorships:agreement_sign": other_pair_kwargs,
    "mentorships:agreement_print": other_pair_kwargs,
    "mentorships:contact_set": other_pair_kwargs,
    "mentorships:close": other_pair_kwargs,
    "mentorships:pair_create": other_programme_kwargs,
    "mentorships:settings": other_programme_kwargs,
}

# What the snapshot of "nothing changed" should add for these pages (exact lines for the main
# file's snapshot()): the agreement terms, signatures, goals, the contact person and closure,
# the programme settings.
#   list(Agreement.objects.order_by("pk").values_list("meetings_per_month", "mentor_commitments")),
#   Signature.objects.count(),
#   list(Goal.objects.order_by("pk").values_list("description", "position")),
#   list(Mentorship.objects.order_by("pk").values_list("status", "coordinator_id", "ended_on")),
#   list(MentorshipSettings.objects.order_by("pk").values_list("code_of_conduct_en",
#                                                              "quiet_red_intervals")),
