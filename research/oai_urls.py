"""/oai/: included from ints_portal/urls.py."""

from django.urls import path

from research import oai

app_name = "oai"

urlpatterns = [
    path("", oai.endpoint, name="endpoint"),
]
