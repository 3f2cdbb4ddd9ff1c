"""Background work of the accounts app, run by the task worker."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.accounts.models import Membership


@task()
def send_invitation(*, membership_id: int) -> None:
    """E-mail a new member a link to choose their password, in their own language."""
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    user = membership.user
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        context = {
            "membership": membership,
            "link": settings.SITE_URL.rstrip("/") + path,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
