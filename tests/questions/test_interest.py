"""Researchers declare interest in an open question; nobody else can."""

import pytest
from django.contrib.auth.models import Group

from core.roles import RESEARCHERS
from research.models import QuestionInterest
from research.questions.views import sign_in_url
from tests.factories import ResearcherFactory, UserFactory
from tests.questions.conftest import QuestionFactory

pytestmark = pytest.mark.django_db

NOTE = "Notre équipe travaille sur le non-recours ; nous pourrions commencer en janvier."


def _declare(client, question, note=NOTE):
    return client.post(f"{question.get_absolute_url()}interet/", {"note": note})


def test_researcher_sees_the_form_and_declares_interest(client, researcher_user, lab):
    question = QuestionFactory()
    client.force_login(researcher_user)

    page = client.get(question.get_absolute_url()).content.decode()
    response = _declare(client, question)

    assert "Déclarer mon intérêt" in page
    assert response.status_code == 302
    interest = QuestionInterest.objects.get()
    assert (interest.question, interest.researcher.user, interest.lab, interest.note) == (
        question,
        researcher_user,
        lab,
        NOTE,
    )
    after = client.get(question.get_absolute_url()).content.decode()
    assert "Votre intérêt est enregistré" in after
    assert "Vous avez déclaré votre intérêt le" in after
    assert "Déclarer mon intérêt" not in after


def test_one_interest_per_researcher_and_question(client, researcher_user):
    question = QuestionFactory()
    client.force_login(researcher_user)
    _declare(client, question)

    response = _declare(client, question, note="Une seconde fois")

    assert response.status_code == 302
    assert QuestionInterest.objects.count() == 1
    assert QuestionInterest.objects.get().note == NOTE


def test_two_researchers_may_both_declare(client, researcher_user):
    question = QuestionFactory()
    other = UserFactory()
    other.groups.add(Group.objects.get(name=RESEARCHERS))
    ResearcherFactory(user=other)
    for user in (researcher_user, other):
        client.force_login(user)
        _declare(client, question)

    assert QuestionInterest.objects.count() == 2


def test_anonymous_is_sent_to_sign_in_and_sees_no_form(client, settings):
    from django.shortcuts import resolve_url

    question = QuestionFactory()

    page = client.get(question.get_absolute_url()).content.decode()
    response = _declare(client, question)

    assert "Déclarer mon intérêt" not in page
    assert "Se connecter pour déclarer un intérêt" in page
    assert response.status_code == 302
    assert response["Location"] == sign_in_url(question.get_absolute_url())
    assert response["Location"].startswith(f"{resolve_url(settings.LOGIN_URL)}?next=")
    assert not QuestionInterest.objects.exists()


@pytest.mark.parametrize("who", ["no_group", "no_directory_entry"])
def test_non_researchers_cannot_declare(client, who):
    user = UserFactory()
    if who == "no_group":
        ResearcherFactory(user=user)
    else:
        user.groups.add(Group.objects.get(name=RESEARCHERS))
    question = QuestionFactory()
    client.force_login(user)

    page = client.get(question.get_absolute_url()).content.decode()
    response = _declare(client, question)

    assert "Déclarer mon intérêt" not in page
    assert "réservée aux chercheur·es" in page
    assert response.status_code == 302
    assert not QuestionInterest.objects.exists()


def test_no_interest_once_the_question_is_taken_up(client, researcher_user, lab):
    question = QuestionFactory(stage="taken_up", lab=lab)
    client.force_login(researcher_user)

    page = client.get(question.get_absolute_url()).content.decode()
    _declare(client, question)

    assert "Déclarer mon intérêt" not in page
    assert not QuestionInterest.objects.exists()


@pytest.mark.parametrize("note", ["", "   ", "x" * 1001])
def test_bad_note_shows_french_errors_and_keeps_nothing(client, researcher_user, note):
    question = QuestionFactory()
    client.force_login(researcher_user)

    response = _declare(client, question, note=note)

    body = response.content.decode()
    assert response.status_code == 400
    assert "réponse est à corriger" in body
    assert 'aria-invalid="true"' in body
    expected = "Écrivez une courte note" if note.strip() == "" else "La note compte au plus 1"
    assert expected in body
    assert not QuestionInterest.objects.exists()


def test_get_on_the_interest_url_is_refused(client, researcher_user):
    client.force_login(researcher_user)

    response = client.get(f"{QuestionFactory().get_absolute_url()}interet/")

    assert response.status_code == 405


def test_unknown_question_is_404(client, researcher_user):
    client.force_login(researcher_user)

    assert (
        client.post("/recherche/questions/nexiste-pas/interet/", {"note": NOTE}).status_code == 404
    )
