"""Changes to users and memberships."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tandem.accounts import tasks
from tandem.accounts.models import Membership, Role, User
from tandem.programmes.models import Organisation, Programme


def _set_programmes(
    membership: Membership, *, all_programmes: bool, programmes: Iterable[Programme]
) -> None:
    """Only coordinators are limited to programmes; the others follow their own rules."""
    programmes = list(programmes)
    if any(p.organisation_id != membership.organisation_id for p in programmes):
        raise ValidationError({"programmes": _("Choose programmes of your organisation.")})
    coordinator = membership.role == Role.COORDINATOR
    if coordinator and not all_programmes and not programmes:
        raise ValidationError(
            {"programmes": _("Choose the programmes, or let them cover every programme.")}
        )
    membership.all_programmes = all_programmes or not coordinator
    membership.save(update_fields=["all_programmes"])
    membership.programmes.set([] if membership.all_programmes else programmes)


@transaction.atomic
def membership_invite(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    language: str,
    invited_by: User,
    all_programmes: bool = True,
    programmes: Iterable[Programme] = (),
    affiliation: str = "",
) -> Membership:
    """Give someone a role in the organisation and tell them by e-mail.

    A new user gets a link to choose a password. Someone who already has a Tandem log-in (same
    e-mail address, e.g. a coordinator working for two organisations) keeps it and is told of the
    new access, without a password link; one who already has a role here is refused. The e-mail
    goes out through the task worker once this commits.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if new_account:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=None, name=name, language=language
                )
        except IntegrityError:
            # Invited twice at the same moment: the other request created the account.
            raise ValidationError(_("Please try again."), code="race") from None
    duplicate = ValidationError(
        _("This person already has a role in your organisation."), code="duplicate"
    )
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise duplicate
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, affiliation=affiliation
            )
    except IntegrityError:
        raise duplicate from None
    _set_programmes(membership, all_programmes=all_programmes, programmes=programmes)
    transaction.on_commit(
        lambda: tasks.send_invitation.enqueue(membership_id=membership.pk, new_account=new_account)
    )
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    role: str,
    is_active: bool,
    all_programmes: bool = True,
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
    _set_programmes(membership, all_programmes=all_programmes, programmes=programmes)
    return membership
