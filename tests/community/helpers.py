"""Test data for support groups: members of a programme, groups, sessions in the past."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tandem.community.models import GroupSession, SupportGroup
from tandem.people.models import Participant, PersonLanguage
from tandem.programmes.models import Programme
from tests import factories


@pytest.fixture
def immediate(settings, django_capture_on_commit_callbacks):
    """Tasks run at once when the transaction's on-commit callbacks run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return django_capture_on_commit_callbacks


def member(
    programme: Programme,
    role: str = "mentor",
    *,
    status: str = "active",
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    languages: tuple[tuple[str, str], ...] = (),
) -> Participant:
    fields = {"organisation": programme.organisation}
    if first_name:
        fields["first_name"] = first_name
    if last_name:
        fields["last_name"] = last_name
    if email is not None:
        fields["email"] = email
    person = factories.PersonFactory(**fields)
    for code, level in languages:
        PersonLanguage.objects.create(person=person, code=code, level=level)
    return factories.ParticipantFactory(
        person=person, programme=programme, role=role, status=status
    )


def group(programme: Programme, kind: str = "intervision", name: str = "Evening group", members=()):
    made = SupportGroup.objects.create(programme=programme, kind=kind, name=name)
    made.members.set(members)
    return made


def past_session(group: SupportGroup, days_ago: int = 3, **fields) -> GroupSession:
    """A session that already took place (the services only plan sessions to come)."""
    return GroupSession.objects.create(
        group=group, starts_at=timezone.now() - timedelta(days=days_ago), **fields
    )


def soon(days: int = 7) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
