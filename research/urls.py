from django.urls import include, path

from research import contributions, feeds, views
from research.calls.urls import urlpatterns as call_urls
from resources.feeds import SelectionFeed

app_name = "research"

urlpatterns = [
    path("", views.home, name="home"),
    # /recherche/laboratoires/
    path("laboratoires/", views.lab_list, name="lab_list"),
    path("laboratoires/<slug:slug>/", views.lab_detail, name="lab_detail"),
    path("chercheurs/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
    # /recherche/projets/
    path("projets/", views.project_list, name="project_list"),
    path("projets/flux/rss/", SelectionFeed("projects"), name="project_feed"),
    path("projets/<slug:slug>/", views.project_detail, name="project_detail"),
    # /recherche/publications/ (the detail URL is a stable contract)
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/flux/rss/", feeds.PublicationFeed(), name="publication_feed"),
    path(
        "publications/export.<str:extension>",
        views.publication_list_export,
        name="publication_list_export",
    ),
    path("publications/<slug:slug>/", views.publication_detail, name="publication_detail"),
    path(
        "publications/<slug:slug>/citation.bib", views.publication_bibtex, name="publication_bibtex"
    ),
    path("publications/<slug:slug>/citation.ris", views.publication_ris, name="publication_ris"),
    path(
        "publications/<slug:slug>/telecharger/",
        views.publication_download,
        name="publication_download",
    ),
    # /recherche/contrats/
    path("contrats/", views.contract_list, name="contract_list"),
    path("contrats/<slug:slug>/", views.contract_detail, name="contract_detail"),
    # /recherche/questions/proposer/: a question de terrain proposed by the field
    path("questions/proposer/", contributions.propose_question, name="propose_question"),
    path("questions/proposer/<int:pk>/", contributions.propose_question, name="propose_question"),
    # /recherche/appels/: calls for projects and their applications
    path("appels/flux/rss/", feeds.CallFeed(), name="call_feed"),
    *call_urls,
    # /recherche/questions/: questions de terrain, the researchers' interest
    path("", include("research.questions.urls")),
]
