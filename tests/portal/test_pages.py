import re

import pytest
from django.urls import reverse

from tests.factories import ResourceFactory

PUBLIC_PAGES = [
    "home",
    "search",
    "resources:list",
    "resources:agenda",
    "resources:observatory",
    "resources:training",
    "research:home",
    "hautes_etudes:home",
    "accessibility",
    "legal",
    "privacy",
    "site_map",
    "health",
    "robots",
    "sitemap",
    "resources:feed",
    "resources:feed_atom",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_answers_200(client, name):
    ResourceFactory()
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ressources/inconnue/", "/nimporte-quoi/", "/ressources/flux/theme-inconnu/rss/"]
)
def test_unknown_page_answers_404_in_french(client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.django_db
def test_home_sends_each_person_to_their_place_with_the_right_filters(client):
    from html import unescape

    response = client.get("/")
    html = unescape(response.content.decode())
    persons = html[html.index('id="titre-publics"') : html.index('id="titre-nouveautes"')]

    assert response.status_code == 200
    assert "L'Institut national du travail social est la réponse de l'État" in html
    paths = re.findall(
        r'<h3 class="fr-card__title">(.*?)</h3>.*?<a class="fr-link[^"]*" href="([^"]+)"',
        persons,
        re.S,
    )
    assert paths == [
        ("Étudiant·e ou en reconversion", "/se-former/"),
        ("Professionnel·le du social", "/ressources/?public=professionnels"),
        ("Formateur·rice", "/ressources/?public=formateurs&type=module-de-formation"),
        ("Employeur ou élu·e", "/observatoire/"),
        ("Chercheur·e", "/recherche/"),
    ]
    for other in ["/agenda/?public=professionnels", "/pratiques-inspirantes/", "/hautes-etudes/"]:
        assert f'href="{other}"' in persons


@pytest.mark.django_db
def test_404_page_is_french_and_on_the_site_layout(client):
    response = client.get("/nimporte-quoi/")
    html = response.content.decode()
    assert "<h1>Page introuvable</h1>" in html
    assert "Erreur 404" in html
    assert 'id="pied-de-page"' in html


@pytest.mark.django_db
def test_pages_stay_in_french_for_an_english_browser(client):
    import datetime

    from django.utils import timezone

    ResourceFactory(publication_date=timezone.make_aware(datetime.datetime(2025, 3, 4, 12)))
    html = client.get("/ressources/", headers={"Accept-Language": "en-US,en;q=0.9"}).content
    assert "Publiée le <time" in html.decode()
    assert "4 mars 2025" in html.decode()
