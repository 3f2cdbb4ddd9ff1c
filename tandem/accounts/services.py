"""Changes to users and memberships."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts import tasks
from tandem.accounts.models import Membership, Role, User
from tandem.programmes.models import Organisation, Programme


@transaction.atomic
def membership_invite(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    language: str,
    invited_by: User,
    programmes: Iterable[Programme] = (),
    affiliation: str = "",
) -> Membership:
    """Give someone a role in the organisation and e-mail them a link to choose a password.

    An existing user (same e-mail) gets the new membership; one who already has a role in this
    organisation is refused. The e-mail goes out through the task worker once this commits.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name, language=language)
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("This person already has a role in your organisation."), code="duplicate"
        )
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, affiliation=affiliation
    )
    if role == Role.COORDINATOR:
        membership.programmes.set(programmes)
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(membership_id=membership.pk))
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    role: str,
    is_active: bool,
    programmes: Iterable[Programme] = (),
    affiliation: str = "",
    changed_by: User,
) -> Membership:
    """Change a member's role, programmes or access. Admins cannot lock themselves out."""
    if membership.user_id == changed_by.pk and (role != Role.ADMIN or not is_active):
        raise ValidationError(
            _("You cannot remove your own admin role; ask another admin."), code="self"
        )
    membership.role = role
    membership.is_active = is_active
    membership.affiliation = affiliation
    membership.save(update_fields=["role", "is_active", "affiliation"])
    membership.programmes.set(programmes if role == Role.COORDINATOR else [])
    return membership
