"""Reads about users and memberships."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from tandem.accounts import access
from tandem.accounts.models import Membership, User


def active_membership(user: AbstractBaseUser, membership_id: int | None) -> Membership | None:
    """The membership a user acts through: the one chosen in the session, else their first."""
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation", "user")
        .order_by("organisation__name", "pk")
    )
    if membership_id is not None:
        chosen = next((m for m in memberships if m.pk == membership_id), None)
        if chosen is not None:
            return chosen
    return memberships.first()


def user_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def membership_list(membership: Membership) -> QuerySet[Membership]:
    return (
        access.scope(membership, Membership)
        .select_related("user")
        .prefetch_related("programmes")
        .order_by("role", "user__name", "user__email")
    )
