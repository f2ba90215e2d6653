from django.urls import path

from applications.urls import applicant_urls
from hautes_etudes import views

app_name = "hautes_etudes"

urlpatterns = [
    path("", views.home, name="home"),
    path("promotions/<slug:slug>/", views.edition_detail, name="edition"),
    path("promotions/<slug:slug>/programme.ics", views.programme_ics, name="programme_ics"),
    # /hautes-etudes/candidater/…
    *applicant_urls(views.portal, prefix="candidater/", name_prefix="application_"),
    path("candidater/place/<str:token>/", views.place, name="place"),
    path("accord-employeur/<str:token>/", views.employer_agreement, name="employer_agreement"),
]
