"""Match runs: started by a coordinator, computed by the worker, kept with their instance."""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.matching import engine, instances
from tandem.matching.engine import rules
from tandem.matching.models import MatchRun, RunStatus, Suggestion
from tandem.programmes.models import Cohort, Programme

logger = logging.getLogger(__name__)

ALTERNATIVES = 5
# Progress is written at most this often (seconds), and at every change of stage.
PROGRESS_EVERY_S = 0.5
# A run still waiting or running after this long was left by a worker that stopped.
STALE_AFTER = timedelta(minutes=30)
# The parts of the whole run that collecting, the engine and saving take on the progress bar.
COLLECT, ENGINE, SAVE = (0.0, 0.1), (0.1, 0.9), (0.9, 1.0)


@transaction.atomic
def run_start(*, programme: Programme, cohort: Cohort | None, started_by: User) -> MatchRun:
    """Queue a match run of a programme (or one cohort) for the worker.

    Refused when nobody is ready to match; a second click while the same run is waiting or
    running gives that run back instead of starting another (unless it has waited or run for
    longer than ``STALE_AFTER``: its worker stopped, so it is marked failed).
    """
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("This cohort belongs to another programme.")})
    waiting = MatchRun.objects.filter(
        programme=programme, cohort=cohort, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if waiting is not None:
        since = waiting.started_at or waiting.created_at
        if timezone.now() - since < STALE_AFTER:
            return waiting
        # A worker that stopped (a restart, a crash) must not block the programme's runs.
        _fail(waiting, "The worker stopped before finishing this run.")
    if not instances.mentees_to_match(programme, cohort).exists():
        raise ValidationError(
            _(
                "Nobody here is ready to match: mentees need the status “Ready to match”, a "
                "consent to take part, and no proposal waiting for answers."
            )
        )
    run = MatchRun.objects.create(programme=programme, cohort=cohort, created_by=started_by)
    # The task module imports the services: imported here, not at the top.
    from tandem.matching import tasks

    transaction.on_commit(lambda: tasks.run_match.enqueue(run_id=run.pk))
    return run


class _Progress:
    """Writes a run's progress to its row, at most every PROGRESS_EVERY_S seconds."""

    def __init__(self, run: MatchRun) -> None:
        self.run = run
        self.stage = ""
        self.written = 0.0

    def __call__(self, fraction: float, stage: str) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.written < PROGRESS_EVERY_S:
            return
        self.stage, self.written = stage, now
        fraction = min(1.0, max(0.0, fraction))
        MatchRun.objects.filter(pk=self.run.pk).update(progress=fraction, stage=stage)

    def within(self, span: tuple[float, float]) -> Callable[[float, str], None]:
        low, high = span
        return lambda fraction, stage: self(low + (high - low) * fraction, stage)


def run_execute(*, run: MatchRun) -> MatchRun:
    """Compute a queued run: build the instance, solve it, save the suggestions. Once only: a
    second task for the same run (two workers, a retry) does nothing."""
    started = MatchRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="collect", progress=0.0
    )
    run.refresh_from_db()
    if not started:
        return run
    progress = _Progress(run)
    try:
        built = instances.build(run.programme, run.cohort)
        run.instance = built.data
        run.groups = built.groups
        run.dropped_locks = built.dropped_locks
        run.mentee_count = len(built.data["mentees"])
        run.mentor_count = len(built.data["mentors"])
        run.save(
            update_fields=["instance", "groups", "dropped_locks", "mentee_count", "mentor_count"]
        )
        progress(COLLECT[1], "candidates")
        instance = engine.load(built.data)
        result = engine.solve(instance, progress=progress.within(ENGINE))
        progress(SAVE[0], "save")
        _save_result(run, instance, result)
    except engine.InstanceError as error:
        return _fail(run, str(error))
    except Exception:
        logger.exception("Match run %s stopped unexpectedly", run.pk)
        return _fail(run, "unexpected error")
    return run


def _explanation(criteria: engine.Criteria, mentee: engine.Person, mentor: engine.Person):
    # engine.explain() looks both people up by id on every call; for every pair of a large run
    # that adds up, so the pages' explanations come from the same reference definitions
    # (engine.rules.contributions) with the people at hand.
    return [
        {
            "criterion": part.criterion,
            "score": round(part.score, 4),
            "points": round(part.points, 2),
            "facts": part.facts,
        }
        for part in rules.contributions(criteria, mentee, mentor)
    ]


def _alternatives(result: engine.Result, mentee: str) -> list[list]:
    return [
        [instances.participant_pk(mentor), score]
        for mentor, score in result.alternatives(mentee, k=ALTERNATIVES)
    ]


@transaction.atomic
def _save_result(run: MatchRun, instance: engine.Instance, result: engine.Result) -> None:
    mentees = {p.id: p for p in instance.mentees}
    mentors = {p.id: p for p in instance.mentors}
    waited = {p.id: p.days_waiting for p in instance.mentees}
    Suggestion.objects.bulk_create(
        [
            Suggestion(
                run=run,
                mentee_id=instances.participant_pk(pair.mentee),
                mentor_id=instances.participant_pk(pair.mentor),
                score=pair.score,
                locked=pair.locked,
                explanation=_explanation(
                    instance.criteria, mentees[pair.mentee], mentors[pair.mentor]
                ),
                alternatives=_alternatives(result, pair.mentee),
                days_waiting=waited[pair.mentee],
            )
            for pair in result.pairs
        ],
        batch_size=500,
    )
    run.unmatched = [
        {
            "mentee": instances.participant_pk(item.mentee),
            "reason": item.reason,
            "days_waiting": waited[item.mentee],
            "alternatives": _alternatives(result, item.mentee),
        }
        for item in result.unmatched
    ]
    run.matched_count = len(result.pairs)
    run.total_score = result.total_score
    run.candidate_pairs = result.candidate_pairs
    run.timings = {key: round(value, 4) for key, value in result.timings.items()}
    run.status = RunStatus.DONE
    run.stage = "done"
    run.progress = 1.0
    run.finished_at = timezone.now()
    run.save()


def _fail(run: MatchRun, message: str) -> MatchRun:
    run.status = RunStatus.FAILED
    run.error = message[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run
