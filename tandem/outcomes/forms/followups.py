"""Forms of the follow-ups: the coordinator recording a call, the mentee's survey and
self-assessment (big buttons to tap), and the programme's self-assessment statements."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form
from tandem.outcomes.models import Contract, Economy, EventType
from tandem.outcomes.services.surveys import SurveyAnswer
from tandem.people import reference

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
DONT_KNOW = "dont_know"


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class FollowUpRecordForm(Form):
    """What a follow-up call gave: reached (and the situation now), or not reached."""

    REACHED, UNREACHABLE = "reached", "unreachable"

    result = forms.ChoiceField(
        label=_("Did you reach them?"),
        choices=[
            (REACHED, _("Yes: record their situation now")),
            (UNREACHABLE, _("No: they could not be reached")),
        ],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date of the situation"), required=False, widget=DATE)
    type = forms.ChoiceField(
        label=_("Situation"), choices=[("", "—"), *EventType.choices], required=False
    )
    contract = forms.ChoiceField(
        label=_("Contract"), choices=[("", "—"), *Contract.choices], required=False
    )
    full_time = forms.ChoiceField(
        label=_("Full-time"), choices=[("", "—"), *YES_NO], required=False
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        min_value=0,
        max_value=80,
        decimal_places=1,
    )
    isco = forms.ChoiceField(label=_("Occupation (ISCO-08)"), required=False)
    nace = forms.ChoiceField(label=_("Sector (NACE section)"), required=False)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    economy = forms.ChoiceField(
        label=_("Economy"), choices=[("", "—"), *Economy.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Not reached: say what you tried, for example “called twice, no answer”."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["isco"].choices = [("", "—"), *reference.isco_choices()]
        self.fields["nace"].choices = [("", "—"), *reference.nace_choices()]
        self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("result") == self.REACHED:
            if not data.get("type"):
                self.add_error("type", _("Choose their situation now."))
            if not data.get("date"):
                self.add_error("date", _("Give the date."))
        return data

    @property
    def reached(self) -> bool:
        return self.cleaned_data["result"] == self.REACHED

    def event(self) -> dict:
        """The status event's values (the job details only for a job, as the service wants)."""
        data = self.cleaned_data
        event = {"date": data["date"], "type": data["type"]}
        if data["type"] in (EventType.EMPLOYED, EventType.SELF_EMPLOYED):
            event |= {
                "contract": data["contract"],
                "full_time": _yes_no(data["full_time"]),
                "hours_per_week": data["hours_per_week"],
                "isco": data["isco"],
                "nace": data["nace"],
                "employer": data["employer"],
                "economy": data["economy"],
            }
        elif data["type"] == EventType.INTERNSHIP:
            event["employer"] = data["employer"]
        return event


# --- the mentee's survey --------------------------------------------------------------------

# "What are you doing now?": the answer, its words, its shorter words for the plain mode, and
# its pictogram (decoration: the words say it all).
SITUATIONS: dict[str, tuple[str, str, str]] = {
    EventType.EMPLOYED: (_("I work for an employer"), _("I work"), "💼"),
    EventType.SELF_EMPLOYED: (_("I have my own business"), _("My own business"), "🏪"),
    EventType.JOB_SEARCHING: (_("I am looking for work"), _("I look for work"), "🔎"),
    EventType.EDUCATION_OR_TRAINING: (
        _("I go to school or follow a training"),
        _("School or course"),
        "🎓",
    ),
    EventType.INTERNSHIP: (_("I do an internship"), _("Internship"), "🧰"),
    EventType.VOLUNTEERING: (_("I do volunteer work"), _("Volunteer work"), "🤝"),
    EventType.INACTIVE: (_("None of these"), _("None of these"), "🏠"),
}
CONTRACTS = [
    (Contract.PERMANENT, _("Permanent (no end date)"), _("No end date"), "♾️"),
    (Contract.FIXED_TERM, _("Fixed-term (with an end date)"), _("With an end date"), "📅"),
    (Contract.TEMPORARY_AGENCY, _("Through a temp agency (interim)"), _("Temp agency"), "🏢"),
    (
        Contract.SUBSIDISED,
        _("A work-experience job (for example through the OCMW/CPAS)"),
        _("Work-experience job"),
        "🌱",
    ),
    (DONT_KNOW, _("I don't know"), _("I don't know"), "❓"),
]


