from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Role
from tandem.core.forms import Form
from tandem.programmes.models import Programme


class MembershipFields(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    all_programmes = forms.BooleanField(
        label=_("Covers every programme"),
        required=False,
        initial=True,
        help_text=_("For coordinators: untick to limit them to the programmes chosen below."),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Assigned programmes"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    affiliation = forms.CharField(
        label=_("Works for"),
        required=False,
        max_length=200,
        help_text=_("For referral partners and employer contacts: their organisation."),
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes


class MembershipInviteForm(MembershipFields):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)
    field_order = ["name", "email", "role", "all_programmes", "programmes", "affiliation"]


class MembershipForm(MembershipFields):
    is_active = forms.BooleanField(label=_("Can log in"), required=False)
