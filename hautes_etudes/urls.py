from django.urls import path

from hautes_etudes import views
from ints_portal.applications.views import applicant_view

app_name = "hautes_etudes"
portal = views.portal

urlpatterns = [
    path("", views.home, name="home"),
    path("promotions/<slug:slug>/", views.edition_detail, name="edition"),
    path("promotions/<slug:slug>/programme.ics", views.programme_ics, name="programme_ics"),
    path("candidater/", applicant_view(portal, "start"), name="application_start"),
    path(
        "candidater/reprendre/<str:token>/",
        applicant_view(portal, "resume"),
        name="application_resume",
    ),
    path(
        "candidater/etapes/<slug:step_slug>/",
        applicant_view(portal, "step_view"),
        name="application_step",
    ),
    path(
        "candidater/recapitulatif/", applicant_view(portal, "summary"), name="application_summary"
    ),
    path("candidater/suivi/", applicant_view(portal, "status"), name="application_status"),
    path("accord-employeur/<str:token>/", views.employer_agreement, name="employer_agreement"),
]
