from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import ModelForm
from tandem.people import reference
from tandem.programmes.models import Cohort, Programme


class ProgrammeForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages it runs in"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    class Meta:
        model = Programme
        fields = [
            "name_en",
            "name_nl",
            "name_fr",
            "slug",
            "description_en",
            "description_nl",
            "description_fr",
            "registration_intro_en",
            "registration_intro_nl",
            "registration_intro_fr",
            "target_group",
            "languages",
            "duration_months",
            "min_meetings_per_month",
            "review_interval_weeks",
            "required_training_hours",
            "default_mentees_per_mentor",
            "is_open",
        ]
        labels = {
            "name_en": _("Name (English)"),
            "name_nl": _("Name (Dutch)"),
            "name_fr": _("Name (French)"),
            "description_en": _("Description (English)"),
            "description_nl": _("Description (Dutch)"),
            "description_fr": _("Description (French)"),
            "registration_intro_en": _("Text on the application page (English)"),
            "registration_intro_nl": _("Text on the application page (Dutch)"),
            "registration_intro_fr": _("Text on the application page (French)"),
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_nl": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "registration_intro_en": forms.Textarea(attrs={"rows": 3}),
            "registration_intro_nl": forms.Textarea(attrs={"rows": 3}),
            "registration_intro_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = reference.language_choices()
        self.fields["languages"].widget.attrs["size"] = 8
        self.fields["name_en"].required = True
        self.fields["duration_months"].widget.attrs.update(min=1, max=36)
        self.fields["default_mentees_per_mentor"].widget.attrs.update(min=1, max=3)

    def clean_duration_months(self) -> int:
        value = self.cleaned_data["duration_months"]
        if not 1 <= value <= 36:
            raise forms.ValidationError(_("A programme lasts from 1 to 36 months."))
        return value

    def clean_default_mentees_per_mentor(self) -> int:
        value = self.cleaned_data["default_mentees_per_mentor"]
        if not 1 <= value <= 3:
            raise forms.ValidationError(_("A mentor takes 1 to 3 mentees."))
        return value

    def clean_review_interval_weeks(self) -> int:
        value = self.cleaned_data["review_interval_weeks"]
        if value < 1:
            raise forms.ValidationError(_("Reviews happen at least every week or less often."))
        return value


class CohortForm(ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A cohort cannot end before it starts."))
        return data
