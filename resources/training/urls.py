from django.urls import path

from resources.training import views

# /se-former/, /pratiques-inspirantes/ and modules (names in the `resources` namespace)
urlpatterns = [
    path("se-former/", views.training_home, name="training"),
    path("se-former/diplomes/<slug:slug>/", views.diploma_detail, name="diploma_detail"),
    path("se-former/etablissements/", views.school_list, name="school_list"),
    path("se-former/etablissements/<slug:slug>/", views.school_detail, name="school_detail"),
    path("pratiques-inspirantes/", views.practice_list, name="practice_list"),
    path("pratiques-inspirantes/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path(
        "pratiques-inspirantes/<slug:slug>/telecharger/",
        views.practice_download,
        name="practice_download",
    ),
    path("ressources/<slug:slug>/module/imprimer/", views.module_print, name="module_print"),
    path(
        "ressources/<slug:slug>/module/chapitres/<int:chapter_id>/fichier/",
        views.chapter_file,
        name="chapter_file",
    ),
]
