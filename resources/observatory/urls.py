from django.urls import path

from resources.feeds import SelectionFeed
from resources.observatory import views

# /observatoire/ (names in the `resources` namespace: resources:observatory, …)
urlpatterns = [
    path("observatoire/", views.dataset_list, name="observatory"),
    path("observatoire/flux/rss/", SelectionFeed("datasets"), name="observatory_feed"),
    path("observatoire/<slug:slug>/", views.dataset_detail, name="observatory_dataset"),
    path(
        "observatoire/<slug:slug>/indicateurs/<int:pk>/csv/",
        views.indicator_csv,
        name="observatory_indicator_csv",
    ),
    path(
        "observatoire/<slug:slug>/indicateurs/<int:pk>/csv-international/",
        views.indicator_csv,
        {"international": True},
        name="observatory_indicator_csv_international",
    ),
    path(
        "observatoire/<slug:slug>/datapackage.json",
        views.dataset_datapackage,
        name="observatory_datapackage",
    ),
    path(
        "observatoire/<slug:slug>/fichiers/<int:pk>/",
        views.dataset_file,
        name="observatory_file",
    ),
]
