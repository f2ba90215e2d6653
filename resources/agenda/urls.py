from django.urls import path

from resources.agenda import views
from resources.feeds import EventFeed

# /agenda/ (names in the `resources` namespace)
urlpatterns = [
    path("agenda/", views.event_list, name="agenda"),
    path("agenda/archives/", views.event_archive, name="event_archive"),
    path("agenda/calendrier.ics", views.events_ics_feed, name="events_ics"),
    path("agenda/flux/rss/", EventFeed(), name="events_feed"),
    path("agenda/<slug:slug>/", views.event_detail, name="event_detail"),
    path("agenda/<slug:slug>/ics/", views.event_ics, name="event_ics"),
]
