from django.urls import path

from ints_portal.applications.views import applicant_view
from research.calls import views

portal = views.portal

# Included in the `research` namespace under /recherche/.
urlpatterns = [
    path("appels/", views.call_list, name="call_list"),
    path("appels/<slug:slug>/", views.call_detail, name="call_detail"),
    path(
        "appels/<slug:slug>/documents/<int:document_id>/", views.call_document, name="call_document"
    ),
    path(
        "appels/<slug:slug>/candidater/",
        applicant_view(portal, "start"),
        name="call_application_start",
    ),
    path(
        "appels/<slug:slug>/candidater/reprendre/<str:token>/",
        applicant_view(portal, "resume"),
        name="call_application_resume",
    ),
    path(
        "appels/<slug:slug>/candidater/etapes/<slug:step_slug>/",
        applicant_view(portal, "step_view"),
        name="call_application_step",
    ),
    path(
        "appels/<slug:slug>/candidater/recapitulatif/",
        applicant_view(portal, "summary"),
        name="call_application_summary",
    ),
    path(
        "appels/<slug:slug>/candidater/suivi/",
        applicant_view(portal, "status"),
        name="call_application_status",
    ),
]
