from django.urls import path

from resources.territories import views

# /territoires/ (names in the `resources` namespace)
urlpatterns = [
    path("territoires/", views.territory_list, name="territory_list"),
    path("territoires/choisir/", views.choose, name="territory_choose"),
    path("territoires/<slug:slug>/", views.territory_detail, name="territory_detail"),
]
