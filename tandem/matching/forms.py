from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form, ModelForm
from tandem.matching.models import (
    Answer,
    DeclineReason,
    ExclusionReason,
    MatchingSettings,
    Side,
)
from tandem.matching.services import SETTINGS_FIELDS
from tandem.people.models import Participant
from tandem.programmes.models import Cohort


class MatchingSettingsForm(ModelForm):
    class Meta:
        model = MatchingSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 10})
            for name in SETTINGS_FIELDS
            if name.startswith("weight_")
        } | {
            "max_distance_km": forms.NumberInput(attrs={"min": 1, "max": 500}),
            "min_availability_overlap": forms.NumberInput(attrs={"min": 0, "max": 21}),
            "preferred_age_gap": forms.NumberInput(attrs={"min": 0, "max": 60}),
            "objective": forms.RadioSelect,
        }

    def clean(self) -> dict:
        data = super().clean()
        weights = [data.get(name) for name in SETTINGS_FIELDS if name.startswith("weight_")]
        if all(w is not None for w in weights) and sum(weights) == 0:
            raise ValidationError(
                _("Give at least one criterion a weight above 0, or every pair scores 0.")
            )
        return data


class RunStartForm(Form):
    cohort = forms.ModelChoiceField(
        label=_("Who to match"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Everyone in the programme who is ready"),
    )

    def __init__(self, *args, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: (
            _("Cohort %(name)s") % {"name": c.name}
        )


class PairForm(Form):
    """A mentee and a mentor of a run, by participant id (the pages post ids, never names)."""

    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Participant.objects.none())
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participant.objects.none())

    def __init__(self, *args, mentees, mentors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["mentor"].queryset = mentors
        for name in ("mentee", "mentor"):
            self.fields[name].label_from_instance = lambda p: p.person.display_name


class ExclusionForm(PairForm):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[(v, label) for v, label in ExclusionReason.choices if v != "declined"],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ProposalForm(Form):
    intro_meeting_date = forms.DateField(
        label=_("Date of the introduction meeting"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    intro_meeting_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    intro_meeting_place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("An address, or “by video” with the link sent later."),
    )
    message = forms.CharField(
        label=_("A word to both (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent as written, in the e-mail to the mentee and to the mentor."),
    )

    def intro_meeting_at(self) -> datetime:
        moment = datetime.combine(
            self.cleaned_data["intro_meeting_date"], self.cleaned_data["intro_meeting_time"]
        )
        return timezone.make_aware(moment)


class AnswerForm(Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("If no: why?"),
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer") == Answer.DECLINED and not data.get("reason"):
            self.add_error("reason", _("Choose why from the list."))
        return data


class StaffAnswerForm(AnswerForm):
    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
