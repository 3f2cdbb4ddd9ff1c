"""The mentorships pages: the pair and its agreement (pairs), what the pair does — meetings,
reviews, evaluations, help — for staff and for the pair's own portal (activity), and the
coordinator's caseload with pair health and the calendar feeds (caseload)."""

from tandem.mentorships.urls import activity, caseload, pairs

app_name = "mentorships"

urlpatterns = [*pairs.urlpatterns, *activity.urlpatterns, *caseload.urlpatterns]
