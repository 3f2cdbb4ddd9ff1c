from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User
from tandem.core.forms import Form, ModelForm
from tandem.people import consent, gazetteer, reference
from tandem.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ContactChannel,
    DropOutReason,
    EligibilityRules,
    LabourMarketStatus,
    LanguageLevel,
    LifeDomain,
    MentorGenderWish,
    ParticipantRole,
    ParticipantStatus,
    Person,
    RightToWork,
    ScreeningKind,
)
from tandem.people.services.persons import PERSON_FIELDS
from tandem.programmes.models import Cohort, Programme


class AvailabilityWidget(forms.CheckboxSelectMultiple):
    """Day × part-of-day as a grid of checkboxes (easier to read than a list of 21)."""

    template_name = "people/widgets/availability.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected = set(value or [])
        context["widget"]["rows"] = [
            (
                day_label,
                [
                    (f"{day}-{part}", part_label, f"{day}-{part}" in selected)
                    for part, part_label in reference.PARTS_OF_DAY
                ],
            )
            for day, day_label in reference.DAYS
        ]
        context["widget"]["parts"] = reference.PARTS_OF_DAY
        return context


class PersonForm(ModelForm):
    country_of_origin = forms.ChoiceField(label=_("Country of origin"), required=False)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors of experience"), required=False, widget=forms.CheckboxSelectMultiple
    )
    occupation = forms.ChoiceField(label=_("Occupation (ISCO-08)"), required=False)
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        help_text=_("Separate with commas, e.g. football, cooking, music."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Weekly availability"), required=False, widget=AvailabilityWidget
    )
    referred_by = forms.ModelChoiceField(
        label=_("Referred by"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (came by themselves)"),
        help_text=_("The referral partner then sees where this person stands, nothing more."),
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "max_distance_km": forms.NumberInput(attrs={"min": 1, "max": 500}),
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, referral_partners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referred_by"].queryset = referral_partners
        self.fields["referred_by"].label_from_instance = lambda user: (
            f"{user.name or user.email} ({user.affiliation})" if user.affiliation else str(user)
        )
        self.fields["country_of_origin"].choices = [("", "—"), *reference.country_choices()]
        self.fields["sectors"].choices = reference.nace_choices()
        self.fields["occupation"].choices = [("", "—"), *reference.isco_choices()]
        self.fields["availability"].choices = [(s, s) for s in reference.SLOTS]
        self.fields["education_level"].choices = [
            ("", "—"),
            *self.fields["education_level"].choices[1:],
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["interests"] = ", ".join(self.instance.interests)

    def clean_interests(self) -> list[str]:
        raw = self.cleaned_data.get("interests") or ""
        seen: dict[str, str] = {}
        for item in raw.split(","):
            item = " ".join(item.split())
            if item:
                seen.setdefault(item.casefold(), item[:60])
        return list(seen.values())[:20]

    def clean_postcode(self) -> str:
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if postcode and not gazetteer.localities(postcode):
            raise ValidationError(_("This postcode is not in the list we know."))
        return postcode

    def clean(self) -> dict:
        data = super().clean()
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        postcode = data.get("postcode")
        if postcode:
            choices = gazetteer.localities(postcode)
            name = data.get("municipality", "")
            if len(choices) > 1 and not gazetteer.find(postcode, name):
                self.add_error(
                    "municipality",
                    _("Choose one of: %(names)s.") % {"names": ", ".join(c.name for c in choices)},
                )
        return data


class LanguageForm(Form):
    code = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "—"), *reference.language_choices()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("code") and not data.get("level"):
            self.add_error("level", _("Choose a level for this language."))
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        codes = [f.cleaned_data.get("code") for f in self.forms if f.cleaned_data.get("code")]
        if len(codes) != len(set(codes)):
            raise ValidationError(_("Each language can be listed only once."))

    def languages(self) -> list[tuple[str, str]]:
        return [
            (f.cleaned_data["code"], f.cleaned_data["level"])
            for f in self.forms
            if f.cleaned_data.get("code") and not f.cleaned_data.get("DELETE")
        ]


LanguageFormSet = forms.formset_factory(
    LanguageForm, formset=BaseLanguageFormSet, extra=2, max_num=12, can_delete=False
)


class MatchingPreferencesMixin(forms.Form):
    """What matching needs to know about one participation, beyond the person's details."""

    mentor_gender_wish = forms.ChoiceField(
        label=_("Wishes a mentor who is"),
        choices=[("", _("No wish")), *MentorGenderWish.choices],
        required=False,
        help_text=_("Only for mentees: matching then suggests only such mentors."),
    )
    capacity = forms.IntegerField(
        label=_("Mentees at the same time"),
        min_value=1,
        max_value=3,
        required=False,
        help_text=_(
            "Only for mentors, 1 to 3. Empty: the programme's number of mentees per mentor."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        role = data.get("role") or getattr(self, "role", "")
        if role == ParticipantRole.MENTOR and data.get("mentor_gender_wish"):
            self.add_error("mentor_gender_wish", _("Only a mentee can wish for a mentor."))
        if role == ParticipantRole.MENTEE and data.get("capacity"):
            self.add_error("capacity", _("Only a mentor takes mentees."))
        return data


class ParticipantForm(MatchingPreferencesMixin, Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False
    )
    field_order = ["programme", "role", "cohort", "mentor_gender_wish", "capacity"]

    def __init__(self, *args, programmes, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["cohort"].queryset = cohorts.select_related("programme")
        self.fields["cohort"].label_from_instance = lambda c: f"{c.programme} – {c.name}"


class ParticipantEditForm(MatchingPreferencesMixin, Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False
    )
    field_order = ["cohort", "mentor_gender_wish", "capacity"]

    def __init__(self, *args, role: str, cohorts, **kwargs) -> None:
        self.role = role
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        if role == ParticipantRole.MENTOR:
            del self.fields["mentor_gender_wish"]
        else:
            del self.fields["capacity"]


class MoveForm(Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=ParticipantStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    drop_out_reason = forms.ChoiceField(
        label=_("Drop-out reason"),
        choices=[("", "—"), *DropOutReason.choices],
        required=False,
        help_text=_("Only when withdrawing."),
    )
    override = forms.BooleanField(label=_("Override the eligibility rules"), required=False)


class PersonFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *ParticipantRole.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ParticipantStatus.choices],
        required=False,
    )
    language = forms.ChoiceField(label=_("Speaks"), required=False)

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["language"].choices = [("", _("Any language")), *reference.language_choices()]


class ConsentForm(Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("How was it given?"),
        choices=[
            (c, label)
            for c, label in ConsentChannel.choices
            if c in (ConsentChannel.PAPER, ConsentChannel.IN_PERSON)
        ],
    )


class ReferralForm(Form):
    """What a referral partner tells about a candidate: enough to contact them, no more."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    contact_channel = forms.ChoiceField(
        label=_("Preferred contact channel"), choices=ContactChannel.choices
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=2100
    )
    language = forms.ChoiceField(label=_("Language they speak best"), required=False)
    note = forms.CharField(
        label=_("Why this programme"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Their situation and wishes, in a few lines. No medical details."),
    )
    consents = forms.MultipleChoiceField(
        label=_("The candidate agrees to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ConsentPurpose.PROGRAMME],
        help_text=_("Only tick what the candidate told you they agree to."),
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["language"].choices = [("", "—"), *reference.language_choices()]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise ValidationError(_("Give a phone number or an e-mail address to reach them."))
        if ConsentPurpose.PROGRAMME not in data.get("consents", []):
            self.add_error(
                "consents", _("The candidate must agree to take part before being referred.")
            )
        return data

    def person_fields(self) -> dict:
        names = ("first_name", "last_name", "phone", "email", "contact_channel", "birth_year")
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data[name]}

    def languages(self) -> list[tuple[str, str]]:
        code = self.cleaned_data.get("language")
        return [(code, LanguageLevel.NATIVE)] if code else []


class ReferralAcceptForm(Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False
    )

    def __init__(self, *args, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class ReferralCloseForm(Form):
    reason = forms.CharField(
        label=_("Reason given to the partner"),
        max_length=300,
        help_text=_("Short and not confidential, e.g. “lives outside the region”."),
    )


# What the public form asks; sharing with a mentor or with employers is asked later, at intake,
# when the person knows what it means.
APPLICATION_CONSENTS = (ConsentPurpose.PROGRAMME, ConsentPurpose.FOLLOW_UP, ConsentPurpose.RESEARCH)


class ApplicationForm(Form):
    """The public application: few fields, plain words, works on a phone."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_channel = forms.ChoiceField(
        label=_("How do you want us to contact you?"), choices=ContactChannel.choices
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    language = forms.ChoiceField(label=_("The language you speak best"))
    dutch = forms.ChoiceField(label=_("Your Dutch"), required=False)
    french = forms.ChoiceField(label=_("Your French"), required=False)
    note = forms.CharField(
        label=_("What do you hope for?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consents = forms.MultipleChoiceField(
        label=_("I agree"), widget=forms.CheckboxSelectMultiple, required=False
    )
    # A field people never see; robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, role: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *reference.language_choices()]
        levels = [("", _("I do not speak it")), *LanguageLevel.choices]
        self.fields["dutch"].choices = self.fields["french"].choices = levels
        self.fields["consents"].choices = [
            (purpose, consent.text_for(purpose).text)
            for purpose in (
                ConsentPurpose.PROGRAMME,
                ConsentPurpose.FOLLOW_UP,
                ConsentPurpose.RESEARCH,
            )
        ]
        if role == ParticipantRole.MENTOR:
            self.fields["note"].label = _("Your work experience, and why you want to be a mentor")

    def clean_postcode(self) -> str:
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if postcode and not gazetteer.localities(postcode):
            raise ValidationError(_("This postcode is not in the list we know."))
        return postcode

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise ValidationError(
                _("Give a phone number or an e-mail address so we can reach you.")
            )
        if ConsentPurpose.PROGRAMME not in data.get("consents", []):
            self.add_error("consents", _("To apply, you must agree to take part."))
        return data

    def person_fields(self) -> dict:
        names = ("first_name", "last_name", "phone", "email", "contact_channel", "birth_year")
        fields = {name: self.cleaned_data[name] for name in names if self.cleaned_data[name]}
        postcode = self.cleaned_data.get("postcode")
        if postcode:
            # A shared postcode takes its first locality; the coordinator corrects it at intake.
            fields["postcode"] = postcode
            fields["municipality"] = gazetteer.localities(postcode)[0].name
        return fields

    def languages(self) -> list[tuple[str, str]]:
        chosen = {self.cleaned_data["language"]: LanguageLevel.NATIVE}
        for code, field in (("nl", "dutch"), ("fr", "french")):
            if self.cleaned_data.get(field):
                chosen.setdefault(code, self.cleaned_data[field])
        return list(chosen.items())


class IntakeForm(Form):
    held_on = forms.DateField(
        label=_("Date of the interview"), widget=forms.DateInput(attrs={"type": "date"})
    )
    motivation = forms.CharField(
        label=_("Motivation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.CharField(
        label=_("Goals, in their own words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    languages_checked = forms.BooleanField(
        label=_("Language levels checked in the interview"),
        required=False,
        help_text=_("Correct the levels on the person's page if needed."),
    )
    labour_market_status = forms.ChoiceField(
        label=_("Situation on the labour market"),
        choices=[("", "—"), *LabourMarketStatus.choices],
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs support with"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_note = forms.CharField(
        label=_("About these needs"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    right_to_work = forms.ChoiceField(
        label=_("Right to work"),
        choices=RightToWork.choices,
        initial=RightToWork.UNKNOWN,
        help_text=_("Seen by coordinators only, never by mentors or partners."),
    )
    notes = forms.CharField(
        label=_("Interviewer's notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, role: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if role != ParticipantRole.MENTEE:
            # The right to work is asked of mentees only.
            del self.fields["right_to_work"]


class EligibilityRulesForm(ModelForm):
    labour_market_statuses = forms.MultipleChoiceField(
        label=_("Situations on the labour market it takes"),
        choices=LabourMarketStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any situation."),
    )

    class Meta:
        model = EligibilityRules
        fields = [
            "min_age",
            "max_age",
            "labour_market_statuses",
            "right_to_work_required",
            "min_language_level",
            "postcodes",
        ]

    def clean_postcodes(self) -> str:
        from tandem.people.eligibility import parse_postcodes

        text = self.cleaned_data.get("postcodes", "")
        try:
            parse_postcodes(text)
        except ValueError:
            raise ValidationError(
                _("Write postcodes and ranges separated by commas, e.g. 1000-1210, 1930.")
            ) from None
        return text


class TrainingForm(Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=24, decimal_places=1
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)


class ScreeningForm(Form):
    kind = forms.ChoiceField(label=_("Check"), choices=ScreeningKind.choices)
    checked_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    passed = forms.BooleanField(label=_("In order"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportUploadForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV or Excel (.xlsx), one person per row, with a header row. Up to 10 MB."),
    )
    programme = forms.ModelChoiceField(
        label=_("Also add them to a programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("No, only add the people"),
    )
    role = forms.ChoiceField(
        label=_("As"), choices=ParticipantRole.choices, initial=ParticipantRole.MENTEE
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class ImportMappingForm(Form):
    """Which column holds what: one choice per field, prefilled from the header names."""

    preset_name = forms.CharField(
        label=_("Save these choices as"),
        required=False,
        max_length=100,
        help_text=_("Give a name to reuse them for the next file of this shape."),
    )

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        from tandem.people.imports import FIELDS, REQUIRED

        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)")), *((h, h) for h in headers)]
        for name, (label, _names) in FIELDS.items():
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=name in REQUIRED
            )
        self.order_fields([f"col_{name}" for name in FIELDS] + ["preset_name"])

    def mapping(self) -> dict[str, str]:
        return {
            name[4:]: header
            for name, header in self.cleaned_data.items()
            if name.startswith("col_") and header
        }
