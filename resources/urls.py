from django.urls import include, path

from resources import feeds, views
from resources.agenda import views as agenda_views

app_name = "resources"

urlpatterns = [
    # /ressources/
    path("ressources/", views.resource_list, name="list"),
    path("ressources/flux/rss/", feeds.ResourceFeed(), name="feed"),
    path("ressources/flux/atom/", feeds.AtomResourceFeed(), name="feed_atom"),
    path("ressources/flux/<slug:theme>/rss/", feeds.ResourceFeed(), name="theme_feed"),
    path("ressources/flux/<slug:theme>/atom/", feeds.AtomResourceFeed(), name="theme_feed_atom"),
    path("ressources/<slug:slug>/", views.resource_detail, name="detail"),
    path("ressources/<slug:slug>/telecharger/", views.resource_download, name="download"),
    path("ressources/<slug:slug>/apercu/", views.resource_preview, name="preview"),
    # /rechercher/: the site-wide search's feeds (its page: ints_portal.views.site_search)
    path("rechercher/flux/rss/", feeds.SelectionFeed("search"), name="search_feed"),
    path("rechercher/calendrier.ics", agenda_views.search_ics_feed, name="search_ics"),
    # The other rooms of the resource centre
    path("", include("resources.agenda.urls")),
    path("", include("resources.training.urls")),
    path("", include("resources.observatory.urls")),
    path("", include("resources.engagement.urls")),
    path("", include("resources.territories.urls")),
    path("", include("resources.contributions.urls")),
]
