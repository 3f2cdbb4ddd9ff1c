"""URLs of what a pair does (meetings, reviews, evaluations, help) and of the pair's portal."""

from django.urls import path

from tandem.mentorships.views import activity, portal

urlpatterns = [
    path("me/", portal.portal, name="portal"),
    path("<int:pk>/meetings/new/", activity.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", activity.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", activity.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/reviews/new/", activity.review_create, name="review_create"),
    path(
        "<int:pk>/evaluations/<str:kind>/",
        activity.evaluation_answer,
        name="evaluation_answer",
    ),
    path("<int:pk>/help/", activity.help_request, name="help_request"),
    path("help/<int:pk>/resolve/", activity.help_resolve, name="help_resolve"),
]
