from django.urls import path

from resources import views

# /observatoire/ (names in the `resources` namespace: resources:observatory, …)
urlpatterns = [
    path("observatoire/", views.section, {"section_key": "observatory"}, name="observatory"),
]
