from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.community.models import GroupKind, GroupSession
from tandem.community.selectors import member_role
from tandem.core.forms import Form
from tandem.people.models import Participant


class GroupForm(Form):
    """A group's name, kind, facilitator and members (posted as participant ids)."""

    name = forms.CharField(label=_("Name of the group"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind of group"), choices=GroupKind.choices, widget=forms.RadioSelect
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("The staff member who leads the sessions."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Participant.objects.none(), required=False
    )

    def __init__(self, *args, candidates, facilitators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates
        self.fields["facilitator"].queryset = facilitators
        self.fields["facilitator"].label_from_instance = lambda u: u.name or u.email

    def current_kind(self) -> str:
        """The kind the page shows members for: the posted one, else the initial one."""
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return kind if kind in GroupKind.values else GroupKind.INTERVISION

    def selected_ids(self) -> set[int]:
        if self.is_bound:
            return {int(v) for v in self.data.getlist("members") if str(v).isdigit()}
        return {getattr(p, "pk", p) for p in self.initial.get("members", [])}

    def clean(self) -> dict:
        data = super().clean()
        kind, chosen = data.get("kind"), data.get("members")
        if kind and chosen:
            role = member_role(kind)
            if any(p.role != role for p in chosen):
                self.add_error(
                    "members",
                    _("An intervision group is for mentors only.")
                    if kind == GroupKind.INTERVISION
                    else _("An exchange group is for mentees only."),
                )
        return data


class SessionForm(Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=8 * 60,
        widget=forms.NumberInput(attrs={"step": 15}),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("An address and room, or “by video” with the link sent later."),
    )

    @classmethod
    def initial_for(cls, session: GroupSession | None) -> dict:
        if session is None:
            next_week = timezone.localdate() + timedelta(days=7)
            return {"date": next_week, "time": time(18, 0), "duration_minutes": 120}
        local = timezone.localtime(session.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": session.duration_minutes,
            "place": session.place,
        }

    def starts_at(self) -> datetime:
        moment = datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(moment)


class AttendanceForm(Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Who came"), queryset=Participant.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines on the themes discussed. No names or private details of mentees."),
    )

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members

    def selected_ids(self) -> set[int]:
        if self.is_bound:
            return {int(v) for v in self.data.getlist("present") if str(v).isdigit()}
        return {getattr(p, "pk", p) for p in self.initial.get("present", [])}
