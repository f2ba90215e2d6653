"""The research secretariat's back-office (two-factor): interests, stage moves, history."""

import pytest
from django.contrib.auth.models import Group

from core.roles import CURATORS
from research.models import QuestionEvent, QuestionInterest
from tests.factories import ProjectFactory, PublicationFactory, ResearcherFactory, UserFactory
from tests.helpers import verified_login
from tests.questions.conftest import QuestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/research/fieldquestion/"


def _stage_url(question):
    return f"{CHANGELIST}{question.pk}/etape/"


def test_secretariat_needs_two_factor(client, secretariat_user):
    client.force_login(secretariat_user)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/" in response["Location"]
    assert response["Location"] != CHANGELIST


def test_secretariat_sees_questions_interests_and_history(client, secretariat_user, lab):
    question = QuestionFactory(title="Pourquoi les rendez-vous manqués ?")
    QuestionInterest.objects.create(
        question=question, researcher=ResearcherFactory(lab=lab), lab=lab, note="Nous voulons."
    )
    verified_login(client, secretariat_user)

    changelist = client.get(CHANGELIST)
    change = client.get(f"{CHANGELIST}{question.pk}/change/")
    interests = client.get("/admin/research/questioninterest/")
    stage = client.get(_stage_url(question))

    assert [r.status_code for r in (changelist, change, interests, stage)] == [200] * 4
    assert "Pourquoi les rendez-vous manqués" in changelist.content.decode()
    assert "Faire avancer la question" in change.content.decode()
    assert "Nous voulons." in change.content.decode()
    assert "Nous voulons." in stage.content.decode()
    assert "Confier à un laboratoire" in stage.content.decode()


def test_secretariat_takes_a_question_to_results(client, secretariat_user, lab, contributor):
    from django.core import mail

    question = QuestionFactory(contributor=contributor)
    project = ProjectFactory(labs=[lab])
    verified_login(client, secretariat_user)

    taken = client.post(_stage_url(question), {"move": "take_up", "lab": lab.pk, "note": ""})
    ongoing = client.post(_stage_url(question), {"move": "start_project", "project": project.pk})
    refused = client.post(_stage_url(question), {"move": "publish_results"})
    PublicationFactory().projects.add(project)
    published = client.post(_stage_url(question), {"move": "publish_results"})

    assert [taken.status_code, ongoing.status_code, published.status_code] == [302, 302, 302]
    assert refused.status_code == 200
    assert "aucune publication" in refused.content.decode()
    question.refresh_from_db()
    assert (question.stage, question.lab, question.project) == ("results_published", lab, project)
    assert QuestionEvent.objects.count() == 3
    assert len(mail.outbox) == 3


def test_stage_form_refuses_bad_input_without_500(client, secretariat_user):
    question = QuestionFactory()
    verified_login(client, secretariat_user)

    for data in ({}, {"move": "nope"}, {"move": "take_up", "lab": "abc"}, {"move": "take_up"}):
        response = client.post(_stage_url(question), data)
        assert response.status_code == 200
    question.refresh_from_db()
    assert question.stage == "open"


def test_stage_is_read_only_in_the_change_form(client, secretariat_user):
    admin_user = UserFactory(superuser=True)
    question = QuestionFactory()
    verified_login(client, admin_user)

    response = client.get(f"{CHANGELIST}{question.pk}/change/")

    form = response.context["adminform"].form
    assert "stage" not in form.fields
    assert "lab" not in form.fields
    assert "project" not in form.fields


def test_curator_writes_questions_but_cannot_move_a_stage(client):
    curator = UserFactory(staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS))
    question = QuestionFactory()
    verified_login(client, curator)

    assert client.get(f"{CHANGELIST}{question.pk}/change/").status_code == 200
    assert "Faire avancer" not in client.get(f"{CHANGELIST}{question.pk}/change/").content.decode()
    assert client.get(_stage_url(question)).status_code == 403
    assert client.post(_stage_url(question), {"move": "take_up"}).status_code == 403


def test_researcher_has_no_back_office(client, researcher_user):
    researcher_user.is_staff = True
    researcher_user.save()
    question = QuestionFactory()
    verified_login(client, researcher_user)

    assert client.get(CHANGELIST).status_code == 403
    assert client.post(_stage_url(question), {"move": "take_up"}).status_code == 403
    question.refresh_from_db()
    assert question.stage == "open"


def test_interests_cannot_be_added_in_the_admin(client, secretariat_user):
    verified_login(client, secretariat_user)

    assert client.get("/admin/research/questioninterest/add/").status_code == 403
