"""The outcomes pages: status events and the situation at entry (events), follow-ups and
surveys (followups), dashboards and funder reports (dashboards)."""

from tandem.outcomes.urls import dashboards, events, followups

app_name = "outcomes"

urlpatterns = [*events.urlpatterns, *followups.urlpatterns, *dashboards.urlpatterns]
