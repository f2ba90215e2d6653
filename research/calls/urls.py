from django.urls import path

from applications.urls import applicant_urls
from research.calls import views

# Included in the `research` namespace under /recherche/.
urlpatterns = [
    path("appels/", views.call_list, name="call_list"),
    path("appels/<slug:slug>/", views.call_detail, name="call_detail"),
    path(
        "appels/<slug:slug>/documents/<int:document_id>/", views.call_document, name="call_document"
    ),
    # /recherche/appels/<slug>/candidater/…
    *applicant_urls(
        views.portal, prefix="appels/<slug:slug>/candidater/", name_prefix="call_application_"
    ),
]
