from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tandem.accounts import access, selectors
from tandem.accounts.models import Role


def tandem(request: HttpRequest) -> dict:
    """What the layout needs: the active membership, the user's other ones, the role flags."""
    membership = getattr(request, "membership", None)
    context = {
        "membership": membership,
        "is_staff": access.is_staff(membership),
        "is_admin": membership is not None and membership.role == Role.ADMIN,
        "is_demo": settings.TANDEM_DEMO,
    }
    if membership is not None:
        # Evaluated once, and only by pages that show the organisation switcher.
        context["other_memberships"] = SimpleLazyObject(
            lambda: [m for m in selectors.user_memberships(request.user) if m.pk != membership.pk]
        )
    return context
