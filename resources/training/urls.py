from django.urls import path

from resources import views

# /se-former/ (names in the `resources` namespace: resources:training, …)
urlpatterns = [
    path("se-former/", views.section, {"section_key": "training"}, name="training"),
]
