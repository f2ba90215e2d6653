from django.urls import path

from resources.contributions import views

# /contribuer/…: what the field proposes (names in the `resources` namespace); without a pk a
# new draft, with one the contributor's own draft reopened.
urlpatterns = [
    path("contribuer/pratique/", views.propose_practice, name="propose_practice"),
    path("contribuer/pratique/<int:pk>/", views.propose_practice, name="propose_practice"),
    path("contribuer/evenement/", views.propose_event, name="propose_event"),
    path("contribuer/evenement/<int:pk>/", views.propose_event, name="propose_event"),
    path("contribuer/ressource/", views.propose_resource, name="propose_resource"),
    path("contribuer/ressource/<int:pk>/", views.propose_resource, name="propose_resource"),
]