def situation_label(value: str, plain: bool) -> str:
    words, short, _icon = SITUATIONS[value]
    return str(short if plain else words)


class SurveyDetailsForm(Form):
    """The details of a job (or of one's own business). In the plain mode only the questions
    answered with a tap: no typing."""

    contract = forms.ChoiceField(
        label=_("What kind of contract do you have?"), widget=forms.RadioSelect
    )
    full_time = forms.ChoiceField(
        label=_("Do you work full-time?"), choices=YES_NO, widget=forms.RadioSelect
    )
    hours_per_week = forms.DecimalField(
        label=_("How many hours a week do you work?"),
        required=False,
        min_value=1,
        max_value=80,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 1, "max": 80}),
    )
    job = forms.CharField(
        label=_("What is your job?"),
        required=False,
        max_length=150,
        help_text=_("For example: cook, nurse, warehouse worker."),
    )
    employer = forms.CharField(
        label=_("Where do you work? (optional)"),
        required=False,
        max_length=200,
        help_text=_("The name of the company or organisation."),
    )
    social = forms.ChoiceField(
        label=_("Is it a social enterprise (a sheltered or social-economy workplace)?"),
        choices=[*YES_NO, (DONT_KNOW, _("I don't know"))],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, situation: str, plain: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.fields["contract"].choices = [
            (value, f"{icon} {short}" if plain else words)
            for value, words, short, icon in CONTRACTS
        ]
        if plain:
            self.fields["contract"].label = _("Your contract?")
            self.fields["full_time"].label = _("Full-time?")
            self.fields["social"].label = _("A social workplace?")
            for name in ("hours_per_week", "job", "employer"):
                del self.fields[name]
        if situation == EventType.SELF_EMPLOYED:
            for name in ("contract", "employer", "social"):
                self.fields.pop(name, None)
            if "job" in self.fields:
                self.fields["job"].label = _("What is your business?")
                self.fields["job"].help_text = _("For example: hairdresser, shop, taxi.")

    def answer(self) -> SurveyAnswer:
        data = self.cleaned_data
        contract = data.get("contract", "")
        social = data.get("social", "")
        hours = data.get("hours_per_week")
        return SurveyAnswer(
            type=self.situation,
            contract="" if contract == DONT_KNOW else contract,
            full_time=_yes_no(data.get("full_time", "")),
            hours_per_week=Decimal(hours) if hours is not None else None,
            job=data.get("job", ""),
            employer=data.get("employer", ""),
            economy={"yes": Economy.SOCIAL, "no": Economy.REGULAR}.get(social, ""),
        )


# --- the self-assessment --------------------------------------------------------------------

# The plain mode puts a face beside each number (decoration: the number is the answer).
FACES = {1: "😟", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}


class SelfAssessmentForm(Form):
    """One 1–5 answer per statement, as big buttons."""

    def __init__(self, *args, statements: list[str], plain: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), f"{FACES[n]} {n}" if plain else str(n)) for n in FACES]
        for position, statement in enumerate(statements):
            self.fields[f"s{position}"] = forms.ChoiceField(
                label=statement,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a number from 1 to 5.")},
            )

    def scores(self) -> list[int]:
        return [int(self.cleaned_data[name]) for name in self.fields]


class OutcomeSettingsForm(Form):
    """The self-assessment statements per language (the service checks the line counts)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, language in settings.LANGUAGES:
            self.fields[f"self_assessment_{code}"] = forms.CharField(
                label=_("Statements (%(language)s)") % {"language": language},
                required=code == "en",
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("One statement per line.") if code == "en" else "",
            )

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"self_assessment_{code}", "")
            for code, _name in settings.LANGUAGES
        }
