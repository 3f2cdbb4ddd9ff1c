"""The follow-up pages in the permission matrix (merged into tests/test_permission_matrix.py).

Same form as tests/mentorships/matrix_pairs.py. The world has add_outcomes(world):
world.outcomes (a due follow-up and a start self-assessment of A's mentee) and
world.other_outcomes (the same in A's other programme).

The survey and the self-assessment are public (no log-in) by a single-use link: the kwargs make
a fresh link each time (the services store only its hash), so every actor gets the page. Their
POSTs below send no answer, so nothing is recorded; a real answer is tested in
tests/outcomes/test_surveys.py and test_self_assessment.py.
"""

from tandem.outcomes.services import surveys
from tests.matrix_policies import (
    ACTORS,
    NONE,
    OK,
    POST_ONLY,
    PUBLIC,
    STAFF_OBJECT,
    STAFF_PAGE,
    Kwargs,
)


def follow_up_kwargs(w) -> dict:
    return {"pk": w.outcomes.follow_up.pk}


def other_follow_up_kwargs(w) -> dict:
    return {"pk": w.other_outcomes.follow_up.pk}


def mentee_kwargs(w) -> dict:
    return {"pk": w.mentee_participant.pk}


def other_mentee_kwargs(w) -> dict:
    return {"pk": w.other_programme_participant.pk}


def programme_kwargs(w) -> dict:
    return {"programme_pk": w.programme.pk}


def other_programme_kwargs(w) -> dict:
    return {"programme_pk": w.other_programme.pk}


def survey_kwargs(w) -> dict:
    return {"token": surveys.survey_link_issue(follow_up=w.outcomes.follow_up)}


def self_assessment_kwargs(w) -> dict:
    # world.outcomes has the start answered: a link to the end one.
    return {
        "token": surveys.self_assessment_link_issue(participant=w.mentee_participant, moment="end")
    }


MATRIX: dict[str, tuple[Kwargs, dict | str]] = {
    "outcomes:followup_list": (NONE, STAFF_PAGE),
    "outcomes:followup_record": (follow_up_kwargs, STAFF_OBJECT),
    # POST-only: a GET is refused before anything is looked up (405 for all staff).
    "outcomes:followup_plan": (mentee_kwargs, POST_ONLY),
    "outcomes:self_assessment_send": (mentee_kwargs, POST_ONLY),
    "outcomes:settings": (programme_kwargs, STAFF_OBJECT),
    "outcomes:self_assessment_figures": (programme_kwargs, STAFF_OBJECT),
    # Public by a single-use link; the page shows the mentee's first name only.
    "outcomes:survey": (survey_kwargs, PUBLIC),
    "outcomes:self_assessment": (self_assessment_kwargs, PUBLIC),
}

READ_ONLY = {"outcomes:followup_list", "outcomes:self_assessment_figures"}

# Everyone may post to the public pages; without an answer they only show the questions again.
EVERYONE_OK = dict.fromkeys(ACTORS, OK)

POSTS: dict[str, tuple[dict, dict]] = {
    "outcomes:followup_record": ({"result": "unreachable", "note": "Hijacked"}, {}),
    "outcomes:followup_plan": ({}, {}),
    "outcomes:self_assessment_send": ({"moment": "start", "action": "send"}, {}),
    "outcomes:settings": (
        {"self_assessment_en": "Hijacked", "self_assessment_nl": "", "self_assessment_fr": ""},
        {},
    ),
    "outcomes:survey": ({}, EVERYONE_OK),
    "outcomes:self_assessment": ({}, EVERYONE_OK),
}

OTHER_PROGRAMME: dict[str, Kwargs] = {
    "outcomes:followup_record": other_follow_up_kwargs,
    "outcomes:followup_plan": other_mentee_kwargs,
    "outcomes:self_assessment_send": other_mentee_kwargs,
    "outcomes:settings": other_programme_kwargs,
    "outcomes:self_assessment_figures": other_programme_kwargs,
}

# What the snapshot of "nothing changed" should add for these pages (exact lines for the main
# file's snapshot()). Not the follow-up's token_hash or survey_sent_at: the survey kwargs above
# issue a fresh link on every request.
#   list(FollowUp.objects.order_by("pk").values_list("status", "note", "event_id", "answered_at")),
#   list(OutcomeSettings.objects.order_by("pk").values_list("self_assessment_en",
#                                                           "self_assessment_nl")),
#   list(SelfAssessment.objects.order_by("pk").values_list("participant_id", "moment", "scores")),
#   SurveyLink.objects.filter(used_at__isnull=False).count(),
#   StatusEvent.objects.count(),
