"""Reads for the support-group pages, always through the access rules and in a fixed number of
queries, however many groups, members and sessions there are."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tandem.accounts import access
from tandem.accounts.models import Membership, Role, User
from tandem.community.models import GroupKind, GroupSession, SupportGroup
from tandem.people.models import Participant, ParticipantStatus
from tandem.programmes.models import Programme


def member_role(kind: str) -> str:
    """Intervision is for mentors, exchange for mentees."""
    return "mentor" if kind == GroupKind.INTERVISION else "mentee"


def first_name(user: User | None) -> str:
    """The first word of a staff member's name: what mentors and mentees see of a facilitator."""
    if user is None or not user.name.strip():
        return ""
    return user.name.split()[0]


def _count(queryset: QuerySet, group_path: str) -> Coalesce:
    """A correlated count of ``queryset`` rows per group (no join on the group list)."""
    counted = (
        queryset.filter(**{group_path: OuterRef("pk")})
        .order_by()
        .values(group_path)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def groups(membership: Membership, programme: Programme, now: datetime | None = None) -> QuerySet:
    """A programme's support groups, each with ``member_count``, ``next_session_at``,
    ``recorded_sessions`` (past sessions with attendance recorded) and ``attended`` (people
    present at them, in all): one query."""
    now = now or timezone.now()
    members = SupportGroup.members.through.objects.all()
    attendance = GroupSession.attendees.through.objects.filter(
        groupsession__attendance_recorded=True, groupsession__starts_at__lte=now
    )
    recorded = GroupSession.objects.filter(attendance_recorded=True, starts_at__lte=now)
    upcoming = GroupSession.objects.filter(group=OuterRef("pk"), starts_at__gt=now).order_by(
        "starts_at"
    )
    return (
        access.scope(membership, SupportGroup)
        .filter(programme=programme)
        .select_related("facilitator")
        .annotate(
            member_count=_count(members, "supportgroup"),
            next_session_at=Subquery(upcoming.values("starts_at")[:1]),
            recorded_sessions=_count(recorded, "group"),
            attended=_count(attendance, "groupsession__group"),
        )
        .order_by("kind", "name", "pk")
    )


def attendance_rate(group: SupportGroup) -> int | None:
    """Percent of the members present, on average, at the past sessions with attendance
    recorded (compared with the group's present size); None before the first one."""
    if not group.recorded_sessions or not group.member_count:
        return None
    return min(100, round(100 * group.attended / (group.recorded_sessions * group.member_count)))


def group_queryset() -> QuerySet[SupportGroup]:
    return SupportGroup.objects.select_related("programme__organisation", "facilitator")


def members(membership: Membership, group: SupportGroup) -> list[Participant]:
    """The group's members with their person, by name."""
    return list(
        access.scope(membership, Participant)
        .filter(support_groups=group)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass
class GroupSessions:
    upcoming: list[GroupSession]
    past: list[GroupSession]


def sessions(group: SupportGroup, now: datetime | None = None) -> GroupSessions:
    """The group's sessions, the next first and the latest past first, each with
    ``present_count``: one query."""
    now = now or timezone.now()
    rows = list(
        group.sessions.annotate(present_count=Count("attendees")).order_by("starts_at", "pk")
    )
    return GroupSessions(
        upcoming=[s for s in rows if s.starts_at > now],
        past=[s for s in reversed(rows) if s.starts_at <= now],
    )


def candidates(
    membership: Membership, programme: Programme, group: SupportGroup | None = None
) -> QuerySet[Participant]:
    """Who may be chosen as a member of a programme's group: its mentors and mentees who have
    not withdrawn, and the group's present members whatever their status (so editing a group
    never drops someone silently). Sorted by name; both roles (the form shows the right one)."""
    allowed = Q(programme=programme) & ~Q(status=ParticipantStatus.WITHDRAWN)
    if group is not None and group.pk:
        allowed |= Q(pk__in=group.members.values("pk"))
    return (
        access.scope(membership, Participant)
        .filter(allowed, programme=programme)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def facilitators(programme: Programme) -> QuerySet[User]:
    """Staff who may lead a programme's groups: the organisation's active admins, and its
    coordinators covering every programme or this one."""
    covering = Membership.objects.filter(
        organisation_id=programme.organisation_id, is_active=True
    ).filter(
        Q(role=Role.ADMIN)
        | Q(role=Role.COORDINATOR, all_programmes=True)
        | Q(role=Role.COORDINATOR, programmes=programme)
    )
    return User.objects.filter(is_active=True, pk__in=covering.values("user_id")).order_by(
        "name", "email"
    )


# --- what a mentor or mentee sees -------------------------------------------------------------


@dataclass(frozen=True)
class SessionItem:
    """A session as a member sees it: when, where, which group, who leads it (first name)."""

    starts_at: datetime
    ends_at: datetime
    place: str
    group_name: str
    group_kind: str
    facilitator: str


def _item(session: GroupSession) -> SessionItem:
    return SessionItem(
        starts_at=session.starts_at,
        ends_at=session.starts_at + timedelta(minutes=session.duration_minutes),
        place=session.place,
        group_name=session.group.name,
        group_kind=session.group.get_kind_display(),
        facilitator=first_name(session.group.facilitator),
    )


def upcoming_sessions_for(
    membership: Membership | None, *, limit: int | None = 5, now: datetime | None = None
) -> list[SessionItem]:
    """The next sessions of the groups a mentor or mentee belongs to, soonest first (none for
    other roles): date, place, group and the facilitator's first name — nothing about the
    other members. One query."""
    if membership is None or membership.role not in (Role.MENTOR, Role.MENTEE):
        return []
    now = now or timezone.now()
    found = (
        access.scope(membership, GroupSession)
        .filter(starts_at__gt=now)
        .select_related("group__facilitator")
        .order_by("starts_at", "pk")
    )
    if limit is not None:
        found = found[:limit]
    return [_item(session) for session in found]


@dataclass(frozen=True)
class MyGroup:
    name: str
    kind: str
    programme: str
    facilitator: str
    next_sessions: list[SessionItem]


def my_groups(membership: Membership, now: datetime | None = None) -> list[MyGroup]:
    """The groups of a mentor or mentee with their next sessions: two queries."""
    now = now or timezone.now()
    own = list(
        access.scope(membership, SupportGroup)
        .select_related("programme", "facilitator")
        .order_by("kind", "name", "pk")
    )
    upcoming = (
        access.scope(membership, GroupSession)
        .filter(group__in=[g.pk for g in own], starts_at__gt=now)
        .order_by("starts_at", "pk")
    )
    by_group: dict[int, list[SessionItem]] = {g.pk: [] for g in own}
    groups_by_pk = {g.pk: g for g in own}
    for session in upcoming:
        session.group = groups_by_pk[session.group_id]
        by_group[session.group_id].append(_item(session))
    return [
        MyGroup(
            name=g.name,
            kind=g.get_kind_display(),
            programme=g.programme.name,
            facilitator=first_name(g.facilitator),
            next_sessions=by_group[g.pk][:3],
        )
        for g in own
    ]
