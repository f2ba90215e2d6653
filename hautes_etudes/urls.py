from django.urls import path

from hautes_etudes import views

app_name = "hautes_etudes"

urlpatterns = [
    path("", views.home, name="home"),
]
