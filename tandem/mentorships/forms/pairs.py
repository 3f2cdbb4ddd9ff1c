"""Forms of the pair pages: the agreement and its goals, signatures, the contact person, closing,
pairing by hand and the programme's mentorship settings."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form, ModelForm
from tandem.mentorships.models import (
    Agreement,
    ClosureReason,
    MentorshipSettings,
    MentorshipStatus,
    Signatory,
)
from tandem.mentorships.services.agreements import GOALS_MAX, TERMS, GoalInput
from tandem.people.models import LifeDomain, Participant

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(ModelForm):
    class Meta:
        model = Agreement
        fields = list(TERMS)
        widgets = {
            "ends_on": DATE,
            "meetings_per_month": forms.NumberInput(attrs={"min": 1, "max": 31}),
            "review_interval_weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
            "mentor_commitments": forms.Textarea(attrs={"rows": 3}),
            "mentee_commitments": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        # The service saves and checks the terms (and clears signatures); the form only parses.
        pass


class GoalForm(Form):
    """One row of the goal list: an existing goal (id) or an empty row for a new one."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Goal"), max_length=300, required=False)
    life_domain = forms.ChoiceField(
        label=_("Life domain"), choices=[("", "—"), *LifeDomain.choices], required=False
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    ORDER = forms.IntegerField(
        label=_("Order"),
        required=False,
        min_value=1,
        max_value=GOALS_MAX,
        widget=forms.NumberInput(attrs={"min": 1, "max": GOALS_MAX, "inputmode": "numeric"}),
    )
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, started_on: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("id") and not any(
            data.get(name) for name in ("description", "life_domain", "target_date")
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors or self.is_blank() or data.get("DELETE"):
            return data
        if not data.get("description"):
            self.add_error("description", _("Write the goal in a few words."))
        if not data.get("life_domain"):
            self.add_error("life_domain", _("Choose the life domain of the goal."))
        target = data.get("target_date")
        if target is None:
            self.add_error("target_date", _("Give a target date."))
        elif target < self.started_on:
            self.add_error("target_date", _("The target date cannot be before the start."))
        return data


GoalFormSet = forms.formset_factory(GoalForm, extra=0, max_num=GOALS_MAX, absolute_max=GOALS_MAX)


def goal_formset(data, *, goals: list, started_on: date) -> forms.BaseFormSet:
    """The goal rows: each existing goal, then empty rows up to five."""
    initial = [
        {
            "id": goal.pk,
            "description": goal.description,
            "life_domain": goal.life_domain,
            "target_date": goal.target_date,
            "ORDER": position,
        }
        for position, goal in enumerate(goals, start=1)
    ]
    initial += [{} for _ in range(GOALS_MAX - len(initial))]
    return GoalFormSet(
        data, initial=initial, prefix="goals", form_kwargs={"started_on": started_on}
    )


def goal_inputs(formset: forms.BaseFormSet) -> list[GoalInput]:
    """The rows to save, in the order asked for (rows without a number keep their place)."""
    rows = [
        (form.cleaned_data.get("ORDER") or index + 1, index, form)
        for index, form in enumerate(formset.forms)
        if not form.is_blank()
    ]
    return [
        GoalInput(
            pk=form.cleaned_data.get("id"),
            description=form.cleaned_data.get("description", ""),
            life_domain=form.cleaned_data.get("life_domain", ""),
            target_date=form.cleaned_data.get("target_date"),
            remove=bool(form.cleaned_data.get("DELETE")),
        )
        for _order, _index, form in sorted(rows, key=lambda row: row[:2])
    ]


class SignForm(Form):
    signatory = forms.ChoiceField(choices=Signatory.choices, widget=forms.HiddenInput)
    on_paper = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ContactForm(Form):
    coordinator = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=None,
        required=False,
        empty_label=_("The programme's staff (no one in particular)"),
    )

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = staff
        field.label_from_instance = lambda user: user.name or user.email


class CloseForm(Form):
    status = forms.ChoiceField(
        label=_("How did it end?"),
        choices=[
            (MentorshipStatus.COMPLETED, _("Completed: the agreed period ran to its end")),
            (MentorshipStatus.ENDED_EARLY, _("Ended early")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *ClosureReason.choices])
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the reason is “Other”. Staff only read it."),
    )
    ended_on = forms.DateField(label=_("Last day"), widget=DATE)
    mentee_back_to_matching = forms.BooleanField(
        label=_("The mentee goes back to matching, first in line"),
        required=False,
        help_text=_("Only when it ended early. Otherwise the mentee leaves the programme."),
    )
    mentor_available_again = forms.BooleanField(
        label=_("The mentor is available for a new mentee"),
        required=False,
        help_text=_("They become “Ready to match” at once."),
    )

    def __init__(self, *args, mentor_busy: bool, **kwargs) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if mentor_busy:
            # The mentor has another mentee: they stay active, with a free place again.
            del self.fields["mentor_available_again"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("reason") == ClosureReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Say in a few words what happened (the reason is “Other”)."))
        if data.get("status") == MentorshipStatus.COMPLETED and data.get("mentee_back_to_matching"):
            self.add_error(
                "mentee_back_to_matching",
                _("Only a mentee whose mentorship ended early goes back to matching."),
            )
        ended_on = data.get("ended_on")
        if ended_on and ended_on > timezone.localdate():
            self.add_error("ended_on", _("The end date cannot be in the future."))
        return data


class PairCreateForm(Form):
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Participant.objects.none())
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participant.objects.none())
    started_on = forms.DateField(label=_("Start date"), widget=DATE)

    def __init__(self, *args, mentees, mentors, **kwargs) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentor"].queryset = mentors
        self.fields["mentee"].label_from_instance = _mentee_label
        self.fields["mentor"].label_from_instance = lambda p: p.person.display_name


