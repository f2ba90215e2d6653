from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("contribuer/", views.contribute, name="contribute"),
    # /mes-contributions/: the contributor's own proposals, every kind
    path("mes-contributions/", views.my_contributions, name="my_contributions"),
    path("mes-contributions/<str:key>/<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
