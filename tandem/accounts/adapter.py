import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.http import HttpRequest

from tandem.accounts import selectors

# How long after logging in with a password a first authenticator can be set up without typing
# the password again.
ENROLMENT_GRACE_SECONDS = 300


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an organisation (an invitation), never by public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Staff are sent to set up two-factor log-in right after their first log-in; asking for
        # the password they just typed would only get in the way. Any later change to the second
        # factor (removing it, new recovery codes) still asks for the password again.
        request = self.request
        enrolling = (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and not selectors.has_mfa(request.user)
        )
        if enrolling:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < ENROLMENT_GRACE_SECONDS:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