def _mentee_label(participant: Participant) -> str:
    name = participant.person.display_name
    if participant.match_priority:
        return _("%(name)s – first in line") % {"name": name}
    return name


LANGUAGE_NAMES = {"en": _("English"), "nl": _("Dutch"), "fr": _("French")}
TRANSLATED = {
    "code_of_conduct": _("Code of conduct"),
    "mentor_commitments": _("What a mentor commits to"),
    "mentee_commitments": _("What a mentee commits to"),
}


class MentorshipSettingsForm(ModelForm):
    class Meta:
        model = MentorshipSettings
        fields = [
            *(f"{name}_{code}" for name in TRANSLATED for code in LANGUAGE_NAMES),
            "quiet_amber_intervals",
            "quiet_red_intervals",
            "review_red_after_days",
            "dropped_goal_is_amber",
            "midterm_evaluation",
            "final_evaluation",
            "evaluation_questions",
        ]
        widgets = {
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 4})
                for name in TRANSLATED
                for code in LANGUAGE_NAMES
            },
            "quiet_amber_intervals": forms.NumberInput(attrs={"min": 1, "max": 10, "step": 0.5}),
            "quiet_red_intervals": forms.NumberInput(attrs={"min": 1, "max": 10, "step": 0.5}),
            "review_red_after_days": forms.NumberInput(attrs={"min": 1, "max": 180}),
            "evaluation_questions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in TRANSLATED.items():
            for code, language in LANGUAGE_NAMES.items():
                field = self.fields[f"{name}_{code}"]
                field.label = _("%(text)s (%(language)s)") % {"text": label, "language": language}
                field.required = False

    def clean_evaluation_questions(self) -> str:
        lines = self.cleaned_data.get("evaluation_questions", "").splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())

    def clean(self) -> dict:
        data = super().clean()
        amber, red = data.get("quiet_amber_intervals"), data.get("quiet_red_intervals")
        if amber is not None and red is not None and red < amber:
            self.add_error(
                "quiet_red_intervals",
                ValidationError(
                    _(
                        "Red must come at or after amber: give at least %(amber)s meeting "
                        "intervals for red."
                    ),
                    params={"amber": amber},
                ),
            )
        return data


def sides_to_sign(signatures: dict) -> list[str]:
    """The signatories still missing, in the agreement's order."""
    return [value for value in Signatory.values if value not in signatures]


__all__ = [
    "AgreementForm",
    "CloseForm",
    "ContactForm",
    "GoalForm",
    "MentorshipSettingsForm",
    "PairCreateForm",
    "SignForm",
    "goal_formset",
    "goal_inputs",
    "sides_to_sign",
]
