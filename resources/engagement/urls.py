from django.urls import path

from resources.engagement import views

# Alerts (/alertes/) and readers' feedback (names in the `resources` namespace)
urlpatterns = [
    path("alertes/", views.alert_subscribe, name="alert_subscribe"),
    path("alertes/confirmer/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path("alertes/desabonner/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("ressources/<slug:slug>/avis/", views.resource_feedback, name="feedback"),
]
