"""View guards: the role a page needs. Row-level rules live in accounts.access."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tandem.accounts.models import Role

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Logged-in users acting through a membership with one of ``roles``; others get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            membership = request.membership  # type: ignore[attr-defined]
            if membership is None or (roles and membership.role not in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = role_required()
staff_required = role_required(Role.ADMIN, Role.COORDINATOR)
admin_required = role_required(Role.ADMIN)
