"""Users and their memberships of organisations."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.programmes.models import Organisation, Programme


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can log in. What they may see comes from their memberships only."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Chosen by the user (the language switcher) or at the invitation; empty: follow the browser.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    COORDINATOR = "coordinator", _("Coordinator")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    EMPLOYER_CONTACT = "employer_contact", _("Employer contact")
    REFERRAL_PARTNER = "referral_partner", _("Referral partner")


STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


class Membership(models.Model):
    """A user's role in one organisation. A user has at most one role per organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A coordinator either covers every programme (now and future ones) or only those listed.
    all_programmes = models.BooleanField(_("covers every programme"), default=True)
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="assigned_memberships",
        verbose_name=_("assigned programmes"),
    )
    # For referral partners: the partner organisation they work for (a welfare office, an NGO).
    affiliation = models.CharField(_("works for"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "role", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="one_membership_per_organisation",
                violation_error_message=_("This person already has a role in your organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="membership_role_valid",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES
