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
def send_invitation(*, membership_id: int, new_account: bool = True) -> None:
    """Tell a member about their access, in their own language.

    A new account gets a link to choose a password; an existing one is only told of the new role
    (a password link to someone who did not ask for it would be an invitation to phishing).
    """
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    user = membership.user
    site = settings.SITE_URL.rstrip("/")
    context = {"membership": membership, "login_link": site + reverse("account_login")}
    if new_account:
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
        context["link"] = site + path
    template = "invitation" if new_account else "access_added"
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, [user.email])
