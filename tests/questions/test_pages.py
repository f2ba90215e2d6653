"""The public pages of the questions de terrain: list, filters, feed, detail, discovery."""

import json
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from research.questions import workflow
from tests.factories import ProjectFactory, PublicationFactory
from tests.helpers import sitemap_text
from tests.questions.conftest import QuestionFactory

pytestmark = pytest.mark.django_db

LIST = "/recherche/questions/"


def _titles(response):
    return [q.title for q in response.context["page_obj"].object_list]


def test_list_shows_published_questions_only(client):
    QuestionFactory(title="Publiée ?")
    QuestionFactory(title="Brouillon ?", draft=True)

    response = client.get(LIST)

    assert response.status_code == 200
    assert _titles(response) == ["Publiée ?"]


def test_list_filters_by_theme_territory_and_stage(client, nord, child_protection, lab):
    QuestionFactory(title="Nord enfance ?", territory=nord, themes=[child_protection])
    QuestionFactory(title="Nord prise en charge ?", territory=nord, stage="taken_up", lab=lab)
    QuestionFactory(title="Ailleurs ?", themes=[child_protection])

    assert _titles(client.get(LIST, {"territoire": nord.slug, "theme": child_protection.slug})) == [
        "Nord enfance ?"
    ]
    assert _titles(client.get(LIST, {"avancement": "taken_up"})) == ["Nord prise en charge ?"]
    facets = {f.facet.param: f for f in client.get(LIST).context["facets"]}
    stages = {o.value: (o.label, o.count) for o in facets["avancement"].options}
    assert stages == {"open": ("Ouverte", 2), "taken_up": ("Prise en charge par un laboratoire", 1)}
    assert {o.value: o.count for o in facets["territoire"].options} == {nord.slug: 2}


def test_list_survives_hostile_filters(client):
    QuestionFactory()

    response = client.get(LIST, {"avancement": "<script>", "theme": "x" * 500, "page": "-1"})

    assert response.status_code == 200


def test_list_advertises_and_links_its_feed_with_filters(client, nord, settings):
    response = client.get(LIST, {"territoire": nord.slug})

    body = response.content.decode()
    feed = f"/recherche/questions/flux/rss/?territoire={nord.slug}"
    assert '<link rel="alternate" type="application/rss+xml"' in body
    assert f'href="{settings.SITE_URL}{feed}"' in body  # in the head
    assert f'href="{feed}"' in body  # the visible link


def test_feed_lists_the_selection(client, nord, settings):
    question = QuestionFactory(title="Dans le Nord ?", territory=nord)
    QuestionFactory(title="Ailleurs ?")
    QuestionFactory(title="Brouillon du Nord ?", territory=nord, draft=True)

    response = client.get("/recherche/questions/flux/rss/", {"territoire": nord.slug})
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Dans le Nord ?"]
    assert feed.entries[0].link == f"{settings.SITE_URL}{question.get_absolute_url()}"
    assert {tag.term for tag in feed.entries[0].tags} == {"Ouverte", "Nord"}
    assert "sélection" in feed.feed.title


def test_list_runs_a_constant_number_of_queries(client, nord, child_protection, lab):
    QuestionFactory(territory=nord, themes=[child_protection])
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    for _ in range(12):
        QuestionFactory(territory=nord, themes=[child_protection], lab=lab, stage="taken_up")
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(one)


