"""The period picker of the dashboards and the funder report's choices."""

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form
from tandem.programmes.models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Figures over more than ten years mean a typing error, and would only cost the server.
LONGEST_PERIOD_DAYS = 3660
EARLIEST = date(2000, 1, 1)


def this_year(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


class PeriodForm(Form):
    """A period (both days counted). Empty means this calendar year."""

    period_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict:
        data = super().clean()
        start, end = this_year()
        start = data.get("period_from") or start
        end = data.get("period_to") or end
        if self.errors:
            return data
        if start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if start < EARLIEST or end.year > timezone.localdate().year + 10:
            raise forms.ValidationError(
                _("Choose dates between the year 2000 and ten years ahead.")
            )
        if (end - start).days > LONGEST_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of ten years or less."))
        data["period_from"], data["period_to"] = start, end
        return data

    def period(self) -> tuple[date, date]:
        """The valid period, or this year when the input was refused."""
        if self.is_valid():
            return self.cleaned_data["period_from"], self.cleaned_data["period_to"]
        return this_year()


class ReportForm(PeriodForm):
    """The funder report: which programmes (none chosen: all the reader covers), the period,
    and the day the six-month results are counted up to."""

    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none for all your programmes."),
    )
    as_of = forms.DateField(
        label=_("Counted up to"),
        required=False,
        widget=DATE,
        help_text=_("Six-month results count only when the six months are over by this day."),
    )

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes
        self.all_programmes = programmes

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        as_of = data.get("as_of") or timezone.localdate()
        if as_of < data["period_from"]:
            raise forms.ValidationError(_("Count up to a day after the period starts."))
        data["as_of"] = as_of
        chosen = data.get("programmes")
        data["programmes"] = list(chosen) if chosen else list(self.all_programmes)
        return data
