"""Forms of what a pair does: meetings, reviews, evaluations, "I need help".

Made for a phone and for people who rarely use a computer: answers are big buttons (radio
buttons and check boxes drawn as chips), few fields are required, and the defaults fit the
usual case (today, one hour, in person).
"""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core.forms import Form
from tandem.mentorships.models import Goal, GoalStatus, MeetingMode, MeetingStatus
from tandem.people.models import LifeDomain

HELD, PLANNED = MeetingStatus.HELD, MeetingStatus.PLANNED
DURATIONS = [
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("Half a day")),
]


def _minutes_label(minutes: int) -> str:
    return _("%(count)s minutes") % {"count": minutes}


class MeetingForm(Form):
    """One meeting: logged ("held") or planned. The page shows the fields of its kind."""

    kind = forms.ChoiceField(
        choices=[(HELD, _("It happened")), (PLANNED, _("Plan a meeting"))],
        widget=forms.HiddenInput,
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long?"), coerce=int, choices=DURATIONS, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(
        label=_("How did you meet?"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    appointment = forms.CharField(
        label=_("Where did you go together?"),
        required=False,
        max_length=200,
        help_text=_("Only when you went to an appointment: for example the welfare office."),
    )
    place = forms.CharField(
        label=_("Where do you meet?"),
        required=False,
        max_length=200,
        help_text=_("An address or a place you both know. Not needed for a phone or video call."),
    )
    topics = forms.MultipleChoiceField(
        label=_("What did you talk about? (optional)"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("You, your mentor or mentee, and the coordinator can read it."),
    )
    private_note = forms.CharField(
        label=_("A note only for the coordinator (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your mentor or mentee never sees it."),
    )

    def __init__(self, *args, kind: str = HELD, meeting=None, **kwargs) -> None:
        if meeting is None and not kwargs.get("initial"):
            kwargs["initial"] = self.defaults(kind)
        super().__init__(*args, **kwargs)
        if meeting is not None and meeting.duration_minutes not in dict(DURATIONS):
            # A length recorded elsewhere (e.g. 45 minutes) stays choosable when editing.
            self.fields["duration_minutes"].choices = sorted(
                [*DURATIONS, (meeting.duration_minutes, _minutes_label(meeting.duration_minutes))]
            )
        if kind == PLANNED:
            self.fields["mode"].label = _("How will you meet?")
            self.fields["appointment"].label = _("Where will you go together?")

    @staticmethod
    def defaults(kind: str) -> dict:
        """Today, an hour ago, for one hour, in person; a plan: next week at this hour."""
        now = timezone.localtime()
        if kind == PLANNED:
            start = (now + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
        else:
            start = now - timedelta(hours=1)
            start = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
        return {
            "kind": kind,
            "date": start.date(),
            "time": start.time(),
            "duration_minutes": 60,
            "mode": MeetingMode.IN_PERSON,
        }

    @staticmethod
    def initial_for(meeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {
            "kind": HELD if meeting.status == HELD else PLANNED,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "mode": meeting.mode,
            "appointment": meeting.appointment,
            "place": meeting.place,
            "topics": meeting.topics,
            "shared_note": meeting.shared_note,
        }

    def starts_at(self) -> datetime:
        moment = datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(moment)

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": self.starts_at(),
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "appointment": data["appointment"],
        }


class ReviewForm(Form):
    """One status and a line of comment per goal, and a word on how it goes overall."""

    note = forms.CharField(
        label=_("How is it going overall? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, goals: list[Goal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=goal.description,
                choices=GoalStatus.choices,
                widget=forms.RadioSelect,
                initial=goal.status,
            )
            self.fields[f"comment_{goal.pk}"] = forms.CharField(
                label=_("A line about it (optional)"), required=False, max_length=300
            )

    def goal_rows(self) -> list[tuple[Goal, forms.BoundField, forms.BoundField]]:
        return [(g, self[f"status_{g.pk}"], self[f"comment_{g.pk}"]) for g in self.goals]

    def checks(self) -> list[tuple[Goal, str, str]]:
        data = self.cleaned_data
        return [(g, data[f"status_{g.pk}"], data[f"comment_{g.pk}"]) for g in self.goals]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EvaluationForm(Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How happy are you with the mentoring?"),
        coerce=int,
        choices=[
            (1, _("1 – not at all")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very happy")),
        ],
        widget=forms.RadioSelect,
    )
    what_helped = forms.CharField(
        label=_("What helped you?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_was_hard = forms.CharField(
        label=_("What was hard?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    would_recommend = forms.ChoiceField(
        label=_("Would you tell a friend to take part?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for i, question in enumerate(questions):
            self.fields[f"extra_{i}"] = forms.CharField(
                label=question,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def extra_answers(self) -> list[str]:
        return [self.cleaned_data[f"extra_{i}"] for i in range(len(self.questions))]


class HelpForm(Form):
    message = forms.CharField(
        label=_("What is it about? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResolveForm(Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
