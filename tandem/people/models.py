"""Persons known to an organisation, and their participation in programmes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.programmes.models import Cohort, Organisation, Programme


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    PREFERS_NOT_TO_SAY = "prefers_not_to_say", _("Prefers not to say")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class LanguageLevel(models.TextChoices):
    """CEFR levels, with 'native' as the highest."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


LEVEL_ORDER = {level: rank for rank, level in enumerate(LanguageLevel.values)}


class Isced(models.IntegerChoices):
    """ISCED 2011 levels of education."""

    EARLY_CHILDHOOD = 0, _("0 – Less than primary education")
    PRIMARY = 1, _("1 – Primary education")
    LOWER_SECONDARY = 2, _("2 – Lower secondary education")
    UPPER_SECONDARY = 3, _("3 – Upper secondary education")
    POST_SECONDARY = 4, _("4 – Post-secondary non-tertiary education")
    SHORT_TERTIARY = 5, _("5 – Short-cycle tertiary education")
    BACHELOR = 6, _("6 – Bachelor's or equivalent")
    MASTER = 7, _("7 – Master's or equivalent")
    DOCTORAL = 8, _("8 – Doctoral or equivalent")


class Person(models.Model):
    """One human known to an organisation, whatever their role in its programmes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="persons")
    # The log-in of a mentor or mentee who uses the portal; most persons have none.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.PREFERS_NOT_TO_SAY
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_channel = models.CharField(
        _("preferred contact channel"),
        max_length=10,
        choices=ContactChannel.choices,
        default=ContactChannel.PHONE,
    )
    country_of_origin = models.CharField(
        _("country of origin"), max_length=2, blank=True, help_text=_("ISO 3166 code")
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    education_level = models.PositiveSmallIntegerField(
        _("education level (ISCED)"), choices=Isced.choices, null=True, blank=True
    )
    sectors = models.JSONField(
        _("sectors of experience"), default=list, blank=True, help_text=_("NACE sections")
    )
    occupation = models.CharField(
        _("occupation (ISCO-08)"), max_length=4, blank=True, help_text=_("ISCO-08 group code")
    )
    interests = models.JSONField(_("interests"), default=list, blank=True)
    availability = models.JSONField(
        _("weekly availability"), default=list, blank=True, help_text=_("e.g. mon-am, wed-eve")
    )
    # Matching keeps pairs within this distance of home (great-circle, from the postcode).
    max_distance_km = models.PositiveSmallIntegerField(
        _("travels at most (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How far from home they can go to meet. Empty: no limit of their own."),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_persons",
        verbose_name=_("referred by"),
    )
    # Names, contact details and place, folded (lower case, no accents) for search; kept up to
    # date by people.services.
    search_text = models.TextField(blank=True, editable=False)
    # Keys to find possible duplicates: the phone's last 9 digits (so +32 470 … and 0470 …
    # match) and the folded full name.
    phone_key = models.CharField(max_length=9, blank=True, editable=False)
    name_key = models.CharField(max_length=201, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["organisation", "email"]),
            models.Index(fields=["organisation", "phone"]),
            models.Index(fields=["organisation", "phone_key"]),
            models.Index(fields=["organisation", "name_key", "birth_year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="one_person_per_user_in_organisation",
                violation_error_message=_("This log-in already belongs to another person."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_plausible",
                violation_error_message=_("The year of birth must be between 1900 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(education_level__isnull=True) | Q(education_level__lte=8),
                name="person_isced_0_to_8",
                violation_error_message=_("The education level is an ISCED level from 0 to 8."),
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__isnull=True)
                | Q(max_distance_km__gte=1, max_distance_km__lte=500),
                name="person_max_distance_1_to_500",
                violation_error_message=_("The distance is from 1 to 500 km."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()


class PersonLanguage(models.Model):
    """A language a person speaks (ISO 639 code) and how well."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=3)
    level = models.CharField(_("level"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["person", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code"],
                name="one_level_per_language",
                violation_error_message=_("Each language can be listed only once."),
            ),
            models.CheckConstraint(
                condition=Q(level__in=LanguageLevel.values),
                name="language_level_valid",
                violation_error_message=_("Choose a level for this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.level}"


class ParticipantStatus(models.TextChoices):
    """The steps of the intake pipeline; people.pipeline says which moves are allowed."""

    APPLIED = "applied", _("Applied")
    INTAKE_PLANNED = "intake_planned", _("Intake planned")
    INTAKE_DONE = "intake_done", _("Intake done")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    ON_HOLD = "on_hold", _("On hold")
    IN_TRAINING = "in_training", _("In training")
    READY_TO_MATCH = "ready_to_match", _("Ready to match")
    MATCHED = "matched", _("Matched")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DropOutReason(models.TextChoices):
    """Why someone leaves before the end: a fixed list (for figures) next to the free text."""

    FOUND_WORK = "found_work", _("Found work")
    EDUCATION = "education", _("Chose education or training")
    MOVED = "moved", _("Moved away")
    NOT_REACHABLE = "not_reachable", _("Not reachable")
    NO_TIME = "no_time", _("No time (work or other commitments)")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family or care")
    NOT_INTERESTED = "not_interested", _("No longer interested")
    OTHER = "other", _("Other")


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class MentorGenderWish(models.TextChoices):
    """A mentee's wish for a mentor of a given gender: matching then only suggests such mentors."""

    WOMAN = "woman", _("A woman")
    MAN = "man", _("A man")


class Participant(models.Model):
    """A person taking part in one programme as mentor or mentee."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("cohort"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    # The moves between statuses live in people.pipeline.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.APPLIED,
    )
    status_changed_at = models.DateTimeField(_("status since"))
    application_note = models.TextField(
        _("in their own words"),
        blank=True,
        help_text=_("What they wrote when applying: their hopes, their experience."),
    )
    # Mentees only: matching suggests only mentors of this gender.
    mentor_gender_wish = models.CharField(
        _("wishes a mentor who is"),
        max_length=10,
        choices=MentorGenderWish.choices,
        blank=True,
        help_text=_("Only for mentees. Empty: no wish."),
    )
    # Mentors only: how many mentees at the same time; empty follows the programme's default.
    capacity = models.PositiveSmallIntegerField(
        _("mentees at the same time"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_(
            "Only for mentors, 1 to 3. Empty: the programme's number of mentees per mentor."
        ),
    )
    # Mentees only: set when a mentorship ended early and they went back to "ready to match";
    # the waiting list and matching put them first. Cleared when they are matched again.
    match_priority = models.BooleanField(
        _("match first"),
        default=False,
        help_text=_(
            "Their last mentorship ended early: the waiting list and matching put them first."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "role", "person__last_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["programme", "role", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme", "role"],
                name="one_participation_per_role",
                violation_error_message=_(
                    "This person already takes part in this programme in this role."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ParticipantStatus.values),
                name="participant_status_valid",
                violation_error_message=_("Choose one of the pipeline steps."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="participant_role_valid",
                violation_error_message=_("Choose mentor or mentee."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=3),
                name="participant_capacity_1_to_3",
                violation_error_message=_("A mentor takes 1 to 3 mentees."),
            ),
            models.CheckConstraint(
                condition=Q(mentor_gender_wish__in=["", *MentorGenderWish.values]),
                name="participant_mentor_gender_wish_valid",
                violation_error_message=_("Choose a woman, a man, or no wish."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.programme})"

    def get_absolute_url(self) -> str:
        return reverse("people:participant_detail", args=[self.pk])

    @property
    def mentee_capacity(self) -> int:
        """How many mentees a mentor takes at the same time (their own number or the
        programme's)."""
        return self.capacity or self.programme.default_mentees_per_mentor


class StatusChange(models.Model):
    """One dated move of a participant through the pipeline: who, when, why."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ParticipantStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ParticipantStatus.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    drop_out_reason = models.CharField(
        _("drop-out reason"), max_length=20, choices=DropOutReason.choices, blank=True
    )

    class Meta:
        ordering = ["participant", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


class ConsentPurpose(models.TextChoices):
    """What a person can agree to, each on its own and each withdrawable at any time."""

    PROGRAMME = "programme", _("Taking part in the programme")
    MATCH_PROFILE = "match_profile", _("Sharing a limited profile with their mentor or mentee")
    EMPLOYERS = "employers", _("Sharing a profile with employers")
    FOLLOW_UP = "follow_up", _("Being contacted for follow-up after leaving")
    RESEARCH = "research", _("Pseudonymised use for research and funder reports")


class ConsentChannel(models.TextChoices):
    ONLINE_FORM = "online_form", _("Online registration form")
    PORTAL = "portal", _("In their own Tandem page")
    PAPER = "paper", _("Signed on paper")
    IN_PERSON = "in_person", _("Said in person or by phone, recorded by staff")
    REFERRAL = "referral", _("Given to the referral partner")


class Consent(models.Model):
    """One agreement of a person to one purpose: which text they saw, when, how, recorded by whom.

    A withdrawal keeps the row (the history is evidence) and ends it; people.consent.granted()
    is the only way code asks whether a consent holds.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("text version"), max_length=20)
    channel = models.CharField(_("how"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["person", "purpose", "-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "purpose", "withdrawn_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_consent_per_purpose",
                violation_error_message=_("This consent has already been given."),
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values),
                name="consent_purpose_valid",
                violation_error_message=_("Choose one of the purposes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_purpose_display()}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Received, not yet decided")
    ACCEPTED = "accepted", _("Accepted into the programme")
    CLOSED = "closed", _("Not taken up")


class Referral(models.Model):
    """A partner organisation proposing a candidate for a programme.

    The partner sees the status of their own referrals (and the participant's pipeline step once
    accepted), never the intake notes.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("programme")
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    partner_organisation = models.CharField(_("referring organisation"), max_length=200)
    note = models.TextField(
        _("why this programme"),
        blank=True,
        help_text=_("What the coordinator should know: the person's situation and wishes."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Told to the partner: a short, non-confidential reason when a referral is not taken up.
    decision_reason = models.CharField(_("reason given to the partner"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values),
                name="referral_status_valid",
                violation_error_message=_("Choose one of the referral statuses."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.programme}"


class LifeDomain(models.TextChoices):
    """Where a mentee may need support: work and everything around it."""

    WORK = "work", _("Work")
    LANGUAGE = "language", _("Language")
    DIPLOMAS = "diplomas", _("Recognition of diplomas")
    HOUSING = "housing", _("Housing")
    ADMINISTRATION = "administration", _("Administration and money")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family")
    MOBILITY = "mobility", _("Mobility")
    SOCIAL_NETWORK = "social_network", _("Social network")


class RightToWork(models.TextChoices):
    FULL = "full", _("Full access to the labour market")
    LIMITED = "limited", _("Limited access (a permit or conditions apply)")
    PENDING = "pending", _("Procedure pending")
    NONE = "none", _("No right to work at present")
    UNKNOWN = "unknown", _("Not known yet")


class LabourMarketStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed, looking for work")
    INACTIVE = "inactive", _("Not working and not looking (yet)")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    IN_EDUCATION = "in_education", _("In education or training")
    RETIRED = "retired", _("Retired")


class Intake(models.Model):
    """The intake interview of a participant. Special-category data: coordinators only."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="intakes")
    held_on = models.DateField(_("date of the interview"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    motivation = models.TextField(_("motivation"), blank=True)
    goals = models.TextField(_("goals, in their own words"), blank=True)
    languages_checked = models.BooleanField(
        _("language levels checked in the interview"), default=False
    )
    needs = models.JSONField(_("needs support with"), default=list, blank=True)
    needs_note = models.TextField(_("about these needs"), blank=True)
    labour_market_status = models.CharField(
        _("situation on the labour market"),
        max_length=20,
        choices=LabourMarketStatus.choices,
        blank=True,
    )
    right_to_work = models.CharField(
        _("right to work"),
        max_length=10,
        choices=RightToWork.choices,
        default=RightToWork.UNKNOWN,
        help_text=_("Seen by coordinators only, never by mentors or partners."),
    )
    notes = models.TextField(_("interviewer's notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "-held_on", "-pk"]
        verbose_name = _("intake interview")
        verbose_name_plural = _("intake interviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(right_to_work__in=RightToWork.values),
                name="intake_right_to_work_valid",
                violation_error_message=_("Choose one of the answers about the right to work."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.held_on}"


class EligibilityRules(models.Model):
    """Who a programme takes, per role, as coordinators set it (every rule may be left empty).

    people.eligibility evaluates them and explains each outcome; a coordinator decides and may
    override with a reason.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    labour_market_statuses = models.JSONField(
        _("situations on the labour market it takes"),
        default=list,
        blank=True,
        help_text=_("Empty: any situation."),
    )
    right_to_work_required = models.BooleanField(_("right to work required"), default=False)
    min_language_level = models.CharField(
        _("minimum level in one of the programme's languages"),
        max_length=6,
        choices=LanguageLevel.choices,
        blank=True,
    )
    postcodes = models.CharField(
        _("lives in these postcodes"),
        max_length=500,
        blank=True,
        help_text=_("Postcodes and ranges, e.g. 1000-1210, 1930. Empty: anywhere."),
    )

    class Meta:
        verbose_name = _("eligibility rules")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "role"],
                name="one_rule_set_per_programme_role",
                violation_error_message=_("This programme already has rules for this role."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="eligibility_min_age_below_max",
                violation_error_message=_("The minimum age cannot be above the maximum age."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_role_display()}"


class TrainingSession(models.Model):
    """Mentor training attended: counted against the programme's required hours."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="training_sessions"
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["participant", "held_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="training_hours_0_to_24",
                violation_error_message=_("A session lasts more than 0 and at most 24 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic} ({self.hours} h)"


class ScreeningKind(models.TextChoices):
    REFERENCES = "references", _("References checked")
    GOOD_CONDUCT = "good_conduct", _("Certificate of good conduct")


class ScreeningCheck(models.Model):
    """A screening of a mentor before matching, with its date and outcome."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="screening_checks"
    )
    kind = models.CharField(_("check"), max_length=20, choices=ScreeningKind.choices)
    checked_on = models.DateField(_("date"))
    passed = models.BooleanField(_("in order"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["participant", "kind", "-checked_on", "-pk"]
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ScreeningKind.values),
                name="screening_kind_valid",
                violation_error_message=_("Choose one of the checks."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_on}"


class PersonMerge(models.Model):
    """The trace of two records of one person merged into one: who, when, and what was merged."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=201)
    merged_email = models.CharField(max_length=254, blank=True)
    merged_phone = models.CharField(max_length=30, blank=True)
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kept", "-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.kept}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, columns to choose")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Checking and saving")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportJob(models.Model):
    """One spreadsheet import: the file (kept only until it is imported), the chosen columns,
    and what came of it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=10, choices=ParticipantRole.choices, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # The language of whoever uploaded it: row errors are written in it by the worker.
    language = models.CharField(max_length=8, default="en")
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    # [[row number, [messages]], ...] for the rows that stop the import.
    errors = models.JSONField(default=list)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class ImportPreset(models.Model):
    """A saved column mapping ("last year's Excel"), reused for the next file of that shape."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(default=dict)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="one_preset_name_per_organisation",
                violation_error_message=_("A preset with this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name
