import datetime
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from resources.models import Audience, Territory, Theme
from tests.factories import OrganisationFactory, ResourceFactory, UserFactory
from tests.helpers import sitemap_text, verified_login

pytestmark = pytest.mark.django_db


def listed(response):
    return [resource.title for resource in response.context["page_obj"].object_list]


def test_list_shows_only_visible_resources_newest_first(client):
    now = timezone.now()
    ResourceFactory(title="Ancienne", publication_date=now - datetime.timedelta(days=30))
    ResourceFactory(title="Récente", publication_date=now - datetime.timedelta(days=1))
    ResourceFactory(title="Brouillon", draft=True)
    ResourceFactory(title="Programmée", scheduled=True)

    response = client.get("/ressources/")

    assert listed(response) == ["Récente", "Ancienne"]


def test_scheduled_resource_appears_once_its_date_is_reached(client):
    resource = ResourceFactory(title="Programmée", scheduled=True)
    assert client.get(resource.get_absolute_url()).status_code == 404

    resource.publication_date = timezone.now() - datetime.timedelta(seconds=1)
    resource.save()

    assert client.get(resource.get_absolute_url()).status_code == 200
    assert listed(client.get("/ressources/")) == ["Programmée"]


def test_facets_combine_and_are_reflected_in_the_url(client):
    students = Audience.objects.get(slug="etudiants")
    pros = Audience.objects.get(slug="professionnels")
    disability = Theme.objects.get(slug="handicap")
    ResourceFactory(title="A", audiences=[students], themes=[disability])
    ResourceFactory(title="B", audiences=[pros], themes=[disability])
    ResourceFactory(title="C", audiences=[students])

    response = client.get("/ressources/?public=etudiants&theme=handicap")

    assert listed(response) == ["A"]
    audience_facet = next(f for f in response.context["facets"] if f.facet.param == "public")
    options = {o.value: (o.count, o.selected, o.url) for o in audience_facet.options}
    assert options["etudiants"][:2] == (1, True)
    assert options["professionnels"][:2] == (1, False)
    # Choosing "professionnels" too keeps both audiences (OR) and the theme (AND).
    assert options["professionnels"][2] == "?public=etudiants&public=professionnels&theme=handicap"


def test_year_and_type_facets(client):
    ResourceFactory(
        title="2024", publication_date=timezone.make_aware(datetime.datetime(2024, 5, 2))
    )
    ResourceFactory(
        title="2025", publication_date=timezone.make_aware(datetime.datetime(2025, 5, 2))
    )

    response = client.get("/ressources/?annee=2024&type=guide")

    assert listed(response) == ["2024"]
    year_facet = next(f for f in response.context["facets"] if f.facet.param == "annee")
    assert [(o.label, o.count) for o in year_facet.options] == [("2025", 1), ("2024", 1)]


def test_territory_facet(client):
    nord = Territory.objects.get(code="59", kind="departement")
    ResourceFactory(title="Dans le Nord", territories=[nord])
    ResourceFactory(title="Ailleurs")

    response = client.get("/ressources/?territoire=59-nord")

    assert listed(response) == ["Dans le Nord"]


def test_list_search_sorts_by_relevance_then_date(client):
    ResourceFactory(title="Guide", summary="Parle de VAE dans le résumé.")
    ResourceFactory(title="La VAE pas à pas", summary="Résumé.")

    by_relevance = client.get("/ressources/?q=VAE")
    by_title = client.get("/ressources/?q=VAE&tri=titre")

    assert listed(by_relevance) == ["La VAE pas à pas", "Guide"]
    assert listed(by_title) == ["Guide", "La VAE pas à pas"]


@pytest.mark.parametrize(
    "params",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?annee=deux-mille",
        "?theme=%00",
        "?tri=inconnu",
        "?type=" + "x" * 500,
        "?public=etudiants&public=<b>",
    ],
)
def test_list_never_fails_on_bad_parameters(client, params):
    ResourceFactory()
    assert client.get("/ressources/" + params).status_code == 200


