"""URLs of the status-event pages: a mentee's outcomes, the situation at entry, recording,
confirming, rejecting and deleting events, the staff queue of proposals, the mentor's news."""

from django.urls import path

from tandem.outcomes.views import events

urlpatterns = [
    path("participants/<int:pk>/", events.participant, name="participant"),
    path("participants/<int:pk>/entry/", events.entry_edit, name="entry_edit"),
    path("participants/<int:pk>/events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/confirm/", events.event_confirm, name="event_confirm"),
    path("events/<int:pk>/reject/", events.event_reject, name="event_reject"),
    path("events/<int:pk>/delete/", events.event_delete, name="event_delete"),
    path("events/proposed/", events.proposed_events, name="proposed_events"),
    path("mentorships/<int:pk>/news/", events.mentor_news, name="mentor_news"),
]
