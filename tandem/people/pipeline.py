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
    # Leaving "on hold" goes back to the step the participant was in (see allowed_moves).
    S.ON_HOLD: frozenset({S.WITHDRAWN}),
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
        # A mentor whose mentorship ended can take on a new mentee.
        S.COMPLETED: frozenset({S.READY_TO_MATCH, S.WITHDRAWN}),
    },
}

# Moves that need a written reason in the history.
REASON_REQUIRED = frozenset({S.NOT_ELIGIBLE, S.ON_HOLD, S.WITHDRAWN})


def statuses_for(role: str) -> list[str]:
    """The board's columns for a role, in pipeline order."""
    return [s for s in ParticipantStatus.values if s in TRANSITIONS[role]]


def _targets(role: str, status: str, held_from: str | None) -> frozenset[str]:
    targets = TRANSITIONS[role].get(status, frozenset())
    if status == S.ON_HOLD and held_from:
        # Back to where they were: a hold never skips the intake or the training.
        targets = targets | {held_from}
    return targets


def allowed_moves(role: str, status: str, held_from: str | None = None) -> list[str]:
    """The statuses a participant of ``role`` may move to from ``status``, in pipeline order.

    ``held_from`` is the status a participant on hold was in before the hold.
    """
    targets = _targets(role, status, held_from)
    return [s for s in ParticipantStatus.values if s in targets]


def can_move(role: str, from_status: str, to_status: str, held_from: str | None = None) -> bool:
    return to_status in _targets(role, from_status, held_from)
