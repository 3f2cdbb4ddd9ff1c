"""Forms of the situation at entry, the status events and the mentor's news.

The pages show the fields that apply to the chosen situation only (JS-free: CSS hides the
others); the forms pass to the services only the fields that apply, so what was typed in a
section that got hidden is not saved.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form
from tandem.outcomes.models import Contract, Economy, EventType, Situation
from tandem.outcomes.services.events import ALLOWED_FIELDS, ENTRY_FLAGS, JOB_FIELDS, NOTE_MAX
from tandem.people import reference

NONE = [("", "—")]
YES_NO = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
LEVELS = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


def _yes_no(value):
    return {"true": True, "false": False}.get(value)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventDetailsForm(Form):
    """The details of a job (and an internship's employer), and a note."""

    contract = forms.ChoiceField(
        label=_("Contract"), choices=NONE + Contract.choices, required=False
    )
    full_time = forms.TypedChoiceField(
        label=_("Full-time?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        min_value=0,
        max_value=80,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    isco = forms.ChoiceField(
        label=_("Occupation (ISCO-08)"),
        required=False,
        help_text=_("Type the first letters to jump to an occupation."),
    )
    isco_skill_level = forms.TypedChoiceField(
        label=_("ISCO skill level"),
        choices=[("", _("From the occupation")), *LEVELS],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave it to follow the occupation; managers can be at level 3 or 4."),
    )
    nace = forms.ChoiceField(label=_("Sector (NACE)"), required=False)
    employer = forms.CharField(label=_("Employer"), required=False, max_length=200)
    economy = forms.ChoiceField(label=_("Economy"), choices=NONE + Economy.choices, required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_MAX)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Names in the reader's language: built per request.
        self.fields["isco"].choices = NONE + reference.isco_choices()
        self.fields["nace"].choices = NONE + reference.nace_choices()

    def service_values(self, type: str) -> dict:
        """The fields that apply to ``type`` (the others were hidden), and the note."""
        data = self.cleaned_data
        allowed = ALLOWED_FIELDS.get(type, frozenset())
        values = {name: data[name] for name in JOB_FIELDS if name in allowed}
        values["note"] = data["note"]
        return values


class EventForm(EventDetailsForm):
    """A status event: the situation first, then only the details that apply."""

    type = forms.ChoiceField(
        label=_("What is their situation?"), choices=EventType.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Since (date)"), widget=_date_input())

    field_order = ["type", "date"]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EntryProfileForm(Form):
    """The situation at entry: what the indicators start from."""

    entry_date = forms.DateField(label=_("Entered the programme on"), widget=_date_input())
    situation = forms.ChoiceField(
        label=_("Situation at entry"), choices=Situation.choices, widget=forms.RadioSelect
    )
    unemployed_since = forms.DateField(
        label=_("Unemployed since (optional)"),
        required=False,
        widget=_date_input(),
        help_text=_("Long-term unemployment is counted from this date."),
    )
    contract = forms.ChoiceField(
        label=_("Contract at entry"), choices=NONE + Contract.choices, required=False
    )
    full_time = forms.TypedChoiceField(
        label=_("Full-time at entry?"),
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    isco_skill_level = forms.TypedChoiceField(
        label=_("ISCO skill level of the job at entry"),
        choices=NONE + LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    disability = forms.BooleanField(label=_("Has a disability"), required=False)
    third_country_national = forms.BooleanField(
        label=_("Third-country national (not a citizen of an EU country)"), required=False
    )
    foreign_background = forms.BooleanField(label=_("Foreign background"), required=False)
    minority = forms.BooleanField(label=_("Belongs to a minority"), required=False)
    homeless_or_housing_exclusion = forms.BooleanField(
        label=_("Homeless or excluded from housing"), required=False
    )
    rural = forms.BooleanField(label=_("Lives in a rural area"), required=False)

    @classmethod
    def initial_for(cls, profile) -> dict:
        if profile is None:
            return {"entry_date": timezone.localdate()}
        initial = {name: getattr(profile, name) for name in cls.base_fields}
        if profile.full_time is not None:
            initial["full_time"] = "true" if profile.full_time else "false"
        return initial

    def service_values(self) -> dict:
        data = self.cleaned_data
        situation = data["situation"]
        working = situation in (Situation.EMPLOYED, Situation.SELF_EMPLOYED)
        values = {
            "entry_date": data["entry_date"],
            "situation": situation,
            "unemployed_since": data["unemployed_since"]
            if situation == Situation.UNEMPLOYED
            else None,
            "contract": data["contract"] if working else "",
            "full_time": data["full_time"] if working else None,
            "isco_skill_level": data["isco_skill_level"] if working else None,
        }
        values.update({name: data[name] for name in ENTRY_FLAGS})
        return values


# What a mentor can tell, in plain words.
MENTOR_NEWS = [
    (EventType.EMPLOYED, _("They have a job")),
    (EventType.SELF_EMPLOYED, _("They started their own business")),
    (EventType.EDUCATION_OR_TRAINING, _("They started a training or a course")),
    (EventType.INTERNSHIP, _("They started an internship")),
    (EventType.VOLUNTEERING, _("They started volunteering")),
    (EventType.QUALIFICATION_GAINED, _("They got a qualification or a diploma")),
    (EventType.DIPLOMA_RECOGNISED, _("Their diploma was recognised")),
]


class MentorNewsForm(Form):
    type = forms.ChoiceField(
        label=_("What is the news?"), choices=MENTOR_NEWS, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Since when?"), widget=_date_input())
    note = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("For example: the name of the company or the training."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
