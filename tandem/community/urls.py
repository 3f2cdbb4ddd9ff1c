"""Support groups: intervision for mentors, exchange groups for mentees."""

from django.urls import path

from tandem.community import views

app_name = "community"

urlpatterns = [
    path("programmes/<int:programme_pk>/groups/", views.group_list, name="group_list"),
    path("programmes/<int:programme_pk>/groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", views.session_record, name="session_record"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("me/", views.my_groups, name="my_groups"),
]
