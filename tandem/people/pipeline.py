"""The intake pipeline: which status a participant may move to from which.

The table is the single definition of allowed moves; ``services.participant_move`` enforces it.
"""

from tandem.people.models import ParticipantRole, ParticipantStatus

S = ParticipantStatus

# Moves open to both mentors and mentees.
_COMMON: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.INTAKE_PLANNED, S.NOT_ELIGIBLE, S.ON_HOLD, S.WITHDRAWN}),
    S.INTAKE_PLANNED: frozenset({S.INTAKE_DONE, S.ON_HOLD, S.WITHDRAWN}),
    S.INTAKE_DONE: frozenset({S.ELIGIBLE, S.NOT_ELIGIBLE, S.ON_HOLD, S.WITHDRAWN}),
    S.NOT_ELIGIBLE: frozenset({S.APPLIED}),
    S.ON_HOLD: frozenset({S.APPLIED, S.INTAKE_PLANNED, S.ELIGIBLE, S.WITHDRAWN}),
    S.READY_TO_MATCH: frozenset({S.MATCHED, S.ON_HOLD, S.WITHDRAWN}),
    S.MATCHED: frozenset({S.ACTIVE, S.READY_TO_MATCH, S.WITHDRAWN}),
    S.ACTIVE: frozenset({S.COMPLETED, S.READY_TO_MATCH, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.APPLIED}),
}

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    ParticipantRole.MENTEE: {
        **_COMMON,
        S.ELIGIBLE: frozenset({S.READY_TO_MATCH, S.ON_HOLD, S.WITHDRAWN}),
        S.COMPLETED: frozenset(),
    },
    ParticipantRole.MENTOR: {
        **_COMMON,
        # Mentors are trained before they are matched.
        S.ELIGIBLE: frozenset({S.IN_TRAINING, S.ON_HOLD, S.WITHDRAWN}),
        S.IN_TRAINING: frozenset({S.READY_TO_MATCH, S.ON_HOLD, S.WITHDRAWN}),
        S.ON_HOLD: _COMMON[S.ON_HOLD] | {S.IN_TRAINING},
        # A mentor whose mentorship ended can take on a new mentee.
        S.COMPLETED: frozenset({S.READY_TO_MATCH, S.WITHDRAWN}),
    },
}

# Moves that need a written reason in the history.
REASON_REQUIRED = frozenset({S.NOT_ELIGIBLE, S.ON_HOLD, S.WITHDRAWN})


def statuses_for(role: str) -> list[str]:
    """The board's columns for a role, in pipeline order."""
    return [s for s in ParticipantStatus.values if s in TRANSITIONS[role]]


def allowed_moves(role: str, status: str) -> list[str]:
    """The statuses a participant of ``role`` may move to from ``status``, in pipeline order."""
    targets = TRANSITIONS[role].get(status, frozenset())
    return [s for s in ParticipantStatus.values if s in targets]


def can_move(role: str, from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS[role].get(from_status, frozenset())
