"""URLs of the follow-up pages: the staff's follow-up list and call records, the
self-assessment settings and figures, and the mentee's survey and self-assessment (public, by a
single-use link)."""

from django.urls import path

from tandem.outcomes.views import followups

urlpatterns = [
    path("follow-ups/", followups.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/", followups.followup_record, name="followup_record"),
    path("participants/<int:pk>/follow-ups/plan/", followups.followup_plan, name="followup_plan"),
    path(
        "participants/<int:pk>/self-assessment/send/",
        followups.self_assessment_send,
        name="self_assessment_send",
    ),
    path(
        "programmes/<int:programme_pk>/self-assessment/",
        followups.outcome_settings,
        name="settings",
    ),
    path(
        "programmes/<int:programme_pk>/self-assessment/figures/",
        followups.self_assessment_figures,
        name="self_assessment_figures",
    ),
    path("survey/<str:token>/", followups.survey, name="survey"),
    path("self-assessment/<str:token>/", followups.self_assessment, name="self_assessment"),
]
