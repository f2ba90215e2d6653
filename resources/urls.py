from django.urls import path

from resources import feeds, views

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
    # Sections of the resource centre
    path("agenda/", views.section, {"section_key": "agenda"}, name="agenda"),
    path("observatoire/", views.section, {"section_key": "observatory"}, name="observatory"),
    path("se-former/", views.section, {"section_key": "training"}, name="training"),
]
