"""Forms of the caseload pages: which pairs and in what order; the calendar feed buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form
from tandem.mentorships.caseload import ORDERS
from tandem.programmes.models import Programme

MINE, ALL = "mine", "all"

ORDER_LABELS = {
    "health": _("Health, worst first"),
    "quiet": _("Days since the last meeting"),
    "review": _("Next review"),
    "started": _("Started, newest first"),
    "name": _("Mentee's name"),
}


class CaseloadFilterForm(Form):
    """Read from the query string; anything invalid falls back to the default."""

    who = forms.ChoiceField(
        label=_("Pairs"),
        choices=[(MINE, _("My pairs")), (ALL, _("All running pairs"))],
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All my programmes"),
    )
    order = forms.ChoiceField(
        label=_("Sort by"), choices=[(key, ORDER_LABELS[key]) for key in ORDERS], required=False
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class CalendarFeedForm(Form):
    action = forms.ChoiceField(choices=[("create", "create"), ("revoke", "revoke")])
