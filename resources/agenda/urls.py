from django.urls import path

from resources import views

# /agenda/ (the `resources` namespace is kept: names are resources:agenda, …)
urlpatterns = [
    path("agenda/", views.section, {"section_key": "agenda"}, name="agenda"),
]
