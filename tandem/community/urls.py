"""Support groups: intervision for mentors, exchange groups for mentees."""

from django.urls import path  # noqa: F401

app_name = "community"

urlpatterns: list = []
