"""The mentorships layer of the demo: the running pairs of both programmes with their
agreements, goals, meetings and reviews, and a few closed ones — so that the coordinator's
caseload shows a realistic mix (about 28 green, 7 amber and 5 red of some 40 pairs: pairs gone
quiet, a review overdue, a goal dropped, a call for help).

Every mentee the pipeline left "matched" or "active" gets a mentor of the same programme who is
"matched" or "active" too (up to the mentor's capacity). A mentee "active" has a fully signed
agreement (signing is what made them active); a mentee "matched" started a few days ago and
has not signed everything yet. The demo's mentor and mentee log-ins are paired together.

The history lies in the past (meetings held months ago, reviews done on their dates), which the
services — stamping "now" — cannot write; so this layer writes the rows itself, with the same
rules as the services (goals 2–5 per agreement, a goal's status is its last review's, reviews on
their due dates). Deterministic: every choice comes from the generator's seeded random.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tandem.accounts.models import User
from tandem.mentorships import health
from tandem.mentorships.models import (
    Agreement,
    ClosureReason,
    Evaluation,
    EvaluationKind,
    Goal,
    GoalCheck,
    GoalStatus,
    HelpRequest,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
    Review,
    Side,
    Signatory,
    Signature,
)
from tandem.mentorships.services import settings_for
from tandem.people.models import LifeDomain, Participant, ParticipantRole
from tandem.people.models import ParticipantStatus as S
from tandem.programmes.models import Organisation, Programme

RUNNING = (S.MATCHED, S.ACTIVE)

_GOALS: tuple[tuple[str, str], ...] = (
    (LifeDomain.WORK, "Write a CV and a cover letter in Dutch or French"),
    (LifeDomain.WORK, "Apply for five jobs in the field of my diploma"),
    (LifeDomain.WORK, "Prepare for job interviews with two practice rounds"),
    (LifeDomain.WORK, "Visit a company in my sector and meet people working there"),
    (LifeDomain.LANGUAGE, "Reach level A2 in Dutch and practise at every meeting"),
    (LifeDomain.LANGUAGE, "Join a conversation table once a week"),
    (LifeDomain.DIPLOMAS, "Ask for the recognition of my diploma (NARIC)"),
    (LifeDomain.ADMINISTRATION, "Understand my payslip and my welfare office letters"),
    (LifeDomain.HOUSING, "Find a flat closer to work"),
    (LifeDomain.MOBILITY, "Get a driving licence (theory exam first)"),
    (LifeDomain.SOCIAL_NETWORK, "Build a LinkedIn profile and meet three people of my sector"),
)
_PLACES = (
    "Public library, ground floor",
    "Café near the station",
    "Tandem office",
    "Community centre",
    "Park café",
)
_NOTES = (
    "Worked on the CV together; the mentee will send the new version.",
    "Practised a job interview. Much more confident than last time.",
    "Went through the letters from the welfare office.",
    "Looked at job offers together and chose three to apply for.",
    "Talked about the language course and the schedule for next month.",
    "",
    "",
)
_APPOINTMENTS = ("the welfare office", "a job interview", "the language school", "the job centre")

# What the caseload should show of each running pair, by kind (the rest are green).
_RED = ("quiet_long", "quiet_long", "help", "review_late", "quiet_and_review")
_AMBER = (
    "quiet_some",
    "quiet_some",
    "quiet_some",
    "review_due",
    "review_due",
    "dropped",
    "dropped",
)


@dataclass
class _Plan:
    mentee: Participant
    mentor: Participant
    started_on: date
    kind: str = "green"


def _moved_to(participant: Participant, status: str) -> date | None:
    found = [c for c in participant.status_changes.all() if c.to_status == status]
    return timezone.localdate(found[-1].changed_at) if found else None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _participants(programme: Programme, role: str, statuses) -> list[Participant]:
    return list(
        Participant.objects.filter(programme=programme, role=role, status__in=statuses)
        .select_related("person", "programme")
        .prefetch_related("status_changes")
        .order_by("pk")
    )


def _pairs(programme: Programme, logins: tuple[User | None, User | None]) -> list[_Plan]:
    """Mentees "matched" or "active" with a free mentor: matched with matched, the demo
    log-ins together."""
    mentees = _participants(programme, ParticipantRole.MENTEE, RUNNING)
    mentors = _participants(programme, ParticipantRole.MENTOR, RUNNING)
    mentor_login, mentee_login = logins
    places = {m.pk: m.mentee_capacity for m in mentors}

    def rank(p: Participant) -> tuple:
        is_login = p.person.user_id is not None and p.person.user in (mentor_login, mentee_login)
        return (not is_login, p.status != S.MATCHED, p.pk)

    plans = []
    for mentee in sorted(mentees, key=rank):
        free = [m for m in sorted(mentors, key=rank) if places[m.pk] > 0]
        # Prefer the same step of the pipeline; else any mentor with a free place.
        same = [m for m in free if m.status == mentee.status] or free
        if not same:
            break
        mentor = same[0]
        places[mentor.pk] -= 1
        started = _moved_to(mentee, S.MATCHED) or timezone.localdate(mentee.status_changed_at)
        plans.append(_Plan(mentee=mentee, mentor=mentor, started_on=started))
    return plans


def _assign_kinds(rng: random.Random, plans: list[_Plan], today: date) -> None:
    """Give about 5 pairs red and 7 amber reasons, each to a pair old enough for it."""
    active = [p for p in plans if p.mentee.status == S.ACTIVE and p.mentee.person.user_id is None]
    rng.shuffle(active)
    old_enough = [p for p in active if (today - p.started_on).days >= 8 * 7 + 25]
    for kind in (
        "review_late",
        "quiet_and_review",
        "review_due",
        "review_due",
        "dropped",
        "dropped",
    ):
        if old_enough:
            chosen = old_enough.pop()
            chosen.kind = kind
    rest = [p for p in active if p.kind == "green"]
    for kind in ("quiet_long", "quiet_long", "help", "quiet_some", "quiet_some", "quiet_some"):
        candidates = [p for p in rest if p.kind == "green" and (today - p.started_on).days > 75]
        chosen = candidates.pop() if candidates else next(p for p in rest if p.kind == "green")
        chosen.kind = kind


def _agreement(mentorship: Mentorship) -> Agreement:
    programme = mentorship.programme
    defaults = settings_for(programme)
    return Agreement.objects.create(
        mentorship=mentorship,
        ends_on=mentorship.started_on + relativedelta(months=programme.duration_months),
        meetings_per_month=programme.min_meetings_per_month,
        review_interval_weeks=programme.review_interval_weeks,
        mentor_commitments=defaults.mentor_commitments,
        mentee_commitments=defaults.mentee_commitments,
    )


def _goals(rng: random.Random, mentorship: Mentorship, ends_on: date) -> list[Goal]:
    chosen = rng.sample(_GOALS, rng.randint(2, 4))
    return [
        Goal.objects.create(
            mentorship=mentorship,
            description=text,
            life_domain=domain,
            target_date=ends_on - timedelta(days=rng.choice((0, 30, 60))),
            position=position,
        )
        for position, (domain, text) in enumerate(chosen, start=1)
    ]


def _sign(rng, agreement: Agreement, plan: _Plan, coordinator: User, everyone: bool) -> None:
    day = plan.started_on + timedelta(days=rng.randint(1, 6))
    signatories = list(Signatory.values) if everyone else rng.choice(([], [Signatory.MENTOR]))
    for signatory in signatories:
        side = {Signatory.MENTOR: plan.mentor, Signatory.MENTEE: plan.mentee}.get(signatory)
        clicked = side is not None and side.person.user_id is not None
        Signature.objects.create(
            agreement=agreement,
            signatory=signatory,
            on_paper=side is not None and not clicked,
            recorded_by=side.person.user if clicked else coordinator,
            signed_at=_at(min(day, timezone.localdate()), rng.randint(9, 17)),
        )


def _quiet_days(rng: random.Random, kind: str, rhythm: int) -> int:
    rules = health.Rules()
    amber = health.threshold_days(rules.quiet_amber_intervals, rhythm)
    red = health.threshold_days(rules.quiet_red_intervals, rhythm)
    if kind in ("quiet_long", "quiet_and_review"):
        return red + rng.randint(2, 20)
    if kind == "quiet_some":
        return rng.randint(amber + 1, red - 2)
    return rng.randint(1, max(2, health.rhythm_days(rhythm) - 3))


def _meetings(rng, mentorship, plan: _Plan, rhythm: int, quiet: int, today: date, by: User):
    """Meetings held from the start until ``quiet`` days ago, about at the rhythm."""
    last = today - timedelta(days=quiet)
    if last <= plan.started_on:
        return
    interval = health.rhythm_days(rhythm)
    days = sorted({(last - timedelta(days=k * interval + rng.randint(-2, 2))) for k in range(60)})
    held = [d for d in days if plan.started_on < d < last] + [last]
    for day in held:
        mode = rng.choices(
            (MeetingMode.IN_PERSON, MeetingMode.PHONE, MeetingMode.VIDEO, MeetingMode.ACCOMPANYING),
            weights=(6, 2, 1, 1),
        )[0]
        meeting = Meeting.objects.create(
            mentorship=mentorship,
            status=MeetingStatus.HELD,
            starts_at=_at(day, rng.choice((10, 14, 17))),
            duration_minutes=rng.choice((60, 60, 90, 120)),
            mode=mode,
            appointment=rng.choice(_APPOINTMENTS) if mode == MeetingMode.ACCOMPANYING else "",
            place=rng.choice(_PLACES) if mode == MeetingMode.IN_PERSON else "",
            topics=rng.sample([LifeDomain.WORK, LifeDomain.LANGUAGE, LifeDomain.ADMINISTRATION], 2),
            shared_note=rng.choice(_NOTES),
            logged_by=by,
        )
        if rng.random() < 0.08:
            PrivateNote.objects.create(
                meeting=meeting,
                text="Mentee mentioned stress about the residence card renewal; follow up.",
                written_by=by,
            )


def _reviews(rng, mentorship, agreement, goals, plan: _Plan, today: date, by: User) -> None:
    step = timedelta(weeks=agreement.review_interval_weeks)
    due = [plan.started_on + step * k for k in range(1, 20)]
    due = [d for d in due if d <= min(today, agreement.ends_on)]
    if plan.kind in ("review_late", "review_due", "quiet_and_review"):
        due = due[:-1]  # the last due date passed without a review
    statuses = {goal.pk: GoalStatus.NOT_STARTED for goal in goals}
    for number, day in enumerate(due, start=1):
        done = min(day + timedelta(days=rng.randint(0, 4)), today - timedelta(days=1))
        review = Review.objects.create(
            mentorship=mentorship,
            due_on=day,
            submitted_at=_at(max(done, day - timedelta(days=3)), 15),
            submitted_by=by,
            note=rng.choice(("Good progress.", "Slower month, but still motivated.", "")),
        )
        last = number == len(due)
        for goal in goals:
            current = statuses[goal.pk]
            if current not in (GoalStatus.REACHED, GoalStatus.DROPPED):
                current = rng.choice(
                    (GoalStatus.PROGRESSING, GoalStatus.PROGRESSING, GoalStatus.REACHED)
                )
            statuses[goal.pk] = current
        if last and plan.kind == "dropped":
            statuses[goals[-1].pk] = GoalStatus.DROPPED
        for goal in goals:
            GoalCheck.objects.create(
                review=review,
                goal=goal,
                status=statuses[goal.pk],
                comment="No time for it at the moment."
                if statuses[goal.pk] == GoalStatus.DROPPED
                else "",
            )
    for goal in goals:
        if goal.status != statuses[goal.pk]:
            goal.status = statuses[goal.pk]
            goal.save(update_fields=["status"])


def _review_dates_fit(plan: _Plan, agreement: Agreement, today: date) -> None:
    """Move the start so the review of an overdue-review pair fell due on a telling day."""
    step = timedelta(weeks=agreement.review_interval_weeks)
    late = {"review_late": 25, "quiet_and_review": 20, "review_due": 5}.get(plan.kind)
    if late is None:
        return
    # Keep the number of reviews, shift the start so the last due date is ``late`` days ago.
    passed = max(1, (today - plan.started_on) // step)
    plan.started_on = today - timedelta(days=late) - step * passed


def _running(rng, plan: _Plan, coordinator: User | None, staff: User, today: date) -> Mentorship:
    mentorship = Mentorship.objects.create(
        programme=plan.mentee.programme,
        mentee=plan.mentee,
        mentor=plan.mentor,
        started_on=plan.started_on,
        coordinator=coordinator,
    )
    agreement = _agreement(mentorship)
    if plan.kind in ("review_late", "quiet_and_review", "review_due"):
        _review_dates_fit(plan, agreement, today)
        Mentorship.objects.filter(pk=mentorship.pk).update(started_on=plan.started_on)
        mentorship.started_on = plan.started_on
        agreement.ends_on = plan.started_on + relativedelta(
            months=mentorship.programme.duration_months
        )
        agreement.save(update_fields=["ends_on"])
    goals = _goals(rng, mentorship, agreement.ends_on)
    _sign(rng, agreement, plan, staff, everyone=plan.mentee.status == S.ACTIVE)
    rhythm = agreement.meetings_per_month
    quiet = _quiet_days(rng, plan.kind, rhythm)
    if plan.mentee.status == S.MATCHED:
        quiet = (today - plan.started_on).days  # just started: no meeting yet
    _meetings(rng, mentorship, plan, rhythm, quiet, today, staff)
    _reviews(rng, mentorship, agreement, goals, plan, today, staff)
    green = plan.kind == "green"
    if (green or plan.kind in ("dropped", "review_due")) and rng.random() < 0.85:
        Meeting.objects.create(
            mentorship=mentorship,
            status=MeetingStatus.PLANNED,
            starts_at=_at(today + timedelta(days=rng.randint(2, 12)), rng.choice((10, 14, 17))),
            place=rng.choice(_PLACES),
            logged_by=staff,
        )
    if plan.kind == "help":
        mentee_user = plan.mentee.person.user
        HelpRequest.objects.create(
            mentorship=mentorship,
            side=Side.MENTEE,
            message="My mentor has not answered my messages for a while. Can you call me?",
            raised_by=mentee_user,
            raised_at=_at(today - timedelta(days=1), 19),
        )
    halfway = plan.started_on + (agreement.ends_on - plan.started_on) / 2
    if halfway <= today and rng.random() < 0.6:
        for side in Side.values:
            Evaluation.objects.create(
                mentorship=mentorship,
                kind=EvaluationKind.MIDTERM,
                side=side,
                satisfaction=rng.choice((3, 4, 4, 5, 5)),
                what_helped=rng.choice(("The regular meetings.", "Practising interviews.", "")),
                what_was_hard=rng.choice(("Finding time.", "The language at first.", "")),
                would_recommend=True,
                submitted_at=_at(halfway + timedelta(days=rng.randint(0, 10)), 20),
            )
    return mentorship


def _closed(rng, programme: Programme, coordinator: User, today: date) -> int:
    """A few mentorships that ended: completed mentees with the mentors who finished with them."""
    mentees = _participants(programme, ParticipantRole.MENTEE, (S.COMPLETED,))[:3]
    mentors = _participants(programme, ParticipantRole.MENTOR, (S.COMPLETED, S.ACTIVE))
    mentors = [m for m in mentors if _moved_to(m, S.COMPLETED)]
    made = 0
    for mentee, mentor in zip(mentees, mentors, strict=False):
        started = _moved_to(mentee, S.MATCHED) or today - timedelta(days=200)
        ended = _moved_to(mentee, S.COMPLETED) or today - timedelta(days=10)
        mentorship = Mentorship.objects.create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            started_on=started,
            coordinator=coordinator,
            status=MentorshipStatus.COMPLETED,
            ended_on=ended,
            closure_reason=rng.choice((ClosureReason.PERIOD_ENDED, ClosureReason.FOUND_WORK)),
            closure_note="The agreed months are over; they keep in touch.",
            closed_by=coordinator,
        )
        agreement = _agreement(mentorship)
        plan = _Plan(mentee=mentee, mentor=mentor, started_on=started)
        _goals(rng, mentorship, agreement.ends_on)
        _sign(rng, agreement, plan, coordinator, everyone=True)
        rhythm = agreement.meetings_per_month
        _meetings(rng, mentorship, plan, rhythm, (today - ended).days + 3, today, coordinator)
        for side in Side.values:
            Evaluation.objects.create(
                mentorship=mentorship,
                kind=EvaluationKind.FINAL,
                side=side,
                satisfaction=rng.choice((4, 5)),
                what_helped="Having someone to ask, every two weeks.",
                would_recommend=True,
                submitted_at=_at(min(ended + timedelta(days=5), today), 18),
            )
        made += 1
    return made


def _store_health(pairs: list[Mentorship], today: date) -> dict[str, int]:
    """Save each pair's health as the worker would see it, so its first run alerts nobody
    about the demo's history."""
    tally = dict.fromkeys(health.RANK, 0)
    ids = [m.pk for m in pairs]
    found = health.with_health_facts(
        Mentorship.objects.filter(pk__in=ids), timezone.now()
    ).select_related("programme__mentorship_settings")
    for mentorship in found:
        seen = health.pair_health(mentorship, today)
        tally[seen.health] += 1
        Mentorship.objects.filter(pk=mentorship.pk).update(
            health=seen.health,
            health_reasons=seen.reasons_json(),
            health_since=today - timedelta(days=seen.days_quiet if seen.rank else 0),
        )
    return tally


def add_mentorships_layer(
    rng: random.Random, organisation: Organisation, coordinator: User
) -> dict[str, int]:
    """Build the running and closed mentorships of the demo organisation; return how many pairs
    of each health (and closed) there are."""
    today = timezone.localdate()
    logins = (
        User.objects.filter(email="mentor@demo.example.org").first(),
        User.objects.filter(email="mentee@demo.example.org").first(),
    )
    plans: list[_Plan] = []
    for programme in organisation.programmes.order_by("slug"):
        plans += _pairs(programme, logins)
    _assign_kinds(rng, plans, today)
    pairs = []
    for index, plan in enumerate(plans):
        # Most pairs are the demo coordinator's; a few are looked after by the whole team.
        contact = None if index % 8 == 7 else coordinator
        pairs.append(_running(rng, plan, contact, coordinator, today))
    tally = _store_health(pairs, today)
    tally["closed"] = sum(
        _closed(rng, programme, coordinator, today)
        for programme in organisation.programmes.order_by("slug")
    )
    return tally


__all__ = ["add_mentorships_layer"]
