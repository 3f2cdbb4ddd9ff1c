"""Evaluations: a mid-term and a final questionnaire, each answered by both sides on their own.

When the programme asks for them (MentorshipSettings):
- the mid-term evaluation from half the agreed duration, until the final one opens;
- the final evaluation from two weeks before the planned end, or as soon as the mentorship
  closes (whenever that is).

Each side answers only their own; the other side never reads it (the access rules). A
coordinator may record a side's answers from a paper form.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.mentorships.models import (
    Evaluation,
    EvaluationKind,
    Mentorship,
    MentorshipSettings,
    Side,
)
from tandem.programmes.models import Programme

FINAL_OPENS_DAYS = 14


def programme_settings(programme: Programme) -> MentorshipSettings:
    """The programme's mentorship settings (select_related("programme__mentorship_settings")
    saves the query), or the defaults when none were saved yet."""
    try:
        return programme.mentorship_settings
    except MentorshipSettings.DoesNotExist:
        return MentorshipSettings(programme=programme)


def extra_questions(programme: Programme) -> list[str]:
    text = programme_settings(programme).evaluation_questions
    return [line.strip() for line in text.splitlines() if line.strip()]


def evaluations_open(mentorship: Mentorship, today: date) -> list[str]:
    """The kinds of evaluation open now (for both sides), whether answered or not."""
    settings = programme_settings(mentorship.programme)
    agreement = mentorship.agreement
    final_opens = agreement.ends_on - timedelta(days=FINAL_OPENS_DAYS)
    final = not mentorship.is_active or today >= final_opens
    if final:
        return [EvaluationKind.FINAL] if settings.final_evaluation else []
    halfway = mentorship.started_on + (agreement.ends_on - mentorship.started_on) / 2
    if settings.midterm_evaluation and today >= halfway:
        return [EvaluationKind.MIDTERM]
    return []


def evaluations_due(mentorship: Mentorship, today: date) -> list[tuple[str, str]]:
    """(kind, side) of each evaluation open now and not answered yet.

    Uses ``mentorship.evaluations.all()``: a page may prefetch it scoped to the reader's own
    side (access.scope); then only that side's answers are certain, so read only that side.
    """
    answered = {(e.kind, e.side) for e in mentorship.evaluations.all()}
    return [
        (kind, side)
        for kind in evaluations_open(mentorship, today)
        for side in Side.values
        if (kind, side) not in answered
    ]


@transaction.atomic
def evaluation_submit(
    *,
    mentorship: Mentorship,
    kind: str,
    side: str,
    satisfaction: int,
    would_recommend: bool,
    submitted_by: User,
    what_helped: str = "",
    what_was_hard: str = "",
    extra_answers: list[str] | None = None,
) -> Evaluation:
    """Record one side's answers (``extra_answers``: one per extra question of the programme, in
    order). The view decides who may answer for ``side``: that side, or staff from paper."""
    current = (
        # Lock the mentorship row only: PostgreSQL refuses FOR UPDATE on the outer-joined
        # agreement and settings.
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("agreement", "programme__mentorship_settings")
        .get(pk=mentorship.pk)
    )
    if kind not in EvaluationKind.values or side not in Side.values:
        raise ValidationError(_("Choose the evaluation and the side."))
    if current.evaluations.filter(kind=kind, side=side).exists():
        raise ValidationError(_("This evaluation has already been answered."))
    if kind not in evaluations_open(current, timezone.localdate()):
        raise ValidationError(_("This evaluation is not open now."))
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("Choose from 1 to 5.")})
    questions = extra_questions(current.programme)
    answers = list(extra_answers or [])
    answers += [""] * (len(questions) - len(answers))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                mentorship=current,
                kind=kind,
                side=side,
                satisfaction=satisfaction,
                what_helped=what_helped.strip(),
                what_was_hard=what_was_hard.strip(),
                would_recommend=would_recommend,
                extra_answers=[
                    {"question": q, "answer": a.strip()}
                    for q, a in zip(questions, answers, strict=False)
                ],
                submitted_at=timezone.now(),
                submitted_by=submitted_by,
            )
    except IntegrityError:
        raise ValidationError(_("This evaluation has already been answered.")) from None
