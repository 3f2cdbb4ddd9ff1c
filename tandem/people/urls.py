from django.urls import path

from tandem.people.views import participants, persons, portal

app_name = "people"
urlpatterns = [
    path("", persons.person_list, name="person_list"),
    path("new/", persons.person_create, name="person_create"),
    path("<int:pk>/", persons.person_detail, name="person_detail"),
    path("<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("<int:pk>/portal-access/", persons.person_portal_access, name="person_portal_access"),
    path(
        "<int:person_pk>/participations/new/",
        participants.participant_create,
        name="participant_create",
    ),
    path("participants/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/move/", participants.participant_move, name="participant_move"),
    path("pipeline/<int:programme_pk>/", participants.pipeline_board, name="pipeline_board"),
    path("postcodes/", persons.postcode_lookup, name="postcode_lookup"),
    path("me/", portal.me, name="me"),
]
