"""Each detail page shows its neighbours by kind, the link kept both ways, only what is public,
in a constant number of queries (editorial/graph.py, ints_portal/graph.py)."""

import html as html_lib
import re

import pytest

from editorial import graph
from editorial.models import Link
from tests.graph.conftest import make_event, make_practice, make_question

pytestmark = pytest.mark.django_db


def page(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    text = html_lib.unescape(response.content.decode())
    return text.replace("\u202f", " ").replace("\xa0", " ")  # the site's typography filter


def neighbours_section(html):
    """The neighbours' section as (heading, [item titles]) pairs."""
    match = re.search(r'<section class="fr-mt-6w ints-neighbours".*?</section>', html, re.S)
    if not match:
        return []
    sections = []
    for heading, items in re.findall(r"<h3[^>]*>(.*?)</h3>\s*<ul[^>]*>(.*?)</ul>", match[0], re.S):
        titles = re.findall(r'</span>(?:<a href="[^"]*">)?([^<]+)', items)
        sections.append((heading, titles))
    return sections


def test_a_link_made_from_one_side_shows_on_both_with_each_sides_label(client, web):
    practice_side = dict(neighbours_section(page(client, web.practice)))
    question_page = page(client, web.question) if _question_has_a_page() else None

    assert practice_side["Issue de"] == [web.question.title]
    if question_page is not None:  # the question's page comes with issue 23's h23q branch
        assert web.practice.title in dict(neighbours_section(question_page))["À l'origine de"]
    sections = dict(graph.neighbourhood(web.question).sections)
    assert [n.title for n in sections["À l'origine de"]] == [web.practice.title, web.call.title]


def _question_has_a_page():
    from django.urls import NoReverseMatch, reverse  # noqa: PLC0415 -- probe only

    try:
        reverse("research:question_detail", args=["x"])
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "practice",
            {
                "Issue de": ["question"],
                "Sur ce sujet": ["resource"],
                "Un·e ancien·ne du cycle y a pris part": ["auditor"],
            },
        ),
        (
            "event",
            {
                "Publications présentées": ["publication"],
                "Intervenant·es": ["researcher"],
                "Dans le cadre du cycle": ["edition"],
            },
        ),
        (
            "publication",
            {
                "Présentée lors de": ["event"],
                "S'appuie sur les données": ["dataset"],
                "Issue du cycle des hautes études": ["edition"],
            },
        ),
        ("dataset", {"Exploitées par": ["publication"], "Sur ce sujet": ["question"]}),
        (
            "resource",
            {
                "Sur ce sujet": ["question", "practice"],
                "Projets de recherche liés": ["project"],
                "Publications liées": ["publication"],
            },
        ),
        ("project", {"Répond à la question de terrain": ["question"]}),
        ("lab", {"Questions de terrain prises en charge": ["question"]}),
        ("call", {"Issu de": ["question"]}),
        ("researcher", {"Intervient lors de": ["event"]}),
        (
            "edition",
            {"Événements du cycle": ["event"], "Travaux de la promotion": ["publication"]},
        ),
    ],
)
def test_each_detail_page_shows_its_neighbours_by_kind(client, web, name, expected):
    sections = neighbours_section(page(client, getattr(web, name)))

    assert sections == [
        (label, [str(getattr(web, other)) for other in others])
        for label, others in expected.items()
    ]


def test_an_alumnus_shows_only_with_consent_and_never_links_to_a_page(client, web):
    html = page(client, web.practice)
    assert "Claire Dumas</span>" not in html  # named, not a link
    assert "Claire Dumas" in html
    assert "Directrice, CCAS de Roubaix" in html

    web.auditor.public_consent = False
    web.auditor.save()

    assert "Claire Dumas" not in page(client, web.practice)


def test_unpublishing_a_record_removes_it_from_its_neighbours_blocks(client, web):
    web.question.status = "draft"
    web.question.save()
    web.event.status = "draft"
    web.event.save()
    web.call.is_published = False
    web.call.save()

    practice = dict(neighbours_section(page(client, web.practice)))
    publication = dict(neighbours_section(page(client, web.publication)))
    lab = dict(neighbours_section(page(client, web.lab)))

    assert "Issue de" not in practice
    assert "Présentée lors de" not in publication
    assert "Questions de terrain prises en charge" not in lab
    assert Link.objects.filter(kind="practice_from_question").count() == 1  # kept for later


def test_republishing_brings_the_link_back_and_a_new_title_shows(client, web):
    web.question.status = "draft"
    web.question.save()
    web.question.status = "published"
    web.question.title = "Comment rester en lien après 18 ans ?"
    web.question.save()

    practice = dict(neighbours_section(page(client, web.practice)))

    assert practice["Issue de"] == ["Comment rester en lien après 18 ans ?"]


def test_deleting_a_record_deletes_its_links_and_only_them(client, web):
    assert Link.objects.count() == 11

    web.question.delete()

    assert Link.objects.count() == 7
    assert not Link.objects.filter(kind__in=["practice_from_question", "call_from_question"])
    assert "Issue de" not in dict(neighbours_section(page(client, web.practice)))


def test_a_page_without_links_shows_no_section(client, db):
    practice = make_practice()

    assert "ints-neighbours" not in page(client, practice)


def _more_neighbours(web):
    """Two more neighbours in every stored block of the web."""
    for n in range(2):
        question = make_question(title=f"Une autre question {n}", lab=web.lab, project=web.project)
        event = make_event(title=f"Un autre événement {n}")
        practice = make_practice(title=f"Une autre pratique {n}")
        graph.link("practice_from_question", web.practice, question)
        graph.link("practice_from_question", practice, web.question)
        graph.link("publication_event", web.publication, event)
        graph.link("edition_event", web.edition, event)
        graph.link("practice_resource", practice, web.resource)
        graph.link("resource_question", web.resource, question)
        graph.link("dataset_question", web.dataset, question)
        graph.link("call_from_question", web.call, question)


PAGES = ["resource", "practice", "event", "dataset", "project", "lab", "publication"]
PAGES += ["call", "edition", "researcher"]


@pytest.mark.parametrize("name", PAGES)
def test_each_detail_page_runs_one_query_per_block_whatever_the_neighbours(
    client, web, name, django_assert_num_queries, django_assert_max_num_queries
):
    obj = getattr(web, name)
    url = obj.get_absolute_url()
    client.get(url)  # warm the per-process caches (content types, site configuration)
    with django_assert_max_num_queries(100) as few:
        assert client.get(url).status_code == 200
    blocks = len(graph.neighbourhood(obj).blocks)
    _more_neighbours(web)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(graph.neighbourhood(obj).blocks) == blocks


@pytest.mark.parametrize("name", PAGES)
def test_the_neighbourhood_costs_one_query_for_links_and_one_per_block(
    web, name, django_assert_num_queries
):
    obj = getattr(web, name)
    has_stored = any(k.stored for k, _forward in graph.sides(obj._meta.label, shown_only=True))
    shown_fields = [k for k, _f in graph.sides(obj._meta.label, shown_only=True) if k.field]
    _more_neighbours(web)
    stored_blocks = [b for b in graph.neighbourhood(obj).blocks if b.kind.stored]

    with django_assert_num_queries(has_stored + len(stored_blocks) + len(shown_fields)):
        graph.neighbourhood(obj)
