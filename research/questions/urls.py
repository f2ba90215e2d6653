"""/recherche/questions/: questions de terrain (included from research/urls.py)."""

from django.urls import path

from research import feeds
from research.questions import views

urlpatterns = [
    path("questions/", views.question_list, name="question_list"),
    path("questions/flux/rss/", feeds.QuestionFeed(), name="question_feed"),
    path("questions/<slug:slug>/", views.question_detail, name="question_detail"),
    path("questions/<slug:slug>/interet/", views.question_interest, name="question_interest"),
]