def test_list_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    theme = Theme.objects.get(slug="handicap")
    # The first list of a catalogue version builds its facet bitmaps (search.bitmaps: two
    # statements over the entries, one per vocabulary); then any list, whatever its filters,
    # is its page, the page's themes and the request's savepoint pair: counts need no SQL.
    ResourceFactory(themes=[theme])
    with django_assert_num_queries(9):
        client.get("/ressources/")
    for _ in range(30):
        ResourceFactory(themes=[theme], source_organisation=OrganisationFactory())
    with django_assert_num_queries(9):
        client.get("/ressources/?theme=handicap")
    with django_assert_num_queries(4):
        client.get("/ressources/?theme=handicap&page=2")
    with django_assert_num_queries(4):
        response = client.get("/ressources/?theme=handicap&theme=jeunesse&type=guide&tri=titre")
    assert response.context["page_obj"].paginator.count == 31
    # With a text query the page comes from the search entries: + index scans preferred, the
    # ids of the matches (in the sample's buckets, then all of them: few here) counted on the
    # bitmaps read above, the page's resources by id and their excerpts. The counts do not
    # depend on the sort: the next sorts read them from the cache (2 statements fewer); the
    # newest first gives the same page as relevance here (equal ranks), whose excerpts are
    # cached too.
    for sort, queries in (("pertinence", 9), ("date", 6), ("titre", 7)):
        with django_assert_num_queries(queries):
            response = client.get(f"/ressources/?q=ressource&theme=handicap&tri={sort}&page=2")
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 31
        assert len(response.context["page_obj"].object_list) == 11
        assert all(r.excerpt for r in response.context["page_obj"].object_list)


def test_detail_has_metadata_json_ld_and_open_graph(client):
    resource = ResourceFactory(
        title="Fiche sur l'aller-vers",
        authors="Marie Curie; Jean Moulin",
        themes=[Theme.objects.get(slug="aller-vers")],
    )

    response = client.get(resource.get_absolute_url())

    html = response.content.decode()
    assert '<meta property="og:title" content="Fiche sur l&#x27;aller-vers">' in html
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html)
    data = json.loads(match.group(1))
    assert data["@type"] == "Guide"
    assert data["name"] == "Fiche sur l'aller-vers"
    assert [a["name"] for a in data["author"]] == ["Marie Curie", "Jean Moulin"]
    assert data["keywords"] == "Aller-vers"


def test_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    resource = ResourceFactory()
    related = [ResourceFactory() for _ in range(5)]
    resource.related.set(related)
    # resource, themes, audiences, territories, tags, related, the graph's stored links and its
    # 2 blocks read from research's fields (projects, publications: editorial.graph),
    # feedback-free counters skipped for this user agent, + the request's savepoint pair
    with django_assert_num_queries(12):
        client.get(resource.get_absolute_url())


def test_body_is_sanitized_on_save():
    resource = ResourceFactory(
        body='<p onclick="x()">Texte<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">lien</a>'
    )
    assert resource.body == '<p>Texte</p><a rel="noopener noreferrer">lien</a>'


def test_draft_is_hidden_from_public_but_previewable_by_curators(client):
    resource = ResourceFactory(title="Brouillon", draft=True)
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert client.get(f"/ressources/{resource.slug}/apercu/").status_code == 302

    verified_login(client, UserFactory(superuser=True))  # previews need the second factor
    response = client.get(f"/ressources/{resource.slug}/apercu/")

    assert response.status_code == 200
    assert "Aperçu réservé à l'équipe éditoriale" in response.content.decode()


def test_file_is_served_by_the_view_only_when_visible(client):
    resource = ResourceFactory(title="Avec fichier")
    resource.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 contenu"), save=False)
    resource.file_mime = "application/pdf"
    resource.save()

    response = client.get(f"/ressources/{resource.slug}/telecharger/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{resource.slug}.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contenu"

    resource.status = "draft"
    resource.save()
    assert client.get(f"/ressources/{resource.slug}/telecharger/").status_code == 404


def test_resource_without_file_has_no_download(client):
    resource = ResourceFactory()
    assert client.get(f"/ressources/{resource.slug}/telecharger/").status_code == 404


def test_feeds_overall_and_per_theme(client):
    theme = Theme.objects.get(slug="jeunesse")
    ResourceFactory(title="Pour la jeunesse", themes=[theme])
    ResourceFactory(title="Autre sujet")
    ResourceFactory(title="Pas encore", scheduled=True)

    rss = client.get("/ressources/flux/rss/").content.decode()
    atom = client.get("/ressources/flux/jeunesse/atom/").content.decode()

    assert "<title>Pour la jeunesse</title>" in rss and "<title>Autre sujet</title>" in rss
    assert "Pas encore" not in rss
    assert "Pour la jeunesse" in atom and "Autre sujet" not in atom
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom


def test_sitemap_lists_visible_resources_only(client):
    visible = ResourceFactory()
    hidden = ResourceFactory(draft=True)

    xml = sitemap_text(client)

    assert visible.get_absolute_url() in xml
    assert hidden.get_absolute_url() not in xml