def test_detail_shows_the_question_and_its_stepper(client, nord):
    question = QuestionFactory(
        title="Pourquoi les familles ne viennent-elles plus ?", territory=nord
    )

    response = client.get(question.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Pourquoi les familles ne viennent-elles plus" in body
    assert 'data-fr-current-step="1" data-fr-steps="4"' in body
    assert "Étape 1 sur 4" in body
    assert "Prise en charge par un laboratoire" in body  # next step
    assert "Équipe de prévention spécialisée de Roubaix" in body
    assert "Nord (59)" in body


def test_a_draft_question_has_no_page(client):
    assert client.get(QuestionFactory(draft=True).get_absolute_url()).status_code == 404


def test_people_supported_only_with_consent(client):
    account = "Cinq allocataires ont formulé la question avec les éducatrices."
    without = QuestionFactory(people_supported_took_part=True, people_supported_account=account)
    consented = QuestionFactory(
        people_supported_took_part=True,
        people_supported_consent=True,
        people_supported_account=account,
    )
    not_taking_part = QuestionFactory(
        people_supported_consent=True, people_supported_account=account
    )

    assert account not in client.get(without.get_absolute_url()).content.decode()
    assert "personnes accompagnées" not in client.get(without.get_absolute_url()).content.decode()
    assert account not in client.get(not_taking_part.get_absolute_url()).content.decode()
    assert account in client.get(consented.get_absolute_url()).content.decode()


def test_detail_with_results_links_lab_project_and_publications(client, secretariat_user, lab):
    project = ProjectFactory(title="Recherche-action sur les rendez-vous", labs=[lab])
    publication = PublicationFactory(title="Ce que disent les familles")
    publication.projects.add(project)
    question = QuestionFactory()
    workflow.transition(question, "take_up", by=secretariat_user, lab=lab)
    workflow.transition(question, "start_project", by=secretariat_user, project=project)
    workflow.transition(question, "publish_results", by=secretariat_user)

    response = client.get(question.get_absolute_url())

    body = response.content.decode()
    assert 'data-fr-current-step="4"' in body
    assert "Étape suivante" not in body
    assert lab.get_absolute_url() in body
    assert project.get_absolute_url() in body
    assert publication.get_absolute_url() in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S).group(1)
    )
    assert data["@type"] == "Question"
    assert data["creativeWorkStatus"] == "Résultats publiés"
    # The project answering it, with its publications; the typed links (editorial.graph) may
    # add other works the question is the subject of.
    subjects = data["subjectOf"] if isinstance(data["subjectOf"], list) else [data["subjectOf"]]
    project = next(s for s in subjects if s["@type"] == "ResearchProject")
    assert project["subjectOf"][0]["name"] == "Ce que disent les familles"


def test_detail_runs_a_constant_number_of_queries(client, researcher_user, lab):
    project = ProjectFactory(labs=[lab])
    question = QuestionFactory(stage="project_ongoing", lab=lab, project=project)
    PublicationFactory(authors=[("A", "B")]).projects.add(project)
    client.force_login(researcher_user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(question.get_absolute_url()).status_code == 200
    for n in range(6):
        PublicationFactory(authors=[("A", "B"), ("C", f"D{n}")]).projects.add(project)
    with CaptureQueriesContext(connection) as many:
        assert client.get(question.get_absolute_url()).status_code == 200
    assert len(many) == len(one)


def test_sitemap_search_and_research_home(client, nord):
    question = QuestionFactory(
        title="Comment garder le lien avec les familles éloignées ?", territory=nord
    )
    QuestionFactory(slug="cachee", draft=True)

    sitemap = sitemap_text(client)
    assert question.get_absolute_url() in sitemap
    assert "/recherche/questions/cachee/" not in sitemap
    assert LIST in sitemap

    home = client.get("/recherche/").content.decode()
    assert LIST in home
    assert question.get_absolute_url() in home


def test_site_search_finds_a_published_question(client, nord):
    QuestionFactory(title="Pourquoi les allocataires manquent-ils le rendez-vous ?", territory=nord)
    QuestionFactory(title="Allocataires en brouillon ?", draft=True)

    response = client.get("/rechercher/", {"q": "allocataires"})

    titles = [entry.title for entry in response.context["page_obj"].object_list]
    assert titles == ["Pourquoi les allocataires manquent-ils le rendez-vous ?"]
    kind = next(f for f in response.context["facets"] if f.facet.param == "type")
    assert [o.label for o in kind.options] == ["Question de terrain"]


def test_list_searches_within_its_questions(client):
    QuestionFactory(title="Comment parler du placement aux enfants ?")
    QuestionFactory(title="Pourquoi les rendez-vous RSA sont-ils manqués ?")

    response = client.get(LIST, {"q": "placement"})

    assert response.status_code == 200
    assert _titles(response) == ["Comment parler du placement aux enfants ?"]
