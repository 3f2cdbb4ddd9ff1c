"""URLs of the caseload pages: pair health, the calendar feeds."""

from django.urls import path

from tandem.mentorships.views import caseload

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    path(
        "programmes/<int:programme_pk>/health-rules/",
        caseload.health_rules,
        name="health_rules",
    ),
    path("calendar/", caseload.calendar, name="calendar"),
    # The token is a secret of the user's: the address is their calendar app's key.
    path("calendar/<str:token>.ics", caseload.calendar_feed, name="calendar_feed"),
    path("meetings/<int:pk>/calendar.ics", caseload.meeting_ics, name="meeting_ics"),
]
